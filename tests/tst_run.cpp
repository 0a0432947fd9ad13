// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "engine/run.h"
#include "testparams.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace coroscope;

namespace {

RunParams params(Mode mode, int tasks, int values, double delay, Clock clock = Clock::Real) {
    RunParams p = test::testParams(mode, tasks, values, delay, 11);
    p.clock = clock;
    return p;
}

} // namespace

class TestRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void concurrentRunFinishesWithHealthFigures() {
        Run run(params(Mode::Concurrent, 4, 5, 0.02));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QCOMPARE(run.status(), RunStatus::Running);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(run.status(), RunStatus::Finished);
        const GroupRecord &g = *run.record().groups.at(0);
        QCOMPARE(g.status, RunStatus::Finished);
        QCOMPARE(g.yields(), qint64(20));
        QCOMPARE(g.health.idealS, 0.1);
        // Concurrent and drift-free: every task's k-th value is due at (k + 1) × 20 ms
        // exactly, resumed at or after it, and the run ends after the last resume.
        qint64 lastAt = 0;
        qint64 maxLateness = 0;
        for (int t = 0; t < 4; ++t)
            for (int k = 0; k < 5; ++k) {
                QCOMPARE(g.dueNs(t, k), (k + 1) * 20'000'000LL);
                QVERIFY(g.atNs(t, k) >= g.dueNs(t, k));
                lastAt = std::max(lastAt, g.atNs(t, k));
                maxLateness = std::max(maxLateness, g.latenessNs(t, k));
            }
        QVERIFY(g.health.wallS * 1e9 >= double(lastAt));
        QVERIFY(g.health.wallS >= g.health.idealS);
        // Upper bound: the when-all ends with the last comprehension, no sleep between;
        // 1 s of slack for a loaded machine that does not schedule this process.
        QVERIFY2(g.health.wallS * 1e9 <= double(lastAt) + 1e9,
                 qPrintable(QString::number(g.health.wallS)));
        QCOMPARE(g.health.overrunMs, (g.health.wallS - g.health.idealS) * 1e3);
        QCOMPARE(g.health.latenessMaxMs, double(maxLateness) / 1e6);
        QVERIFY(g.health.latenessP50Ms >= 0); // exact: a yield is never early
        QVERIFY(g.health.latenessP50Ms <= g.health.latenessP99Ms);
        QVERIFY(g.health.latenessP99Ms <= g.health.latenessMaxMs);
        // The stall meter timed at least the scheduler's callbacks, which spin to each
        // deadline; a stall cannot be longer than the run.
        QVERIFY(g.health.maxStallMs > 0);
        QVERIFY(g.health.maxStallMs <= g.health.wallS * 1e3);
        // The run thread's waits for a core, where the kernel tells them: a sum of the
        // meter's gaps, none before its start, so at most the run's time (its meter starts
        // in start(), a moment before the origin: 50 ms allowed for that moment).
        if (QFile::exists(QStringLiteral("/proc/thread-self/schedstat"))) {
            QVERIFY2(g.health.runCoreWaitMs >= 0,
                     qPrintable(QString::number(g.health.runCoreWaitMs)));
            QVERIFY2(g.health.runCoreWaitMs <= g.health.wallS * 1e3 + 50,
                     qPrintable(QString::number(g.health.runCoreWaitMs)));
        }
    }

    void virtualRunHasExactFigures() {
        // A virtual hour: 4 tasks × 6 values × 10 min, done in real milliseconds.
        Run run(params(Mode::Compare, 4, 6, 600, Clock::Virtual));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(10000));
        const GroupRecord *seq = run.record().group(GroupKind::Sequential);
        const GroupRecord *con = run.record().group(GroupKind::Concurrent);
        QCOMPARE(con->health.wallS, 3600.0);
        QCOMPARE(con->health.overrunMs, 0.0);
        QCOMPARE(con->health.latenessMaxMs, 0.0);
        QCOMPARE(con->health.maxStallMs, 0.0);
        QCOMPARE(con->health.runCoreWaitMs, -1.0); // real waits are no virtual time's
        QCOMPARE(seq->health.wallS, 4 * 3600.0);
        QCOMPARE(run.record().speedUp(), 4.0);
        QCOMPARE(run.elapsedNs(), qint64(4) * 3600 * 1'000'000'000);
        // Drift-free: both groups keep their due times as a schedule, not per yield, and
        // every time read back is the exact one (here lateness 0: actual = due).
        const qint64 tenMinutes = 600 * qint64(1'000'000'000);
        QVERIFY(seq->schedule() && con->schedule());
        for (int t = 0; t < 4; ++t)
            for (int k = 0; k < 6; ++k) {
                QCOMPARE(seq->dueNs(t, k), (t * 6 + k + 1) * tenMinutes); // after task t-1
                QCOMPARE(seq->atNs(t, k), seq->dueNs(t, k));
                QCOMPARE(con->dueNs(t, k), (k + 1) * tenMinutes);
                QCOMPARE(con->atNs(t, k), con->dueNs(t, k));
                QCOMPARE(con->value(t, k), seq->value(t, k)); // same seed, same values
            }
    }

    void relativeTimingStoresItsDueTimes() {
        // Each due time follows the last wake: nothing to derive it from, so it is stored.
        RunParams p = params(Mode::Compare, 3, 4, 60, Clock::Virtual);
        p.timing = Timing::Relative;
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(10000));
        for (const auto &g : run.record().groups) {
            QVERIFY(!g->schedule());
            for (int t = 0; t < 3; ++t)
                for (int k = 1; k < 4; ++k)
                    QCOMPARE(g->dueNs(t, k), g->atNs(t, k - 1) + 60 * qint64(1'000'000'000));
        }
    }

    void sameSeedSameValuesOnBothClocks() {
        auto values = [](Clock clock) {
            Run run(params(Mode::Concurrent, 5, 3, 0.002, clock));
            QSignalSpy finished(&run, &Run::finished);
            run.start();
            finished.wait(10000);
            std::vector<QList<double>> lists;
            lists.reserve(5);
            for (int t = 0; t < 5; ++t)
                lists.push_back(run.record().groups[0]->valuesOf(t));
            return lists;
        };
        const auto real = values(Clock::Real);
        QCOMPARE(real[4].size(), 3);
        QCOMPARE(values(Clock::Virtual), real);
    }

    void stopAtStopsOnTheRunsClock_data() {
        QTest::addColumn<Clock>("clock");
        QTest::newRow("virtual") << Clock::Virtual;
        QTest::newRow("real") << Clock::Real;
    }
    void stopAtStopsOnTheRunsClock() {
        // 4 tasks × 10 values; stop at 5.5 delays: 5 values each, nothing after.
        QFETCH(Clock, clock);
        const double delay = clock == Clock::Virtual ? 1.0 : 0.02;
        const qint64 delayNs = qint64(delay * 1e9);
        Run run(params(Mode::Concurrent, 4, 10, delay, clock));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        run.stopAt(delayNs * 11 / 2);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(run.status(), RunStatus::Stopped);
        const GroupRecord &g = *run.record().groups[0];
        QCOMPARE(g.status, RunStatus::Stopped);
        for (int t = 0; t < 4; ++t)
            QCOMPARE(g.count(t), 5);
        QVERIFY(run.elapsedNs() >= delayNs * 11 / 2);
        if (clock == Clock::Virtual)
            QCOMPARE(run.elapsedNs(), delayNs * 11 / 2);
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
    }

    void stopAtLaterThanTheEndLeavesNothingAsleep() {
        Run run(params(Mode::Concurrent, 2, 2, 1.0, Clock::Virtual));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        run.stopAt(qint64(5e9));
        QVERIFY(finished.wait(10000));
        QCOMPARE(run.status(), RunStatus::Finished);
        QCOMPARE(run.elapsedNs(), qint64(2e9));
        QCOMPARE(run.scheduler().pending(), 0);
    }

    void compareRunsBothGroupsFromTimeZero_data() {
        QTest::addColumn<Clock>("clock");
        QTest::newRow("virtual") << Clock::Virtual;
        QTest::newRow("real") << Clock::Real;
    }
    void compareRunsBothGroupsFromTimeZero() {
        QFETCH(Clock, clock);
        const bool exact = clock == Clock::Virtual;
        Run run(params(Mode::Compare, 3, 4, 0.02, clock));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        const RunRecord &r = run.record();
        QCOMPARE(r.groups.size(), size_t(2));
        const GroupRecord *seq = r.group(GroupKind::Sequential);
        const GroupRecord *con = r.group(GroupKind::Concurrent);
        QVERIFY(seq && con);
        QCOMPARE(r.groups[0].get(), seq); // sequential first
        // Sequential task t's values are due in its own window, concurrent ones all in the first.
        for (int t = 0; t < 3; ++t)
            for (int k = 0; k < 4; ++k) {
                QCOMPARE(seq->dueNs(t, k), (t * 4 + k + 1) * 20'000'000LL);
                QCOMPARE(con->dueNs(t, k), (k + 1) * 20'000'000LL);
            }
        if (exact) {
            // The ideal windows (3 × 4 × 20 ms, 4 × 20 ms), both from t = 0.
            QCOMPARE(seq->health.wallS, 0.24);
            QCOMPARE(con->health.wallS, 0.08);
            QCOMPARE(seq->startNs(0), 0);
            QCOMPARE(con->startNs(0), 0);
            QCOMPARE(r.speedUp(), 3.0);
        } else {
            // Exact lower bounds; both groups started at t = 0 on the same loop (slack
            // 100 ms: a group run after the other would start at 80 ms or 240 ms).
            QVERIFY(seq->health.wallS >= 0.24);
            QVERIFY(con->health.wallS >= 0.08);
            QVERIFY(seq->startNs(0) < 100'000'000);
            QVERIFY(con->startNs(0) < 100'000'000);
        }
        for (int t = 0; t < 3; ++t)
            QCOMPARE(seq->valuesOf(t), con->valuesOf(t));
    }

    void stopKeepsWhatWasYieldedAndRecordsNothingAfter() {
        // 100 values × 20 ms: the stop comes after three windows, long before the 2 s end
        // even when the machine is loaded (QTRY polls every 50 ms).
        Run run(params(Mode::Compare, 4, 100, 0.02));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        const GroupRecord *con = run.record().group(GroupKind::Concurrent);
        QTRY_VERIFY(con->yields() >= qint64(4) * 3); // three windows passed
        const qint64 stopNs = run.elapsedNs();
        run.stop();
        QCOMPARE(finished.size(), 1); // at once, not later
        QCOMPARE(run.status(), RunStatus::Stopped);
        const qint64 yields = con->yields();
        QVERIFY(yields >= qint64(4) * 3);
        QVERIFY(yields < 400);
        for (const auto &g : run.record().groups) {
            QCOMPARE(g->status, RunStatus::Stopped);
            for (int t = 0; t < g->tasks(); ++t)
                for (int i = 0; i < g->count(t); ++i)
                    QVERIFY(g->atNs(t, i) <= stopNs + 1'000'000);
        }
        QTest::qWait(60);
        QCOMPARE(con->yields(), yields);
        QCOMPARE(finished.size(), 1);
    }

    void stopAtTimeZeroYieldsNothing() {
        Run run(params(Mode::Sequential, 3, 3, 0.01));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        run.stop();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(run.record().groups[0]->yields(), qint64(0));
        QCOMPARE(run.record().groups[0]->status, RunStatus::Stopped);
        // Sequential stops after the first task: the others never started.
        QCOMPARE(run.record().groups[0]->startNs(1), qint64(-1));
    }

    void destroyingARunningRunIsSafe() {
        for (int i = 0; i < 50; ++i) {
            auto run = std::make_unique<Run>(params(Mode::Compare, 20, 5, 0.01));
            run->start();
            QTest::qWait(i % 7);
            run.reset(); // ASan/LSan: no dangling frame, no leak
        }
        QTest::qWait(30); // a stale timer would fire into freed memory here
    }

    void aRunTooBigForMemoryIsRefused() {
        RunParams p = params(Mode::Concurrent, RunParams::kMaxTasks, RunParams::kMaxValues, 1.0);
        QVERIFY(p.validate().isEmpty());
        const QString why = Run::checkFits(p);
        QVERIFY(!why.isEmpty());
        QVERIFY(why.contains(QStringLiteral("memory")));
        // The rule is said, so "needs 22,720 MB … 23,734 MB available" cannot read as a
        // contradiction; counts in one format (1,000,000 × 10,000).
        QVERIFY2(why.contains(QStringLiteral("80 % of the")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("1,000,000 tasks × 10,000 values")), qPrintable(why));
        QVERIFY2(QRegularExpression(QStringLiteral("about [0-9]{1,3}(,[0-9]{3})+ MB"))
                     .match(why)
                     .hasMatch(),
                 qPrintable(why));
        QVERIFY(Run::checkFits(params(Mode::Concurrent, 4, 10, 1.0)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRun)
#include "tst_run.moc"
