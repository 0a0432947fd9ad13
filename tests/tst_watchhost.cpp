// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watch/watchhost.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMetaEnum>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace coroscope;
using namespace coroscope::watch;
using Outcome = PythonWatcher::Outcome;

namespace {
const QString kExamples = QStringLiteral(COROSCOPE_SHARE_DIR "/examples/");

WatchOptions opts(const QString &script, const QStringList &args = {}) {
    WatchOptions o;
    o.script = script;
    o.arguments = args;
    return o;
}
} // namespace

/*!
 * The watcher on a thread of its own: snapshots reach the owner's thread whole, stop and
 * destruction are posted to the watcher's thread, and nothing of the trace is parsed on
 * the owner's loop.
 */
class TestWatchHost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void snapshotsArriveLiveAndTheLastIsWhole();
    void aLateOwnerNeverTakesTheFinalSnapshotEarly();
    void stopKeepsWhatWasRecorded();
    void destroyedMidRunKillsAndJoins();
    void stopOrCloseAtOnceAfterStart();
    void failureReachesTheSnapshot();
    void theWatcherYieldsToTheWindowNotTheProgram();

private:
    QString script(const QByteArray &source);
    QTemporaryDir m_dir;
    int m_count = 0;
};

namespace {
//! Field \a n (1-based, as proc(5) numbers them) of a /proc stat file, after the command.
long long statField(const QString &statPath, int n) {
    QFile f(statPath);
    if (!f.open(QIODevice::ReadOnly))
        return -1000;
    const QByteArray text = f.readAll();
    const QList<QByteArray> rest = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return n - 3 < rest.size() ? rest.at(n - 3).toLongLong() : -1000;
}
QByteArray commOf(const QString &dir) {
    QFile f(dir + QStringLiteral("/comm"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}
} // namespace

QString TestWatchHost::script(const QByteArray &source) {
    QString path = m_dir.filePath(QStringLiteral("prog%1.py").arg(++m_count));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(source) != source.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestWatchHost::snapshotsArriveLiveAndTheLastIsWhole() {
    // The seed's 2-main at 0.1 s: 4 tasks × 10 values, about 1 s; snapshots every 100 ms.
    WatchHost host(opts(kExamples + QStringLiteral("main_2.py"), {QStringLiteral("0.1")}));
    QSignalSpy finished(&host, &WatchHost::finished);
    int live = 0, liveWithLanes = 0;
    qint64 lastYields = -1;
    bool grew = false;
    connect(&host, &WatchHost::snapshotReady, this, [&] {
        const auto s = host.takeSnapshot();
        if (!s)
            return;
        QVERIFY(!s->ended()); // the final one is not announced: it is last()
        ++live;
        if (s->record) {
            ++liveWithLanes;
            const qint64 y = s->record->groups.front()->yields();
            grew |= lastYields >= 0 && y > lastYields;
            lastYields = y;
        }
    });
    host.start();
    QVERIFY(finished.wait(60'000));
    QVERIFY(host.isFinished());
    const WatchSnapshot &end = host.last();
    QCOMPARE(end.outcome, Outcome::Finished);
    QVERIFY(end.record);
    const GroupRecord &g = *end.record->groups.front();
    QCOMPARE(g.tasks(), 4);
    for (int t = 0; t < 4; ++t)
        QCOMPARE(g.count(t), 10);
    QCOMPARE(g.status, RunStatus::Finished);
    QCOMPARE(end.tasks, qint64(4 + 1)); // the four comprehensions and main's own task
    // 10 sleeps of 0.1 s each: the lanes span at least 1 s (exact lower bound).
    QVERIFY2(g.health.wallS >= 1.0, qPrintable(QString::number(g.health.wallS)));
    // Live: at least two snapshots with lanes came before the end (a 1 s program, one
    // every 100 ms while it changes; a loaded machine may coalesce some, not all), and the
    // yields grew between them.
    QVERIFY2(liveWithLanes >= 2, qPrintable(QString::number(liveWithLanes)));
    QVERIFY(grew);
    QVERIFY(live >= liveWithLanes);
    QVERIFY(!end.explain.isEmpty());
    QVERIFY2(end.explain.front().startsWith(QStringLiteral("task ")),
             qPrintable(end.explain.front()));
}

// The owner's loop busy while the program runs to its end: the live notice queued first
// finds the final snapshot published too, and must not hand it over before finished()
// (CI's loaded machine once gave that order to snapshotsArriveLiveAndTheLastIsWhole).
void TestWatchHost::aLateOwnerNeverTakesTheFinalSnapshotEarly() {
    WatchHost host(opts(kExamples + QStringLiteral("main_2.py"), {QStringLiteral("0.02")}));
    QSignalSpy finished(&host, &WatchHost::finished);
    int notices = 0;
    int ended = 0;
    connect(&host, &WatchHost::snapshotReady, this, [&] {
        ++notices;
        if (const auto s = host.takeSnapshot(); s && s->ended())
            ++ended;
    });
    host.start();
    // 4 tasks x 10 values x 20 ms (0.2 s of sleeps): ended long before the owner's loop
    // runs again.
    QThread::msleep(3000);
    QVERIFY(finished.wait(60'000));
    qInfo("%d live notice(s) handled after the program ended", notices);
    QCOMPARE(ended, 0);
    QCOMPARE(host.last().outcome, Outcome::Finished);
    QVERIFY(host.last().record);
    QCOMPARE(host.last().record->groups.front()->yields(), qint64(40));
}

void TestWatchHost::stopKeepsWhatWasRecorded() {
    // A program that never ends: Stop (SIGINT) ends it, the yields so far stay.
    const QString path = script(R"(
import asyncio
async def ticks():
    i = 0
    while True:
        await asyncio.sleep(0.01)
        i += 1
        yield i
async def main():
    async for _ in ticks():
        pass
asyncio.run(main())
)");
    WatchHost host(opts(path));
    QSignalSpy finished(&host, &WatchHost::finished);
    qint64 seen = 0;
    connect(&host, &WatchHost::snapshotReady, this, [&] {
        if (const auto s = host.takeSnapshot(); s && s->record)
            seen = s->record->groups.front()->yields();
    });
    host.start();
    QTRY_VERIFY_WITH_TIMEOUT(seen >= 5, 60'000);
    host.stop();
    QVERIFY(host.stopRequested());
    QVERIFY(finished.wait(60'000));
    const WatchSnapshot &end = host.last();
    QCOMPARE(end.outcome, Outcome::Stopped);
    QVERIFY(end.record);
    QVERIFY(end.record->groups.front()->yields() >= seen);
}

void TestWatchHost::destroyedMidRunKillsAndJoins() {
    const QString path = script("import asyncio, time\n"
                                "async def main():\n"
                                "    while True:\n"
                                "        await asyncio.sleep(0.01)\n"
                                "asyncio.run(main())\n");
    {
        WatchHost host(opts(path));
        connect(&host, &WatchHost::snapshotReady, this, [&] { host.takeSnapshot(); });
        QSignalSpy ready(&host, &WatchHost::snapshotReady);
        host.start();
        QVERIFY(ready.wait(60'000)); // it runs and reports
        QVERIFY(!host.isFinished());
    } // the destructor kills the program at once and joins the thread (no 2 s SIGINT wait)
    // Nothing of the host is left to deliver: a late queued call would touch freed memory
    // (ASan), a thread left running would be reported by the test's exit.
    QTest::qWait(50);
}

/*!
 * Stop, or the host's end (a window closing), in the moment after start(), before the
 * watcher's thread has made its watcher: neither may be lost. Lost, the Stop left a program
 * that never ends running (no finished() ever), and the destructor waited on it forever.
 * Ten of each, the second call right after start(): the thread has rarely run by then.
 */
void TestWatchHost::stopOrCloseAtOnceAfterStart() {
    const QString path = script("import asyncio\n"
                                "async def main():\n"
                                "    while True:\n"
                                "        await asyncio.sleep(0.01)\n"
                                "asyncio.run(main())\n");
    for (int i = 0; i < 10; ++i) {
        WatchHost host(opts(path));
        QSignalSpy finished(&host, &WatchHost::finished);
        host.start();
        host.stop();
        QVERIFY2(finished.wait(60'000), qPrintable(QString::number(i)));
        // Stopped before its first task: "no asyncio tasks seen" (NoTasks), or after it.
        const Outcome end = host.last().outcome;
        QVERIFY2(end == Outcome::Stopped || end == Outcome::NoTasks,
                 QMetaEnum::fromType<Outcome>().valueToKey(int(end)));
    }
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer closing;
        {
            WatchHost host(opts(path));
            host.start();
            closing.start();
        } // kills and joins: a lost kill would wait here for ever (the test's watchdog)
        QVERIFY2(closing.elapsed() < 60'000, qPrintable(QString::number(closing.elapsed())));
    }
}

void TestWatchHost::failureReachesTheSnapshot() {
    const QString path = script("import asyncio\n"
                                "async def boom():\n"
                                "    await asyncio.sleep(0.01)\n"
                                "    raise ValueError('no such value')\n"
                                "async def main():\n"
                                "    t = asyncio.create_task(boom(), name='bomber')\n"
                                "    try:\n"
                                "        await t\n"
                                "    except ValueError:\n"
                                "        pass\n"
                                "asyncio.run(main())\n");
    WatchHost host(opts(path));
    QSignalSpy finished(&host, &WatchHost::finished);
    host.start();
    QVERIFY(finished.wait(60'000));
    const WatchSnapshot &end = host.last();
    QCOMPARE(end.failed, qint64(1));
    QCOMPARE(end.failures.size(), 1);
    QVERIFY2(end.failures.front().contains(QStringLiteral("bomber")) &&
                 end.failures.front().contains(QStringLiteral("ValueError: no such value")),
             qPrintable(end.failures.front()));
    const QString summary = watchSummaryText(end);
    QVERIFY2(summary.contains(end.failures.front()), qPrintable(summary));
}

void TestWatchHost::theWatcherYieldsToTheWindowNotTheProgram() {
#ifndef Q_OS_LINUX
    QSKIP("per-thread nice values are Linux's");
#else
    // Once the program runs, the watcher's thread takes nice +10 (the window's thread wins
    // a shared core); the program, forked before that, keeps the nice it was started with.
    const int ownNice = int(statField(QStringLiteral("/proc/self/stat"), 19));
    WatchHost host(opts(script("import asyncio\n"
                               "async def main():\n"
                               "    await asyncio.sleep(1.5)\n"
                               "asyncio.run(main())\n")));
    QSignalSpy finished(&host, &WatchHost::finished);
    QSignalSpy ready(&host, &WatchHost::snapshotReady);
    host.start();
    QVERIFY(ready.wait(20'000)); // the program's first trace lines arrived
    long long watcherNice = -1000;
    const auto dirs = QDir::Dirs | QDir::NoDotAndDotDot;
    for (const QString &tid : QDir(QStringLiteral("/proc/self/task")).entryList(dirs)) {
        const QString dir = QStringLiteral("/proc/self/task/") + tid;
        if (commOf(dir) == "coroscope watch")
            watcherNice = statField(dir + QStringLiteral("/stat"), 19);
    }
    QCOMPARE(watcherNice, ownNice + 10LL);
    int children = 0;
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(dirs)) {
        const QString stat = QStringLiteral("/proc/") + pid + QStringLiteral("/stat");
        if (statField(stat, 4) != getpid())
            continue;
        ++children;
        QCOMPARE(statField(stat, 19), (long long)ownNice);
    }
    QVERIFY(children >= 1); // the interpreter running the program
    QVERIFY(finished.wait(30'000));
#endif
}

QTEST_GUILESS_MAIN(TestWatchHost)
#include "tst_watchhost.moc"
