// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "model/runrecord.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace coroscope;

class TestRunRecord : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dueTimesAreExactAtAnyLateness_data() {
        QTest::addColumn<qint64>("dueNs");
        QTest::addColumn<qint64>("atNs");
        QTest::newRow("on time") << qint64(1'000'000'000) << qint64(1'000'000'000);
        QTest::newRow("a few µs late") << qint64(2'000'000'000) << qint64(2'000'004'321);
        QTest::newRow("just under 2^31 ns") << qint64(0) << qint64(2'147'483'646);
        QTest::newRow("2^31 ns late") << qint64(0) << qint64(2'147'483'647);
        QTest::newRow("an hour late (machine suspended)") << qint64(5) << qint64(3'600'000'000'005);
        QTest::newRow("early (loaded file)") << qint64(9'000'000'000) << qint64(1);
    }
    void dueTimesAreExactAtAnyLateness() {
        QFETCH(qint64, dueNs);
        QFETCH(qint64, atNs);
        GroupRecord g(GroupKind::Concurrent, 2, 2);
        g.recordYield(1, 0, 4.5, dueNs, atNs);
        QCOMPARE(g.dueNs(1, 0), dueNs);
        QCOMPARE(g.atNs(1, 0), atNs);
        QCOMPARE(g.latenessNs(1, 0), atNs - dueNs);
        QCOMPARE(g.value(1, 0), 4.5);
        QCOMPARE(g.count(1), 1);
        QCOMPARE(g.count(0), 0);
        QCOMPARE(g.yields(), qint64(1));
    }

    // On a schedule the actual time is not stored but derived (due + lateness): it must
    // come back exact at any lateness, and a yield off the schedule (which the seed's
    // drift-free run never makes, but a caller could) must too.
    void scheduledTimesAreExactAtAnyLateness_data() { dueTimesAreExactAtAnyLateness_data(); }
    void scheduledTimesAreExactAtAnyLateness() {
        QFETCH(qint64, dueNs);
        QFETCH(qint64, atNs);
        const DueSchedule schedule{1'000'000'000, 10'000'000'000};
        GroupRecord g(GroupKind::Sequential, 3, 4, schedule);
        QVERIFY(g.schedule().has_value());
        QCOMPARE(g.schedule()->taskStrideNs, schedule.taskStrideNs);
        // Task 2's third value is due at 2 × 10 s + 3 × 1 s: shift the row's times there.
        const qint64 due = 23'000'000'000 + dueNs, at = 23'000'000'000 + atNs;
        for (int i = 0; i < 2; ++i)
            g.recordYield(2, i, i, 20'000'000'000 + (i + 1) * schedule.delayNs,
                          20'000'000'000 + (i + 1) * schedule.delayNs + 7);
        g.recordYield(2, 2, 4.5, due, at); // on the schedule only when dueNs is 3 s
        g.recordYield(2, 3, 5.5, 24'000'000'000, 24'000'000'000 - 3); // early by 3 ns
        QCOMPARE(g.dueNs(2, 2), due);
        QCOMPARE(g.atNs(2, 2), at);
        QCOMPARE(g.latenessNs(2, 2), at - due);
        QCOMPARE(g.value(2, 2), 4.5);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(g.dueNs(2, i), 20'000'000'000 + (i + 1) * schedule.delayNs);
            QCOMPARE(g.atNs(2, i), 20'000'000'000 + (i + 1) * schedule.delayNs + 7);
            QCOMPARE(g.latenessNs(2, i), qint64(7));
        }
        QCOMPARE(g.dueNs(2, 3), qint64(24'000'000'000));
        QCOMPARE(g.atNs(2, 3), qint64(24'000'000'000 - 3));
        QCOMPARE(g.valuesOf(2), (QList<double>{0, 1, 4.5, 5.5}));
        QCOMPARE(g.count(2), 4);
        QCOMPARE(g.count(0), 0);
        QCOMPARE(g.lastYieldNs(), std::max(at, qint64(24'000'000'000 - 3)));
        // A copy keeps the schedule and every exact time.
        const std::unique_ptr<GroupRecord> c = copyGroup(g);
        QVERIFY(c->schedule().has_value());
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(c->dueNs(2, i), g.dueNs(2, i));
            QCOMPARE(c->atNs(2, i), g.atNs(2, i));
            QCOMPARE(c->value(2, i), g.value(2, i));
        }
    }

    void theSeedsDriftFreeGroupsKeepASchedule() {
        RunParams p;
        p.values = 10;
        p.delaySeconds = 0.25;
        const std::optional<DueSchedule> con = GroupRecord::scheduleFor(p, GroupKind::Concurrent);
        const std::optional<DueSchedule> seq = GroupRecord::scheduleFor(p, GroupKind::Sequential);
        QVERIFY(con && seq);
        QCOMPARE(con->delayNs, qint64(250'000'000));
        QCOMPARE(con->taskStrideNs, qint64(0));
        QCOMPARE(seq->taskStrideNs, qint64(2'500'000'000));
        p.timing = Timing::Relative; // due times follow the wakes: stored
        QVERIFY(!GroupRecord::scheduleFor(p, GroupKind::Concurrent));
        p.timing = Timing::DriftFree;
        p.scenario = Scenario::Queue; // the lab's due times are its own
        QVERIFY(!GroupRecord::scheduleFor(p, GroupKind::Concurrent));
        // Fewer bytes: no actual time a yield.
        QCOMPARE(GroupRecord::bytesNeeded(100, 10, false) - GroupRecord::bytesNeeded(100, 10, true),
                 quint64(100 * 10 * 8));
    }

    void healthPercentiles() {
        RunParams p;
        p.tasks = 1;
        p.values = 100;
        p.delaySeconds = 0.1;
        GroupRecord g(GroupKind::Concurrent, 1, 100);
        for (int i = 0; i < 100; ++i) // lateness 1 … 100 µs
            g.recordYield(0, i, 1.0, i * 1'000'000LL, i * 1'000'000LL + qint64(i + 1) * 1000);
        g.computeHealth(p, 10'000'500'000LL, 0.5, RunStatus::Finished);
        QCOMPARE(g.health.wallS, 10.0005);
        QCOMPARE(g.health.idealS, 10.0);
        QVERIFY(qAbs(g.health.overrunMs - 0.5) < 1e-6);
        QCOMPARE(g.health.latenessP50Ms, 0.050);
        QCOMPARE(g.health.latenessP99Ms, 0.099);
        QCOMPARE(g.health.latenessMaxMs, 0.100);
        QCOMPARE(g.health.maxStallMs, 0.5);
    }

    // A stopped group did not run its course: no overrun (a 3.4 s stop of a 40 s run
    // printed "overrun −36,600 ms"), and its status is the one computeHealth stores.
    void stoppedGroupHasNoOverrun() {
        RunParams p;
        p.tasks = 1;
        p.values = 400;
        p.delaySeconds = 0.1;
        GroupRecord g(GroupKind::Concurrent, 1, 400);
        g.recordYield(0, 0, 1.0, 100'000'000LL, 100'200'000LL);
        g.computeHealth(p, 3'400'000'000LL, 0.5, RunStatus::Stopped);
        QCOMPARE(g.status.load(), RunStatus::Stopped);
        QCOMPARE(g.health.wallS, 3.4);
        QCOMPARE(g.health.overrunMs, 0.0);
        g.computeHealth(p, 40'000'100'000LL, 0.5, RunStatus::Finished);
        QCOMPARE(g.status.load(), RunStatus::Finished);
        QVERIFY(qAbs(g.health.overrunMs - 0.1) < 1e-6);
    }

    void percentilesAreExactForAnyLateness_data() {
        QTest::addColumn<bool>("scheduled");
        QTest::newRow("due times stored") << false;
        QTest::newRow("on a schedule") << true;
    }
    void percentilesAreExactForAnyLateness() {
        // Negative, tiny, large and side-table (beyond ±2.1 s) lateness, in random order:
        // every rank must match a sort of the same values. On a schedule, some yields miss
        // it (their small lateness goes to the side table too).
        QFETCH(bool, scheduled);
        const int tasks = 7, values = 300;
        GroupRecord g(GroupKind::Concurrent, tasks, values,
                      scheduled ? std::optional(DueSchedule{1'000'000'000, 0}) : std::nullopt);
        std::vector<qint64> all;
        quint64 x = 12345;
        for (int t = 0; t < tasks; ++t) {
            const int n = values - t * 13; // tasks of different lengths
            for (int i = 0; i < n; ++i) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                const qint64 r = qint64(x >> 33);
                qint64 late = r % 2'000'000 - 1000; // −1 µs … 2 ms
                if (i % 37 == 0)
                    late = r % 3 == 0 ? -3'000'000'000LL - r : 2'500'000'000LL + r;
                if (i % 53 == 0)
                    late = (r & 1) ? 0x7FFFFFFE : -0x7FFFFFFE; // the largest stored in 32 bits
                const qint64 due = 1'000'000'000LL * (i + 1) + (i % 41 == 0 ? 17 : 0);
                g.recordYield(t, i, 1.0, due, due + late);
                QCOMPARE(g.latenessNs(t, i), late);
                QCOMPARE(g.dueNs(t, i), due);
                all.push_back(late);
            }
        }
        std::sort(all.begin(), all.end());
        // Rank by rank (two passes each: under ASan a minute for the 2,000 ranks, so the
        // second row takes every fifth; the shared passes below take two thirds of them).
        for (qint64 k = 0; k < qint64(all.size()); k += scheduled ? 5 : 1)
            QCOMPARE(g.kthLatenessNs(k), all[size_t(k)]);
        // Every rank at once, in an order that mixes buckets (the passes are shared).
        std::vector<qint64> ranks;
        for (qint64 k = qint64(all.size()) - 1; k >= 0; k -= 3)
            ranks.push_back(k);
        for (qint64 k = 1; k < qint64(all.size()); k += 3)
            ranks.push_back(k);
        std::vector<qint64> found(ranks.size(), -1);
        g.kthLatenessesNs(ranks, found);
        for (size_t i = 0; i < ranks.size(); ++i)
            QCOMPARE(found[i], all[size_t(ranks[i])]);
        RunParams p;
        g.computeHealth(p, 10'000'000'000LL, 0, RunStatus::Finished);
        QCOMPARE(g.health.latenessMaxMs, double(all.back()) / 1e6);
    }

    void valuesAreCollectedInPlace() {
        GroupRecord g(GroupKind::Sequential, 1, 3);
        g.recordTiming(0, 0, 0, 10);
        g.collect(0, 1.5);
        // Readers on other threads get a copy of the published prefix.
        QCOMPARE(g.valuesOf(0), QList<double>{1.5});
        QCOMPARE(g.count(0), 1);
        QCOMPARE(g.yields(), qint64(1));
    }

    void aValueNeverMovesWhileATaskCollects() {
        // Readers on the window's thread read a task's values while the run stores more:
        // the values sit in one array allocated whole, which storing never moves.
        GroupRecord g(GroupKind::Concurrent, 2, 100);
        g.recordTiming(1, 0, 0, 1);
        g.collect(1, 0.5);
        for (int i = 1; i < 100; ++i) {
            g.recordTiming(1, i, i, i + 1);
            g.collect(1, i);
            QCOMPARE(g.value(1, 0), 0.5);
            QCOMPARE(g.value(1, i), double(i));
        }
        QCOMPARE(g.count(1), 100);
        QCOMPARE(g.value(1, 99), 99.0);
        QCOMPARE(g.count(0), 0);
    }

    // The lab's spans and outcomes and each task's current stretch are read by the window
    // while the run's thread adds them: a reader on another thread sees only whole entries,
    // in order, and a current stretch never older than the spans it read after it (this
    // test runs under ThreadSanitizer too: tools/test.sh --tsan).
    void labFactsArePublishedWhileTheRunAddsThem() {
        constexpr int kSpans = 20'000; // past several of PublishedLog's chunks
        GroupRecord g(GroupKind::Concurrent, 2, 1);
        std::atomic<bool> done{false};
        std::thread writer([&] {
            for (int i = 0; i < kSpans; ++i) {
                const qint64 at = 10 * qint64(i);
                g.setCurrent(i % 2, TaskState::Waiting, at, WaitTarget::QueueItem);
                g.addSpan({at, at + 5, i % 2, TaskState::Waiting, WaitTarget::QueueItem, i});
                if (i % 1000 == 999)
                    g.addOutcome({i % 2, TaskState::Failed, CancelCause::None, -1, at,
                                  QStringLiteral("error %1").arg(i)});
            }
            done = true;
        });
        qint64 reads = 0;
        bool finished = false;
        while (!finished) {
            finished = done.load();
            const GroupRecord::Current c = g.current(1);
            const size_t n = g.spans().size();
            if (c.known) { // said before span 2k+1 was added, so at least 2k+1 spans are out
                QCOMPARE(c.state, TaskState::Waiting);
                QCOMPARE(c.on, WaitTarget::QueueItem);
                QVERIFY(n >= size_t(c.atNs / 10));
            }
            size_t i = 0;
            for (const StateSpan &s : g.spans()) { // whole, in order
                if (s.other != int(i) || s.fromNs != 10 * qint64(i) || s.toNs != s.fromNs + 5)
                    QFAIL(qPrintable(QStringLiteral("span %1 read torn").arg(i)));
                ++i;
            }
            QVERIFY(i >= n);
            for (const TaskOutcome &o : g.outcomes())
                QCOMPARE(o.error, QStringLiteral("error %1").arg(o.atNs / 10));
            ++reads;
        }
        writer.join();
        QCOMPARE(g.spans().size(), size_t(kSpans));
        QCOMPARE(g.spans().back().other, kSpans - 1);
        QCOMPARE(g.outcomes().size(), size_t(kSpans / 1000));
        QVERIFY(reads > 0);
    }
};

QTEST_GUILESS_MAIN(TestRunRecord)
#include "tst_runrecord.moc"
