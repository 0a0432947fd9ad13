// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "coroutinetest.h"
#include "engine/comprehension.h"
#include "testparams.h"

#include <QTest>

using namespace coroscope;
using namespace coroscope::test;

namespace {

constexpr qint64 kMs = 1'000'000;

RunParams smallParams(int tasks, int values, double delay, quint64 seed = 7) {
    return testParams(Mode::Concurrent, tasks, values, delay, seed);
}

QCoro::Task<> collectGenerator(GroupContext &g, QList<double> &out, QList<qint64> &seenAt) {
    QCORO_FOREACH(double v, asyncGenerator(g, 0, g.originNs)) {
        out.append(v);
        seenAt.append(g.sinceOrigin());
    }
}

} // namespace

class TestComprehension : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void generatorYieldsCountValuesInRangeOneDelayApart() {
        RunParams p = smallParams(1, 5, 0.02);
        p.maxValue = 3.0;
        Scheduler s;
        GroupRecord rec(GroupKind::Concurrent, 1, p.values);
        GroupContext g{s, rec, p, s.now()};
        QList<double> values;
        QList<qint64> seenAt;
        QVERIFY(runFor(collectGenerator(g, values, seenAt)));
        QCOMPARE(values.size(), 5);
        // The generator records each wake's timing; a yield is published (counted) once
        // its value is collected, which is the comprehension's part.
        QCOMPARE(rec.yields(), qint64(0));
        for (int k = 0; k < 5; ++k) {
            QVERIFY(values[k] >= 0.0 && values[k] <= 3.0);
            // drift-free: the k-th value is due at start + (k+1)·delay, never earlier
            QCOMPARE(rec.dueNs(0, k), qint64(k + 1) * 20 * kMs);
            QVERIFY(rec.atNs(0, k) >= rec.dueNs(0, k));
            QVERIFY(seenAt[k] >= qint64(k + 1) * 20 * kMs);
            QVERIFY2(rec.atNs(0, k) < rec.dueNs(0, k) + 1000 * kMs, "a yield was far too late");
        }
        // Values differ (a constant generator would pass the range check).
        QVERIFY(values[0] != values[1] || values[1] != values[2]);
    }

    void virtualClockYieldsExactlyOnTime() {
        // The same generator on the virtual clock: every wake exactly at its due time.
        RunParams p = smallParams(1, 5, 0.02);
        p.maxValue = 3.0;
        Scheduler s(Clock::Virtual);
        GroupRecord rec(GroupKind::Concurrent, 1, p.values);
        GroupContext g{s, rec, p, s.now()};
        QList<double> values;
        QList<qint64> seenAt;
        QVERIFY(runFor(collectGenerator(g, values, seenAt)));
        QCOMPARE(values.size(), 5);
        for (int k = 0; k < 5; ++k) {
            QCOMPARE(rec.dueNs(0, k), qint64(k + 1) * 20 * kMs);
            QCOMPARE(rec.atNs(0, k), qint64(k + 1) * 20 * kMs);
            QCOMPARE(seenAt[k], qint64(k + 1) * 20 * kMs);
        }
    }

    void realAndVirtualClocksGiveTheSameValues() {
        auto values = [](Clock clock) {
            const RunParams p = smallParams(3, 4, 0.002, 99);
            Scheduler s(clock);
            GroupRecord rec(GroupKind::Concurrent, p.tasks, p.values);
            GroupContext g{s, rec, p, s.now()};
            runFor(runConcurrent(g));
            std::vector<QList<double>> lists;
            lists.reserve(size_t(p.tasks));
            for (int t = 0; t < p.tasks; ++t)
                lists.push_back(rec.valuesOf(t));
            return lists;
        };
        const auto real = values(Clock::Real);
        QCOMPARE(real.size(), size_t(3));
        QCOMPARE(real[0].size(), 4);
        QCOMPARE(values(Clock::Virtual), real);
    }

    void comprehensionReturnsTheGeneratorsValues() {
        const RunParams p = smallParams(1, 4, 0.01);
        Scheduler s(Clock::Virtual);
        GroupRecord rec(GroupKind::Concurrent, 1, p.values);
        GroupContext g{s, rec, p, s.now()};
        QList<double> result;
        auto collect = [](GroupContext &g, QList<double> &result) -> QCoro::Task<> {
            result = co_await asyncComprehension(g, 0, g.originNs);
        };
        QVERIFY(runFor(collect(g, result)));
        QCOMPARE(result, rec.valuesOf(0));
        QCOMPARE(result.size(), 4);
        QVERIFY(rec.startNs(0) >= 0);
        QVERIFY(rec.endNs(0) >= rec.atNs(0, 3));
    }

    // On the virtual clock exactly one window; on the real clock at least one, and below
    // the 1 s that four windows one after another would take (0.6 s of slack).
    void concurrentFinishesInOneWindow_data() {
        QTest::addColumn<Clock>("clock");
        QTest::newRow("virtual clock") << Clock::Virtual;
        QTest::newRow("real clock") << Clock::Real;
    }
    void concurrentFinishesInOneWindow() {
        QFETCH(Clock, clock);
        const RunParams p = smallParams(4, 5, 0.05);
        Scheduler s(clock);
        GroupRecord rec(GroupKind::Concurrent, p.tasks, p.values);
        GroupContext g{s, rec, p, s.now()};
        double elapsed = 0;
        auto measure = [](GroupContext &g, double &elapsed) -> QCoro::Task<> {
            elapsed = co_await measureRuntime(g);
        };
        QVERIFY(runFor(measure(g, elapsed)));
        QCOMPARE(rec.yields(), qint64(20));
        if (clock == Clock::Virtual) {
            QCOMPARE(elapsed, 0.25); // one window exactly, not four
        } else {
            QVERIFY2(elapsed >= 0.25, qPrintable(QString::number(elapsed)));
            QVERIFY2(elapsed < 0.25 + 0.6, qPrintable(QString::number(elapsed)));
        }
    }

    void sequentialTakesOneWindowPerTask() {
        const RunParams p = smallParams(4, 5, 0.02);
        Scheduler s(Clock::Virtual);
        GroupRecord rec(GroupKind::Sequential, p.tasks, p.values);
        GroupContext g{s, rec, p, s.now()};
        std::vector<QList<double>> lists;
        auto run = [](GroupContext &g, std::vector<QList<double>> &lists) -> QCoro::Task<> {
            lists = co_await runSequential(g);
        };
        QVERIFY(runFor(run(g, lists)));
        QCOMPARE(g.sinceOrigin(), qint64(4) * 5 * 20 * kMs); // tasks × values × delay, exactly
        QCOMPARE(lists.size(), size_t(4));
        for (int t = 0; t < 4; ++t) {
            QCOMPARE(lists[size_t(t)], rec.valuesOf(t));
            if (t > 0) // one after another: a task starts once the previous one ended
                QCOMPARE(rec.startNs(t), rec.endNs(t - 1));
            QCOMPARE(rec.endNs(t), qint64(t + 1) * 5 * 20 * kMs);
        }
    }

    void sameSeedSameValuesInEveryModeAndScale() {
        auto values = [](GroupKind kind, int tasks, quint64 seed) {
            const RunParams p = smallParams(tasks, 3, 0.005, seed);
            Scheduler s(Clock::Virtual);
            GroupRecord rec(kind, tasks, p.values);
            GroupContext g{s, rec, p, s.now()};
            auto run = [](GroupContext &g, GroupKind kind) -> QCoro::Task<> {
                if (kind == GroupKind::Sequential)
                    co_await runSequential(g);
                else
                    co_await runConcurrent(g);
            };
            runFor(run(g, kind));
            return std::vector<QList<double>>{rec.valuesOf(0), rec.valuesOf(1)};
        };
        const auto concurrent = values(GroupKind::Concurrent, 2, 42);
        QCOMPARE(values(GroupKind::Sequential, 2, 42), concurrent);
        QCOMPARE(values(GroupKind::Concurrent, 50, 42), concurrent); // scale does not matter
        QVERIFY(values(GroupKind::Concurrent, 2, 43) != concurrent);
        QVERIFY(concurrent[0] != concurrent[1]); // each task has its own stream
    }

    void relativeTimingCountsFromEachWake() {
        RunParams p = smallParams(1, 5, 0.01);
        p.timing = Timing::Relative;
        Scheduler s;
        GroupRecord rec(GroupKind::Concurrent, 1, p.values);
        GroupContext g{s, rec, p, s.now()};
        QVERIFY(runFor(asyncComprehension(g, 0, g.originNs)));
        QCOMPARE(rec.count(0), 5);
        for (int k = 1; k < 5; ++k)
            QCOMPARE(rec.dueNs(0, k), rec.atNs(0, k - 1) + 10 * kMs);
        // Lateness accumulates: the last due is at least values × delay after the start.
        QVERIFY(rec.dueNs(0, 4) >= rec.startNs(0) + 50 * kMs);
    }

    void relativeTimingOnTheVirtualClockHasNoDrift() {
        // Virtual wakes are never late, so relative deadlines land on the drift-free grid;
        // a blocking call is what makes them drift.
        RunParams p = smallParams(1, 5, 0.01);
        p.timing = Timing::Relative;
        Scheduler s(Clock::Virtual);
        GroupRecord rec(GroupKind::Concurrent, 1, p.values);
        GroupContext g{s, rec, p, s.now()};
        auto blockAt = [](Scheduler &s) -> QCoro::Task<> {
            co_await s.sleepUntil(25 * kMs);
            s.spendBlocking(3 * kMs); // 25 … 28 ms: value 2, due at 30 ms, is on time
            co_await s.sleepUntil(35 * kMs);
            s.spendBlocking(7 * kMs); // 35 … 42 ms: value 3, due at 40 ms, is 2 ms late
        };
        auto b = blockAt(s);
        QVERIFY(runFor(asyncComprehension(g, 0, g.originNs)));
        const qint64 at[] = {10, 20, 30, 42, 52};
        for (int k = 0; k < 5; ++k)
            QCOMPARE(rec.atNs(0, k), at[k] * kMs);
        QCOMPARE(rec.latenessNs(0, 3), 2 * kMs);
    }

    // The countdown resumes its waiter once, when the last task running ends; a task that
    // ended before the waiter awaited does not resume anything.
    void countdownResumesItsWaiterWhenTheLastTaskEnds() {
        Scheduler s(Clock::Virtual);
        TaskCountdown running;
        std::vector<qint64> endedAt;
        auto work = [](Scheduler &s, TaskCountdown &c, std::vector<qint64> &endedAt,
                       qint64 untilNs) -> QCoro::Task<> {
            co_await s.sleepUntil(untilNs);
            endedAt.push_back(s.now());
            c.ended();
        };
        int resumed = 0;
        qint64 resumedAt = -1;
        auto waiter = [](Scheduler &s, TaskCountdown &c, int &resumed,
                         qint64 &at) -> QCoro::Task<> {
            co_await c;
            ++resumed;
            at = s.now();
        };
        for (const qint64 until : {30 * kMs, 10 * kMs, 20 * kMs}) {
            running.started();
            QCoro::Task<> t = work(s, running, endedAt, until); // not awaited
        }
        QCOMPARE(running.running(), 3);
        QVERIFY(runFor(waiter(s, running, resumed, resumedAt)));
        QCOMPARE(endedAt, (std::vector<qint64>{10 * kMs, 20 * kMs, 30 * kMs}));
        QCOMPARE(resumed, 1);
        QCOMPARE(resumedAt, 30 * kMs); // the last end, not the first
        QCOMPARE(running.running(), 0);
        // Nothing running: awaiting it goes on at once.
        QVERIFY(running.await_ready());
    }

    // A Run's concurrent group ends when its last comprehension does, with every task's
    // values, start and end in the record; it says when the last task ended, and the
    // tasks' frames are freed after (ASan's leak check fails the suite otherwise).
    void concurrentIntoRecordEndsWithItsLastTask() {
        const RunParams p = smallParams(300, 4, 0.01);
        Scheduler s(Clock::Virtual);
        GroupRecord rec(GroupKind::Concurrent, p.tasks, p.values);
        GroupContext g{s, rec, p, s.now()};
        qint64 endedAt = -1;
        auto run = [](GroupContext &g, qint64 &endedAt) -> QCoro::Task<> {
            endedAt = co_await runConcurrentIntoRecord(g);
        };
        QVERIFY(runFor(run(g, endedAt)));
        QCOMPARE(endedAt, 40 * kMs); // one window: 4 values × 10 ms
        QCOMPARE(rec.yields(), qint64(300 * 4));
        QCOMPARE(s.pending(), 0);
        for (int t = 0; t < p.tasks; ++t) {
            QCOMPARE(rec.count(t), 4);
            QCOMPARE(rec.startNs(t), qint64(0));
            QCOMPARE(rec.endNs(t), 40 * kMs);
        }
        // The same values as the list-returning when-all.
        GroupRecord again(GroupKind::Concurrent, p.tasks, p.values);
        Scheduler s2(Clock::Virtual);
        GroupContext g2{s2, again, p, s2.now()};
        std::vector<QList<double>> lists;
        auto collect = [](GroupContext &g, std::vector<QList<double>> &lists) -> QCoro::Task<> {
            lists = co_await runConcurrent(g);
        };
        QVERIFY(runFor(collect(g2, lists)));
        QCOMPARE(lists.size(), size_t(p.tasks));
        for (int t = 0; t < p.tasks; ++t)
            QCOMPARE(rec.valuesOf(t), lists[size_t(t)]);
    }

    // Stopped before it starts: no task starts and the group is over at once.
    void concurrentIntoRecordStoppedBeforeItStarts() {
        const RunParams p = smallParams(50, 4, 0.01);
        Scheduler s(Clock::Virtual);
        GroupRecord rec(GroupKind::Concurrent, p.tasks, p.values);
        GroupContext g{s, rec, p, s.now()};
        s.cancelAll();
        qint64 endedAt = -1;
        auto run = [](GroupContext &g, qint64 &endedAt) -> QCoro::Task<> {
            endedAt = co_await runConcurrentIntoRecord(g);
        };
        QVERIFY(runFor(run(g, endedAt)));
        QCOMPARE(endedAt, qint64(0));
        QCOMPARE(rec.startNs(0), qint64(-1));
        QCOMPARE(rec.yields(), qint64(0));
    }

    // On the real clock the wall is read when the last task ended, before the frames are
    // freed: every task's end is at or before it, and the generator's last wake too.
    void concurrentIntoRecordWallIsTheLastEnd() {
        const RunParams p = smallParams(2000, 2, 0.02);
        Scheduler s;
        GroupRecord rec(GroupKind::Concurrent, p.tasks, p.values);
        GroupContext g{s, rec, p, s.now()};
        qint64 endedAt = -1;
        qint64 returnedAt = -1;
        auto run = [](GroupContext &g, qint64 &endedAt, qint64 &returnedAt) -> QCoro::Task<> {
            endedAt = co_await runConcurrentIntoRecord(g);
            returnedAt = g.sinceOrigin();
        };
        QVERIFY(runFor(run(g, endedAt, returnedAt)));
        QVERIFY2(endedAt >= 40 * kMs, qPrintable(QString::number(endedAt)));
        QVERIFY(returnedAt >= endedAt);
        qint64 lastEnd = 0;
        for (int t = 0; t < p.tasks; ++t) {
            QCOMPARE(rec.count(t), 2);
            QVERIFY(rec.endNs(t) >= rec.atNs(t, 1)); // ends after its last wake
            lastEnd = std::max(lastEnd, rec.endNs(t));
        }
        QVERIFY2(lastEnd <= endedAt,
                 qPrintable(QStringLiteral("%1 > %2").arg(lastEnd).arg(endedAt)));
    }

    void destroyingASuspendedGeneratorFreesIt() {
        const RunParams p = smallParams(1, 5, 10.0);
        Scheduler s;
        GroupRecord rec(GroupKind::Concurrent, 1, p.values);
        GroupContext g{s, rec, p, s.now()};
        {
            auto gen = asyncGenerator(g, 0, g.originNs);
            auto start = [](QCoro::AsyncGenerator<double> &gen) -> OwnedCoroutine {
                co_await gen.begin();
            };
            auto t = start(gen);
            QCOMPARE(s.pending(), 1); // asleep in the scheduler
        } // frame destroyed here; ASan would report a leak or a use after free
        QCOMPARE(s.pending(), 0);
        QCOMPARE(rec.yields(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestComprehension)
#include "tst_comprehension.moc"
