// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
const QString kBin = QStringLiteral(COROSCOPE_BIN);
const QString kExamples = QStringLiteral(COROSCOPE_SHARE_DIR "/examples/");

struct Result {
    int status = -1;
    QByteArray out;
    QByteArray err;
};

Result run(const QStringList &args,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(kBin, args);
    if (!p.waitForFinished(300'000))
        qFatal("coroscope did not end");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}
} // namespace

class TestCliWatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingScriptIsUsageError();
    void argumentsOnlyAfterDashes();
    void jsonSummaryAndRoundTrip();
    void sideBySideRunsTheSameShapeOnQCoro();
    void noPython();
    void scriptRaisesExitsOne();
    void labelsThroughTheRealTracer();
    void theProgramEndsWithCoroscope();
};

void TestCliWatch::missingScriptIsUsageError() {
    const Result r = run({QStringLiteral("--headless"), QStringLiteral("--watch-python"),
                          QStringLiteral("/no/such/prog.py")});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(
        r.err,
        QByteArray(
            "coroscope: --watch-python: /no/such/prog.py: no such file (see coroscope --help)\n"));
    const Result dir = run(
        {QStringLiteral("--headless"), QStringLiteral("--watch-python"), QStringLiteral("/tmp")});
    QCOMPARE(dir.status, 2);
    QVERIFY(dir.err.contains("/tmp: not a regular file"));
}

void TestCliWatch::argumentsOnlyAfterDashes() {
    const Result r = run({QStringLiteral("--headless"), QStringLiteral("--"), QStringLiteral("x")});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("arguments after -- go to the script of --watch-python"));
    const Result py =
        run({QStringLiteral("--headless"), QStringLiteral("--python"), QStringLiteral("python3")});
    QCOMPARE(py.status, 2);
    QVERIFY(py.err.contains("--python: chooses the interpreter for --watch-python"));
    const Result mix =
        run({QStringLiteral("--headless"), QStringLiteral("--tasks"), QStringLiteral("3"),
             QStringLiteral("--watch-python"), kExamples + QStringLiteral("main_2.py")});
    QCOMPARE(mix.status, 2);
    QVERIFY(mix.err.contains("--watch-python: watches a Python program; it cannot be combined"));
}

void TestCliWatch::sideBySideRunsTheSameShapeOnQCoro() {
    // The seed's 2-main at 50 ms: 4 × 10 values; then Coroscope's own run of that shape.
    const Result r = run({QStringLiteral("--headless"), QStringLiteral("--side-by-side"),
                          QStringLiteral("--watch-python"), kExamples + QStringLiteral("main_2.py"),
                          QStringLiteral("--"), QStringLiteral("0.05")});
    QCOMPARE(r.status, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("side by side, the same shape (4 tasks x 10 values, "
                                         "0.05 s, relative):")),
             qPrintable(out));
    // Both walls at least ten sleeps of 50 ms (exact lower bounds: relative sleeps only add).
    for (const char *name : {"asyncio", "QCoro"}) {
        const QRegularExpression line(
            QStringLiteral("\\n  %1 +wall ([0-9.]+) s, overrun").arg(QLatin1String(name)));
        const QRegularExpressionMatch m = line.match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        QVERIFY2(m.captured(1).toDouble() >= 0.5, qPrintable(m.captured(0)));
    }
    // Only with a watched program, headless.
    const Result alone = run({QStringLiteral("--headless"), QStringLiteral("--side-by-side")});
    QCOMPARE(alone.status, 2);
    QVERIFY2(alone.err.contains("--side-by-side:"), alone.err.constData());
}

void TestCliWatch::jsonSummaryAndRoundTrip() {
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("watched.json"));
    const QString csv = dir.filePath(QStringLiteral("watched.csv"));
    const Result r = run({QStringLiteral("--json"), QStringLiteral("--watch-python"),
                          kExamples + QStringLiteral("main_2.py"), QStringLiteral("--export"), json,
                          QStringLiteral("--"), QStringLiteral("0.02")});
    QCOMPARE(r.status, 0);
    // The program's own line (its elapsed seconds) went to stderr: stdout is one JSON object.
    QVERIFY(r.err.trimmed().toDouble() >= 0.2);
    QJsonParseError e;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &e).object();
    QCOMPARE(e.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("params")).toObject().value(QStringLiteral("tasks")).toInt(),
             4);
    const QJsonObject group = o.value(QStringLiteral("runs")).toArray().at(0).toObject();
    QCOMPARE(group.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    QCOMPARE(group.value(QStringLiteral("yields")).toInt(), 40);
    QVERIFY(group.value(QStringLiteral("wall_s")).toDouble() >= 0.2);
    // The saved record passes the strict reader and re-exports.
    const Result reopened = run({QStringLiteral("--open"), json, QStringLiteral("--export"), csv});
    QCOMPARE(reopened.status, 0);
    QFile rows(csv);
    QVERIFY(rows.open(QIODevice::ReadOnly));
    QCOMPARE(rows.readAll().count('\n'), 41); // header + 40 yields
}

