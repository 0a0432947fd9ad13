// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watch/pythonwatcher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace coroscope;
using namespace coroscope::watch;
using Outcome = PythonWatcher::Outcome;

namespace {
const QString kExamples = QStringLiteral(COROSCOPE_SHARE_DIR "/examples/");

WatchOptions opts(const QString &script, const QStringList &args = {}, const QString &python = {},
                  const QString &tracer = {}) {
    WatchOptions o;
    o.script = script;
    o.arguments = args;
    o.python = python;
    o.tracer = tracer;
    return o;
}

//! Runs \a w to its end (at most \a timeoutMs).
bool watchToEnd(PythonWatcher &w, int timeoutMs = 120'000) {
    QSignalSpy finished(&w, &PythonWatcher::finished);
    w.start();
    return finished.wait(timeoutMs) && finished.size() == 1;
}
} // namespace

class TestPythonWatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void seedMainTwoFillsFourLanes();
    void outputStaysTheProgramsAndArrivesLive();
    void theProgramRunsInASessionOfItsOwn();
    void scriptRaises();
    void noAsyncio();
    void stopInterruptsAndKeepsTheRecord();
    void stopKillsAProgramIgnoringSigint();
    void garbageOnThePipe();
    void truncatedLine();
    void traceEndsEarly();
    void pythonTooOld();
    void pythonNotFound();
    void tracerNotFound();
    void destroyedMidRun();

private:
    QString script(const QByteArray &source, const QString &name = QStringLiteral("prog.py"));
    QTemporaryDir m_dir;
};

void TestPythonWatcher::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY2(!PythonWatcher::findTracer().isEmpty(),
             "the tracer in the build tree's share/coroscope");
}

QString TestPythonWatcher::script(const QByteArray &source, const QString &name) {
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(source) != source.size())
        qFatal("cannot write %s", qPrintable(path));
    f.close();
    f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    return path;
}

void TestPythonWatcher::seedMainTwoFillsFourLanes() {
    PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py"), {QStringLiteral("0.02")}));
    QSignalSpy progressed(&w, &PythonWatcher::progressed);
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Finished);
    QVERIFY(w.error().isEmpty());
    QVERIFY(progressed.size() >= 1);
    const WatchedRun &run = w.run();
    QCOMPARE(run.tasks().size(), size_t(5));
    QCOMPARE(run.numbers(), 40);
    QCOMPARE(run.tasks()[0].coroutine, QStringLiteral("measure_runtime"));
    QCOMPARE(run.tasks()[0].lastSuspend, Suspend::Gather);
    QCOMPARE(run.tasks()[0].lastSuspendArg, 4);
    const auto record = run.toRecord(w.recordStatus());
    QVERIFY(record);
    QCOMPARE(record->params.tasks, 4);
    QCOMPARE(record->params.values, 10);
    QCOMPARE(record->params.delaySeconds, 0.02); // the typical sleep, to the millisecond
    QCOMPARE(record->params.maxValue, 10.0);
    QCOMPARE(record->params.timing, Timing::Relative);
    const GroupRecord &g = *record->groups.front();
    QCOMPARE(g.status, RunStatus::Finished);
    QCOMPARE(g.yields(), 40);
    for (int t = 0; t < 4; ++t) {
        QCOMPARE(g.count(t), 10);
        QVERIFY(g.endNs(t) >= 0);
        for (int i = 0; i < 10; ++i) {
            QVERIFY(g.value(t, i) >= 0 && g.value(t, i) <= 10);
            QVERIFY2(g.latenessNs(t, i) >= 0, "a value comes no earlier than its sleep's end");
            // Relative sleeps: the k-th value is due at least k × 20 ms after the start.
            QVERIFY(g.dueNs(t, i) >= qint64(i + 1) * 20'000'000);
        }
    }
    QVERIFY(g.health.wallS >= 0.2);
    // What the program printed (its elapsed seconds) is at least ten sleeps.
    QVERIFY(w.output().trimmed().toDouble() >= 0.2);
}

void TestPythonWatcher::outputStaysTheProgramsAndArrivesLive() {
    const QString path = script("import asyncio, sys\n"
                                "async def main():\n"
                                "    print('to stdout')\n"
                                "    print('to stderr', file=sys.stderr)\n"
                                "    await asyncio.sleep(0.5)\n"
                                "    print('later')\n"
                                "asyncio.run(main())\n");
    PythonWatcher w(opts(path));
    QList<std::pair<QByteArray, bool>> chunks;
    bool finishedBeforeFirstOutput = false;
    bool ended = false;
    connect(&w, &PythonWatcher::finished, this, [&] { ended = true; });
    connect(&w, &PythonWatcher::outputReceived, this, [&](const QByteArray &t, bool isError) {
        if (chunks.isEmpty())
            finishedBeforeFirstOutput = ended;
        chunks.append({t, isError});
    });
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Finished);
    QVERIFY(!finishedBeforeFirstOutput);
    QByteArray out, err;
    for (const auto &[text, isError] : chunks)
        (isError ? err : out) += text;
    QCOMPARE(out, QByteArray("to stdout\nlater\n"));
    QCOMPARE(err, QByteArray("to stderr\n"));
}

