// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lesson lab's scenarios: each shape as a data table over the clock. On the virtual
// clock every time is its formula exactly (ordering and timing need no real time, so
// they hold under any load); the real-clock rows, a few per scenario, keep exact lower
// bounds, and where a wall bound would measure the machine's load (ThreadSanitizer on a
// busy machine: 0.46 s over a 0.3 s ideal), a fact of the program that does not: steps
// that overlap, a value resumed while a call still held its thread. Bounded keeps an
// upper bound with its slack stated. Stop and destruction mid-run are real-clock only.
#include "engine/run.h"
#include "model/taskstates.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace coroscope;

namespace {

constexpr qint64 kMs = 1'000'000;

RunParams lab(Scenario s, int variant, int tasks, int values, double delay,
              Clock clock = Clock::Real) {
    RunParams p;
    p.clock = clock;
    p.scenario = s;
    p.variant = variant;
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = delay;
    p.seed = 7;
    p.timing = Timing::DriftFree; // lateness does not add up: steadier under load
    return p;
}

//! Runs \a p to its end; the record stays with the returned run.
std::unique_ptr<Run> runToEnd(RunParams p) {
    resolveLabDefaults(p);
    const QString why = p.validate();
    if (!why.isEmpty())
        qFatal("invalid params: %s", qPrintable(why));
    auto run = std::make_unique<Run>(p);
    QSignalSpy finished(run.get(), &Run::finished);
    run->start();
    if (!finished.wait(30'000))
        qFatal("the run did not finish");
    return run;
}

const GroupRecord &only(const Run &run) {
    return *run.record().groups.at(0);
}

bool hasFact(const Run &run, const GroupRecord &g, const QString &part) {
    for (const NarrationFact &f : narrationFacts(run.record().params, g))
        if (f.text.contains(part))
            return true;
    return false;
}

//! Seconds as the record's ns (wall_s is ns / 1e9): for exact comparisons.
qint64 ns(double seconds) {
    return std::llround(seconds * 1e9);
}

//! The clock column of a test's data table.
#define FETCH_CLOCK                                                                                \
    QFETCH(Clock, clock);                                                                          \
    const bool exact = clock == Clock::Virtual

} // namespace

Q_DECLARE_METATYPE(coroscope::Clock)

class TestScenarios : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boundedTakesCeilNOverKWindows_data() {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("windows");
        QTest::addColumn<Clock>("clock");
        QTest::newRow("K=1 is sequential") << 1 << 4 << Clock::Virtual;
        QTest::newRow("K=2") << 2 << 2 << Clock::Virtual;
        QTest::newRow("K=3") << 3 << 2 << Clock::Virtual;
        QTest::newRow("K=N is concurrent") << 4 << 1 << Clock::Virtual;
        QTest::newRow("K=2, real clock") << 2 << 2 << Clock::Real;
    }
    void boundedTakesCeilNOverKWindows() {
        QFETCH(int, limit);
        QFETCH(int, windows);
        FETCH_CLOCK;
        RunParams p = lab(Scenario::Bounded, 0, 4, 4, 0.05, clock);
        p.lab.limit = limit;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        const qint64 window = qint64(4) * 50 * kMs;
        QCOMPARE(g.status, RunStatus::Finished);
        QCOMPARE(ns(g.health.idealS), windows * window);
        // Task t holds a permit only in window t / K: its first value is due a delay later.
        for (int t = 0; t < 4; ++t) {
            QCOMPARE(g.count(t), 4);
            const qint64 due = (t / limit) * window + 50 * kMs;
            if (exact)
                QCOMPARE(g.dueNs(t, 0), due);
            else
                QVERIFY(g.dueNs(t, 0) >= due);
        }
        if (exact) {
            QCOMPARE(ns(g.health.wallS), windows * window);
        } else {
            QVERIFY(ns(g.health.wallS) >= windows * window);
            // Slack 150 ms; one window more would be 200 ms.
            QVERIFY2(ns(g.health.wallS) < windows * window + 150 * kMs,
                     qPrintable(QString::number(g.health.wallS)));
        }
        // Who waited, recorded: the tasks beyond the first K, on a permit.
        for (int t = 0; t < 4; ++t) {
            const std::vector<StateInterval> tl = taskTimeline(run->record().params, g, t);
            QVERIFY(!tl.empty());
            const bool waited =
                tl.front().state == TaskState::Waiting && tl.front().on == WaitTarget::Permit;
            QCOMPARE(waited, t >= limit);
            QCOMPARE(tl.back().state, TaskState::Done);
        }
        QCOMPARE(hasFact(*run, g, QStringLiteral("waited for a permit")), limit < 4);
    }

    // Task 0 makes a 0.5 s blocking call at its value 1 (at 0.1 s): on the loop every
    // lane waits for it; offloaded nobody does.
    void blockingCall_data() {
        QTest::addColumn<int>("variant");
        QTest::addColumn<Clock>("clock");
        QTest::newRow("block") << 0 << Clock::Virtual;
        QTest::newRow("offload") << 1 << Clock::Virtual;
        QTest::newRow("block, real clock") << 0 << Clock::Real;
        QTest::newRow("offload, real clock") << 1 << Clock::Real;
    }
    void blockingCall() {
        QFETCH(int, variant);
        FETCH_CLOCK;
        const qint64 block = 500 * kMs;
        RunParams p = lab(Scenario::Blocking, variant, 3, 4, 0.1, clock);
        p.timing = Timing::Relative; // asyncio's sleeps: the loss stays
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.5;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        const qint64 ideal = qint64(4) * 100 * kMs + (block - 100 * kMs);
        QCOMPARE(ns(g.health.idealS), ideal); // values × delay + max(0, block − delay)
        QCOMPARE(g.spans().size(), size_t(1));
        const StateSpan &s = g.spans().front();
        QCOMPARE(s.task, 0);
        QCOMPARE(s.state, variant == 0 ? TaskState::Blocked : TaskState::Offloaded);
        QCOMPARE(s.on, variant == 0 ? WaitTarget::None : WaitTarget::Thread);
        if (exact) {
            QCOMPARE(s.fromNs, 100 * kMs); // right after its value 0
            QCOMPARE(s.toNs - s.fromNs, block);
        } else {
            QVERIFY(s.fromNs >= 100 * kMs);
            QVERIFY(s.toNs - s.fromNs >= block);
        }
        if (variant == 0) {
            // Tasks 1 and 2 were due at 0.1 s too, resumed after the block (FIFO), and
            // sleep relative: everything after shifts by the block.
            for (int t = 1; t < 3; ++t) {
                if (exact)
                    QCOMPARE(g.atNs(t, 0), 100 * kMs + block);
                else
                    QVERIFY(g.atNs(t, 0) >= 100 * kMs + block);
            }
            const qint64 wall = qint64(4) * 100 * kMs + block; // ideal + what the block lost
            if (exact) {
                QCOMPARE(ns(g.health.wallS), wall);
                QCOMPARE(g.health.maxStallMs, 500.0);
            } else {
                QVERIFY(ns(g.health.wallS) >= wall);
                QVERIFY(g.health.maxStallMs >= 500);
            }
            QVERIFY(hasFact(*run, g, QStringLiteral("blocked the event loop")));
            // Task 1 was ready (due, not resumed) while task 0 held the loop.
            QCOMPARE(stateAt(run->record().params, g, 1, s.fromNs + 40 * kMs), TaskState::Ready);
        } else if (exact) {
            QCOMPARE(ns(g.health.wallS), ideal); // the thread's 0.5 s, then 3 more values
            QCOMPARE(g.health.maxStallMs, 0.0);
            QCOMPARE(g.latenessNs(1, 0), 0);
        } else {
            QVERIFY(ns(g.health.wallS) >= ideal);
            // Task 1's value 0 (due at 0.1 s) came while task 0's call still held its
            // thread: the loop was free. Blocking, it comes only after the call. (A wall
            // bound would measure the machine's load as much as the program.)
            QVERIFY2(g.atNs(1, 0) < s.toNs, qPrintable(QString::number(g.atNs(1, 0))));
        }
    }

    void timeoutCancelsMidSleepAndKeepsPartialLists_data() {
        QTest::addColumn<Clock>("clock");
        QTest::newRow("virtual") << Clock::Virtual;
        QTest::newRow("real") << Clock::Real;
    }
    void timeoutCancelsMidSleepAndKeepsPartialLists() {
        FETCH_CLOCK;
        RunParams p = lab(Scenario::Timeout, 1, 4, 10, 0.02, clock);
        p.lab.timeoutSeconds = 0.11; // 5.5 delays
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::TimedOut);
        QCOMPARE(g.health.idealS, 0.11);
        if (exact)
            QCOMPARE(ns(g.health.wallS), 110 * kMs);
        else
            QVERIFY(ns(g.health.wallS) >= 110 * kMs);
        for (int t = 0; t < 4; ++t) {
            // Due at 20 … 100 ms, the sixth at 120 ms is cut. Load cannot change it: the
            // scheduler resumes what is due in deadline order, yields before the deadline.
            QCOMPARE(g.count(t), 5);
            QCOMPARE(g.endNs(t), qint64(-1));
            const TaskOutcome *o = g.outcomeOf(t);
            QVERIFY(o);
            QCOMPARE(o->state, TaskState::Cancelled);
            QCOMPARE(o->cause, CancelCause::Timeout);
            if (exact)
                QCOMPARE(o->atNs, 110 * kMs);
            else
                QVERIFY(o->atNs >= 110 * kMs);
        }
        const qint64 yields = g.yields();
        QTest::qWait(80); // nothing is resumed after the timeout
        QCOMPARE(g.yields(), yields);
        QVERIFY(hasFact(*run, g, QStringLiteral("by the group's timeout")));
    }

