// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The built coroscope binary: run and export, then --open and re-export.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result {
    int status = -1;
    QByteArray out;
    QByteArray err;
};

Result coroscope(const QStringList &args, const QString &workDir) {
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(COROSCOPE_BIN), args);
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray contents(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList args(const char *line) {
    return QString::fromLatin1(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestCliOpen : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const Result run =
            coroscope(args("--headless --json --mode compare --tasks 3 --values 3 --delay 0.01 "
                           "--seed 5 --export run.json --export run.csv --export run.trace.json "
                           "--export chart.svg --export chart.png"),
                      m_dir.path());
        QVERIFY2(run.status == 0, run.err.constData());
        QFile summary(file("summary.json"));
        QVERIFY(summary.open(QIODevice::WriteOnly));
        summary.write(run.out);
        QVERIFY(
            contents(file("run.csv")).startsWith("mode,task,index,value,due_s,at_s,lateness_ms\n"));
        QVERIFY(!contents(file("run.json")).isEmpty());
        QVERIFY(!contents(file("run.trace.json")).isEmpty());
    }

    void reopenedRunReexportsTheSameBytes() {
        const Result open = coroscope(args("--headless --open run.json --export again.csv --export "
                                           "again.json --export again.trace.json"),
                                      m_dir.path());
        QVERIFY2(open.status == 0, open.err.constData());
        QVERIFY(open.err.isEmpty());
        QVERIFY(open.out.contains("sequential"));
        QVERIFY(open.out.contains("concurrent"));
        QCOMPARE(contents(file("again.csv")), contents(file("run.csv")));
        QCOMPARE(contents(file("again.json")), contents(file("run.json")));
        QCOMPARE(contents(file("again.trace.json")), contents(file("run.trace.json")));
    }

    void reopenedRunDrawsTheSameChart() {
        const Result open = coroscope(
            args("--headless --open run.json --export again.svg --export again.png"), m_dir.path());
        QVERIFY2(open.status == 0, open.err.constData());
        QVERIFY(!contents(file("chart.svg")).isEmpty());
        QCOMPARE(contents(file("again.svg")), contents(file("chart.svg")));
        QCOMPARE(contents(file("again.png")), contents(file("chart.png")));
    }

    void reopenedRunPrintsTheSameJsonSummary() {
        const Result open = coroscope(args("--json --open run.json"), m_dir.path());
        QVERIFY2(open.status == 0, open.err.constData());
        QCOMPARE(open.out, contents(file("summary.json")));
        QVERIFY(QJsonDocument::fromJson(open.out).isObject());
    }

    void malformedFile_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("negative time")
            << QByteArray("\"at_s\": [") << QByteArray("runs[0].tasks[0].at_s[0]: -0.01");
        QTest::newRow("not JSON") << QByteArray() << QByteArray("not JSON");
    }
    void malformedFile() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, field);
        QByteArray json = contents(file("run.json"));
        if (bytes.isEmpty())
            json.chop(json.size() / 2);
        else
            json.replace(bytes, bytes + "-");
        QFile bad(file("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(json);
        bad.close();

        const Result open =
            coroscope(args("--headless --open bad.json --export bad.csv"), m_dir.path());
        QCOMPARE(open.status, 2);
        QVERIFY(open.out.isEmpty());
        QCOMPARE(open.err.count('\n'), 1);
        QVERIFY2(open.err.contains("bad.json: "), open.err.constData());
        QVERIFY2(open.err.contains(field), open.err.constData());
        QVERIFY(!QFile::exists(file("bad.csv")));
    }

    void missingFile() {
        const Result open = coroscope(args("--headless --open nowhere.json"), m_dir.path());
        QCOMPARE(open.status, 2);
        QVERIFY(open.out.isEmpty());
        QCOMPARE(open.err.count('\n'), 1);
        QVERIFY2(open.err.contains("nowhere.json"), open.err.constData());
    }

    void unwritableExportExitsOne() {
        const Result open =
            coroscope(args("--headless --open run.json --export no/such/dir/x.csv --export ok.csv"),
                      m_dir.path());
        QCOMPARE(open.status, 1);
        QVERIFY(!open.out.isEmpty()); // the summary still printed
        QCOMPARE(open.err.count('\n'), 1);
        QVERIFY2(open.err.contains("cannot write no/such/dir/x.csv"), open.err.constData());
        QCOMPARE(contents(file("ok.csv")),
                 contents(file("run.csv"))); // the other export still written
    }
};

QTEST_GUILESS_MAIN(TestCliOpen)
#include "tst_cli_open.moc"