void TestPythonWatcher::theProgramRunsInASessionOfItsOwn() {
    // Its own session, so Linux's autogroup scheduling does not count its CPU time against
    // the window's (README, "Watching Python": the window's stall).
    const QString path = script("import asyncio, os\n"
                                "async def main():\n"
                                "    print(os.getsid(0) == os.getpid(), os.getsid(0) != "
                                "os.getsid(os.getppid()))\n"
                                "asyncio.run(main())\n",
                                QStringLiteral("session.py"));
    PythonWatcher w(opts(path));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Finished);
    QCOMPARE(w.output().trimmed(), QByteArray("True True"));
}

void TestPythonWatcher::scriptRaises() {
    const QString path = script("import asyncio\n"
                                "async def gen():\n"
                                "    for i in range(3):\n"
                                "        await asyncio.sleep(0.01)\n"
                                "        yield i\n"
                                "async def main():\n"
                                "    values = [v async for v in gen()]\n"
                                "    return values[0] / 0\n"
                                "asyncio.run(main())\n");
    PythonWatcher w(opts(path));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Failed);
    QCOMPARE(w.error(), QStringLiteral("the script raised ZeroDivisionError: division by zero"));
    QVERIFY(w.output().contains("Traceback (most recent call last)"));
    QVERIFY(w.output().contains("return values[0] / 0"));
    const WatchedRun &run = w.run();
    QCOMPARE(run.tasks().size(), size_t(1));
    QCOMPARE(run.tasks()[0].end, TaskEnd::Failed);
    QCOMPARE(run.tasks()[0].failure, QStringLiteral("ZeroDivisionError: division by zero"));
    // Nothing lost: the three values before the failure are in the record.
    const auto record = run.toRecord(w.recordStatus());
    QVERIFY(record);
    QCOMPARE(record->groups.front()->count(0), 3);
    QCOMPARE(record->groups.front()->status, RunStatus::Failed);
}

void TestPythonWatcher::noAsyncio() {
    PythonWatcher w(opts(script("print('plain python')\n")));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::NoTasks);
    QCOMPARE(w.error(), QStringLiteral("no asyncio tasks seen"));
    QCOMPARE(w.output(), QByteArray("plain python\n"));
    QVERIFY(!w.run().toRecord(w.recordStatus()));
}

