// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The event loop's own timeline and idle share, on hand-made records whose every instant
// is known.
#include "model/looptimeline.h"

#include <QTest>

using namespace coroscope;

namespace {

constexpr qint64 kMs = 1'000'000;
constexpr qint64 kS = 1'000'000'000;

QString describe(const std::vector<LoopInterval> &tl) {
    QStringList parts;
    for (const LoopInterval &s : tl)
        parts << QStringLiteral("%1-%2:%3%4")
                     .arg(s.fromNs / kMs)
                     .arg(s.toNs / kMs)
                     .arg(loopActivityName(s.activity))
                     .arg(s.task >= 0 ? QStringLiteral("(%1)").arg(s.task) : QString());
    return parts.join(u' ');
}

} // namespace

class TestLoopTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Two tasks due at 1 s, resumed 1 ms and 2 ms late, done at once; wall 2 s.
    void resumesAndIdle() {
        RunParams p;
        p.tasks = 2;
        p.values = 1;
        GroupRecord g(GroupKind::Concurrent, 2, 1);
        for (int t = 0; t < 2; ++t) {
            g.taskStarted(t, 0);
            g.recordYield(t, 0, 1.0, kS, kS + (t + 1) * kMs);
            g.taskEnded(t, kS + (t + 1) * kMs);
        }
        g.health.wallS = 2;
        g.status = RunStatus::Finished;
        const std::vector<LoopInterval> tl = loopTimeline(p, g);
        QCOMPARE(describe(tl),
                 QStringLiteral("0-1000:idle 1000-1001:resuming 1001-1002:resuming(1) "
                                "1002-2000:idle"));
        const LoopUse use = loopUse(tl);
        QCOMPARE(use.wallNs, 2 * kS);
        QCOMPARE(use.resumingNs, 2 * kMs);
        QCOMPARE(use.idleNs, 2 * kS - 2 * kMs);
        QCOMPARE(loopIdleText(use), QStringLiteral("the loop was idle 99.90 % of the 2.000 s"));
    }

    // A big group (its edges sorted by radix, not by comparison): the resuming time is the
    // length of the union of every yield's [due, actual] interval, computed here by a plain
    // sort and merge; every stretch is in time order and a task named only where one alone
    // was being resumed.
    void bigGroupsMatchAPlainUnion() {
        const int tasks = 3000, values = 10;
        RunParams p;
        p.tasks = tasks;
        p.values = values;
        GroupRecord g(GroupKind::Concurrent, tasks, values);
        std::vector<std::pair<qint64, qint64>> intervals;
        quint64 x = 12345;
        const auto next = [&x] { // a fixed pseudo-random sequence (xorshift)
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            return x;
        };
        qint64 last = 0;
        for (int t = 0; t < tasks; ++t) {
            g.taskStarted(t, 0);
            qint64 at = 0;
            for (int i = 0; i < values; ++i) {
                // Due every 5 s (plus up to 3 ms of spread); late 0-2 ms, in ns.
                const qint64 due =
                    std::max<qint64>(at, qint64(i + 1) * 5 * kS + qint64(next() % (3 * kMs)));
                at = due + qint64(next() % (2 * kMs));
                g.recordYield(t, i, 1.0, due, at);
                if (at > due)
                    intervals.emplace_back(due, at);
            }
            g.taskEnded(t, at);
            last = std::max(last, at);
        }
        g.health.wallS = double(last) / 1e9;
        g.status = RunStatus::Finished;
        std::sort(intervals.begin(), intervals.end());
        qint64 resuming = 0, reach = -1;
        for (const auto &[from, to] : intervals) {
            if (from >= reach) {
                resuming += to - from;
                reach = to;
            } else if (to > reach) {
                resuming += to - reach;
                reach = to;
            }
        }
        const std::vector<LoopInterval> tl = loopTimeline(p, g);
        // 60,000 edges (over the radix sort's threshold); at least one resuming stretch a
        // value window.
        QVERIFY(std::count_if(tl.begin(), tl.end(), [](const LoopInterval &s) {
                    return s.activity == LoopActivity::Resuming;
                }) >= values);
        for (size_t i = 1; i < tl.size(); ++i)
            QVERIFY2(tl[i].fromNs == tl[i - 1].toNs && tl[i].fromNs < tl[i].toNs,
                     qPrintable(QString::number(i)));
        const LoopUse use = loopUse(tl);
        QCOMPARE(use.resumingNs, resuming);
        QCOMPARE(use.wallNs, last);
        QCOMPARE(use.idleNs, last - resuming);
    }

    // A blocking call on the loop: the others' due resumes wait behind it, the loop is
    // blocked (not resuming) until it returns, then resumes them.
    void blockedOverResuming() {
        RunParams p;
        p.scenario = Scenario::Blocking;
        p.tasks = 2;
        p.values = 1;
        GroupRecord g(GroupKind::Sequential, 2, 1);
        g.taskStarted(0, 0);
        g.taskStarted(1, 0);
        g.recordYield(0, 0, 1.0, 500 * kMs, 500 * kMs);
        g.addSpan({500 * kMs, 1500 * kMs, 0, TaskState::Blocked, WaitTarget::None, -1});
        g.recordYield(1, 0, 1.0, kS, 1501 * kMs);
        g.taskEnded(0, 1500 * kMs);
        g.taskEnded(1, 1501 * kMs);
        g.health.wallS = 2;
        g.status = RunStatus::Finished;
        QCOMPARE(describe(loopTimeline(p, g)),
                 QStringLiteral("0-500:idle 500-1500:blocked(0) 1500-1501:resuming(1) "
                                "1501-2000:idle"));
        const LoopUse use = loopUse(p, g);
        QCOMPARE(use.blockedNs, kS);
        QCOMPARE(loopIdleText(use),
                 QStringLiteral("the loop was idle 49.95 % of the 2.000 s; blocked 1.000 s"));
        // While the group runs, the spans it has published are read as they are: the block
        // shows once it is over (its span is published then), up to the last thing known.
        g.status = RunStatus::Running;
        QCOMPARE(describe(loopTimeline(p, g)),
                 QStringLiteral("0-500:idle 500-1500:blocked(0) 1500-1501:resuming(1)"));
    }

    // The cpu lesson's offload: the work runs on a worker past the value's due time; the
    // loop owes no resume meanwhile (idle), only from the work's end to the resume.
    void offloadedWorkIsNotAResume() {
        RunParams p;
        p.scenario = Scenario::Cpu;
        p.tasks = 1;
        p.values = 1;
        GroupRecord g(GroupKind::Concurrent, 1, 1);
        g.taskStarted(0, 0);
        g.addSpan({200 * kMs, 900 * kMs, 0, TaskState::Offloaded, WaitTarget::Thread, -1});
        g.recordYield(0, 0, 1.0, 500 * kMs, 901 * kMs);
        g.taskEnded(0, 901 * kMs);
        g.health.wallS = 1;
        g.status = RunStatus::Finished;
        QCOMPARE(describe(loopTimeline(p, g)),
                 QStringLiteral("0-900:idle 900-901:resuming(0) 901-1000:idle"));
    }

    void nothingRecordedIsAllIdle() {
        RunParams p;
        GroupRecord g(GroupKind::Concurrent, 1, 1);
        g.health.wallS = 1;
        g.status = RunStatus::Stopped;
        QCOMPARE(describe(loopTimeline(p, g)), QStringLiteral("0-1000:idle"));
        QCOMPARE(loopUse(p, g).idleShare(), 1.0);
    }

    // The scheduler's passes: their time less the tasks' stretches drawn over them; over
    // the resumes owed inside them (those are what the pass works through); counted.
    void schedulerPasses() {
        RunParams p;
        p.tasks = 2;
        p.values = 1;
        GroupRecord g(GroupKind::Concurrent, 2, 1);
        g.taskStarted(0, 0);
        g.taskStarted(1, 0);
        // Both due at 1 s and resumed at 1.004 s by a pass 1.002 … 1.010 s, which also
        // ran task 1's 5 ms computation (1.004 … 1.009 s) after resuming it.
        g.recordYield(0, 0, 1.0, kS, kS + 4 * kMs);
        g.recordYield(1, 0, 1.0, kS, kS + 4 * kMs);
        g.addSpan({kS + 4 * kMs, kS + 9 * kMs, 1, TaskState::Running, WaitTarget::None, -1});
        g.addPass({kS + 2 * kMs, kS + 10 * kMs, 2});
        g.taskEnded(0, kS + 4 * kMs);
        g.taskEnded(1, kS + 9 * kMs);
        g.health.wallS = 2;
        g.status = RunStatus::Finished;
        QCOMPARE(describe(loopTimeline(p, g)),
                 QStringLiteral("0-1000:idle 1000-1002:resuming 1002-1004:scheduler "
                                "1004-1009:running(1) 1009-1010:scheduler 1010-2000:idle"));
        const LoopUse use = loopUse(p, g);
        QCOMPARE(use.schedulerNs, 3 * kMs);
        QCOMPARE(use.runningNs, 5 * kMs);
        QCOMPARE(use.resumingNs, 2 * kMs);
        QCOMPARE(use.passes, 1);
        QCOMPARE(use.passResumes, qint64(2));
        QCOMPARE(loopIdleText(use),
                 QStringLiteral("the loop was idle 99.50 % of the 2.000 s; computing 0.005 s; "
                                "the scheduler 3.000 ms"));
        QCOMPARE(passAt(g, kS + 2 * kMs), &g.passes()[0]);
        QCOMPARE(passAt(g, kS + 10 * kMs), nullptr);
        QCOMPARE(passAt(g, kS), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestLoopTimeline)
#include "tst_looptimeline.moc"