    void withoutTimeoutEveryListIsWhole() {
        const auto run = runToEnd(lab(Scenario::Timeout, 0, 3, 4, 0.02, Clock::Virtual));
        QCOMPARE(only(*run).status, RunStatus::Finished);
        QCOMPARE(ns(only(*run).health.wallS), 80 * kMs);
        for (int t = 0; t < 3; ++t)
            QCOMPARE(only(*run).count(t), 4);
    }

    // Task 1 raises at its value 2 (at 3 delays): gather lets the others finish, a task
    // group cancels them at the failure.
    void oneFailure_data() {
        QTest::addColumn<int>("variant");
        QTest::addColumn<Clock>("clock");
        QTest::newRow("gather") << 0 << Clock::Virtual;
        QTest::newRow("task-group") << 1 << Clock::Virtual;
        QTest::newRow("gather, real clock") << 0 << Clock::Real;
        QTest::newRow("task-group, real clock") << 1 << Clock::Real;
    }
    void oneFailure() {
        QFETCH(int, variant);
        FETCH_CLOCK;
        const qint64 delay = 50 * kMs;
        RunParams p = lab(Scenario::Failure, variant, 4, 6, 0.05, clock);
        p.lab.failTask = 1;
        p.lab.failAt = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::Failed);
        const TaskOutcome *failed = g.outcomeOf(1);
        QVERIFY(failed);
        QCOMPARE(failed->state, TaskState::Failed);
        QCOMPARE(failed->error, QStringLiteral("task 1 could not read value 2"));
        if (exact)
            QCOMPARE(failed->atNs, 3 * delay);
        else
            QVERIFY(failed->atNs >= 3 * delay);
        QCOMPARE(g.count(1), 2);
        QVERIFY(hasFact(*run, g, QStringLiteral("task 1 failed at")));
        const qint64 ideal = variant == 0 ? 6 * delay : 3 * delay;
        QCOMPARE(ns(g.health.idealS), ideal);
        if (exact)
            QCOMPARE(ns(g.health.wallS), ideal);
        else
            QVERIFY(ns(g.health.wallS) >= ideal);
        if (variant == 0) {
            for (int t : {0, 2, 3}) {
                QCOMPARE(g.count(t), 6);
                QVERIFY(g.endNs(t) >= 6 * delay);
                QVERIFY(!g.outcomeOf(t));
            }
            return;
        }
        // The siblings' counts and outcomes below show the cancellation at the failure on
        // either clock (gather would give them all 6 values).
        // Task 0 was resumed before task 1 at 3 delays (FIFO) and yielded its third; the
        // same on either clock, whatever the load: equal deadlines resume in FIFO order.
        QCOMPARE(g.count(0), 3);
        for (int t : {2, 3}) {
            QCOMPARE(g.count(t), 2);
            const TaskOutcome *o = g.outcomeOf(t);
            QVERIFY(o);
            QCOMPARE(o->cause, CancelCause::Failure);
            QCOMPARE(o->by, 1);
            QCOMPARE(o->atNs, failed->atNs);
        }
        QVERIFY(hasFact(*run, g, QStringLiteral("by task 1's failure")));
    }

    void queueWorkersShareTheItems_data() {
        QTest::addColumn<int>("variant");
        QTest::addColumn<int>("rounds");
        QTest::addColumn<Clock>("clock");
        QTest::newRow("3 workers") << 1 << 4 << Clock::Virtual;
        QTest::newRow("single") << 0 << 12 << Clock::Virtual;
        QTest::newRow("3 workers, real clock") << 1 << 4 << Clock::Real;
    }
    void queueWorkersShareTheItems() {
        QFETCH(int, variant);
        QFETCH(int, rounds);
        FETCH_CLOCK;
        const qint64 delay = 100 * kMs;
        RunParams p = lab(Scenario::Queue, variant, 4, 10, 0.1, clock);
        p.lab.items = 12;
        p.lab.workers = 3;
        p.lab.capacity = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        const int workers = variant == 1 ? 3 : 1;
        QCOMPARE(g.tasks(), workers + 1);
        QCOMPARE(ns(g.health.idealS), rounds * delay);
        if (exact) {
            QCOMPARE(ns(g.health.wallS), rounds * delay);
        } else {
            // Exact lower bound; the items' even split below shows every worker at work
            // (each sleep counts from its wake-up, so a wall bound would measure the load).
            QVERIFY(ns(g.health.wallS) >= rounds * delay);
        }
        int items = 0;
        for (int w = 0; w < workers; ++w) {
            QCOMPARE(g.count(w), 12 / workers);
            items += g.count(w);
        }
        QCOMPARE(items, 12);
        QVERIFY(g.endNs(workers) >= 0); // the producer put everything
        QVERIFY(hasFact(*run, g, QStringLiteral("waited for room in the queue")));
    }

    // 2 tasks × 3 values × 100 ms of hashing on 2 threads: on the loop one step after
    // another (600 ms), offloaded both at once (300 ms, the ideal).
    void cpuWork_data() {
        QTest::addColumn<int>("variant");
        QTest::addColumn<Clock>("clock");
        QTest::newRow("on-loop") << 0 << Clock::Virtual;
        QTest::newRow("offload") << 1 << Clock::Virtual;
        QTest::newRow("on-loop, real clock") << 0 << Clock::Real;
        QTest::newRow("offload, real clock") << 1 << Clock::Real;
    }
    void cpuWork() {
        QFETCH(int, variant);
        FETCH_CLOCK;
        const qint64 work = 100 * kMs;
        RunParams p = lab(Scenario::Cpu, variant, 2, 3, 1.0, clock);
        p.lab.workMs = 100;
        p.lab.threads = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(ns(g.health.idealS), 3 * work);
        const qint64 wall = variant == 0 ? 6 * work : 3 * work;
        if (exact) {
            QCOMPARE(ns(g.health.wallS), wall);
        } else {
            QVERIFY(ns(g.health.wallS) >= wall);
        }
        // Offloaded, the two tasks' steps overlap in time (both threads at once); on the
        // loop no two steps do. Exact on either clock, whatever the machine's load.
        bool overlap = false;
        for (const StateSpan &a : g.spans())
            for (const StateSpan &b : g.spans())
                overlap = overlap ||
                          (a.task == 0 && b.task == 1 && a.fromNs < b.toNs && b.fromNs < a.toNs);
        QCOMPARE(overlap, variant == 1);
        QCOMPARE(g.spans().size(), size_t(6));
        for (const StateSpan &s : g.spans()) {
            QCOMPARE(s.state, variant == 0 ? TaskState::Running : TaskState::Offloaded);
            if (exact)
                QCOMPARE(s.toNs - s.fromNs, work);
            else
                QVERIFY(s.toNs - s.fromNs >= work);
        }
        if (variant == 0)
            QVERIFY(g.health.maxStallMs >= 100);
        else if (exact)
            QCOMPARE(g.health.maxStallMs, 0.0);
    }

    // Ordering needs no real time: on the virtual clock only.
    void asCompletedDeliversInCompletionOrder() {
        RunParams p = lab(Scenario::AsCompleted, 1, 5, 3, 0.02, Clock::Virtual);
        p.lab.spread = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.deliveries().size(), size_t(5));
        for (size_t i = 1; i < 5; ++i) {
            const Delivery &a = g.deliveries()[i - 1];
            const Delivery &b = g.deliveries()[i];
            QVERIFY(g.endNs(a.task) <= g.endNs(b.task));
            QVERIFY(a.atNs <= b.atNs);
        }
        // Each result is handed over the moment its task ends.
        for (const Delivery &d : g.deliveries())
            QCOMPARE(d.atNs, g.endNs(d.task));
        // Their own delays: the ideal is the slowest task's.
        qint64 slowest = 0;
        for (int t = 0; t < 5; ++t)
            slowest = std::max(slowest, labTaskDelayNs(run->record().params, t));
        QCOMPARE(g.health.idealS, 3 * double(slowest) / 1e9);
        QCOMPARE(ns(g.health.wallS), 3 * slowest);
        for (int t = 0; t < 5; ++t) {
            QCOMPARE(g.dueNs(t, 2), 3 * labTaskDelayNs(run->record().params, t));
            QCOMPARE(g.atNs(t, 2), g.dueNs(t, 2));
        }
    }

    void gatherDeliversEverythingAtTheEndInOrder() {
        RunParams p = lab(Scenario::AsCompleted, 0, 5, 3, 0.02, Clock::Virtual);
        p.lab.spread = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.deliveries().size(), size_t(5));
        for (int t = 0; t < 5; ++t) {
            QCOMPARE(g.deliveries()[size_t(t)].task, t);
            QVERIFY(g.deliveries()[size_t(t)].atNs >= g.endNs(t));
            QCOMPARE(g.deliveries()[size_t(t)].atNs, ns(g.health.wallS));
        }
    }

    void compareRunsBothVariants() {
        RunParams p = lab(Scenario::Failure, 0, 3, 4, 0.02, Clock::Virtual);
        p.mode = Mode::Compare;
        p.lab.failTask = 0;
        p.lab.failAt = 1;
        const auto run = runToEnd(p);
        const RunRecord &r = run->record();
        QCOMPARE(r.groups.size(), size_t(2));
        QCOMPARE(groupLabel(r.params, r.groups[0]->kind()), QStringLiteral("gather"));
        QCOMPARE(groupLabel(r.params, r.groups[1]->kind()), QStringLiteral("task-group"));
        QCOMPARE(r.groups[0]->count(2), 4); // gather: the others go on
        QCOMPARE(r.groups[1]->count(2), 1); // task group: cancelled at the failure
        QCOMPARE(ns(r.groups[0]->health.wallS), 80 * kMs);
        QCOMPARE(ns(r.groups[1]->health.wallS), 40 * kMs);
    }

    void compareInTurnStartsEachVariantAtItsOwnZero() {
        RunParams p = lab(Scenario::Blocking, 0, 2, 3, 0.03, Clock::Virtual);
        p.mode = Mode::Compare;
        p.lab.blockAt = 0;
        p.lab.blockForSeconds = 0.02;
        const auto run = runToEnd(p);
        const RunRecord &r = run->record();
        for (const auto &g : r.groups) {
            QCOMPARE(g->status, RunStatus::Finished);
            QCOMPARE(g->startNs(0), 0); // from its own t = 0, not after the other
        }
        QCOMPARE(r.groups[0]->spans().front().state, TaskState::Blocked);
        QCOMPARE(r.groups[1]->spans().front().state, TaskState::Offloaded);
        QCOMPARE(r.groups[0]->health.maxStallMs, 20.0); // the block
        // A 20 ms block before a 30 ms sleep (drift-free) is absorbed: both take 3 delays.
        QCOMPARE(ns(r.groups[0]->health.wallS), 90 * kMs);
        QCOMPARE(ns(r.groups[1]->health.wallS), 90 * kMs);
    }

    void stopEndsEveryScenarioAtOnce_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("variant");
        for (int s = int(Scenario::Blocking); s <= int(Scenario::Cpu); ++s)
            for (int v : {0, 1})
                QTest::addRow("%s/%s", qPrintable(scenarioName(Scenario(s))),
                              qPrintable(variantName(Scenario(s), v)))
                    << s << v;
    }
    void stopEndsEveryScenarioAtOnce() {
        QFETCH(int, scenario);
        QFETCH(int, variant);
        RunParams p = lab(Scenario(scenario), variant, 6, 20, 0.02);
        p.lab.limit = 2;
        p.lab.workMs = 5;
        p.lab.blockAt = 2;
        p.lab.blockForSeconds = 0.01;
        resolveLabDefaults(p);
        QVERIFY2(p.validate().isEmpty(), qPrintable(p.validate()));
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QTest::qWait(70);
        run.stop();
        // At once, or (a task awaiting a worker thread) as soon as the thread hands back.
        QVERIFY(finished.size() == 1 || finished.wait(1000));
        const GroupRecord &g = only(run);
        QCOMPARE(g.status, RunStatus::Stopped);
        const qint64 yields = g.yields();
        QTest::qWait(50);
        QCOMPARE(g.yields(), yields);
        bool someoneCancelled = false;
        for (const TaskOutcome &o : g.outcomes())
            someoneCancelled = someoneCancelled || o.cause == CancelCause::Stop;
        QVERIFY(someoneCancelled);
    }

    void destroyingARunningLabRunIsSafe() {
        for (int s = int(Scenario::Blocking); s <= int(Scenario::Cpu); ++s) {
            RunParams p = lab(Scenario(s), 1, 5, 10, 0.01);
            p.mode = Mode::Compare;
            p.lab.workMs = 3;
            resolveLabDefaults(p);
            auto run = std::make_unique<Run>(p);
            run->start();
            QTest::qWait(15 + s);
            run.reset(); // ASan/LSan: no frame left behind, nothing resumed into freed memory
        }
        QTest::qWait(30);
    }

    void seedRecordsNoStatesAndDerivesThemAll() {
        RunParams p;
        p.clock = Clock::Virtual;
        p.mode = Mode::Sequential;
        p.tasks = 2;
        p.values = 2;
        p.delaySeconds = 0.01;
        p.seed = 1;
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(5000));
        const GroupRecord &g = only(run);
        QVERIFY(g.spans().empty());
        QVERIFY(g.outcomes().empty());
        const std::vector<StateInterval> tl = taskTimeline(p, g, 1);
        QCOMPARE(tl.front().state, TaskState::Waiting); // for the task before
        QCOMPARE(tl.front().on, WaitTarget::Task);
        QCOMPARE(tl.front().other, 0);
        QCOMPARE(tl.back().state, TaskState::Done);
        QCOMPARE(stateAt(p, g, 1, g.dueNs(1, 0) - 1), TaskState::Suspended);
        QVERIFY(narrationFacts(p, g).empty());
    }
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
