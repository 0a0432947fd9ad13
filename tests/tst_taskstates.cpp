// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The task-state helpers the lanes' hover and state bands use: why a task is in its state
// (stateReason, stateDescription) and the windowed timeline, on hand-made records whose
// every instant is known.
#include "model/labparams.h"
#include "model/taskstates.h"

#include <QTest>

using namespace coroscope;

namespace {

constexpr qint64 kMs = 1'000'000;
constexpr qint64 kS = 1'000'000'000;

//! A bounded run, limit 2, 4 tasks × 2 values, delay 1 s: tasks 0 and 1 run in 0 … 2 s;
//! tasks 2 and 3 wait for a permit until 2 s and run in 2 … 4 s. Task 0's first value is
//! 200 ms late (ready from 1.0 to 1.2 s), so it holds its permit until 2.2 s.
struct Bounded {
    RunParams params;
    GroupRecord g{GroupKind::Sequential, 4, 2};
    Bounded() {
        params.scenario = Scenario::Bounded;
        params.variant = 0;
        params.tasks = 4;
        params.values = 2;
        params.delaySeconds = 1;
        params.lab.limit = 2;
        for (int t = 0; t < 4; ++t) {
            g.taskStarted(t, 0);
            const qint64 window = t < 2 ? 0 : 2 * kS;
            if (t >= 2)
                g.addSpan({0, window, t, TaskState::Waiting, WaitTarget::Permit, -1});
            const qint64 late = t == 0 ? 200 * kMs : 0;
            g.recordYield(t, 0, 1.0, window + kS, window + kS + late);
            g.recordYield(t, 1, 2.0, window + 2 * kS + late, window + 2 * kS + late);
            g.taskEnded(t, window + 2 * kS + late);
        }
        g.health.wallS = 4;
        g.status = RunStatus::Finished;
    }
};

} // namespace

