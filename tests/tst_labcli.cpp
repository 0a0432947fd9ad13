// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lesson lab from the command line, as a user runs it: the built binary's JSON
// summary, its exit status and its one-line refusals, and a v2 record re-opened.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

class TestLabCli : public QObject {
    Q_OBJECT

    struct Result {
        int status = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result run(const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral(COROSCOPE_BIN), args);
        if (!p.waitForFinished(60'000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }

    static QStringList args(const char *line) {
        return QString::fromUtf8(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }

    //! CPU time (user + system) of the children this process has waited for, seconds.
    static double childrenCpuSeconds() {
        rusage u{};
        getrusage(RUSAGE_CHILDREN, &u);
        return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    }

    //! The summary's "concurrent task N: [...]" lines (the first tasks' values).
    static QList<QByteArray> valueLines(const QByteArray &out) {
        QList<QByteArray> lines;
        for (const QByteArray &line : out.split('\n'))
            if (line.trimmed().startsWith("concurrent task "))
                lines << line.trimmed();
        return lines;
    }

private Q_SLOTS:
    // The figure: 1,000,000 tasks on the virtual clock, the real clock's values,
    // in under 2 s of CPU (user + system, RelWithDebInfo clang; README "Lesson lab" says
    // how it was measured). The bound here has 1 s of slack for a machine busy with other
    // builds (shared caches, frequency); a clock that did not jump would take 10 s of
    // wall time, which the exact figures below refuse, not CPU.
    void aMillionTasksOnTheVirtualClock() {
        if (COROSCOPE_TEST_SLOWDOWN > 1)
            QSKIP("a CPU-time bound for the users' build; sanitizer builds run several times "
                  "slower (the other tests cover the same code at small sizes)");
        const double before = childrenCpuSeconds();
        const Result v = run(args("--headless --clock virtual --tasks 1000000 --seed 7"));
        const double cpu = childrenCpuSeconds() - before;
        QCOMPARE(v.status, 0);
        QVERIFY2(v.out.contains("concurrent finished wall 10.0000 s, ideal 10 s, overrun 0 ms, "
                                "lateness p50 0 / p99 0 / max 0 ms"),
                 v.out.left(600).constData());
        QVERIFY(v.out.contains("10,000,000 yields"));
        qInfo("1,000,000 tasks on the virtual clock: %.2f s of CPU", cpu);
        QVERIFY2(cpu < 3.0, qPrintable(QString::number(cpu)));
        // The same seed on the real clock (20 tasks, 10 ms: a task's values depend only on
        // the seed, its id and the index): the same first 20 tasks' values.
        const Result r = run(args("--headless --tasks 20 --delay 0.01 --seed 7"));
        QCOMPARE(r.status, 0);
        const QList<QByteArray> virtualValues = valueLines(v.out);
        QCOMPARE(virtualValues.size(), 20);
        QCOMPARE(virtualValues, valueLines(r.out));
    }

    // --limit 1 is the seed's sequential run, --limit N its concurrent one: on the virtual
    // clock to the nanosecond (on the real clock the README's figures: within a few ms).
    void boundedLimitsAreTheSeedsModes_data() {
        QTest::addColumn<QString>("limit");
        QTest::addColumn<QString>("mode");
        QTest::newRow("limit 1 = sequential")
            << QStringLiteral("1") << QStringLiteral("sequential");
        QTest::newRow("limit 4 = concurrent")
            << QStringLiteral("4") << QStringLiteral("concurrent");
    }
    void boundedLimitsAreTheSeedsModes() {
        QFETCH(QString, limit);
        QFETCH(QString, mode);
        const auto wallOf = [](const QStringList &a) {
            const Result r = run(a);
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            const QJsonObject g = o[QStringLiteral("runs")].toArray().at(0).toObject();
            return std::pair{g[QStringLiteral("wall_s")].toDouble(-1),
                             g[QStringLiteral("ideal_s")].toDouble(-1)};
        };
        const auto bounded = wallOf(args("--headless --clock virtual --json --scenario bounded "
                                         "--timing drift-free --limit")
                                    << limit);
        const auto seed = wallOf(args("--headless --clock virtual --json --mode") << mode);
        QCOMPARE(bounded.first, seed.first);
        QCOMPARE(bounded.second, seed.second);
        QCOMPARE(bounded.first, mode == QStringLiteral("sequential") ? 40.0 : 10.0);
    }

    void boundedJsonSummary() {
        const Result r =
            run(args("--headless --scenario bounded --limit 2 --json --delay 0.02 --seed 4"));
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o[QStringLiteral("version")].toInt(), 2);
        const QJsonObject params = o[QStringLiteral("params")].toObject();
        QCOMPARE(params[QStringLiteral("scenario")].toString(), QStringLiteral("bounded"));
        QCOMPARE(params[QStringLiteral("variant")].toString(), QStringLiteral("limited"));
        QCOMPARE(params[QStringLiteral("limit")].toInt(), 2);
        QCOMPARE(params[QStringLiteral("timing")].toString(), QStringLiteral("relative"));
        const QJsonObject group = o[QStringLiteral("runs")].toArray().at(0).toObject();
        QCOMPARE(group[QStringLiteral("variant")].toString(), QStringLiteral("limited"));
        QCOMPARE(group[QStringLiteral("ideal_s")].toDouble(), 0.4); // ⌈4/2⌉ × 10 × 20 ms
        QVERIFY(group[QStringLiteral("wall_s")].toDouble() >= 0.4);
        QVERIFY(!group.contains(QStringLiteral("states"))); // the summary has no per-task data
    }

    void virtualClockGivesTheFormulaExactly() {
        const Result r =
            run(args("--headless --scenario bounded --limit 2 --clock virtual --json"));
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o[QStringLiteral("params")][QStringLiteral("clock")].toString(),
                 QStringLiteral("virtual"));
        const QJsonObject group = o[QStringLiteral("runs")].toArray().at(0).toObject();
        QCOMPARE(group[QStringLiteral("wall_s")].toDouble(), 20.0); // ⌈4/2⌉ × 10 × 1 s
        QCOMPARE(group[QStringLiteral("ideal_s")].toDouble(), 20.0);
    }

    void badOptionIsOneLineAndExitTwo() {
        const Result r = run(args("--headless --scenario bounded --limit 9"));
        QCOMPARE(r.status, 2);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.startsWith("coroscope: --limit: 9 is out of range (1 … 4, --tasks)"),
                 r.err.constData());
    }

