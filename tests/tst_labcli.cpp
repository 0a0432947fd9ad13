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

private Q_SLOTS:
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
