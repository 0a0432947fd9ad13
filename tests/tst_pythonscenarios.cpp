// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Each scenario's Python asyncio equivalent (resources/scenarios/) run with short delays:
// same parameters, same outcome, and the timing shape of the C++ scenario's own formula
// (labIdealSeconds): at least the ideal, and below the next shape a wrong program takes.
#include "model/runparams.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace coroscope;

class TestPythonScenarios : public QObject {
    Q_OBJECT

    QString m_python;

private Q_SLOTS:
    void initTestCase() {
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (m_python.isEmpty())
            QSKIP("python3 is not installed: the Python equivalents are not run");
    }

    void sameShapeAsCoroscope_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QStringList>(
            "options"); // the scenario's own, as on Coroscope's command line
        QTest::addColumn<QString>("status");
        QTest::addColumn<QList<int>>("counts"); // -1: either fail-at or fail-at + 1 (same tick)
        QTest::addColumn<double>("extra");      // what the shape adds to the ideal (a block)
        QTest::addColumn<double>("slack");      // below the next shape: one window more, say
        const auto row = [](const char *name, Scenario s, const char *variant,
                            std::initializer_list<const char *> options, const char *status,
                            const QList<int> &counts, double extra, double slack) {
            QStringList list;
            for (const char *o : options)
                list << QString::fromUtf8(o);
            QTest::newRow(name) << int(s) << QString::fromUtf8(variant) << list
                                << QString::fromUtf8(status) << counts << extra << slack;
        };
        // 4 tasks × 4 values × 50 ms: one window is 0.2 s.
        row("bounded limited", Scenario::Bounded, "limited", {"--limit", "2"}, "finished",
            {4, 4, 4, 4}, 0, 0.35); // one permit would take 0.8 s
        row("bounded unlimited", Scenario::Bounded, "unlimited", {"--limit", "2"}, "finished",
            {4, 4, 4, 4}, 0, 0.19);
        row("blocking block", Scenario::Blocking, "block",
            {"--block-at", "1", "--block-for", "0.04"}, "finished", {4, 4, 4, 4}, 0.04, 0.19);
        row("blocking offload", Scenario::Blocking, "offload",
            {"--block-at", "1", "--block-for", "0.04"}, "finished", {4, 4, 4, 4}, 0, 0.19);
        row("timeout", Scenario::Timeout, "timeout", {"--timeout", "0.125"}, "timed-out",
            {2, 2, 2, 2}, 0, 0.15); // the counts say where it stopped
        row("no timeout", Scenario::Timeout, "no-timeout", {"--timeout", "0.125"}, "finished",
            {4, 4, 4, 4}, 0, 0.19);
        row("failure gather", Scenario::Failure, "gather", {"--fail-task", "1", "--fail-at", "2"},
            "failed", {4, 2, 4, 4}, 0, 0.19);
        row("failure task-group", Scenario::Failure, "task-group",
            {"--fail-task", "1", "--fail-at", "2"}, "failed", {-1, 2, -1, -1}, 0,
            0.15); // the counts say who was cancelled
        row("queue workers", Scenario::Queue, "workers",
            {"--items", "12", "--workers", "3", "--capacity", "2"}, "finished", {4, 4, 4, 0}, 0,
            0.35); // one worker would take 0.6 s
        row("queue single", Scenario::Queue, "single",
            {"--items", "6", "--workers", "3", "--capacity", "2"}, "finished", {6, 0}, 0, 0.3);
        // CPU-bound steps on a loaded machine have no useful upper bound (measured 0.95 s
        // and 0.73 s at a load average of 27); the shape is the lower bound: on the loop
        // the 16 steps of 20 ms serialize (≥ 0.32 s), offloaded they need ≥ 2 rounds.
        row("cpu on-loop", Scenario::Cpu, "on-loop", {"--work", "20", "--threads", "2"}, "finished",
            {4, 4, 4, 4}, 0.16, 5.0);
        row("cpu offload", Scenario::Cpu, "offload", {"--work", "20", "--threads", "2"}, "finished",
            {4, 4, 4, 4}, 0, 5.0);
        row("as-completed", Scenario::AsCompleted, "as-completed", {"--spread", "1"}, "finished",
            {4, 4, 4, 4}, 0, 0.3);
    }

    void sameShapeAsCoroscope() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        QFETCH(QStringList, options);
        QFETCH(QString, status);
        QFETCH(QList<int>, counts);
        QFETCH(double, extra);
        QFETCH(double, slack);

        // The C++ scenario's parameters and formula, from the same options.
        RunParams p;
        p.scenario = Scenario(scenario);
        p.variant = *parseVariant(p.scenario, variant);
        p.tasks = 4;
        p.values = 4;
        p.delaySeconds = 0.05;
        p.seed = 3;
        for (int i = 0; i + 1 < options.size(); i += 2) {
            const QString &o = options[i];
            const double v = options[i + 1].toDouble();
            LabParams &l = p.lab;
            if (o == QLatin1String("--limit"))
                l.limit = int(v);
            if (o == QLatin1String("--block-at"))
                l.blockAt = int(v);
            if (o == QLatin1String("--block-for"))
                l.blockForSeconds = v;
            if (o == QLatin1String("--timeout"))
                l.timeoutSeconds = v;
            if (o == QLatin1String("--fail-task"))
                l.failTask = int(v);
            if (o == QLatin1String("--fail-at"))
                l.failAt = int(v);
            if (o == QLatin1String("--items"))
                l.items = int(v);
            if (o == QLatin1String("--workers"))
                l.workers = int(v);
            if (o == QLatin1String("--capacity"))
                l.capacity = int(v);
            if (o == QLatin1String("--work"))
                l.workMs = v;
            if (o == QLatin1String("--threads"))
                l.threads = int(v);
            if (o == QLatin1String("--spread"))
                l.spread = v;
        }
        resolveLabDefaults(p);
        QVERIFY2(p.validate().isEmpty(), qPrintable(p.validate()));
        double ideal = labIdealSeconds(p, p.variant);
        if (p.scenario == Scenario::AsCompleted) // Python draws its own delays: its bound
            ideal = p.values * p.delaySeconds;

        const QString file = p.scenario == Scenario::Queue
                                 ? QStringLiteral("queue_workers.py")
                                 : scenarioName(p.scenario) + QStringLiteral(".py");
        QProcess python;
        python.start(m_python, QStringList{QStringLiteral(COROSCOPE_SCENARIOS_DIR "/") + file,
                                           QStringLiteral("--tasks"), QStringLiteral("4"),
                                           QStringLiteral("--values"), QStringLiteral("4"),
                                           QStringLiteral("--delay"), QStringLiteral("0.05"),
                                           QStringLiteral("--seed"), QStringLiteral("3"),
                                           QStringLiteral("--variant"), variant} +
                                   options);
        QVERIFY(python.waitForFinished(60'000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonObject out = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QCOMPARE(out[QStringLiteral("variant")].toString(), variant);
        QCOMPARE(out[QStringLiteral("status")].toString(), status);
        const QJsonArray got = out[QStringLiteral("counts")].toArray();
        QCOMPARE(got.size(), counts.size());
        for (int i = 0; i < counts.size(); ++i) {
            const int n = got[i].toInt();
            if (counts[i] <
                0) // cancelled in the failure's tick or the next: asyncio's cancel is deferred
                QVERIFY2(n == p.lab.failAt || n == p.lab.failAt + 1,
                         qPrintable(QString::number(n)));
            else
                QCOMPARE(n, counts[i]);
        }
        const double wall = out[QStringLiteral("wall_s")].toDouble();
        // asyncio's timers may fire up to a clock tick early: 2 ms below the bound.
        QVERIFY2(wall >= ideal + extra - 0.002,
                 qPrintable(QStringLiteral("%1 < %2").arg(wall).arg(ideal + extra)));
        QVERIFY2(wall < ideal + extra + slack,
                 qPrintable(QStringLiteral("%1 ≥ %2").arg(wall).arg(ideal + extra + slack)));
        if (p.scenario == Scenario::AsCompleted) {
            QCOMPARE(out[QStringLiteral("order")].toArray().size(), 4);
        }
    }
};

QTEST_GUILESS_MAIN(TestPythonScenarios)
#include "tst_pythonscenarios.moc"