/*!
 * labels.py through the real tracer at 20 ms: its words arrive as labels, in their place
 * among the numbers, in the summary, the saved record (reopened by the strict reader) and
 * the CSV.
 */
void TestCliWatch::labelsThroughTheRealTracer() {
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("labels.json"));
    const QString csv = dir.filePath(QStringLiteral("labels.csv"));
    const Result r = run({QStringLiteral("--watch-python"), kExamples + QStringLiteral("labels.py"),
                          QStringLiteral("--export"), json, QStringLiteral("--export"), csv,
                          QStringLiteral("--"), QStringLiteral("0.02")});
    QVERIFY2(r.status == 0, r.err.constData());
    QVERIFY2(r.out.contains("values 14 numbers and 10 labels"), r.out.constData());
    QVERIFY2(r.out.contains("lane 0: ['start', 1.6667, 3.3333, 5, 6.6667, 8.3333, 10, 'ready']"),
             r.out.constData());
    QVERIFY2(r.out.contains("lane 2: ['idle', 'loading', 'checking', 'serving', 'draining', "
                            "'done']"),
             r.out.constData());
    const Result reopened = run({QStringLiteral("--open"), json, QStringLiteral("--headless")});
    QVERIFY2(reopened.status == 0, reopened.err.constData());
    QVERIFY2(reopened.out.contains("task 2: ['idle', 'loading', 'checking', 'serving', "
                                   "'draining', 'done']"),
             reopened.out.constData());
    QFile rows(csv);
    QVERIFY(rows.open(QIODevice::ReadOnly));
    const QByteArray text = rows.readAll();
    QCOMPARE(text.count('\n'), 1 + 24); // header + 14 numbers + 10 labels
    QVERIFY2(text.contains(",0,0,\"'start'\","), text.constData());
    QVERIFY2(text.contains(",2,5,\"'done'\","), text.constData());
}

void TestCliWatch::noPython() {
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), dir.path());
    const Result r = run({QStringLiteral("--headless"), QStringLiteral("--watch-python"),
                          kExamples + QStringLiteral("main_2.py")},
                         env);
    QCOMPARE(r.status, 1);
    QCOMPARE(r.err, QByteArray("coroscope: python3: not found on PATH; Coroscope needs Python 3.8 "
                               "or newer (or give --python EXE)\n"));
}

void TestCliWatch::scriptRaisesExitsOne() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("boom.py"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import asyncio\nasync def main():\n    await asyncio.sleep(0.01)\n    raise "
            "ValueError('bad value')\nasyncio.run(main())\n");
    f.close();
    const Result r = run({QStringLiteral("--headless"), QStringLiteral("--watch-python"), path});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("Traceback (most recent call last)")); // the program's own stderr
    QVERIFY(r.err.endsWith("coroscope: the script raised ValueError: bad value\n"));
    QVERIFY(r.out.contains("task 1 (Task-1, main) failed: ValueError: bad value"));
}

namespace {
//! Whether process \a pid has ended: gone, or a zombie nobody has reaped yet.
bool ended(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')'); // the name may hold spaces
    return paren < 0 || line.mid(paren + 2, 1) == "Z";
}
} // namespace

//! A killed Coroscope (SIGKILL: no Stop, no clean-up of its own) takes the watched program
//! with it, instead of leaving it to run on unwatched in a session of its own.
void TestCliWatch::theProgramEndsWithCoroscope() {
    QTemporaryDir dir;
    const QString pidFile = dir.filePath(QStringLiteral("pid"));
    const QString path = dir.filePath(QStringLiteral("forever.py"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("import asyncio, os\n"
                           "open(%1, 'w').write(str(os.getpid()))\n"
                           "async def main():\n"
                           "    while True:\n"
                           "        await asyncio.sleep(0.05)\n"
                           "asyncio.run(main())\n")
                .arg(QStringLiteral("'%1'").arg(pidFile))
                .toUtf8());
    f.close();
    QProcess coroscope;
    coroscope.start(kBin, {QStringLiteral("--headless"), QStringLiteral("--watch-python"), path});
    QVERIFY(coroscope.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(pidFile).size() > 0, 60'000);
    QFile pf(pidFile);
    QVERIFY(pf.open(QIODevice::ReadOnly));
    bool ok = false;
    const qint64 pid = pf.readAll().toLongLong(&ok);
    QVERIFY(ok && pid > 0);
    // Failing, the test leaves no runaway program behind either.
    const auto cleanUp = qScopeGuard([pid] {
        if (!ended(pid))
            ::kill(pid_t(pid), SIGKILL);
    });
    QVERIFY(!ended(pid));
    coroscope.kill(); // SIGKILL
    QVERIFY(coroscope.waitForFinished());
    QTRY_VERIFY_WITH_TIMEOUT(ended(pid), 10'000);
}

QTEST_GUILESS_MAIN(TestCliWatch)
#include "tst_cli_watch.moc"