void TestPythonWatcher::stopInterruptsAndKeepsTheRecord() {
    const QString path = script("import asyncio, itertools\n"
                                "async def ticks():\n"
                                "    for i in itertools.count():\n"
                                "        await asyncio.sleep(0.01)\n"
                                "        yield i % 10\n"
                                "async def main():\n"
                                "    async for v in ticks():\n"
                                "        pass\n"
                                "asyncio.run(main())\n");
    PythonWatcher w(opts(path));
    QSignalSpy finished(&w, &PythonWatcher::finished);
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.run().numbers() >= 5, 60'000);
    QElapsedTimer clock;
    clock.start();
    w.stop();
    QVERIFY(finished.wait(30'000));
    QCOMPARE(w.outcome(), Outcome::Stopped);
    QVERIFY(w.run().ended()); // the tracer wrote its end: SIGINT ended it, no kill needed
    QCOMPARE(w.run().scriptEnd(), ScriptEnd::Interrupted);
    QCOMPARE(w.run().tasks()[0].end, TaskEnd::Cancelled);
    const auto record = w.run().toRecord(w.recordStatus());
    QVERIFY(record);
    QVERIFY(record->groups.front()->count(0) >= 5);
    QCOMPARE(record->groups.front()->status, RunStatus::Stopped);
}

void TestPythonWatcher::stopKillsAProgramIgnoringSigint() {
    const QString path = script("import asyncio, signal\n"
                                "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                "async def main():\n"
                                "    while True:\n"
                                "        await asyncio.sleep(0.01)\n"
                                "asyncio.run(main())\n");
    PythonWatcher w(opts(path));
    QSignalSpy finished(&w, &PythonWatcher::finished);
    w.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.run().steps() >= 3, 60'000);
    QElapsedTimer clock;
    clock.start();
    w.stop();
    QVERIFY(finished.wait(60'000));
    QVERIFY(clock.elapsed() >= PythonWatcher::kKillAfterMs); // SIGINT first, the kill 2 s later
    QCOMPARE(w.outcome(), Outcome::Stopped);
    QVERIFY(!w.run().ended());
    QCOMPARE(w.run().tasks().size(), size_t(1)); // what was seen stays
    QVERIFY(w.run().toRecord(w.recordStatus()));
}

void TestPythonWatcher::garbageOnThePipe() {
    // A stand-in tracer: a good header, then garbage, then it would run for a minute.
    const QString tracer =
        script("import os, time\n"
               "fd = int(os.environ['COROSCOPE_TRACE_FD'])\n"
               "os.write(fd, b'H\\tcoroscope-trace\\t1\\t3.11.0\\tpy\\t1\\ts\\n'\n"
               "             b'T\\t1\\t5\\t0\\tTask-1\\tmain\\tw\\n'\n"
               "             b'\\x00\\x01garbage\\n')\n"
               "time.sleep(60)\n",
               QStringLiteral("fake_tracer.py"));
    PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py"), {}, {}, tracer));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(watchToEnd(w));
    QVERIFY(clock.elapsed() < 30'000); // stopped, not waited for
    QCOMPARE(w.outcome(), Outcome::Error);
    QCOMPARE(w.error(), QStringLiteral("trace line 3: unknown line kind"));
    QCOMPARE(w.run().tasks().size(), size_t(1)); // what came before the garbage stays
}

void TestPythonWatcher::truncatedLine() {
    const QString tracer =
        script("import os\n"
               "fd = int(os.environ['COROSCOPE_TRACE_FD'])\n"
               "os.write(fd, b'H\\tcoroscope-trace\\t1\\t3.11.0\\tpy\\t1\\ts\\n'\n"
               "             b'T\\t1\\t5\\t0\\tTask-1\\tmain\\tw\\nS\\t1\\t5')\n",
               QStringLiteral("cut_tracer.py"));
    PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py"), {}, {}, tracer));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Error);
    QCOMPARE(w.error(), QStringLiteral("trace line 3: cut off (no end of line)"));
    QCOMPARE(w.run().tasks().size(), size_t(1));
}

void TestPythonWatcher::traceEndsEarly() {
    // The interpreter dies without the tracer's last line (here: os._exit in the script).
    PythonWatcher w(opts(script("import asyncio, os\n"
                                "async def main():\n"
                                "    await asyncio.sleep(0.05)\n"
                                "    os._exit(7)\n"
                                "asyncio.run(main())\n")));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Error);
    QCOMPARE(w.error(),
             QStringLiteral("the trace ended before the script did (Python exited with status 7)"));
}

void TestPythonWatcher::pythonTooOld() {
    const QString old = script("#!/bin/sh\nprintf 3.6.9\n", QStringLiteral("python3.6"));
    PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py"), {}, old));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Error);
    QCOMPARE(w.error(), QStringLiteral("--python %1 (%1) is Python 3.6.9; Coroscope needs Python "
                                       "3.8 or newer")
                            .arg(old));
    QCOMPARE(w.run().hasHeader(), false);
}

void TestPythonWatcher::pythonNotFound() {
    const QString missing = m_dir.filePath(QStringLiteral("no-such-python"));
    PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py"), {}, missing));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Error);
    QCOMPARE(w.error(), QStringLiteral("--python %1: not found or not executable; Coroscope needs "
                                       "Python 3.8 or newer")
                            .arg(missing));

    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", m_dir.path().toLocal8Bit() + "/empty-bin");
    PythonWatcher onPath(opts(kExamples + QStringLiteral("main_2.py")));
    const bool ended = watchToEnd(onPath);
    qputenv("PATH", path);
    QVERIFY(ended);
    QCOMPARE(onPath.error(), QStringLiteral("python3: not found on PATH; Coroscope needs Python "
                                            "3.8 or newer (or give --python EXE)"));
}

void TestPythonWatcher::tracerNotFound() {
    PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py"), {}, {},
                         m_dir.filePath(QStringLiteral("nowhere/coroscope_trace.py"))));
    QVERIFY(watchToEnd(w));
    QCOMPARE(w.outcome(), Outcome::Error);
    QVERIFY(w.error().startsWith(QStringLiteral("coroscope_trace.py not found")));
}

void TestPythonWatcher::destroyedMidRun() {
    // The watcher goes away while the program runs: the program is killed, the coroutine
    // wakes once more and ends (no leak under LSan, no use after free under ASan).
    qint64 pid = 0;
    {
        PythonWatcher w(opts(kExamples + QStringLiteral("main_2.py")));
        w.start();
        QTRY_VERIFY_WITH_TIMEOUT(w.run().steps() >= 1, 60'000);
        pid = w.processId();
        QVERIFY(pid > 0);
    }
    QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0, 10'000); // gone (and reaped)
    QTest::qWait(100);                                            // the coroutine's last turn
}

QTEST_GUILESS_MAIN(TestPythonWatcher)
#include "tst_pythonwatcher.moc"
