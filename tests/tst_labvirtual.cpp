// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lesson lab on the virtual clock: every figure is exact (each scenario's formula to the
// nanosecond), a blocking call or CPU work advances virtual time by its nominal cost, an
// offloaded job holds a simulated pool thread for it, and the values are the real clock's.
#include "engine/run.h"
#include "runtoend.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace coroscope;
using coroscope::test::runToEnd;

namespace {

constexpr qint64 kMs = 1'000'000;
constexpr qint64 kS = 1'000'000'000;

RunParams lab(Scenario s, const char *variant, int tasks, int values, double delay) {
    RunParams p;
    p.scenario = s;
    p.variant = parseVariant(s, QString::fromLatin1(variant)).value();
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = delay;
    p.seed = 11;
    p.timing = Timing::Relative; // the lab's default, the way asyncio sleeps
    p.clock = Clock::Virtual;
    return p;
}

const GroupRecord &only(const Run &run) {
    return *run.record().groups.at(0);
}

} // namespace

class TestLabVirtual : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boundedIsExactAndJumpsOverIdleTime() {
        RunParams p = lab(Scenario::Bounded, "limited", 4, 10, 1.0);
        p.lab.limit = 2;
        qint64 realMs = 0;
        const auto run = runToEnd(p, &realMs);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::Finished);
        QCOMPARE(g.health.idealS, 20.0);
        QCOMPARE(g.health.wallS, 20.0); // ⌈4/2⌉ windows × 10 × 1 s, not a nanosecond more
        QCOMPARE(g.health.latenessMaxMs, 0.0);
        // Task t holds a permit in window t / 2; its k-th value comes (k + 1) s into it.
        for (int t = 0; t < 4; ++t)
            for (int k = 0; k < 10; ++k)
                QCOMPARE(g.atNs(t, k), qint64(t / 2) * 10 * kS + qint64(k + 1) * kS);
        // 20 virtual seconds; slack: 15 s of real time for a loaded (or sanitized) build.
        // A clock that did not jump would take the full 20 s.
        QVERIFY2(realMs < 15'000, qPrintable(QString::number(realMs)));
    }

    void blockingCallAdvancesVirtualTimeByItsCost() {
        RunParams p = lab(Scenario::Blocking, "block", 3, 4, 1.0);
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.75;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.maxStallMs, 750.0); // the call, exactly: nothing else took virtual time
        QCOMPARE(g.spans().size(), size_t(1));
        const StateSpan &s = g.spans().front();
        QCOMPARE(s.state, TaskState::Blocked);
        QCOMPARE(s.fromNs, 1 * kS); // task 0 blocks right after its value 0, at 1 s
        QCOMPARE(s.toNs, 1 * kS + 750 * kMs);
        // Tasks 1 and 2, due at 1 s too, are resumed after the call: 0.75 s late, and
        // sleeping relative they stay so. Task 0's next deadline was fixed before the call.
        for (int t = 1; t < 3; ++t)
            for (int k = 0; k < 4; ++k)
                QCOMPARE(g.atNs(t, k), (k + 1) * kS + 750 * kMs);
        for (int k = 0; k < 4; ++k)
            QCOMPARE(g.atNs(0, k), (k + 1) * kS);
        QCOMPARE(g.health.idealS, 4.0); // values × delay + max(0, block − delay)
        QCOMPARE(g.health.wallS, 4.75); // wall = ideal + block: the time the block lost
    }

    void offloadedBlockingHoldsAPoolThreadNotTheLoop() {
        RunParams p = lab(Scenario::Blocking, "offload", 3, 4, 1.0);
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 2.5;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.maxStallMs, 0.0);
        QCOMPARE(g.spans().size(), size_t(1));
        const StateSpan &s = g.spans().front();
        QCOMPARE(s.state, TaskState::Offloaded);
        QCOMPARE(s.on, WaitTarget::Thread);
        QCOMPARE(s.toNs - s.fromNs, 2500 * kMs);
        // The others are not held up at all.
        for (int t = 1; t < 3; ++t)
            for (int k = 0; k < 4; ++k)
                QCOMPARE(g.atNs(t, k), (k + 1) * kS);
        QCOMPARE(g.health.wallS, g.health.idealS);
    }

    void cpuOnTheLoopTakesEveryStepInTurn() {
        RunParams p = lab(Scenario::Cpu, "on-loop", 3, 4, 1.0);
        p.lab.workMs = 50;
        p.lab.threads = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.wallS, 3 * 4 * 0.05);  // every step one after another
        QCOMPARE(g.health.idealS, 2 * 4 * 0.05); // ⌈3 / 2 threads⌉ × values × work
        QVERIFY(g.health.maxStallMs >= 50.0);
        QCOMPARE(g.spans().size(), size_t(12));
        for (const StateSpan &s : g.spans()) {
            QCOMPARE(s.state, TaskState::Running);
            QCOMPARE(s.toNs - s.fromNs, 50 * kMs);
        }
    }

    void cpuOffloadedRunsOnTheSimulatedPool() {
        RunParams p = lab(Scenario::Cpu, "offload", 4, 4, 1.0);
        p.lab.workMs = 50;
        p.lab.threads = 2;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        // Four tasks share two threads in pairs: ⌈4/2⌉ × 4 × 50 ms = 400 ms, the ideal exactly.
        QCOMPARE(g.health.idealS, 0.4);
        QCOMPARE(g.health.wallS, 0.4);
        QCOMPARE(g.health.maxStallMs, 0.0);
        for (const StateSpan &s : g.spans()) {
            QCOMPARE(s.state, TaskState::Offloaded);
            QVERIFY(s.toNs - s.fromNs >= 50 * kMs); // a job may also wait for a thread
        }
    }

    void timeoutStopsEveryComprehensionAtItsDeadline() {
        RunParams p = lab(Scenario::Timeout, "timeout", 4, 10, 1.0);
        p.lab.timeoutSeconds = 5.5;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.status, RunStatus::TimedOut);
        QCOMPARE(g.health.wallS, 5.5);
        for (int t = 0; t < 4; ++t) {
            QCOMPARE(g.count(t), 5);
            const TaskOutcome *o = g.outcomeOf(t);
            QVERIFY(o);
            QCOMPARE(o->cause, CancelCause::Timeout);
            QCOMPARE(o->atNs, 5 * kS + 500 * kMs);
        }
    }

    void failureCompareEndsEachVariantByItsFormula() {
        RunParams p = lab(Scenario::Failure, "gather", 4, 10, 1.0);
        p.mode = Mode::Compare;
        const auto run = runToEnd(p);
        const auto &groups = run->record().groups;
        QCOMPARE(groups.size(), size_t(2));
        for (const auto &g : groups) {
            QCOMPARE(g->status, RunStatus::Failed);
            QCOMPARE(g->health.wallS, g->health.idealS);
        }
        // Groups are in variant order. gather: the others finish (10 × 1 s); task-group:
        // they are cancelled at the failure, task 1's value 5 (due at 6 s).
        const int gather = parseVariant(Scenario::Failure, QStringLiteral("gather")).value();
        QCOMPARE(groups[size_t(gather)]->health.wallS, 10.0);
        QCOMPARE(groups[size_t(1 - gather)]->health.wallS, 6.0);
    }

    void queueWorkersMatchTheirFormula() {
        RunParams p = lab(Scenario::Queue, "workers", 4, 10, 1.0);
        p.lab.workers = 3;
        const auto run = runToEnd(p);
        const GroupRecord &g = only(*run);
        QCOMPARE(g.health.idealS, 14.0); // ⌈40 / 3⌉ × 1 s
        QCOMPARE(g.health.wallS, 14.0);
    }

    // The same seed gives the same values on either clock (the scenarios whose lists all
    // complete: which worker takes which item, or who is cancelled holding how many, may
    // differ on a loaded real clock).
    void valuesAreTheRealClocks_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::newRow("blocking") << int(Scenario::Blocking) << QStringLiteral("block");
        QTest::newRow("bounded") << int(Scenario::Bounded) << QStringLiteral("limited");
        QTest::newRow("as-completed") << int(Scenario::AsCompleted) << QStringLiteral("gather");
        QTest::newRow("cpu") << int(Scenario::Cpu) << QStringLiteral("offload");
    }
    void valuesAreTheRealClocks() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        RunParams p = lab(Scenario(scenario), variant.toLatin1().constData(), 3, 4, 0.01);
        p.lab.workMs = 2;
        const auto virtualRun = runToEnd(p);
        p.clock = Clock::Real;
        const auto realRun = runToEnd(p);
        const GroupRecord &v = only(*virtualRun);
        const GroupRecord &r = only(*realRun);
        QCOMPARE(v.status, r.status);
        QCOMPARE(v.tasks(), r.tasks());
        for (int t = 0; t < v.tasks(); ++t)
            QCOMPARE(v.valuesOf(t), r.valuesOf(t));
        QCOMPARE(v.yields(), qint64(v.tasks()) * 4);
    }
};

QTEST_GUILESS_MAIN(TestLabVirtual)
#include "tst_labvirtual.moc"
