// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lesson lab's scenarios on the real clock: exact lower bounds from each scenario's
// formula, upper bounds with their slack stated (each far below what a wrong program
// would take), and the states, outcomes and narration each must record.
#include "engine/run.h"
#include "model/taskstates.h"

#include <QSignalSpy>
#include <QTest>

using namespace coroscope;

namespace {

constexpr qint64 kMs = 1'000'000;

RunParams lab(Scenario s, int variant, int tasks, int values, double delay) {
    RunParams p;
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

} // namespace

class TestScenarios : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boundedTakesCeilNOverKWindows_data() {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("windows");
        QTest::newRow("K=1 is sequential") << 1 << 4;
        QTest::newRow("K=2") << 2 << 2;
        QTest::newRow("K=3") << 3 << 2;
        QTest::newRow("K=N is concurrent") << 4 << 1;
    }
    void boundedTakesCeilNOverKWindows() {
        QFETCH(int, limit);
        QFETCH(int, windows);
        RunParams p = lab(Scenario::Bounded, 0, 4, 4, 0.03);
        p.lab.limit = limit;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        const qint64 window = 4 * 30 * kMs;
        QCOMPARE(g.status, RunStatus::Finished);
        QCOMPARE(g.health.idealS, windows * 0.12);
        // Task t holds a permit only in window t / K: its first value is due a delay later.
        for (int t = 0; t < 4; ++t) {
            QCOMPARE(g.count(t), 4);
            QVERIFY(g.dueNs(t, 0) >= (t / limit) * window + 30 * kMs);
        }
        QVERIFY(g.health.wallS >= windows * 0.12);
        // Slack 100 ms; one window more would be 120 ms.
        QVERIFY2(g.health.wallS < windows * 0.12 + 0.1,
                 qPrintable(QString::number(g.health.wallS)));
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

    void blockingHoldsEveryLane() {
        RunParams p = lab(Scenario::Blocking, 0, 3, 4, 0.1);
        p.timing = Timing::Relative; // asyncio's sleeps: the loss stays
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.08;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.idealS, 0.4);
        QVERIFY(g.health.maxStallMs >= 80);
        // Tasks 1 and 2 were resumed after the block and sleep relative: everything after
        // shifts by the block.
        QVERIFY(g.health.wallS >= 0.4 + 0.08);
        for (int t = 1; t < 3; ++t)
            QVERIFY(g.atNs(t, 0) >= 100 * kMs + 80 * kMs);
        QCOMPARE(g.spans().size(), size_t(1));
        const StateSpan &s = g.spans().front();
        QCOMPARE(s.task, 0);
        QCOMPARE(s.state, TaskState::Blocked);
        QVERIFY(s.toNs - s.fromNs >= 80 * kMs);
        QVERIFY(hasFact(*run, g, QStringLiteral("blocked the event loop")));
        // Task 1 was ready (due, not resumed) while task 0 held the loop.
        QCOMPARE(stateAt(run->record().params, g, 1, s.fromNs + 40 * kMs), TaskState::Ready);
    }

    void offloadedBlockingHoldsNobody() {
        RunParams p = lab(Scenario::Blocking, 1, 3, 4, 0.1);
        p.timing = Timing::Relative;
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.08;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QVERIFY(g.health.wallS >= 0.4);
        // Slack 60 ms: the blocking variant takes 80 ms longer.
        QVERIFY2(g.health.wallS < 0.4 + 0.06, qPrintable(QString::number(g.health.wallS)));
        QCOMPARE(g.spans().size(), size_t(1));
        QCOMPARE(g.spans().front().state, TaskState::Offloaded);
        QCOMPARE(g.spans().front().on, WaitTarget::Thread);
        QVERIFY(g.spans().front().toNs - g.spans().front().fromNs >= 80 * kMs);
        // Task 1's value 0 was not held up by the 80 ms call (slack 60 ms).
        QVERIFY(g.latenessNs(1, 0) < 60 * kMs);
    }

