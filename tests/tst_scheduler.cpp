// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "coroutinetest.h"
#include "engine/scheduler.h"

#include <QCoroAsyncGenerator>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <vector>

#include <ctime>

using namespace coroscope;
using namespace coroscope::test;

namespace {

constexpr qint64 kMs = 1'000'000;
constexpr qint64 kHour = 3600'000 * kMs;

QCoro::Task<> sleeper(Scheduler &s, qint64 deadline, int id, std::vector<int> &order,
                      std::vector<Scheduler::Wake> *wakes = nullptr) {
    const Scheduler::Wake w = co_await s.sleepUntil(deadline);
    order.push_back(id);
    if (wakes)
        wakes->push_back(w);
}

// Sleeps \a n times \a step apart (drift-free) and records each wake.
QCoro::Task<> ticker(Scheduler &s, int n, qint64 step, std::vector<Scheduler::Wake> &wakes,
                     qint64 *startOut = nullptr) {
    const qint64 start = s.now();
    if (startOut)
        *startOut = start;
    for (int k = 1; k <= n; ++k)
        wakes.push_back(co_await s.sleepUntil(start + k * step));
}

// Blocks the loop's thread for \a ns at time \a at, then records when it ended.
QCoro::Task<> blocker(Scheduler &s, qint64 at, qint64 ns, qint64 &endedAt) {
    co_await s.sleepUntil(at);
    s.spendBlocking(ns);
    endedAt = s.now();
}

// Wakes at \a due, reads the pass's age, blocks \a blockNs, reads it again.
QCoro::Task<> passReader(Scheduler &s, qint64 due, qint64 blockNs, qint64 &age,
                         qint64 &ageAfterBlock, int &woken) {
    co_await s.sleepUntil(due);
    age = s.passAgeNs();
    s.spendBlocking(blockNs);
    ageAfterBlock = s.passAgeNs();
    ++woken;
}

void spinFor(qint64 ns) {
    const qint64 until = Scheduler::realNs() + ns;
    while (Scheduler::realNs() < until)
        ;
}

// What settledNs() said inside a pass: at the wake, after work that publishes nothing (a
// preemption between a stamp and its publication, say), inside settledDuring() and after it.
struct Edges {
    qint64 wokeAt = -1, atWake = -1, afterSpin = -1, during = -1, duringClock = -1, after = -1;
};
QCoro::Task<> edgeReader(Scheduler &s, qint64 due, Edges &e, bool &done) {
    const Scheduler::Wake w = co_await s.sleepUntil(due);
    e.wokeAt = w.atNs;
    e.atWake = s.settledNs();
    spinFor(5 * kMs);
    e.afterSpin = s.settledNs();
    s.settledDuring([&] {
        spinFor(5 * kMs);
        e.during = s.settledNs();
        e.duringClock = s.now();
    });
    e.after = s.settledNs();
    done = true;
}

qint64 threadCpuNs() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Turns of the event loop without waiting: what a paused clock must survive.
void spinLoop(int turns = 50) {
    for (int i = 0; i < turns; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Ordering, on the virtual clock: exact, and no real time passes.

    void resumesInDeadlineOrder() {
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        std::vector<QCoro::Task<>> tasks;
        for (int id : {3, 1, 4, 0, 2}) // started out of order
            tasks.push_back(sleeper(s, qint64(id + 1) * 10 * kMs, id, order, &wakes));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(5), 5000);
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4}));
        for (int id = 0; id < 5; ++id) // each exactly at its deadline
            QCOMPARE(wakes[size_t(id)].atNs, qint64(id + 1) * 10 * kMs);
        QCOMPARE(s.now(), 50 * kMs);
    }

    void equalDeadlinesAreFifo() {
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        std::vector<QCoro::Task<>> tasks;
        tasks.reserve(100);
        for (int id = 0; id < 100; ++id)
            tasks.push_back(sleeper(s, 20 * kMs, id, order));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(100), 5000);
        for (int id = 0; id < 100; ++id)
            QCOMPARE(order[size_t(id)], id);
    }

    void mixedOrderUsesHeapAndFifoTogether() {
        // In-order deadlines go to the FIFO, earlier ones to the heap; the merge of the two
        // must still be in deadline order, ties FIFO.
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        std::vector<QCoro::Task<>> tasks;
        const int deadlines[] = {10, 20, 20, 30, 5, 15, 20, 40, 1, 30};
        tasks.reserve(10);
        for (int i = 0; i < 10; ++i)
            tasks.push_back(sleeper(s, deadlines[i] * kMs, i, order));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(10), 5000);
        QCOMPARE(order, (std::vector<int>{8, 4, 0, 5, 1, 2, 6, 3, 9, 7}));
    }

    void virtualClockJumpsOverIdleTime() {
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        QElapsedTimer real;
        real.start();
        auto t = sleeper(s, 2 * kHour, 0, order, &wakes);
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(1), 5000);
        QCOMPARE(wakes[0].atNs, 2 * kHour);
        QVERIFY(!wakes[0].cancelled);
        QVERIFY2(real.elapsed() < 5000, "two virtual hours took real time");
    }

    void destroyedWaiterIsNeverResumed() {
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        auto gen = [](Scheduler &s, qint64 due, bool &resumed) -> QCoro::AsyncGenerator<int> {
            co_await s.sleepUntil(due);
            resumed = true;
            co_yield 1;
        };
        auto begin = [](QCoro::AsyncGenerator<int> &g) -> OwnedCoroutine { co_await g.begin(); };
        // Live sleepers due at the same moment before and after the doomed one, so its
        // stale heap entry is popped in the middle of a batch.
        const qint64 due = 20 * kMs;
        auto first = sleeper(s, due, 1, order);
        bool resumed = false;
        {
            auto g = gen(s, due, resumed);
            auto t = begin(g); // the generator now sleeps inside the scheduler
            QCOMPARE(s.pending(), 2);
            // Destroying the generator destroys its frame and the awaiter in it. The task
            // awaiting it stays suspended; QCoro detaches it when the Task is destroyed.
        }
        QCOMPARE(s.pending(), 1);
        // Reuses the freed slot: the stale entry must not wake it early.
        std::vector<Scheduler::Wake> wakes;
        const qint64 lastDue = due + 30 * kMs;
        auto last = sleeper(s, lastDue, 2, order, &wakes);
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(2), 5000);
        QCOMPARE(order, (std::vector<int>{1, 2}));
        QCOMPARE(wakes.at(0).atNs, lastDue);
        QVERIFY(!resumed);
        QCOMPARE(s.pending(), 0);
    }

    void cancelAllWakesEveryoneCancelled_data() {
        QTest::addColumn<Clock>("clock");
        QTest::newRow("real") << Clock::Real;
        QTest::newRow("virtual") << Clock::Virtual;
    }
    void cancelAllWakesEveryoneCancelled() {
        QFETCH(Clock, clock);
        Scheduler s(clock);
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        std::vector<QCoro::Task<>> tasks;
        tasks.reserve(10);
        for (int id = 0; id < 10; ++id)
            tasks.push_back(sleeper(s, s.now() + kHour, id, order, &wakes));
        QCOMPARE(s.pending(), 10);
        s.cancelAll();
        QCOMPARE(order.size(), size_t(10));
        QCOMPARE(s.pending(), 0);
        for (const auto &w : wakes)
            QVERIFY(w.cancelled);
        for (const auto &t : tasks)
            QVERIFY(t.isReady());
        // A sleep after cancellation does not suspend.
        auto late = sleeper(s, s.now() + kHour, 99, order, &wakes);
        QVERIFY(late.isReady());
        QVERIFY(wakes.back().cancelled);
    }

    // The lesson clock.

    void pauseFreezesAndStepServesOneDeadline() {
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        s.pause();
        QVERIFY(s.isPaused());
        std::vector<QCoro::Task<>> tasks;
        for (int id : {2, 0, 1, 3}) // 3 shares id 2's deadline
            tasks.push_back(sleeper(s, qint64(id == 3 ? 3 : id + 1) * 10 * kMs, id, order, &wakes));
        spinLoop();
        QVERIFY(order.empty());
        QCOMPARE(s.now(), 0);
        QVERIFY(s.stepToNextWake());
        QCOMPARE(order, (std::vector<int>{0}));
        QCOMPARE(s.now(), 10 * kMs);
        QCOMPARE(wakes[0].atNs, 10 * kMs);
        spinLoop();
        QCOMPARE(order.size(), size_t(1)); // still paused
        QVERIFY(s.stepToNextWake());
        QCOMPARE(order, (std::vector<int>{0, 1}));
        QVERIFY(s.stepToNextWake()); // both due at 30 ms, in FIFO order
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(s.now(), 30 * kMs);
        QVERIFY(!s.stepToNextWake()); // nobody left
        QVERIFY(s.isPaused());
    }

    void stepServesWhatTheWokenMakeDueAtOnce() {
        Scheduler s(Clock::Virtual);
        s.pause();
        std::vector<Scheduler::Wake> wakes;
        auto chain = [](Scheduler &s, std::vector<Scheduler::Wake> &wakes) -> QCoro::Task<> {
            wakes.push_back(co_await s.sleepUntil(5 * kMs));
            wakes.push_back(co_await s.sleepUntil(s.now())); // a yield to the loop
            wakes.push_back(co_await s.sleepUntil(s.now() + kMs));
        };
        auto t = chain(s, wakes);
        QVERIFY(s.stepToNextWake());
        QCOMPARE(wakes.size(), size_t(2));
        QCOMPARE(wakes[1].atNs, 5 * kMs);
        QVERIFY(s.stepToNextWake());
        QCOMPARE(wakes.size(), size_t(3));
        QCOMPARE(wakes[2].atNs, 6 * kMs);
        QVERIFY(t.isReady());
    }

    void resumeContinuesFromWhereItPaused() {
        Scheduler s(Clock::Virtual);
        std::vector<Scheduler::Wake> wakes;
        auto t = ticker(s, 5, 10 * kMs, wakes);
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(5), 5000);
        s.pause();
        wakes.clear();
        auto u = ticker(s, 3, 10 * kMs, wakes); // from 50 ms
        spinLoop();
        QVERIFY(wakes.empty());
        s.resume();
        QVERIFY(!s.isPaused());
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(3), 5000);
        for (int k = 0; k < 3; ++k)
            QCOMPARE(wakes[size_t(k)].atNs, 50 * kMs + qint64(k + 1) * 10 * kMs);
    }

    void speedIsClampedAndZeroIsAutojump() {
        Scheduler s(Clock::Virtual);
        QCOMPARE(s.speed(), 0.0); // autojump by default
        s.setSpeed(100);
        QCOMPARE(s.speed(), 10.0);
        s.setSpeed(0.01);
        QCOMPARE(s.speed(), 0.1);
        s.setSpeed(2.5);
        QCOMPARE(s.speed(), 2.5);
        s.setSpeed(0);
        QCOMPARE(s.speed(), 0.0);
        Scheduler real(Clock::Real); // the lesson clock is the virtual clock's only
        real.setSpeed(2);
        real.pause();
        QCOMPARE(real.speed(), 0.0);
        QVERIFY(!real.isPaused());
    }

    void pacedClockTakesRealTime() {
        // 10× faster than real time: 200 virtual ms take at least 20 real ms, and every
        // wake is exactly on its virtual deadline.
        Scheduler s(Clock::Virtual);
        s.setSpeed(10);
        std::vector<Scheduler::Wake> wakes;
        QElapsedTimer real;
        real.start();
        qint64 start = -1; // paced time flows: a little has passed since setSpeed()
        auto t = ticker(s, 4, 50 * kMs, wakes, &start);
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(4), 5000);
        QVERIFY2(real.nsecsElapsed() >= 20 * kMs, qPrintable(QString::number(real.elapsed())));
        QVERIFY(start >= 0 && start < 200 * kMs);
        for (int k = 0; k < 4; ++k)
            QCOMPARE(wakes[size_t(k)].atNs, start + qint64(k + 1) * 50 * kMs);
        QVERIFY(s.now() >= start + 200 * kMs); // paced time keeps flowing
    }

    void spendBlockingAdvancesVirtualTimeAndMakesOthersLate() {
        Scheduler s(Clock::Virtual);
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        qint64 endedAt = -1;
        auto b = blocker(s, 1 * kMs, 8 * kMs, endedAt); // blocks 1 ms … 9 ms
        auto a = sleeper(s, 5 * kMs, 0, order, &wakes); // due meanwhile
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(1), 5000);
        QCOMPARE(endedAt, 9 * kMs);
        QCOMPARE(wakes[0].atNs, 9 * kMs); // 4 ms late: the loop was blocked
        QCOMPARE(s.maxStallMs(), 8.0);
    }

    // The real clock: exact lower bounds, generous upper bounds.

    void neverWakesEarlyAndReportsWakeTime_data() {
        QTest::addColumn<Scheduler::WakeSource>("source");
        QTest::newRow("timerfd") << Scheduler::WakeSource::TimerFd;
        QTest::newRow("qtimer+spin") << Scheduler::WakeSource::QTimerSpin;
    }
    void neverWakesEarlyAndReportsWakeTime() {
        QFETCH(Scheduler::WakeSource, source);
        Scheduler s(Clock::Real, source);
        QCOMPARE(s.wakeSource(), source); // timerfd exists on every Linux this runs on
        std::vector<Scheduler::Wake> wakes;
        qint64 start = 0;
        auto t = ticker(s, 20, 3 * kMs + 123'456, wakes, &start); // not a whole millisecond
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(20), 5000);
        for (int k = 0; k < 20; ++k) {
            const qint64 due = start + (k + 1) * (3 * kMs + 123'456);
            QVERIFY(!wakes[size_t(k)].cancelled);
            QVERIFY2(wakes[size_t(k)].atNs >= due, "resumed before its deadline");
            QVERIFY2(wakes[size_t(k)].atNs < due + 1000 * kMs, "resumed far too late");
        }
    }

    void timerFdWaitsWithoutSpinning_data() { neverWakesEarlyAndReportsWakeTime_data(); }
    void timerFdWaitsWithoutSpinning() {
        // 100 sleeps of 2 ms. Spinning before each deadline (the fallback) keeps the thread
        // on the CPU for about half of that time; the timerfd sleeps in the kernel. Thread
        // CPU time does not grow when the machine is busy, so the bound holds under load.
        QFETCH(Scheduler::WakeSource, source);
        Scheduler s(Clock::Real, source);
        std::vector<Scheduler::Wake> wakes;
        const qint64 cpu0 = threadCpuNs();
        QElapsedTimer real;
        real.start();
        auto t = ticker(s, 100, 2 * kMs, wakes);
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(100), 10000);
        const qint64 cpu = threadCpuNs() - cpu0;
        const qint64 wall = real.nsecsElapsed();
        QVERIFY(wall >= 200 * kMs);
        const double share = double(cpu) / double(wall);
        qInfo("thread CPU %.1f ms over %.1f ms (%.0f %%)", cpu / 1e6, wall / 1e6, share * 100);
        if (source == Scheduler::WakeSource::TimerFd)
            QVERIFY2(share < 0.25, "the timerfd scheduler burnt CPU while waiting");
    }

    void eventLoopStaysFreeWhileTasksSleep() {
        // The loop must get turns while 1000 coroutines sleep: a zero timer posted after
        // they all went to sleep fires while every one of them is still pending. (Their
        // second-long sleep leaves room for a slow start under sanitizers and load.)
        Scheduler s;
        std::vector<int> order;
        LoopChecker checker;
        std::vector<QCoro::Task<>> tasks;
        const qint64 due = s.now() + 1000 * kMs;
        tasks.reserve(1000);
        for (int id = 0; id < 1000; ++id)
            tasks.push_back(sleeper(s, due, id, order));
        int pendingSeenByTheLoop = -1;
        QTimer::singleShot(0, this, [&] { pendingSeenByTheLoop = s.pending(); });
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(1000), 10000);
        QCOMPARE(pendingSeenByTheLoop, 1000);
        QVERIFY2(checker.ticks() >= 1, "the event loop did not run while 1000 tasks slept");
    }

    void spendBlockingReallyBlocksOnTheRealClock() {
        Scheduler s(Clock::Real);
        bool loopRan = false;
        QTimer::singleShot(0, this, [&] { loopRan = true; });
        const qint64 before = s.now();
        s.spendBlocking(15 * kMs);
        QVERIFY(s.now() - before >= 15 * kMs);
        QVERIFY2(!loopRan, "the event loop ran during a blocking call");
        QTRY_VERIFY(loopRan);
    }

    void aBatchIsOnePassAcrossItsSlices() {
        // Two waiters due at once, the first blocking past a slice: the second is woken by
        // the next callback, and the pass (the batch, which the window steps aside for) is
        // still the one that began with the first.
        Scheduler s(Clock::Real);
        QCOMPARE(s.passAgeNs(), qint64(-1));
        const qint64 due = s.now() + 20 * kMs;
        const qint64 block = Scheduler::kSliceNs + 2 * kMs;
        qint64 firstAge = -2, afterBlock = -2, secondAge = -2, unused = -2;
        int woken = 0;
        auto first = passReader(s, due, block, firstAge, afterBlock, woken);
        auto second = passReader(s, due, 0, secondAge, unused, woken);
        QTRY_COMPARE_WITH_TIMEOUT(woken, 2, 10000);
        QVERIFY(firstAge >= 0);
        QVERIFY(afterBlock >= firstAge + block);
        QVERIFY2(secondAge >= afterBlock, "the slice after the block began a pass of its own");
        spinLoop();
        QCOMPARE(s.lastWoken(), 2);          // both slices' waiters: one batch
        QCOMPARE(s.passAgeNs(), qint64(-1)); // nothing due: no pass
    }

    void aBatchComingIsSeen() {
        // Three waiters due together, then one alone later: while they sleep the next
        // wake-up is ahead; after the three, the last callback woke three.
        Scheduler s(Clock::Real);
        QCOMPARE(s.nextWakeInNs(), qint64(-1)); // nothing armed
        std::vector<int> order;
        const qint64 first = s.now() + 30 * kMs;
        std::vector<QCoro::Task<>> tasks;
        tasks.reserve(4);
        for (int id = 0; id < 3; ++id)
            tasks.push_back(sleeper(s, first, id, order));
        tasks.push_back(sleeper(s, first + 5'000 * kMs, 3, order));
        const qint64 ahead = s.nextWakeInNs();
        QVERIFY(ahead > 0 && ahead <= 30 * kMs);
        QCOMPARE(s.lastWoken(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(3), 10000);
        spinLoop();
        QCOMPARE(s.lastWoken(), 3);
        const qint64 next = s.nextWakeInNs(); // the fourth, ~5 s on (minus a loaded wait)
        QVERIFY(next > 1'000 * kMs && next <= 5'000 * kMs);
        s.cancelAll();
        QCOMPARE(s.nextWakeInNs(), qint64(-1));
    }

    // A reader on another thread draws up to settledNs(): never past a stamp the scheduler's
    // thread has taken but not published. Inside a pass it holds at the pass's start, however
    // long the pass goes, except through a task's own work on the loop (settledDuring()).
    void theLiveEdgeHoldsWhileAPassHasUnpublishedStamps() {
        Scheduler s(Clock::Real);
        const qint64 idle = s.now();
        QVERIFY(s.settledNs() >= idle); // settled: the clock
        Edges e;
        bool done = false;
        auto t = edgeReader(s, s.now() + 10 * kMs, e, done);
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(e.atWake <= e.wokeAt,
                 qPrintable(
                     QStringLiteral("edge %1 ns, wake stamped %2 ns").arg(e.atWake).arg(e.wokeAt)));
        QCOMPARE(e.afterSpin, e.atWake); // 5 ms later, still unpublished: it holds
        // Through the task's own work the edge is the clock (read just after it).
        QVERIFY(e.during >= e.atWake + 5 * kMs);
        QVERIFY(e.during <= e.duringClock);
        QVERIFY(e.after >= e.during); // unsettled again from the work's end
        QVERIFY(e.after <= s.now());
        const qint64 before = s.now();
        QVERIFY(s.settledNs() >= before); // the pass is over: the clock again
    }

    void aTaskResumedOutsideAPassHoldsTheEdgeUntilTheLoop() {
        // A worker thread's result resumes a task from a Qt event, not from a pass.
        Scheduler s(Clock::Real);
        s.unsettleUntilIdle();
        const qint64 held = s.settledNs();
        spinFor(3 * kMs);
        QCOMPARE(s.settledNs(), held);
        s.unsettleUntilIdle(); // a second one in the same turn keeps the first moment
        QCOMPARE(s.settledNs(), held);
        spinLoop();
        QVERIFY(s.settledNs() >= held + 3 * kMs);
    }

    void theVirtualEdgeIsThePublishedTime() {
        Scheduler s(Clock::Virtual);
        Edges e;
        bool done = false;
        auto t = edgeReader(s, 7 * kMs, e, done);
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QCOMPARE(e.atWake, 7 * kMs);
        QCOMPARE(e.afterSpin, 7 * kMs); // virtual time does not flow while a task runs
        QCOMPARE(s.settledNs(), s.publishedNow());
    }

    void theVirtualClockHasNoPass() {
        Scheduler s(Clock::Virtual);
        qint64 age = -2, afterBlock = -2;
        int woken = 0;
        auto t = passReader(s, 10 * kMs, kMs, age, afterBlock, woken);
        QTRY_COMPARE_WITH_TIMEOUT(woken, 1, 5000);
        QCOMPARE(age, qint64(-1));
        QCOMPARE(afterBlock, qint64(-1));
        QCOMPARE(s.nextWakeInNs(), qint64(-1));
        QCOMPARE(s.lastWoken(), 0);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
