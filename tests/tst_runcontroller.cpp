// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The window's run controller without a window (a QCoreApplication, no widgets): the live
// run and its frames, replay, steps from yield to yield, the lesson clock.
#include "app/runcontroller.h"
#include "testparams.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <set>

using namespace coroscope;
using coroscope::test::testParams;

namespace {

// The longest a test waits for an event before it calls the code hung (sanitizer builds
// on a loaded machine); tests wait for events, never for a span of time.
constexpr int kHangMs = 60'000;

qint64 yields(const RunRecord &r) {
    qint64 n = 0;
    for (const auto &g : r.groups)
        n += g->yields();
    return n;
}

//! Every distinct yield time of the record (ns), in order: what the steps must visit.
std::vector<qint64> yieldTimes(const RunRecord &r) {
    std::set<qint64> times;
    for (const auto &g : r.groups)
        for (int task = 0; task < g->tasks(); ++task)
            for (int i = 0; i < g->count(task); ++i)
                times.insert(g->atNs(task, i));
    return {times.begin(), times.end()};
}

//! The blocking lesson on the real clock: task 0's call holds the run's loop inside one
//! pass (a batch) for 1 s, right after its first value.
RunParams blockedForASecond() {
    RunParams p = testParams(Mode::Concurrent, 2, 3, 0.05);
    p.scenario = Scenario::Blocking;
    p.variant = parseVariant(Scenario::Blocking, QStringLiteral("block")).value();
    p.lab.blockTask = 0;
    p.lab.blockAt = 1;
    p.lab.blockForSeconds = 1.0;
    return p;
}

RunParams virtualParams(int tasks, int values, double delay) {
    RunParams p = testParams(Mode::Concurrent, tasks, values, delay);
    p.clock = Clock::Virtual;
    return p;
}

} // namespace

