// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The run on a thread of its own: commands posted to it, its end reported back, its
// record read from the owner's thread while it grows (run this under ThreadSanitizer:
// tools/test.sh --tsan).
#include "engine/runhost.h"
#include "engine/timeslice.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <thread>

using namespace coroscope;

namespace {

// The longest a test waits for an event before it calls the code hung (sanitizer builds
// on a loaded machine); tests wait for events, never for a span of time.
constexpr int kHangMs = 60'000;

RunParams params(int tasks, int values, double delay, Mode mode = Mode::Concurrent) {
    RunParams p;
    p.mode = mode;
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = delay;
    p.seed = 7;
    return p;
}

} // namespace

class TestRunHost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The run's thread asks the kernel for a 0.1 ms slice, so that woken at a deadline it
    // preempts the window's painting; the window's thread keeps its own. Where the kernel
    // does not take the request (before Linux 6.12), the run's slice is the window's.
    void runThreadAsksForAShortSlice() {
        qint64 fresh = -1;
        bool taken = false;
        qint64 after = -1;
        std::thread([&] {
            fresh = currentTimeSliceNs();
            taken = requestShortTimeSlice();
            after = currentTimeSliceNs();
        }).join();
        QVERIFY(fresh != kRunTimeSliceNs); // a thread's default is the kernel's, not ours
        QCOMPARE(after, taken ? kRunTimeSliceNs : fresh);

        RunHost host(params(1, 1, 0.001));
        QObject onRunThread;
        onRunThread.moveToThread(host.runThread());
        qint64 runSlice = -1;
        QThread *const here = QThread::currentThread();
        QVERIFY(QMetaObject::invokeMethod(
            &onRunThread,
            [&] {
                runSlice = currentTimeSliceNs();
                onRunThread.moveToThread(here); // back, before it is destroyed
            },
            Qt::BlockingQueuedConnection));
        QCOMPARE(runSlice, taken ? kRunTimeSliceNs : fresh);
        QVERIFY(currentTimeSliceNs() != kRunTimeSliceNs || !taken); // this thread: untouched
    }

    void runsOnItsOwnThreadToTheEnd() {
        RunHost host(params(3, 4, 0.005, Mode::Compare));
        QVERIFY(host.runThread() != QThread::currentThread());
        QVERIFY(host.runThread()->isRunning());
        QCOMPARE(host.status(), RunStatus::Idle);
        QCOMPARE(host.elapsedNs(), qint64(0));
        QSignalSpy finished(&host, &RunHost::finished);
        host.start();
        QCOMPARE(host.status(), RunStatus::Running);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(host.status(), RunStatus::Finished);
        for (const auto &g : host.record().groups) {
            QCOMPARE(g->status.load(), RunStatus::Finished);
            QCOMPARE(g->yields(), qint64(12));
            QCOMPARE(g->health.windowStallMs, -1.0); // no window watched it
        }
        // The clock stopped at the end: the sequential group's wall, at least 3 × 4 × 5 ms.
        const qint64 end = host.elapsedNs();
        QVERIFY(end >= 60'000'000);
        QTest::qWait(20);
        QCOMPARE(host.elapsedNs(), end);
        host.noteWindowStall(4.25);
        QCOMPARE(host.record().groups[1]->health.windowStallMs, 4.25);
    }

    void readersSeeOnlyWhatIsPublished() {
        // The owner reads the record as fast as it can while the run's thread writes it:
        // below each count every yield is whole, counts only grow, and the group's total
        // never runs ahead of the tasks' counts.
        const RunParams p = params(300, 20, 0.004);
        RunHost host(p);
        QSignalSpy finished(&host, &RunHost::finished);
        host.start();
        std::vector<int> seen(size_t(p.tasks), 0);
        int passes = 0;
        const qint64 delayNs = p.delayNs();
        while (finished.count() == 0) {
            const GroupRecord &g = *host.record().groups[0];
            const qint64 total = g.yields();
            qint64 counted = 0;
            for (int t = 0; t < p.tasks; ++t) {
                const int n = g.count(t);
                QVERIFY(n >= seen[size_t(t)] && n <= p.values);
                if (n > 0)
                    QVERIFY(g.startNs(t) >= 0);
                for (int i = seen[size_t(t)]; i < n; ++i) {
                    // Drift-free: value i is due one delay after the last, from t = 0.
                    QCOMPARE(g.dueNs(t, i), (i + 1) * delayNs);
                    QVERIFY(g.atNs(t, i) >= g.dueNs(t, i));
                    QVERIFY(g.value(t, i) >= 0 && g.value(t, i) <= p.maxValue);
                }
                QVERIFY(g.valuesOf(t).size() >= n); // read later: it may have grown
                seen[size_t(t)] = n;
                counted += n;
            }
            QVERIFY(total <= counted);
            ++passes;
            QCoreApplication::processEvents();
        }
        QVERIFY(passes >= 2); // it did read while the run went on
        QCOMPARE(host.record().groups[0]->yields(), qint64(300 * 20));
        qInfo("%d passes over the record while it grew", passes);
    }

    void stopIsPostedToTheRunsThread() {
        RunHost host(params(4, 10'000, 0.01)); // 100 s: stopped long before
        QSignalSpy finished(&host, &RunHost::finished);
        host.start();
        QTRY_VERIFY_WITH_TIMEOUT(host.record().groups[0]->yields() >= 4, kHangMs);
        host.stop();
        QVERIFY(host.stopRequested());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(host.status(), RunStatus::Stopped);
        const GroupRecord &g = *host.record().groups[0];
        QCOMPARE(g.status.load(), RunStatus::Stopped);
        const qint64 kept = g.yields();
        QVERIFY(kept >= 4 && kept < qint64(4) * 10'000);
        QTest::qWait(50); // a stray wake-up on the run's thread would add a yield here
        QCOMPARE(g.yields(), kept);
        host.stop(); // a second stop is a no-op
        QCOMPARE(finished.count(), 1);
    }

    void stopAfterIsTimedOnTheRunsThread() {
        // --stop-after in the window: 150 ms after the start, even while the owner's
        // thread is blocked for 400 ms (a timer there would fire only after the block).
        RunHost host(params(4, 1000, 0.01)); // 10 s if not stopped
        QSignalSpy finished(&host, &RunHost::finished);
        host.start(150'000'000);
        QThread::msleep(400);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(host.status(), RunStatus::Stopped);
        const double wall = host.record().groups[0]->health.wallS;
        // Exact lower bound; the upper one leaves 250 ms for a loaded machine and still
        // fails if the stop waited for the owner's thread.
        QVERIFY2(wall >= 0.150 && wall < 0.400, qPrintable(QString::number(wall)));
    }

    void stopAfterZeroStopsAtOnce() {
        RunHost host(params(4, 10, 0.01));
        QSignalSpy finished(&host, &RunHost::finished);
        host.start(0);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(host.status(), RunStatus::Stopped);
        QCOMPARE(host.record().groups[0]->yields(), qint64(0));
    }

    // The lesson clock from the window's thread: a virtual-clock run started paused moves
    // one deadline per step (every task yields once: 4 yields, 10 ms of virtual time),
    // stands still while paused, and runs to its end on resume.
    void lessonClockIsPostedToTheRunsThread() {
        RunParams p = params(4, 5, 0.01);
        p.clock = Clock::Virtual;
        RunHost host(p);
        QCOMPARE(host.clock(), Clock::Virtual);
        QSignalSpy finished(&host, &RunHost::finished);
        host.start(-1, true);
        const GroupRecord &g = *host.record().groups[0];
        for (int step = 1; step <= 3; ++step) {
            host.stepToNextWake();
            QTRY_VERIFY_WITH_TIMEOUT(g.yields() == qint64(4) * step, kHangMs);
            QTRY_COMPARE_WITH_TIMEOUT(host.elapsedNs(), step * 10'000'000LL, kHangMs);
        }
        QTest::qWait(50); // paused: nothing moves on its own
        QCOMPARE(g.yields(), qint64(12));
        QCOMPARE(host.status(), RunStatus::Running);
        host.resume();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(g.yields(), qint64(20));
        QCOMPARE(host.elapsedNs(), 50'000'000LL); // virtual: exactly 5 × 10 ms
    }

    void lessonClockDoesNothingOnTheRealClock() {
        RunHost host(params(2, 3, 0.01));
        QSignalSpy finished(&host, &RunHost::finished);
        host.start(-1, true); // not paused: the real clock cannot be
        host.pause();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(host.record().groups[0]->yields(), qint64(6));
        QVERIFY(host.elapsedNs() >= 30'000'000);
    }

    void destroyedAtAnyMomentIsClean() {
        // Never started, just started, mid-run: the run ends on its thread, the thread is
        // joined, nothing leaks (ASan/LSan) or races (TSan).
        { RunHost never(params(2, 2, 0.01)); }
        for (int i = 0; i < 20; ++i) {
            auto host = std::make_unique<RunHost>(params(50, 100, 0.002, Mode::Compare));
            QPointer<QThread> thread = host->runThread();
            host->start();
            if (i % 2)
                QTRY_VERIFY_WITH_TIMEOUT(host->record().groups[1]->yields() > 0, kHangMs);
            host.reset();
            QVERIFY(thread.isNull());
        }
    }
};

QTEST_GUILESS_MAIN(TestRunHost)
#include "tst_runhost.moc"
