#include "coroutinetest.h"
#include "engine/scheduler.h"

#include <QCoroAsyncGenerator>

#include <QTest>

#include <memory>
#include <vector>

using namespace coroscope;
using namespace coroscope::test;

namespace {

constexpr qint64 kMs = 1'000'000;

QCoro::Task<> sleeper(Scheduler &s, qint64 deadline, int id, std::vector<int> &order,
                      std::vector<Scheduler::Wake> *wakes = nullptr) {
    const Scheduler::Wake w = co_await s.sleepUntil(deadline);
    order.push_back(id);
    if (wakes)
        wakes->push_back(w);
}

} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resumesInDeadlineOrder() {
        Scheduler s;
        std::vector<int> order;
        const qint64 t0 = s.now();
        std::vector<QCoro::Task<>> tasks;
        for (int id : {3, 1, 4, 0, 2}) // started out of order
            tasks.push_back(sleeper(s, t0 + (id + 1) * 10 * kMs, id, order));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(5), 5000);
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4}));
    }

    void equalDeadlinesAreFifo() {
        Scheduler s;
        std::vector<int> order;
        const qint64 due = s.now() + 20 * kMs;
        std::vector<QCoro::Task<>> tasks;
        for (int id = 0; id < 100; ++id)
            tasks.push_back(sleeper(s, due, id, order));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(100), 5000);
        for (int id = 0; id < 100; ++id)
            QCOMPARE(order[size_t(id)], id);
    }

    void neverWakesEarlyAndReportsWakeTime() {
        Scheduler s;
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        const qint64 due = s.now() + 15 * kMs;
        auto t = sleeper(s, due, 0, order, &wakes);
        QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), size_t(1), 5000);
        QVERIFY(!wakes[0].cancelled);
        QVERIFY2(wakes[0].atNs >= due, "resumed before its deadline");
        QVERIFY2(wakes[0].atNs < due + 1000 * kMs, "resumed far too late");
    }

    void eventLoopStaysFreeWhileTasksSleep() {
        Scheduler s;
        std::vector<int> order;
        LoopChecker checker;
        std::vector<QCoro::Task<>> tasks;
        for (int id = 0; id < 1000; ++id)
            tasks.push_back(sleeper(s, s.now() + 50 * kMs, id, order));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(1000), 5000);
        QVERIFY2(checker.ticks() >= 5, "the event loop did not run while 1000 tasks slept");
    }

    void destroyedWaiterIsNeverResumed() {
        Scheduler s;
        std::vector<int> order;
        auto gen = [](Scheduler &s, qint64 due, bool &resumed) -> QCoro::AsyncGenerator<int> {
            co_await s.sleepUntil(due);
            resumed = true;
            co_yield 1;
        };
        auto begin = [](QCoro::AsyncGenerator<int> &g) -> OwnedCoroutine { co_await g.begin(); };
        // Live sleepers due at the same moment before and after the doomed one, so its
        // stale heap entry is popped in the middle of a batch.
        const qint64 due = s.now() + 20 * kMs;
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
        QVERIFY(wakes.at(0).atNs >= lastDue);
        QVERIFY(!resumed);
        QCOMPARE(s.pending(), 0);
    }

    void cancelAllWakesEveryoneCancelled() {
        Scheduler s;
        std::vector<int> order;
        std::vector<Scheduler::Wake> wakes;
        std::vector<QCoro::Task<>> tasks;
        for (int id = 0; id < 10; ++id)
            tasks.push_back(sleeper(s, s.now() + 3600'000 * kMs, id, order, &wakes));
        QCOMPARE(s.pending(), 10);
        s.cancelAll();
        QCOMPARE(order.size(), size_t(10));
        QCOMPARE(s.pending(), 0);
        for (const auto &w : wakes)
            QVERIFY(w.cancelled);
        for (const auto &t : tasks)
            QVERIFY(t.isReady());
        // A sleep after cancellation does not suspend.
        auto late = sleeper(s, s.now() + 3600'000 * kMs, 99, order, &wakes);
        QVERIFY(late.isReady());
        QVERIFY(wakes.back().cancelled);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