class TestRunController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsWithFramesToItsEnd() {
        RunController c;
        QCOMPARE(c.state(), RunStatus::Idle);
        QVERIFY(!c.record());
        QCOMPARE(c.viewTime(), -1.0);
        QSignalSpy frames(&c, &RunController::frame);
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Compare, 2, 3, 0.02));
        QCOMPARE(c.state(), RunStatus::Running);
        QVERIFY(c.framesRunning());
        QVERIFY(!c.canStart());       // one run at a time
        QVERIFY(!c.hasLessonClock()); // the real clock
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        // Sequential takes 2 × 3 × 20 ms: the 16 ms frame timer ticked meanwhile.
        QVERIFY(frames.count() >= 1);
        QCOMPARE(c.state(), RunStatus::Finished);
        QVERIFY(!c.framesRunning());
        QVERIFY(c.canStart());
        QCOMPARE(yields(*c.record()), qint64(12));
        QCOMPARE(c.tally().record(), c.record());
        QCOMPARE(c.viewTime(), -1.0); // the whole record
        QVERIFY(c.endTime() >= 0.12);
        // The window's loop was measured while the run went.
        QVERIFY(c.record()->groups[0]->health.windowStallMs >= 0);
    }

    void theWindowStepsAsideForAYoungBatchOnly() {
        // The blocking lesson on the real clock: task 0's call holds the run's loop inside a
        // pass for 1 s. Ticks in its first half (the step-aside span, made long so that a
        // loaded machine's late ticks still land in it) draw nothing; the second half is
        // drawn through (a long batch must not freeze the window).
        const RunParams p = blockedForASecond();
        constexpr qint64 kAside = 500'000'000;
        // A frame of a batch this old was drawn against the rule: slack for a tick that
        // saw no batch and then reached the frame late (preempted between the two).
        constexpr qint64 kSlack = 100'000'000;
        RunController c;
        c.setStepAside(kAside, 60'000); // no bound on how long it steps aside here
        int drawnInYoungBatch = 0, drawnInOldBatch = 0;
        connect(&c, &RunController::frame, this, [&] {
            const qint64 age = c.runPassAgeNs();
            drawnInYoungBatch += age >= kSlack && age < kAside;
            drawnInOldBatch += age >= kAside;
        });
        QSignalSpy finished(&c, &RunController::finished);
        c.start(p);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(c.state(), RunStatus::Finished);
        QVERIFY2(c.framesSteppedAside() >= 1, "no tick stepped aside for the blocked batch");
        QCOMPARE(drawnInYoungBatch, 0);
        QVERIFY2(drawnInOldBatch >= 1, "the window stopped drawing during a long batch");
        qInfo("stepped aside %d ticks, drew %d in the batch's second half", c.framesSteppedAside(),
              drawnInOldBatch);
    }

    void theWindowNeverStepsAsideForLong() {
        // Every batch young (the span longer than the run): the window still draws, at most
        // the bound after its last frame. Without the bound the 1 s call froze it.
        const RunParams p = blockedForASecond();
        RunController c;
        c.setStepAside(3'600'000'000'000, 100);
        int drawnInBatch = 0;
        connect(&c, &RunController::frame, this, [&] {
            // Past 50 ms: not a tick that saw no batch just before this one began.
            drawnInBatch += c.runPassAgeNs() >= 50'000'000;
        });
        QSignalSpy finished(&c, &RunController::finished);
        c.start(p);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QVERIFY(c.framesSteppedAside() >= 1);
        QVERIFY2(drawnInBatch >= 2, qPrintable(QString::number(drawnInBatch)));
        qInfo("stepped aside %d ticks, drew %d in the batch", c.framesSteppedAside(), drawnInBatch);
    }

    void theWindowStepsAsideBeforeABigBatch() {
        // 2,000 lanes woken together every 0.3 s: after the first batch (the one that shows
        // how big they are) no frame starts in the lead before the next (made 200 ms long
        // here, so a loaded machine's late ticks still fall in it).
        RunController c;
        constexpr qint64 kLead = 200'000'000;
        constexpr qint64 kSlack = 50'000'000; // a tick that saw no batch coming, reached late
        c.setStepAside(RunController::kStepAsideNs, 60'000, kLead);
        int drawnInLead = 0, drawnElsewhere = 0;
        connect(&c, &RunController::frame, this, [&] {
            const qint64 in = c.runNextWakeInNs();
            if (c.runTime() > 0.35 && in >= 0 && in < kLead - kSlack)
                ++drawnInLead;
            else
                ++drawnElsewhere;
        });
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Concurrent, 2'000, 3, 0.3));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(c.state(), RunStatus::Finished);
        QVERIFY2(c.framesSteppedAside() >= 1, "no tick stepped aside before the batches");
        QCOMPARE(drawnInLead, 0);
        QVERIFY(drawnElsewhere >= 1);
        qInfo("stepped aside %d ticks, drew %d", c.framesSteppedAside(), drawnElsewhere);
    }

    void anOlderRunsEndNeverReachesANewOne() {
        RunController c;
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Concurrent, 2, 50, 0.02));
        c.stop();
        const quint64 first = c.generation();
        c.start(testParams(Mode::Concurrent, 3, 2, 0.01)); // drops the stopping one
        QVERIFY(c.generation() > first);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QTest::qWait(50); // a stale end of the first run would land here
        QCOMPARE(finished.count(), 1);
        QCOMPARE(c.record()->params.tasks, 3);
        QCOMPARE(c.state(), RunStatus::Finished);
    }

    void replayPlaysTheRecordToItsEnd() {
        RunController c;
        QVERIFY(!c.startReplay(4.0)); // nothing to replay
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Concurrent, 2, 5, 0.02));
        QVERIFY(!c.startReplay(4.0)); // not while running
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QSignalSpy moved(&c, &RunController::viewTimeChanged);
        QSignalSpy replaying(&c, &RunController::replayingChanged);
        QVERIFY(c.startReplay(4.0));
        QVERIFY(c.isReplaying());
        QCOMPARE(c.viewPosition(), 0.0); // from the start: the view was at the end
        QTRY_VERIFY_WITH_TIMEOUT(!c.isReplaying(), kHangMs);
        QCOMPARE(replaying.count(), 2);
        QVERIFY(moved.count() >= 2);
        // Forward only, to the end exactly.
        double last = -1;
        for (const QList<QVariant> &m : moved) {
            QVERIFY(m[0].toDouble() >= last);
            last = m[0].toDouble();
        }
        QCOMPARE(c.viewPosition(), c.endTime());
        QVERIFY(!c.framesRunning());
    }

    void stepsVisitEveryYieldOneEventAtATime() {
        RunController c;
        QSignalSpy finished(&c, &RunController::finished);
        // Compare: the sequential group's yields fall between the concurrent group's.
        c.start(testParams(Mode::Compare, 3, 4, 0.01));
        QVERIFY(!c.stepYield(false)); // not while running
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        const std::vector<qint64> times = yieldTimes(*c.record());
        QVERIFY(times.size() >= 4);
        const double end = c.endTime();
        // Back from the end: every distinct yield time, latest first, then the start.
        for (auto it = times.rbegin(); it != times.rend(); ++it) {
            QVERIFY(c.stepYield(false));
            QCOMPARE(qint64(std::llround(c.viewPosition() * 1e9)), *it);
        }
        QVERIFY(c.stepYield(false));
        QCOMPARE(c.viewPosition(), 0.0);
        QVERIFY(!c.stepYield(false)); // nothing before the start
        // Forward: every one, earliest first, then the record's end.
        for (qint64 t : times) {
            QVERIFY(c.stepYield(true));
            QCOMPARE(qint64(std::llround(c.viewPosition() * 1e9)), t);
        }
        if (double(times.back()) / 1e9 < end) {
            QVERIFY(c.stepYield(true));
            QCOMPARE(c.viewPosition(), end);
        }
        QVERIFY(!c.stepYield(true));
        // A step stops a replay.
        QVERIFY(c.startReplay(0.25));
        QVERIFY(c.stepYield(true));
        QVERIFY(!c.isReplaying());
    }

    // The lesson clock: paused, nothing wakes and the clock stands (no new points on the
    // lanes, whose only source is the record); a step runs exactly the next deadline's
    // wake-up (every task due then yields once) and stands again; resume runs to the end.
    void pauseStandsAndStepRunsOneWakeUp() {
        RunController c;
        QSignalSpy finished(&c, &RunController::finished);
        QSignalSpy clockChanged(&c, &RunController::lessonClockChanged);
        c.setSpeed(1.0);
        c.start(virtualParams(4, 20, 0.2)); // 4 s of lesson at 1×
        QVERIFY(c.hasLessonClock());
        QVERIFY(!c.isPaused());
        c.pause();
        QVERIFY(c.isPaused());
        QVERIFY(clockChanged.count() >= 2); // start and pause
        // The pause is posted to the run's thread: until it lands there the paced clock
        // flows on, and the time the window reads is only published at wake-ups and at the
        // pause itself (a clock standing still for a while proved nothing: a run's thread
        // starved under a loaded TSan run took the pause 195 ms late). A call queued behind
        // the pause returns once the run's thread has taken the pause.
        QObject onRunThread;
        onRunThread.moveToThread(c.run()->runThread());
        QThread *const here = QThread::currentThread();
        QVERIFY(QMetaObject::invokeMethod(
            &onRunThread, [&] { onRunThread.moveToThread(here); }, Qt::BlockingQueuedConnection));
        const double pausedAt = c.runTime();
        const RunRecord &r = *c.record();
        const qint64 pausedYields = yields(r);
        QCOMPARE(pausedYields % 4, 0); // between wake-ups, never inside one
        // 0.4 s of real time at 1×: two wake-ups' worth had the clock gone on.
        QTest::qWait(400);
        QCOMPARE(yields(r), pausedYields);
        QCOMPARE(c.runTime(), pausedAt);
        QCOMPARE(c.state(), RunStatus::Running);
        // The pause was posted right after the start: wake-ups are left to step through.
        QVERIFY2(pausedYields + 8 <= 80, qPrintable(QString::number(pausedYields)));
        for (int step = 1; step <= 2; ++step) {
            c.stepToNextWake();
            QTRY_COMPARE_WITH_TIMEOUT(yields(r), pausedYields + qint64(4) * step, kHangMs);
            // Drift-free: the k-th wake-up is at exactly k × 0.2 s of virtual time.
            QTRY_COMPARE_WITH_TIMEOUT(qint64(std::llround(c.runTime() * 1e9)),
                                      (pausedYields / 4 + step) * 200'000'000LL, kHangMs);
            QTest::qWait(250); // and stands again
            QCOMPARE(yields(r), pausedYields + qint64(4) * step);
            QVERIFY(c.isPaused());
        }
        c.setSpeed(10); // the rest at 10×
        c.resume();
        QVERIFY(!c.isPaused());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(yields(r), qint64(80));
        // Virtual: the last wake-up at exactly 20 × 0.2 s (the end itself comes a paced
        // moment later).
        QCOMPARE(r.groups[0]->lastYieldNs(), 4'000'000'000LL);
        QVERIFY(c.runTime() >= 4.0);
        QVERIFY(!c.hasLessonClock()); // over: nothing to pause
    }

    // Stop works on a paused lesson, and the next run starts unpaused.
    void aPausedRunStops() {
        RunController c;
        QSignalSpy finished(&c, &RunController::finished);
        c.start(virtualParams(3, 50, 0.2));
        c.pause();
        QVERIFY(c.isPaused());
        c.stop();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(c.state(), RunStatus::Stopped);
        QVERIFY(!c.hasLessonClock());
        c.start(virtualParams(2, 2, 0.01));
        QVERIFY(!c.isPaused());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kHangMs);
        QCOMPARE(c.state(), RunStatus::Finished);
    }

    void theRealClockHasNoLessonClock() {
        RunController c;
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Concurrent, 2, 3, 0.01));
        QVERIFY(!c.hasLessonClock());
        c.pause();
        QVERIFY(!c.isPaused());
        c.stepToNextWake(); // nothing to step
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QCOMPARE(yields(*c.record()), qint64(6));
    }

    void speedStaysWithinTheLessonRange() {
        RunController c;
        c.setSpeed(50);
        QCOMPARE(c.speed(), 10.0);
        c.setSpeed(0.01);
        QCOMPARE(c.speed(), 0.1);
        c.setSpeed(2);
        QCOMPARE(c.speed(), 2.0);
    }

    void discardDropsEverything() {
        RunController c;
        c.start(testParams(Mode::Concurrent, 2, 100, 0.02));
        QVERIFY(c.record());
        c.discard(); // mid-run: stopped, its thread joined
        QVERIFY(!c.record());
        QVERIFY(!c.run());
        QCOMPARE(c.state(), RunStatus::Idle);
        QVERIFY(!c.framesRunning());
        QVERIFY(!c.tally().record());
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