    void timeoutCancelsMidSleepAndKeepsPartialLists() {
        RunParams p = lab(Scenario::Timeout, 1, 4, 10, 0.02);
        p.lab.timeoutSeconds = 0.11; // 5.5 delays
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::TimedOut);
        QVERIFY(g.health.wallS >= 0.11);
        QCOMPARE(g.health.idealS, 0.11);
        for (int t = 0; t < 4; ++t) {
            QCOMPARE(g.count(t), 5); // due at 20 … 100 ms, the sixth at 120 ms is cut
            QCOMPARE(g.endNs(t), qint64(-1));
            const TaskOutcome *o = g.outcomeOf(t);
            QVERIFY(o);
            QCOMPARE(o->state, TaskState::Cancelled);
            QCOMPARE(o->cause, CancelCause::Timeout);
            QVERIFY(o->atNs >= 110 * kMs);
        }
        const qint64 yields = g.yields();
        QTest::qWait(80); // nothing is resumed after the timeout
        QCOMPARE(g.yields(), yields);
        QVERIFY(hasFact(*run, g, QStringLiteral("by the group's timeout")));
    }

    void withoutTimeoutEveryListIsWhole() {
        const auto run = runToEnd(lab(Scenario::Timeout, 0, 3, 4, 0.02));
        QCOMPARE(only(*run).status, RunStatus::Finished);
        for (int t = 0; t < 3; ++t)
            QCOMPARE(only(*run).count(t), 4);
    }

    void gatherLetsTheOthersFinish() {
        RunParams p = lab(Scenario::Failure, 0, 4, 6, 0.02);
        p.lab.failTask = 1;
        p.lab.failAt = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::Failed);
        QVERIFY(g.health.wallS >= 0.12);
        const TaskOutcome *failed = g.outcomeOf(1);
        QVERIFY(failed);
        QCOMPARE(failed->state, TaskState::Failed);
        QCOMPARE(failed->error, QStringLiteral("task 1 could not read value 2"));
        QVERIFY(failed->atNs >= 60 * kMs);
        QCOMPARE(g.count(1), 2);
        for (int t : {0, 2, 3}) {
            QCOMPARE(g.count(t), 6);
            QVERIFY(g.endNs(t) >= 120 * kMs);
            QVERIFY(!g.outcomeOf(t));
        }
        QVERIFY(hasFact(*run, g, QStringLiteral("task 1 failed at")));
    }

    void taskGroupCancelsTheSiblingsAtTheFailure() {
        RunParams p = lab(Scenario::Failure, 1, 4, 6, 0.02);
        p.lab.failTask = 1;
        p.lab.failAt = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::Failed);
        QCOMPARE(g.health.idealS, 0.06);
        QVERIFY(g.health.wallS >= 0.06);
        // Slack 50 ms; gather would take 120 ms.
        QVERIFY2(g.health.wallS < 0.06 + 0.05, qPrintable(QString::number(g.health.wallS)));
        QCOMPARE(g.count(0), 3); // resumed before task 1 at 60 ms (FIFO), yielded its third
        for (int t : {2, 3}) {
            QCOMPARE(g.count(t), 2);
            const TaskOutcome *o = g.outcomeOf(t);
            QVERIFY(o);
            QCOMPARE(o->cause, CancelCause::Failure);
            QCOMPARE(o->by, 1);
            QCOMPARE(o->atNs, g.outcomeOf(1)->atNs);
        }
        QVERIFY(hasFact(*run, g, QStringLiteral("by task 1's failure")));
    }

    void queueWorkersShareTheItems_data() {
        QTest::addColumn<int>("variant");
        QTest::addColumn<int>("rounds");
        QTest::newRow("3 workers") << 1 << 4;
        QTest::newRow("single") << 0 << 12;
    }
    void queueWorkersShareTheItems() {
        QFETCH(int, variant);
        QFETCH(int, rounds);
        RunParams p = lab(Scenario::Queue, variant, 4, 10, 0.02);
        p.lab.items = 12;
        p.lab.workers = 3;
        p.lab.capacity = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        const int workers = variant == 1 ? 3 : 1;
        QCOMPARE(g.tasks(), workers + 1);
        QCOMPARE(g.health.idealS, rounds * 0.02);
        QVERIFY(g.health.wallS >= rounds * 0.02);
        // Slack 80 ms and 10 ms a round (each sleep counts from the wake-up, lateness adds up
        // on a loaded machine); a missing worker costs 80 ms (3 workers) or more.
        QVERIFY2(g.health.wallS < rounds * 0.03 + 0.08,
                 qPrintable(QString::number(g.health.wallS)));
        int items = 0;
        for (int w = 0; w < workers; ++w) {
            QCOMPARE(g.count(w), 12 / workers);
            items += g.count(w);
        }
        QCOMPARE(items, 12);
        QVERIFY(g.endNs(workers) >= 0); // the producer put everything
        QVERIFY(hasFact(*run, g, QStringLiteral("waited for room in the queue")));
    }

    void cpuOnTheLoopSerializes() {
        RunParams p = lab(Scenario::Cpu, 0, 2, 3, 1.0);
        p.lab.workMs = 20;
        p.lab.threads = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.idealS, 0.06);
        QVERIFY(g.health.wallS >= 0.12); // 2 tasks × 3 values × 20 ms, one after another
        QVERIFY(g.health.maxStallMs >= 20);
        QCOMPARE(g.spans().size(), size_t(6));
        for (const StateSpan &s : g.spans()) {
            QCOMPARE(s.state, TaskState::Running);
            QVERIFY(s.toNs - s.fromNs >= 20 * kMs);
        }
    }

    void cpuOffloadedRunsInParallel() {
        RunParams p = lab(Scenario::Cpu, 1, 2, 3, 1.0);
        p.lab.workMs = 40;
        p.lab.threads = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.idealS, 0.12);
        QVERIFY(g.health.wallS >= 0.12);
        // Slack 80 ms; on the loop it takes 240 ms.
        QVERIFY2(g.health.wallS < 0.2, qPrintable(QString::number(g.health.wallS)));
        for (const StateSpan &s : g.spans())
            QCOMPARE(s.state, TaskState::Offloaded);
    }

    void asCompletedDeliversInCompletionOrder() {
        RunParams p = lab(Scenario::AsCompleted, 1, 5, 3, 0.02);
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
        // Their own delays: the ideal is the slowest task's.
        qint64 slowest = 0;
        for (int t = 0; t < 5; ++t)
            slowest = std::max(slowest, labTaskDelayNs(run->record().params, t));
        QCOMPARE(g.health.idealS, 3 * double(slowest) / 1e9);
        QVERIFY(g.health.wallS * 1e9 >= 3 * double(slowest));
        for (int t = 0; t < 5; ++t)
            QVERIFY(g.dueNs(t, 2) == 3 * labTaskDelayNs(run->record().params, t));
    }

    void gatherDeliversEverythingAtTheEndInOrder() {
        RunParams p = lab(Scenario::AsCompleted, 0, 5, 3, 0.02);
        p.lab.spread = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.deliveries().size(), size_t(5));
        for (int t = 0; t < 5; ++t) {
            QCOMPARE(g.deliveries()[size_t(t)].task, t);
            QVERIFY(g.deliveries()[size_t(t)].atNs >= g.endNs(t));
            QCOMPARE(g.deliveries()[size_t(t)].atNs, g.deliveries().back().atNs);
        }
    }

    void compareRunsBothVariants() {
        RunParams p = lab(Scenario::Failure, 0, 3, 4, 0.02);
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
    }

    void compareInTurnStartsEachVariantAtItsOwnZero() {
        RunParams p = lab(Scenario::Blocking, 0, 2, 3, 0.03);
        p.mode = Mode::Compare;
        p.lab.blockAt = 0;
        p.lab.blockForSeconds = 0.02;
        const auto run = runToEnd(p);
        const RunRecord &r = run->record();
        for (const auto &g : r.groups) {
            QCOMPARE(g->status, RunStatus::Finished);
            QVERIFY(g->startNs(0) < 20 * kMs); // from its own t = 0, not after the other
            QVERIFY(g->health.wallS >= 0.09);
        }
        QCOMPARE(r.groups[0]->spans().front().state, TaskState::Blocked);
        QCOMPARE(r.groups[1]->spans().front().state, TaskState::Offloaded);
        QVERIFY(r.groups[0]->health.maxStallMs >= 20); // the block
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