    void aLabRecordReopensAndReexports() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("lab.json"));
        const QString csv1 = dir.filePath(QStringLiteral("a.csv"));
        const QString csv2 = dir.filePath(QStringLiteral("b.csv"));
        Result r = run(
            args("--headless --scenario failure --mode compare --delay 0.02 --values 4 --seed 2") +
            QStringList{QStringLiteral("--export"), json, QStringLiteral("--export"), csv1});
        QCOMPARE(r.status, 0);
        r = run({QStringLiteral("--open"), json, QStringLiteral("--export"), csv2});
        QVERIFY2(r.status == 0, r.err.constData());
        QFile a(csv1), b(csv2);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        QVERIFY(r.out.contains("task 1 failed at"));
    }

    // Every scenario's run, exported as a record, re-opened: the same summary (JSON and
    // the human one with its narration), and a bad v2 field refused with exit status 2.
    void aLabRecordReopensWithTheSameSummary_data() {
        QTest::addColumn<QString>("line");
        QTest::newRow("blocking") << QStringLiteral("--scenario blocking --delay 0.02");
        QTest::newRow("bounded compare")
            << QStringLiteral("--scenario bounded --mode compare --delay 0.02");
        QTest::newRow("as-completed") << QStringLiteral("--scenario as-completed --delay 0.02");
        QTest::newRow("timeout") << QStringLiteral("--scenario timeout --delay 0.02");
        QTest::newRow("failure compare")
            << QStringLiteral("--scenario failure --mode compare --delay 0.02");
        QTest::newRow("queue") << QStringLiteral("--scenario queue --workers 3 --delay 0.02");
        QTest::newRow("cpu offload")
            << QStringLiteral("--scenario cpu --variant offload --delay 0.02 --work 2");
    }
    void aLabRecordReopensWithTheSameSummary() {
        QFETCH(QString, line);
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("lab.json"));
        const QStringList common = QStringList{QStringLiteral("--values"), QStringLiteral("4"),
                                               QStringLiteral("--seed"), QStringLiteral("3")};
        const QStringList runArgs =
            QStringList{QStringLiteral("--headless")} + line.split(QLatin1Char(' ')) + common;
        for (const bool asJson : {false, true}) {
            const QStringList flag = asJson ? QStringList{QStringLiteral("--json")} : QStringList{};
            Result made = run(runArgs + flag + QStringList{QStringLiteral("--export"), json});
            QVERIFY2(made.status == 0, made.err.constData());
            const Result opened = run(
                QStringList{QStringLiteral("--headless"), QStringLiteral("--open"), json} + flag);
            QVERIFY2(opened.status == 0, opened.err.constData());
            QVERIFY(!made.out.isEmpty());
            QCOMPARE(opened.out, made.out);
        }
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        QVERIFY(bytes.contains("\"version\": 2"));
        bytes.replace("\"clock\": \"real\"", "\"clock\": \"sundial\"");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        f.close();
        const Result bad = run({QStringLiteral("--headless"), QStringLiteral("--open"), json});
        QCOMPARE(bad.status, 2);
        QVERIFY(bad.out.isEmpty());
        QCOMPARE(bad.err.count('\n'), 1);
        QVERIFY2(bad.err.contains("params.clock: \"sundial\" is not one of real, virtual"),
                 bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestLabCli)
#include "tst_labcli.moc"
