// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lesson lab's command-line options: names, variants, defaults, and one line naming
// the option for every value out of range.
#include "cli/cliopts.h"

#include <QTest>

using namespace coroscope;

class TestLabOpts : public QObject {
    Q_OBJECT

    static CliParse parse(const QStringList &args) {
        return parseCommandLine(
            QStringList{QStringLiteral("coroscope"), QStringLiteral("--headless")} + args);
    }

private Q_SLOTS:
    void seedIsTheDefaultAndUnchanged() {
        const CliParse p = parse({});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.options.params.scenario, Scenario::Seed);
        QCOMPARE(p.options.params.timing, Timing::DriftFree);
        QCOMPARE(p.options.params.idealSeconds(GroupKind::Concurrent), 10.0);
    }

    void everyScenarioParsesWithItsDefaults_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<double>("ideal");
        QTest::newRow("blocking") << QStringLiteral("blocking") << QStringLiteral("block") << 10.0;
        QTest::newRow("bounded") << QStringLiteral("bounded") << QStringLiteral("limited") << 20.0;
        QTest::newRow("timeout") << QStringLiteral("timeout") << QStringLiteral("timeout") << 5.5;
        QTest::newRow("failure") << QStringLiteral("failure") << QStringLiteral("gather") << 10.0;
        QTest::newRow("queue") << QStringLiteral("queue") << QStringLiteral("workers") << 10.0;
    }
    void everyScenarioParsesWithItsDefaults() {
        QFETCH(QString, name);
        QFETCH(QString, variant);
        QFETCH(double, ideal);
        const CliParse p = parse({QStringLiteral("--scenario"), name});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        const RunParams &r = p.options.params;
        QCOMPARE(scenarioName(r.scenario), name);
        QCOMPARE(variantName(r.scenario, r.variant), variant);
        QCOMPARE(r.timing, Timing::Relative); // as the Python program it mirrors
        QCOMPARE(labIdealSeconds(r, r.variant), ideal);
    }

    void defaultsFollowTheRunsShape() {
        const CliParse p = parse({QStringLiteral("--scenario"), QStringLiteral("blocking"),
                                  QStringLiteral("--delay"), QStringLiteral("0.1"),
                                  QStringLiteral("--values"), QStringLiteral("6")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.options.params.lab.blockForSeconds, 0.05);
        QCOMPARE(p.options.params.lab.blockAt, 3);
    }

    void variantsAndCompare() {
        CliParse p = parse({QStringLiteral("--scenario=cpu"), QStringLiteral("--variant=offload")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.options.params.variant, 1);
        QCOMPARE(groupKinds(p.options.params).size(), size_t(1));
        QCOMPARE(groupKinds(p.options.params).front(), GroupKind::Concurrent);
        p = parse({QStringLiteral("--scenario=cpu"), QStringLiteral("--mode=compare")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(groupKinds(p.options.params).size(), size_t(2));
    }

    void badValuesNameTheirOption_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        const auto row = [](const char *name, std::initializer_list<const char *> args,
                            const char *error) {
            QStringList list;
            for (const char *a : args)
                list << QString::fromUtf8(a);
            QTest::newRow(name) << list << QString::fromUtf8(error);
        };
        row("unknown scenario", {"--scenario", "nap"},
            "--scenario: 'nap' is not one of seed, blocking, bounded, as-completed, timeout, "
            "failure, queue, cpu");
        row("unknown variant", {"--scenario", "bounded", "--variant", "fast"},
            "--variant: 'fast' is not one of limited, unlimited (--scenario bounded)");
        row("variant of the seed", {"--variant", "offload"},
            "--variant: the seed's groups are its modes; use --mode (or give a --scenario)");
        row("variant in compare",
            {"--scenario", "cpu", "--mode", "compare", "--variant", "offload"},
            "--variant: --mode compare runs both variants; give one or the other");
        row("sequential lab", {"--scenario", "queue", "--mode", "sequential"},
            "--mode: sequential is the seed's; --scenario queue runs one variant (--variant) or "
            "both (--mode compare)");
        row("option of another scenario", {"--scenario", "blocking", "--limit", "2"},
            "--limit: belongs to --scenario bounded");
        row("option without scenario", {"--workers", "2"},
            "--workers: belongs to --scenario queue");
        row("limit 0", {"--scenario", "bounded", "--limit", "0"},
            "--limit: 0 is out of range (1 … 4, --tasks)");
        row("limit > tasks", {"--scenario", "bounded", "--limit", "5"},
            "--limit: 5 is out of range (1 … 4, --tasks)");
        row("limit text", {"--scenario", "bounded", "--limit", "two"},
            "--limit: 'two' is not a whole number ≥ 0");
        row("block-task", {"--scenario", "blocking", "--block-task", "4"},
            "--block-task: 4 is out of range (0 … 3, a task of --tasks)");
        row("block-at", {"--scenario", "blocking", "--block-at", "10"},
            "--block-at: 10 is out of range (0 … 9, a value of --values)");
        row("block-for", {"--scenario", "blocking", "--block-for", "0"},
            "--block-for: 0 is out of range (0.001 … 3600 s)");
        row("block-for nan", {"--scenario", "blocking", "--block-for", "nan"},
            "--block-for: 'nan' is not a finite number ≥ 0");
        row("spread", {"--scenario", "as-completed", "--spread", "11"},
            "--spread: 11 is out of range (0 … 10)");
        row("timeout", {"--scenario", "timeout", "--timeout", "0"},
            "--timeout: 0 is out of range (0.001 … 1e9 s)");
        row("timeout negative", {"--scenario", "timeout", "--timeout", "-1"},
            "--timeout: '-1' is not a finite number ≥ 0");
        row("fail-task", {"--scenario", "failure", "--fail-task", "9"},
            "--fail-task: 9 is out of range (0 … 3, a task of --tasks)");
        row("fail-at", {"--scenario", "failure", "--fail-at", "10"},
            "--fail-at: 10 is out of range (0 … 9, a value of --values)");
        row("items", {"--scenario", "queue", "--items", "0"},
            "--items: 0 is out of range (1 … 1000000)");
        row("capacity", {"--scenario", "queue", "--capacity", "0"},
            "--capacity: 0 is out of range (1 … 1000000)");
        row("workers", {"--scenario", "queue", "--workers", "10001"},
            "--workers: 10001 is out of range (1 … 10000)");
        row("work", {"--scenario", "cpu", "--work", "0.5"},
            "--work: 0.5 is out of range (1 … 10000 ms)");
        row("threads", {"--scenario", "cpu", "--threads", "257"},
            "--threads: 257 is out of range (1 … 256)");
        row("given twice", {"--scenario", "cpu", "--work", "2", "--work", "3"},
            "--work: given 2 times; give it once");
        row("with demo", {"--demo", "2", "--scenario", "cpu"},
            "--demo: runs the seed's programs; it cannot be combined with --scenario or its "
            "options");
    }
    void badValuesNameTheirOption() {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        QCOMPARE(parse(args).error, error);
    }

    // The window's Scenario picker takes the lesson (it used to be refused there).
    void theWindowRunsTheLab() {
        const CliParse p = parseCommandLine({QStringLiteral("coroscope"), QStringLiteral("--run"),
                                             QStringLiteral("--scenario"), QStringLiteral("cpu"),
                                             QStringLiteral("--threads"), QStringLiteral("3")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.options.params.scenario, Scenario::Cpu);
        QCOMPARE(p.options.params.lab.threads, 3);
        QVERIFY(p.options.run && !p.options.headless);
    }

    void withOpenItIsRefused() {
        const CliParse p = parseCommandLine({QStringLiteral("coroscope"), QStringLiteral("--open"),
                                             QStringLiteral("r.json"), QStringLiteral("--scenario"),
                                             QStringLiteral("cpu")});
        QVERIFY(p.error.startsWith(QStringLiteral("--open: ")));
    }
};

QTEST_GUILESS_MAIN(TestLabOpts)
#include "tst_labopts.moc"