class TestTaskStates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void describesTheStateSinceWhenAndWhy_data() {
        QTest::addColumn<int>("task");
        QTest::addColumn<qint64>("atNs");
        QTest::addColumn<QString>("text");
        QTest::newRow("waiting for a permit")
            << 2 << 1500 * kMs
            << "waiting since 0.000 s (for 2.000 s): for a permit: 2 of 2 taken by task 0 and "
               "task 1";
        QTest::newRow("suspended")
            << 1 << 500 * kMs
            << "suspended since 0.000 s (for 1.000 s): awaiting its timer until 1.000 s; the "
               "loop is free for the others";
        QTest::newRow("ready")
            << 0 << 1100 * kMs
            << "ready since 1.000 s (for 0.200 s): due, not yet resumed: the loop resumed it at "
               "1.200 s, 200.000 ms late";
        QTest::newRow("done") << 1 << 3 * kS << "done at 2.000 s: collected 2 values";
        QTest::newRow("done, the instant itself")
            << 3 << 4 * kS << "done at 4.000 s: collected 2 values";
        QTest::newRow("not started") << 2 << -kMs << "not started yet";
    }
    void describesTheStateSinceWhenAndWhy() {
        QFETCH(int, task);
        QFETCH(qint64, atNs);
        QFETCH(QString, text);
        const Bounded b;
        QCOMPARE(stateDescription(b.params, b.g, task, atNs), text);
    }

    // Once task 1 ended (2.0 s) and task 0 still runs late (to 2.2 s), one permit is taken.
    void permitHoldersFollowTheClock() {
        Bounded b;
        const std::vector<StateInterval> tl = taskTimeline(b.params, b.g, 2);
        QCOMPARE(tl.front().state, TaskState::Waiting);
        QCOMPARE(stateReason(b.params, b.g, 2, tl.front(), 2 * kS - 1),
                 QStringLiteral("for a permit: 2 of 2 taken by task 0 and task 1"));
        QCOMPARE(stateReason(b.params, b.g, 2, tl.front(), 2 * kS + 100 * kMs),
                 QStringLiteral("for a permit: 2 of 2 taken by task 0 and task 3"));
        QCOMPARE(stateReason(b.params, b.g, 2, tl.front(), 2 * kS + 300 * kMs),
                 QStringLiteral("for a permit: 1 of 2 taken by task 3"));
    }

    void endsSayWhoAndWhat() {
        RunParams p;
        p.scenario = Scenario::Failure;
        p.variant = 1;
        p.tasks = 3;
        p.values = 3;
        p.delaySeconds = 1;
        GroupRecord g(GroupKind::Concurrent, 3, 3);
        for (int t = 0; t < 3; ++t) {
            g.taskStarted(t, 0);
            g.recordYield(t, 0, 1.0, kS, kS);
        }
        g.addOutcome({1, TaskState::Failed, CancelCause::None, -1, 1500 * kMs,
                      QStringLiteral("ValueError: value 1 of task 1")});
        g.addOutcome({0, TaskState::Cancelled, CancelCause::Failure, 1, 1500 * kMs, {}});
        g.addOutcome({2, TaskState::Cancelled, CancelCause::Timeout, -1, 1500 * kMs, {}});
        p.lab.timeoutSeconds = 1.5;
        g.health.wallS = 1.5;
        g.status = RunStatus::Failed;
        QCOMPARE(stateDescription(p, g, 1, 1600 * kMs),
                 QStringLiteral("failed at 1.500 s: ValueError: value 1 of task 1"));
        QCOMPARE(stateDescription(p, g, 0, 1600 * kMs),
                 QStringLiteral("cancelled at 1.500 s: by task 1's failure (the task group "
                                "cancels its siblings), holding 1 values"));
        QCOMPARE(stateDescription(p, g, 2, 1500 * kMs),
                 QStringLiteral("cancelled at 1.500 s: by the group's timeout (1.5 s), holding "
                                "1 values"));
        // Just before: suspended, awaiting the timer the cancel cut short.
        QCOMPARE(stateAt(p, g, 0, 1500 * kMs - 1), TaskState::Suspended);
    }

    void blockedAndSeedWaits() {
        RunParams p;
        p.scenario = Scenario::Blocking;
        p.tasks = 1;
        p.values = 1;
        p.delaySeconds = 1;
        GroupRecord g(GroupKind::Sequential, 1, 1);
        g.taskStarted(0, 0);
        g.recordYield(0, 0, 1.0, kS, kS);
        g.addSpan({kS, 1500 * kMs, 0, TaskState::Blocked, WaitTarget::None, -1});
        g.taskEnded(0, 1500 * kMs);
        g.status = RunStatus::Finished;
        QCOMPARE(stateDescription(p, g, 0, 1200 * kMs),
                 QStringLiteral("blocked since 1.000 s (for 0.500 s): a blocking call holds the "
                                "loop's thread until 1.500 s: no task can run"));

        RunParams seed;
        seed.mode = Mode::Sequential;
        seed.tasks = 2;
        seed.values = 1;
        GroupRecord s(GroupKind::Sequential, 2, 1);
        s.taskStarted(0, 0);
        s.recordYield(0, 0, 1.0, kS, kS);
        s.taskEnded(0, kS);
        s.taskStarted(1, kS);
        s.recordYield(1, 0, 1.0, 2 * kS, 2 * kS);
        s.taskEnded(1, 2 * kS);
        s.status = RunStatus::Finished;
        QCOMPARE(stateDescription(seed, s, 1, 500 * kMs),
                 QStringLiteral("waiting since 0.000 s (for 1.000 s): for task 0 to finish: one "
                                "comprehension after another"));
    }

    // A live group's spans may still grow on the run's thread: its timeline is what its
    // yields tell, the recorded spans come once it is over.
    void liveGroupReadsNoSpans() {
        Bounded b;
        b.g.status = RunStatus::Running;
        for (const StateInterval &s : taskTimeline(b.params, b.g, 2))
            QVERIFY(s.state != TaskState::Waiting);
        b.g.status = RunStatus::Finished;
        QCOMPARE(taskTimeline(b.params, b.g, 2).front().state, TaskState::Waiting);
    }

    // The window a lane in view asks for is exactly the whole timeline's stretches that
    // reach into it.
    void windowIsTheWholeTimelineCut_data() {
        QTest::addColumn<qint64>("fromNs");
        QTest::addColumn<qint64>("toNs");
        QTest::newRow("all") << qint64(-kS) << 10 * kS;
        QTest::newRow("start") << qint64(0) << qint64(0);
        QTest::newRow("inside a wait") << 500 * kMs << 600 * kMs;
        QTest::newRow("across the permit") << 1900 * kMs << 3100 * kMs;
        QTest::newRow("the end") << 3900 * kMs << 4 * kS;
        QTest::newRow("after") << 5 * kS << 6 * kS;
    }
    void windowIsTheWholeTimelineCut() {
        QFETCH(qint64, fromNs);
        QFETCH(qint64, toNs);
        const Bounded b;
        for (int t = 0; t < 4; ++t) {
            std::vector<StateInterval> expected = taskTimeline(b.params, b.g, t);
            std::erase_if(expected, [&](const StateInterval &s) {
                return s.toNs < fromNs || s.fromNs > toNs;
            });
            const std::vector<StateInterval> got = taskTimeline(b.params, b.g, t, fromNs, toNs);
            QCOMPARE(got.size(), expected.size());
            for (size_t i = 0; i < got.size(); ++i) {
                QCOMPARE(got[i].fromNs, expected[i].fromNs);
                QCOMPARE(got[i].toNs, expected[i].toNs);
                QCOMPARE(got[i].state, expected[i].state);
            }
        }
    }

    // The recorded spans cut the derived stretches they cover in one pass: a queue worker
    // with many waits keeps its order and loses nothing.
    void manySpansOverlayInOnePass() {
        RunParams p;
        p.scenario = Scenario::Queue;
        p.tasks = 1;
        p.values = 1000;
        p.delaySeconds = 0.01;
        GroupRecord g(GroupKind::Sequential, 2, 1000);
        g.taskStarted(0, 0);
        qint64 t = 0;
        for (int i = 0; i < 1000; ++i) {
            g.addSpan({t, t + kMs, 0, TaskState::Waiting, WaitTarget::QueueItem, -1});
            t += kMs;
            g.recordYield(0, i, 1.0, t + 10 * kMs, t + 10 * kMs);
            t += 10 * kMs;
        }
        g.taskEnded(0, t);
        g.status = RunStatus::Finished;
        const std::vector<StateInterval> tl = taskTimeline(p, g, 0);
        QCOMPARE(tl.size(), size_t(2001)); // a wait and a sleep per item, then done
        for (size_t i = 1; i < tl.size(); ++i)
            QCOMPARE(tl[i].fromNs, tl[i - 1].toNs); // no gap, no overlap
        QCOMPARE(tl[0].state, TaskState::Waiting);
        QCOMPARE(tl[1].state, TaskState::Suspended);
        QCOMPARE(tl.back().state, TaskState::Done);
    }
};

QTEST_GUILESS_MAIN(TestTaskStates)
#include "tst_taskstates.moc"
