// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The command line as a user runs it: the built binary, its stdout, stderr and exit status.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

class TestCli : public QObject {
    Q_OBJECT

    struct Result {
        int status = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result run(const QStringList &args, int timeoutMs = 30'000,
                      const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
        QProcess p;
        QProcessEnvironment e = env;
        // Qt's GUI start-up warns on stderr without it; our "one line" is what we check.
        static QTemporaryDir runtimeDir;
        if (!e.contains(QStringLiteral("XDG_RUNTIME_DIR"))) {
            QFile::setPermissions(runtimeDir.path(), QFileDevice::ReadOwner |
                                                         QFileDevice::WriteOwner |
                                                         QFileDevice::ExeOwner);
            e.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir.path());
        }
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(COROSCOPE_BIN), args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }

    static QJsonObject json(const Result &r) {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(r.out, &e);
        return e.error == QJsonParseError::NoError ? d.object() : QJsonObject();
    }

    static QStringList fast(QStringList args) {
        return args << QStringLiteral("--delay") << QStringLiteral("0.02");
    }

private Q_SLOTS:
    void compareJsonSummary() {
        const Result r = run(
            fast({QStringLiteral("--headless"), QStringLiteral("--mode"), QStringLiteral("compare"),
                  QStringLiteral("--json"), QStringLiteral("--seed"), QStringLiteral("42")}));
        QCOMPARE(r.status, 0);
        const QJsonObject o = json(r);
        QVERIFY2(!o.isEmpty(), r.out.constData());
        QCOMPARE(o[QStringLiteral("params")][QStringLiteral("seed")].toInteger(), 42);
        const QJsonArray runs = o[QStringLiteral("runs")].toArray();
        QCOMPARE(runs.size(), 2);
        const QJsonObject seq = runs[0].toObject();
        const QJsonObject con = runs[1].toObject();
        QCOMPARE(seq[QStringLiteral("mode")].toString(), QStringLiteral("sequential"));
        QCOMPARE(con[QStringLiteral("mode")].toString(), QStringLiteral("concurrent"));
        QCOMPARE(seq[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QVERIFY(seq[QStringLiteral("wall_s")].toDouble() >= 4 * 10 * 0.02);
        QVERIFY(seq[QStringLiteral("wall_s")].toDouble() < 4 * 10 * 0.02 + 2.0);
        QVERIFY(con[QStringLiteral("wall_s")].toDouble() >= 10 * 0.02);
        QVERIFY(con[QStringLiteral("wall_s")].toDouble() < 10 * 0.02 + 1.0);
        QCOMPARE(con[QStringLiteral("ideal_s")].toDouble(), 0.2);
        QVERIFY(!con.contains(QStringLiteral("tasks")));
        QVERIFY(o[QStringLiteral("speedup")].toDouble() > 2.0);
    }

    void humanSummaryAndValues() {
        const Result r =
            run(fast({QStringLiteral("--headless"), QStringLiteral("--tasks"), QStringLiteral("2"),
                      QStringLiteral("--values"), QStringLiteral("3")}));
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.contains("concurrent finished wall 0.0"));
        QVERIFY(r.out.contains("concurrent task 1: ["));
        QVERIFY(r.err.isEmpty());
    }

    void sameSeedSameValuesEveryMode() {
        QTemporaryDir dir;
        QStringList files;
        for (const char *mode : {"concurrent", "sequential"}) {
            const QString f = dir.filePath(QString::fromLatin1(mode) + QStringLiteral(".json"));
            files << f;
            const Result r = run(
                {QStringLiteral("--headless"), QStringLiteral("--mode"), QString::fromLatin1(mode),
                 QStringLiteral("--tasks"), QStringLiteral("3"), QStringLiteral("--values"),
                 QStringLiteral("4"), QStringLiteral("--delay"), QStringLiteral("0.01"),
                 QStringLiteral("--seed"), QStringLiteral("123"), QStringLiteral("--export"), f});
            QCOMPARE(r.status, 0);
        }
        auto values = [](const QString &file) {
            QFile f(file);
            f.open(QIODevice::ReadOnly);
            QJsonArray all;
            for (const auto t : QJsonDocument::fromJson(
                                    f.readAll())[QStringLiteral("runs")][0][QStringLiteral("tasks")]
                                    .toArray())
                all.append(t.toObject()[QStringLiteral("values")]);
            return all;
        };
        const QJsonArray a = values(files[0]);
        QCOMPARE(a.size(), 3);
        QCOMPARE(a[0].toArray().size(), 4);
        QCOMPARE(a, values(files[1]));
    }

    void virtualClockSameValuesExactTimes() {
        // Three virtual hours (3 values × 3,600 s) in real milliseconds, the same
        // values as the real clock at a short delay (values depend on the seed only).
        auto values = [](const QStringList &extra, QJsonObject &run0) {
            QTemporaryDir dir;
            const QString f = dir.filePath(QStringLiteral("r.json"));
            const Result r =
                run(QStringList{QStringLiteral("--headless"), QStringLiteral("--tasks"),
                                QStringLiteral("5"), QStringLiteral("--values"),
                                QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("77"),
                                QStringLiteral("--export"), f}
                    << extra);
            QFile file(f);
            file.open(QIODevice::ReadOnly);
            run0 = QJsonDocument::fromJson(file.readAll())[QStringLiteral("runs")][0].toObject();
            QJsonArray all;
            for (const auto t : run0[QStringLiteral("tasks")].toArray())
                all.append(t.toObject()[QStringLiteral("values")]);
            return std::make_pair(r, all);
        };
        QJsonObject realRun, virtualRun;
        const auto [real, realValues] =
            values({QStringLiteral("--delay"), QStringLiteral("0.005")}, realRun);
        const auto [virt, virtualValues] =
            values({QStringLiteral("--delay"), QStringLiteral("3600"), QStringLiteral("--clock"),
                    QStringLiteral("virtual")},
                   virtualRun);
        QCOMPARE(real.status, 0);
        QCOMPARE(virt.status, 0);
        QCOMPARE(realValues.size(), 5);
        QCOMPARE(virtualValues, realValues);
        QCOMPARE(virtualRun[QStringLiteral("wall_s")].toDouble(), 10800.0);
        QCOMPARE(virtualRun[QStringLiteral("lateness_ms")][QStringLiteral("max")].toDouble(), 0.0);
        QVERIFY(virt.err.isEmpty());

        // The summary says which clock measured it.
        const Result human =
            run({QStringLiteral("--headless"), QStringLiteral("--clock"), QStringLiteral("virtual"),
                 QStringLiteral("--seed"), QStringLiteral("1")});
        QCOMPARE(human.status, 0);
        QVERIFY2(human.out.contains("seed 1, virtual clock\n"), human.out.constData());
        QVERIFY(human.out.contains("times below are virtual"));
        QVERIFY(human.out.contains("wall 10.0000 s"));
    }

    void stopAfterCountsOnTheVirtualClock() {
        const Result r =
            run({QStringLiteral("--headless"), QStringLiteral("--json"), QStringLiteral("--clock"),
                 QStringLiteral("virtual"), QStringLiteral("--stop-after"), QStringLiteral("5.5")});
        QCOMPARE(r.status, 0);
        const QJsonObject run0 = json(r)[QStringLiteral("runs")][0].toObject();
        QCOMPARE(run0[QStringLiteral("status")].toString(), QStringLiteral("stopped"));
        QCOMPARE(run0[QStringLiteral("yields")].toInt(), 4 * 5);
        QCOMPARE(run0[QStringLiteral("wall_s")].toDouble(), 5.5);
    }

    void stopAfterIsASuccess() {
        const Result r =
            run({QStringLiteral("--headless"), QStringLiteral("--json"), QStringLiteral("--delay"),
                 QStringLiteral("0.02"), QStringLiteral("--stop-after"), QStringLiteral("0.05")});
        QCOMPARE(r.status, 0);
        const QJsonObject run0 = json(r)[QStringLiteral("runs")][0].toObject();
        QCOMPARE(run0[QStringLiteral("status")].toString(), QStringLiteral("stopped"));
        QVERIFY(run0[QStringLiteral("yields")].toInt() >= 4); // the 20 ms window passed
        QVERIFY(run0[QStringLiteral("yields")].toInt() < 40);

        const Result zero = run({QStringLiteral("--headless"), QStringLiteral("--json"),
                                 QStringLiteral("--stop-after"), QStringLiteral("0")});
        QCOMPARE(zero.status, 0);
        QCOMPARE(json(zero)[QStringLiteral("runs")][0][QStringLiteral("yields")].toInt(), 0);
    }

    void stoppedRunHasNoNegativeOverrun() {
        // A compare stopped long before its sequential ideal (4 × 10 × 0.05 = 2 s).
        const QStringList args{QStringLiteral("--headless"), QStringLiteral("--mode"),
                               QStringLiteral("compare"),    QStringLiteral("--delay"),
                               QStringLiteral("0.05"),       QStringLiteral("--stop-after"),
                               QStringLiteral("0.2")};
        const Result human = run(args);
        QCOMPARE(human.status, 0);
        QVERIFY2(!human.out.contains("overrun"), human.out.constData());
        QVERIFY2(
            QRegularExpression(QStringLiteral("sequential stopped at 0\\.[0-9]{3} s, ideal 2 s"))
                .match(QString::fromUtf8(human.out))
                .hasMatch(),
            human.out.constData());
        const Result summary = run(args + QStringList{QStringLiteral("--json")});
        QCOMPARE(summary.status, 0);
        for (const auto group : json(summary)[QStringLiteral("runs")].toArray()) {
            QCOMPARE(group[QStringLiteral("status")].toString(), QStringLiteral("stopped"));
            QVERIFY(group[QStringLiteral("overrun_ms")].isNull()); // no overrun: it stopped
            QVERIFY(group[QStringLiteral("wall_s")].toDouble() >= 0.2);
        }
    }

    void interruptStopsLikeTheStopButton() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.json"));
        QProcess p;
        p.start(QStringLiteral(COROSCOPE_BIN),
                {QStringLiteral("--headless"), QStringLiteral("--json"), QStringLiteral("--values"),
                 QStringLiteral("1000"), QStringLiteral("--delay"), QStringLiteral("0.01"),
                 QStringLiteral("--export"), file});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500); // well past start-up, even under the sanitizers
        p.terminate();      // SIGTERM; Ctrl+C's SIGINT takes the same path
        QVERIFY(p.waitForFinished(10'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject run0 =
            QJsonDocument::fromJson(p.readAllStandardOutput())[QStringLiteral("runs")][0]
                .toObject();
        QCOMPARE(run0[QStringLiteral("status")].toString(), QStringLiteral("stopped"));
        QVERIFY(run0[QStringLiteral("yields")].toInt() > 0);
        QVERIFY(run0[QStringLiteral("yields")].toInt() < 4000);
        QVERIFY(QFile::exists(file)); // the export was still written
    }

    void demo0PrintsEachValue() {
        const Result r = run({QStringLiteral("--demo"), QStringLiteral("0"),
                              QStringLiteral("--delay"), QStringLiteral("0.01")});
        QCOMPARE(r.status, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 10);
        for (const QByteArray &line : lines) {
            bool ok = false;
            const double v = line.toDouble(&ok);
            QVERIFY2(ok && v >= 0 && v <= 10 && line.contains('.'), line.constData());
        }
    }

    void demo1PrintsTheList() {
        const Result r = run({QStringLiteral("--demo"), QStringLiteral("1"),
                              QStringLiteral("--delay"), QStringLiteral("0.01")});
        QCOMPARE(r.status, 0);
        const QByteArray line = r.out.trimmed();
        QVERIFY2(line.startsWith('[') && line.endsWith(']'), line.constData());
        QCOMPARE(line.count(", "), 9);
        QVERIFY(!line.contains('\n'));
    }

    void demo2PrintsElapsedSeconds() {
        const Result r = run({QStringLiteral("--demo"), QStringLiteral("2"),
                              QStringLiteral("--delay"), QStringLiteral("0.02")});
        QCOMPARE(r.status, 0);
        bool ok = false;
        const double s = r.out.trimmed().toDouble(&ok);
        QVERIFY2(ok, r.out.constData());
        QVERIFY(s >= 0.2);
        QVERIFY(s < 0.2 + 1.0); // four concurrent comprehensions: one window, not four
    }

    void badInputExitsTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("tasks zero") << QStringList{QStringLiteral("--headless"),
                                                   QStringLiteral("--tasks"), QStringLiteral("0")}
                                    << QStringLiteral("--tasks");
        QTest::newRow("delay nan") << QStringList{QStringLiteral("--headless"),
                                                  QStringLiteral("--delay"), QStringLiteral("nan")}
                                   << QStringLiteral("--delay");
        QTest::newRow("mode") << QStringList{QStringLiteral("--json"), QStringLiteral("--mode"),
                                             QStringLiteral("fast")}
                              << QStringLiteral("--mode");
        QTest::newRow("unknown") << QStringList{QStringLiteral("--headless"),
                                                QStringLiteral("--bogus")}
                                 << QStringLiteral("bogus");
        QTest::newRow("too big for memory")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--tasks"),
                           QStringLiteral("1000000"), QStringLiteral("--values"),
                           QStringLiteral("10000")}
            << QStringLiteral("memory");
        QTest::newRow("sequential longer than 31 years")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--mode"),
                           QStringLiteral("sequential"), QStringLiteral("--tasks"),
                           QStringLiteral("1000000"),    QStringLiteral("--delay"),
                           QStringLiteral("3600")}
            << QStringLiteral("--tasks × --values × --delay");
        QTest::newRow("window cannot show the max value")
            << QStringList{QStringLiteral("--run"), QStringLiteral("--max-value"),
                           QStringLiteral("1e20")}
            << QStringLiteral("--max-value");
        QTest::newRow("window cannot show the delay")
            << QStringList{QStringLiteral("--run"), QStringLiteral("--delay"),
                           QStringLiteral("0.0012345")}
            << QStringLiteral("--delay");
        QTest::newRow("clock unknown")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--clock"),
                           QStringLiteral("fast")}
            << QStringLiteral("--clock");
        QTest::newRow("clock twice")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--clock"),
                           QStringLiteral("real"), QStringLiteral("--clock=virtual")}
            << QStringLiteral("--clock");
        QTest::newRow("stop-after with a demo")
            << QStringList{QStringLiteral("--demo"), QStringLiteral("0"),
                           QStringLiteral("--stop-after"), QStringLiteral("1")}
            << QStringLiteral("--stop-after");
    }
    void badInputExitsTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const Result r = run(args);
        QCOMPARE(r.status, 2);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(named), r.err.constData());
    }

    void closedStdoutKeepsTheExports() {
        // `coroscope … | head -1`: the reader is gone before the summary comes. The child's
        // stdout is a pipe whose read end is closed, with SIGPIPE at its default, as a
        // shell leaves it.
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("a.json"));
        const QString csv = dir.filePath(QStringLiteral("a.csv"));
        for (const bool asJson : {false, true}) {
            QFile::remove(json);
            QFile::remove(csv);
            QProcess p;
            p.setChildProcessModifier([] {
                int fds[2];
                if (::pipe(fds) == 0) {
                    ::close(fds[0]);
                    ::dup2(fds[1], STDOUT_FILENO);
                    ::close(fds[1]);
                }
                std::signal(SIGPIPE, SIG_DFL);
            });
            p.setStandardOutputFile(QProcess::nullDevice()); // replaced in the child
            QStringList args{QStringLiteral("--headless"),
                             QStringLiteral("--tasks"),
                             QStringLiteral("20"),
                             QStringLiteral("--values"),
                             QStringLiteral("200"),
                             QStringLiteral("--delay"),
                             QStringLiteral("0.001"),
                             QStringLiteral("--export"),
                             json,
                             QStringLiteral("--export"),
                             csv};
            if (asJson)
                args << QStringLiteral("--json");
            p.start(QStringLiteral(COROSCOPE_BIN), args);
            QVERIFY(p.waitForFinished(30'000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit); // not killed by SIGPIPE
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(p.readAllStandardError().isEmpty());
            QVERIFY(QFileInfo(json).size() > 0);
            QVERIFY(QFileInfo(csv).size() > 0);
            QFile f(csv);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll().count('\n'), 1 + 20 * 200); // header + every yield
        }
    }

    void unwritableExportExitsOne() {
        const Result r =
            run({QStringLiteral("--headless"), QStringLiteral("--json"),
                 QStringLiteral("--stop-after"), QStringLiteral("0"), QStringLiteral("--export"),
                 QStringLiteral("/nonexistent-dir/run.json")});
        QCOMPARE(r.status, 1);
        QVERIFY(!json(r).isEmpty()); // the summary still went to stdout
        QVERIFY(r.err.contains("/nonexistent-dir/run.json"));
    }

    static QProcessEnvironment noDisplay() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        return env;
    }

    void withoutADisplay() {
        // A bad option is still reported as such, not as a missing display.
        const Result bad =
            run({QStringLiteral("--tasks"), QStringLiteral("0")}, 30'000, noDisplay());
        QCOMPARE(bad.status, 2);
        QVERIFY2(bad.err.contains("--tasks"), bad.err.constData());
        const Result window = run({QStringLiteral("--run")}, 30'000, noDisplay());
        QCOMPARE(window.status, 1);
        QVERIFY2(window.err.contains("no display"), window.err.constData());
        QCOMPARE(window.err.count('\n'), 1);
        // Headless needs none.
        const Result headless =
            run({QStringLiteral("--json"), QStringLiteral("--stop-after"), QStringLiteral("0")},
                30'000, noDisplay());
        QCOMPARE(headless.status, 0);
    }

    void openWithExportReexportsWithoutAWindow() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("run.json"));
        const QString csv = dir.filePath(QStringLiteral("run.csv"));
        const QString again = dir.filePath(QStringLiteral("again.csv"));
        QCOMPARE(
            run(fast({QStringLiteral("--headless"), QStringLiteral("--values"), QStringLiteral("3"),
                      QStringLiteral("--export"), json, QStringLiteral("--export"), csv}))
                .status,
            0);
        // The issue's own command: no --headless, and no display needed.
        const Result r = run({QStringLiteral("--open"), json, QStringLiteral("--export"), again},
                             30'000, noDisplay());
        QCOMPARE(r.status, 0);
        QFile a(csv), b(again);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray bytes = a.readAll();
        QCOMPARE(bytes.count('\n'), 1 + 4 * 3);
        QCOMPARE(b.readAll(), bytes);
    }

    void helpAndVersion() {
        const Result h = run({QStringLiteral("--help")});
        QCOMPARE(h.status, 0);
        QVERIFY(h.out.contains("--stop-after"));
        const Result v = run({QStringLiteral("--version")});
        QCOMPARE(v.status, 0);
        QVERIFY(QRegularExpression(QStringLiteral("^coroscope \\d+\\.\\d+\\.\\d+ \\(Qt 6"))
                    .match(QString::fromUtf8(v.out))
                    .hasMatch());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
