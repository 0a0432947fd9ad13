// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "cli/cliopts.h"
#include "cli/windowopts.h"
#include "model/runrecord.h"

#include <QTest>

using namespace coroscope;

class TestCliOpts : public QObject {
    Q_OBJECT

    static CliParse parse(const QStringList &args) {
        return parseCommandLine(QStringList{QStringLiteral("coroscope")} + args);
    }

private Q_SLOTS:
    // The window gets the command line's request in its own terms, nothing lost.
    void theWindowGetsPlainOptions() {
        const CliParse p = parse(
            {QStringLiteral("--tasks"), QStringLiteral("5"), QStringLiteral("--seed"),
             QStringLiteral("3"), QStringLiteral("--clock"), QStringLiteral("virtual"),
             QStringLiteral("--run"), QStringLiteral("--quit"), QStringLiteral("--stop-after"),
             QStringLiteral("2.5"), QStringLiteral("--export"), QStringLiteral("x.json")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        const WindowOptions w = windowOptions(p.options);
        QCOMPARE(w.params.tasks, 5);
        QCOMPARE(w.params.seed, quint64(3));
        QCOMPARE(w.params.clock, Clock::Virtual);
        QVERIFY(w.seedGiven && w.run && w.quit);
        QCOMPARE(w.stopAfterSeconds, std::optional<double>(2.5));
        QCOMPARE(w.exports, QStringList{QStringLiteral("x.json")});
        QVERIFY(w.openFile.isEmpty());
        // A scripted run prints the headless summary.
        QVERIFY(w.summary);
        RunRecord record;
        record.params = p.options.params;
        QVERIFY(w.summary(record).startsWith("coroscope "));
        QCOMPARE(int(WindowExitUsage), int(ExitUsage));
    }

    void defaultsAreTheSeeds() {
        const CliParse p = parse({QStringLiteral("--headless")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        const RunParams &r = p.options.params;
        QCOMPARE(r.mode, Mode::Concurrent);
        QCOMPARE(r.tasks, 4);
        QCOMPARE(r.values, 10);
        QCOMPARE(r.delaySeconds, 1.0);
        QCOMPARE(r.maxValue, 10.0);
        QCOMPARE(r.timing, Timing::DriftFree);
        QVERIFY(!p.options.seedGiven);
        QVERIFY(r.seed <= RunParams::kMaxSeed);
    }

    void goodValues() {
        const CliParse p =
            parse({QStringLiteral("--headless"),   QStringLiteral("--mode"),
                   QStringLiteral("compare"),      QStringLiteral("--tasks"),
                   QStringLiteral("1000000"),      QStringLiteral("--values=10000"),
                   QStringLiteral("--delay"),      QStringLiteral("0.001"),
                   QStringLiteral("--max-value"),  QStringLiteral("2.5"),
                   QStringLiteral("--seed"),       QStringLiteral("9223372036854775807"),
                   QStringLiteral("--timing"),     QStringLiteral("relative"),
                   QStringLiteral("--stop-after"), QStringLiteral("0"),
                   QStringLiteral("--export"),     QStringLiteral("a.trace.json"),
                   QStringLiteral("--export"),     QStringLiteral("b.PNG")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        const CliOptions &o = p.options;
        QCOMPARE(o.params.mode, Mode::Compare);
        QCOMPARE(o.params.tasks, 1'000'000);
        QCOMPARE(o.params.values, 10'000);
        QCOMPARE(o.params.delaySeconds, 0.001);
        QCOMPARE(o.params.maxValue, 2.5);
        QCOMPARE(o.params.seed, RunParams::kMaxSeed);
        QCOMPARE(o.params.timing, Timing::Relative);
        QCOMPARE(*o.stopAfterSeconds, 0.0);
        QCOMPARE(o.exports.size(), 2);
        QVERIFY(o.headless);
    }

    void jsonAndDemoImplyHeadless() {
        QVERIFY(parse({QStringLiteral("--json")}).options.headless);
        QVERIFY(parse({QStringLiteral("--demo"), QStringLiteral("1")}).options.headless);
        QVERIFY(!parse({QStringLiteral("--run")}).options.headless);
    }

    void quitNeedsSomethingToFinish() {
        const CliParse p = parse({QStringLiteral("--run"), QStringLiteral("--quit")});
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QVERIFY(p.options.quit && p.options.run);
        QVERIFY(!parse({QStringLiteral("--run")}).options.quit);
        QVERIFY(
            parse({QStringLiteral("--open"), QStringLiteral("r.json"), QStringLiteral("--quit")})
                .error.isEmpty());
    }

    void badValues_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        auto row = [](const char *name, const QStringList &args, const char *named) {
            QTest::newRow(name) << args << QString::fromLatin1(named);
        };
        row("tasks zero", {QStringLiteral("--tasks"), QStringLiteral("0")}, "--tasks");
        row("tasks negative", {QStringLiteral("--tasks"), QStringLiteral("-3")}, "--tasks");
        row("tasks huge", {QStringLiteral("--tasks"), QStringLiteral("1000001")}, "--tasks");
        row("tasks overflow", {QStringLiteral("--tasks"), QStringLiteral("99999999999999999999")},
            "--tasks");
        row("tasks text", {QStringLiteral("--tasks"), QStringLiteral("four")}, "--tasks");
        row("tasks fraction", {QStringLiteral("--tasks"), QStringLiteral("2.5")}, "--tasks");
        row("tasks empty", {QStringLiteral("--tasks="), QString()}, "--tasks");
        row("values zero", {QStringLiteral("--values"), QStringLiteral("0")}, "--values");
        row("values huge", {QStringLiteral("--values"), QStringLiteral("10001")}, "--values");
        row("delay zero", {QStringLiteral("--delay"), QStringLiteral("0")}, "--delay");
        row("delay negative", {QStringLiteral("--delay"), QStringLiteral("-1")}, "--delay");
        row("delay too small", {QStringLiteral("--delay"), QStringLiteral("0.0009")}, "--delay");
        row("delay huge", {QStringLiteral("--delay"), QStringLiteral("3601")}, "--delay");
        row("delay nan", {QStringLiteral("--delay"), QStringLiteral("nan")}, "--delay");
        row("delay inf", {QStringLiteral("--delay"), QStringLiteral("inf")}, "--delay");
        row("delay text", {QStringLiteral("--delay"), QStringLiteral("soon")}, "--delay");
        row("max zero", {QStringLiteral("--max-value"), QStringLiteral("0")}, "--max-value");
        row("max negative", {QStringLiteral("--max-value"), QStringLiteral("-10")}, "--max-value");
        row("max inf", {QStringLiteral("--max-value"), QStringLiteral("inf")}, "--max-value");
        row("max nan", {QStringLiteral("--max-value"), QStringLiteral("NaN")}, "--max-value");
        row("max 1e309", {QStringLiteral("--max-value"), QStringLiteral("1e309")}, "--max-value");
        row("seed negative", {QStringLiteral("--seed"), QStringLiteral("-1")}, "--seed");
        row("seed huge", {QStringLiteral("--seed"), QStringLiteral("9223372036854775808")},
            "--seed");
        row("seed text", {QStringLiteral("--seed"), QStringLiteral("abc")}, "--seed");
        row("mode unknown", {QStringLiteral("--mode"), QStringLiteral("parallel")}, "--mode");
        row("timing unknown", {QStringLiteral("--timing"), QStringLiteral("exact")}, "--timing");
        row("stop-after negative", {QStringLiteral("--stop-after"), QStringLiteral("-1")},
            "--stop-after");
        row("stop-after nan", {QStringLiteral("--stop-after"), QStringLiteral("nan")},
            "--stop-after");
        row("demo 3", {QStringLiteral("--demo"), QStringLiteral("3")}, "--demo");
        row("export unknown ending", {QStringLiteral("--export"), QStringLiteral("chart.gif")},
            "--export");
        row("export bare ending", {QStringLiteral("--export"), QStringLiteral(".csv")}, "--export");
        row("export twice",
            {QStringLiteral("--export"), QStringLiteral("a.csv"), QStringLiteral("--export"),
             QStringLiteral("a.csv")},
            "--export");
        row("repeated",
            {QStringLiteral("--tasks"), QStringLiteral("2"), QStringLiteral("--tasks"),
             QStringLiteral("3")},
            "--tasks");
        row("unknown option", {QStringLiteral("--speed"), QStringLiteral("2")}, "speed");
        row("missing value", {QStringLiteral("--tasks")}, "tasks");
        row("two records", {QStringLiteral("a.json"), QStringLiteral("b.json")}, "b.json");
        row("record and open",
            {QStringLiteral("a.json"), QStringLiteral("--open"), QStringLiteral("b.json")},
            "a.json");
        row("record with run options", {QStringLiteral("a.json"), QStringLiteral("--run")},
            "--open");
        row("open with run options",
            {QStringLiteral("--open"), QStringLiteral("r.json"), QStringLiteral("--tasks"),
             QStringLiteral("3")},
            "--open");
        row("quit without run", {QStringLiteral("--quit")}, "--quit");
        row("demo with json",
            {QStringLiteral("--demo"), QStringLiteral("2"), QStringLiteral("--json")}, "--demo");
    }
    void badValues() {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        args.removeAll(QString());
        const CliParse p = parse(args);
        QVERIFY2(!p.error.isEmpty(), "accepted bad input");
        QVERIFY2(p.error.contains(named), qPrintable(p.error));
        QVERIFY(!p.error.contains(QLatin1Char('\n')));
    }

    void aRecordNamedAloneIsOpened() {
        // The desktop file runs "coroscope %f".
        const CliParse a = parse({QStringLiteral("/tmp/run 1.json")});
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.options.openFile, QStringLiteral("/tmp/run 1.json"));
        QVERIFY(!a.options.headless);
        // With --export: a re-export, no window (as --open FILE --export does).
        const CliParse b = parse(
            {QStringLiteral("r.json"), QStringLiteral("--export"), QStringLiteral("rows.csv")});
        QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
        QCOMPARE(b.options.openFile, QStringLiteral("r.json"));
        QVERIFY(b.options.headless);
        const char *c[] = {"coroscope", "r.json", "--export", "rows.csv"};
        QVERIFY(wantsHeadless(4, const_cast<char **>(c)));
        // An option's value is not a record.
        const char *d[] = {"coroscope", "--tasks", "3", "--export", "rows.csv"};
        QVERIFY(!wantsHeadless(5, const_cast<char **>(d)));
        const char *e[] = {"coroscope", "--export", "x.json"};
        QVERIFY(!wantsHeadless(3, const_cast<char **>(e)));
        // With --quit the window opens it, exports from its worker and closes.
        const char *f[] = {"coroscope", "--open", "r.json", "--export", "c.png", "--quit"};
        QVERIFY(!wantsHeadless(6, const_cast<char **>(f)));
        const CliParse g =
            parse({QStringLiteral("--open"), QStringLiteral("r.json"), QStringLiteral("--export"),
                   QStringLiteral("c.png"), QStringLiteral("--quit")});
        QVERIFY2(g.error.isEmpty(), qPrintable(g.error));
        QVERIFY(!g.options.headless);
        QCOMPARE(g.options.exports, QStringList{QStringLiteral("c.png")});
    }

    void helpNamesTheCommandNotItsPath() {
        const CliParse p = parse({QStringLiteral("--help")});
        QVERIFY2(p.helpText.startsWith(QStringLiteral("Usage: coroscope [options]")),
                 qPrintable(p.helpText.left(80)));
        QVERIFY(p.helpText.contains(QStringLiteral("RUN.json")));
    }

    void headlessDetectionNeedsNoParser() {
        const char *a[] = {"coroscope", "--tasks", "3", "--headless"};
        QVERIFY(wantsHeadless(4, const_cast<char **>(a)));
        const char *b[] = {"coroscope", "--run", "--headlessly"};
        QVERIFY(!wantsHeadless(3, const_cast<char **>(b)));
        const char *c[] = {"coroscope", "--demo=2"};
        QVERIFY(wantsHeadless(2, const_cast<char **>(c)));
    }
};

QTEST_GUILESS_MAIN(TestCliOpts)
#include "tst_cliopts.moc"
