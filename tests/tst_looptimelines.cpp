// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The window's event-loop lanes computed off its thread (LoopTimelines): a group of any
// size gets its lane and idle share, and the window's thread only draws them.
#include "app/looptimelines.h"
#include "app/timelineview.h"
#include "engine/run.h"
#include "engine/runhost.h"
#include "model/labparams.h"
#include "render/chartpalette.h"
#include "render/lanepainter.h"
#include "render/timeaxis.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

#include <ctime>

using namespace coroscope;

namespace {

constexpr qint64 kUs = 1'000;
constexpr qint64 kS = 1'000'000'000;
// The longest a test waits for an event before it calls the code hung (sanitizer builds
// on a loaded machine); tests wait for events, never for a span of time.
constexpr int kHangMs = 120'000;

//! CPU time of the calling thread, ns: what the window's thread itself spends, whatever
//! else the machine (and the pool threads) do meanwhile.
qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * kS + ts.tv_nsec;
}

/*!
 * \a tasks tasks of \a values values, each value due at its second plus 10 µs a task and
 * resumed 2 µs late: every resume a stretch of its own (no two overlap), the worst case
 * for the timeline's size (two stretches a yield). With \a published values a task
 * published: live, or ended (\a over) with wall \a published + 1 s.
 */
std::unique_ptr<GroupRecord> spreadGroup(int tasks, int values, int published, bool over) {
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, tasks, values);
    for (int t = 0; t < tasks; ++t) {
        g->taskStarted(t, 0);
        for (int i = 0; i < published; ++i) {
            const qint64 due = qint64(i) * kS + qint64(t) * 10 * kUs;
            g->recordYield(t, i, 1.0, due, due + 2 * kUs);
        }
        if (over)
            g->taskEnded(t, qint64(published - 1) * kS + qint64(t) * 10 * kUs + 2 * kUs);
    }
    g->health.wallS = over ? published + 1 : 0;
    g->status = over ? RunStatus::Finished : RunStatus::Running;
    return g;
}

//! Every value published, ended.
std::unique_ptr<GroupRecord> spreadGroup(int tasks, int values) {
    return spreadGroup(tasks, values, values, true);
}

} // namespace

class TestLoopTimelines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    /*
     * A 1,000,000-yield group (100,000 tasks × 10 values; a fifth in sanitizer builds): the
     * window's lane asks for its timeline, gets nothing at first (no lane yet, no stall), and draws
     * it once the pool thread has made it; its idle share is there too. The window's thread spends
     * little on it: measured as that thread's own CPU time.
     */
    void millionYieldGroupOffTheWindowThread() {
        // The sanitizer builds take a fifth (200,000 yields): they look for memory errors
        // and races, which a fifth meets as well, and the pool thread that computes it
        // gives way (nice 10, SCHED_BATCH): against four busy loops and a second test on
        // the 2 cores, ASan's million (4.9 s of CPU unloaded) was not done in 120 s.
        constexpr int kTasks = COROSCOPE_TEST_SLOWDOWN > 1 ? 20'000 : 100'000;
        constexpr qint64 kYields = qint64(kTasks) * 10;
        const auto g = spreadGroup(kTasks, 10);
        QCOMPARE(g->yields(), kYields);
        RunParams p;
        p.tasks = kTasks;
        p.values = 10;
        LoopTimelines loops;
        QSignalSpy ready(&loops, &LoopTimelines::updated);
        LanePainter lanes(ChartPalette::light());
        lanes.setLoopSource(
            [&](const GroupRecord &gr, const RunParams &pr) { return loops.latest(gr, pr); });
        constexpr int kWidth = 1100;
        constexpr int kHeight = 8;
        const TimeAxis axis(0, 11.0, 0, kWidth); // 100 px a second: the wall at 1100 px
        QImage image(kWidth, kHeight, QImage::Format_RGB32);
        const QRgb background = ChartPalette::light().background.rgb();
        const auto paintedColumns = [&] {
            image.fill(background);
            {
                QPainter painter(&image);
                lanes.paintLoop(painter, QRectF(0, 0, kWidth, kHeight), axis, *g, p, -1);
            }
            int painted = 0;
            for (int x = 0; x < kWidth; ++x)
                for (int y = 0; y < kHeight; ++y)
                    if (image.pixel(x, y) != background) {
                        ++painted;
                        break;
                    }
            return painted;
        };

        qint64 windowNs = 0;
        qint64 before = threadCpuNs();
        const int paintedBefore = paintedColumns();
        windowNs += threadCpuNs() - before;
        QCOMPARE(paintedBefore, 0); // nothing finished yet: nothing drawn, nothing waited for
        QCOMPARE(loops.started(), 1);
        QVERIFY(ready.wait(kHangMs));

        before = threadCpuNs();
        const int paintedAfter = paintedColumns();
        const std::shared_ptr<const LoopSnapshot> loop = lanes.loopSnapshot(*g, p);
        windowNs += threadCpuNs() - before;
        QVERIFY(loop);
        QCOMPARE(loops.started(), 1); // the group had not grown: not computed again
        // Every second's 100,000 resumes span 1 s (10 µs apart): the idle line and the
        // ready stripes reach the wall.
        QCOMPARE(paintedAfter, kWidth);
        QCOMPARE(loop->yields, kYields);
        QCOMPARE(loop->use.wallNs, 11 * kS);
        QCOMPARE(loop->use.resumingNs, kYields * 2 * kUs);
        // Idle but for the resumes, 2 µs each: 81.82 % for a million (9 s of 11).
        QCOMPARE(
            loopIdleText(loop->use),
            QStringLiteral("the loop was idle %1 % of the 11.000 s")
                .arg(100.0 * double(11 * kS - kYields * 2 * kUs) / double(11 * kS), 0, 'f', 2));
        // Two stretches a yield and the idle before the first: the worst case.
        QCOMPARE(loop->timeline.size(), size_t(2 * kYields));

        // What computing it on this thread would have cost: the timeline's sort and walk.
        before = threadCpuNs();
        const std::optional<LoopSnapshot> here = loopSnapshot(p, *g);
        const qint64 computeNs = threadCpuNs() - before;
        QVERIFY(here);
        QCOMPARE(here->use.idleNs, loop->use.idleNs);
        const QString figures = QStringLiteral("window thread %1 ms, computing it %2 ms")
                                    .arg(double(windowNs) / 1e6)
                                    .arg(double(computeNs) / 1e6);
        qInfo().noquote() << figures;
        // The window's thread maps a million ready stretches to 1,100 columns once (about
        // 15 ms here, unloaded RelWithDebInfo) and never sorts: a quarter of the
        // computation, and 100 ms (× the sanitizer slowdown) however loaded the machine
        // (thread CPU time). Sorting on it, the bug this guards against, fails both.
        QVERIFY2(windowNs * 4 < computeNs, qPrintable(figures));
        QVERIFY2(windowNs < 100'000'000LL * COROSCOPE_TEST_SLOWDOWN, qPrintable(figures));
    }

    // A live group is computed again as it grows, at most every kLiveIntervalMs; once it
    // ends, at once. The last finished timeline is drawn meanwhile.
    void liveGroupIsComputedAgainAsItGrows() {
        constexpr int kTasks = 2;
        constexpr int kValues = 4;
        GroupRecord g(GroupKind::Concurrent, kTasks, kValues);
        RunParams p;
        p.tasks = kTasks;
        p.values = kValues;
        g.status = RunStatus::Running;
        g.taskStarted(0, 0);
        g.taskStarted(1, 0);
        g.recordYield(0, 0, 1.0, kS, kS + 1000 * kUs);
        LoopTimelines loops;
        QSignalSpy ready(&loops, &LoopTimelines::updated);
        QVERIFY(!loops.latest(g, p));
        QVERIFY(ready.wait(kHangMs));
        const auto first = loops.latest(g, p);
        QVERIFY(first);
        QCOMPARE(first->yields, qint64(1));
        QVERIFY(!first->over);
        QCOMPARE(first->use.resumingNs, 1000 * kUs);

        g.recordYield(1, 0, 1.0, 2 * kS, 2 * kS + 500 * kUs);
        QElapsedTimer since;
        since.start();
        // Not computed again before its interval: the last one is handed out meanwhile.
        QCOMPARE(loops.latest(g, p), first);
        QVERIFY(ready.wait(kHangMs)); // the interval's timer, then the computation
        std::shared_ptr<const LoopSnapshot> second = loops.latest(g, p);
        while (second == first) {
            QVERIFY(ready.wait(kHangMs));
            second = loops.latest(g, p);
        }
        QVERIFY(second);
        QCOMPARE(second->yields, qint64(2));
        QCOMPARE(second->use.resumingNs, 1500 * kUs);

        // It ends: at once, without waiting for the interval.
        g.taskEnded(0, 3 * kS);
        g.taskEnded(1, 3 * kS);
        g.health.wallS = 3;
        g.status = RunStatus::Finished;
        const int startedBefore = loops.started();
        QCOMPARE(loops.latest(g, p), second);
        QCOMPARE(loops.started(), startedBefore + 1);
        QVERIFY(ready.wait(kHangMs));
        const auto last = loops.latest(g, p);
        QVERIFY(last && last->over);
        QCOMPARE(last->use.wallNs, 3 * kS);
        QCOMPARE(loops.started(), startedBefore + 1);
    }

    // clear() abandons a computation going on and waits for it: the record may then be
    // freed (the sanitizer build would see a pool thread reading it after).
    /*
     * A watched program's snapshots: each is a new record whose groups go on from the
     * last one's. The timeline of a predecessor is shown for its successor; a computation
     * going on when the next snapshot comes is not abandoned but finishes and counts for
     * the successor, keeping the older record alive until then (the caller lets go of it
     * at once; ASan would see a read of it freed); no computation starts for a snapshot
     * before the live interval, and the final (ended) one is computed at once.
     */
    void carryOverGoesOnFromSnapshotToSnapshot() {
        constexpr int kTasks = 10'000;
        constexpr int kValues = 10;
        RunParams p;
        p.tasks = kTasks;
        p.values = kValues;
        // Snapshot n has n values a task published, and is live until the last.
        const auto snapshot = [&](int n, bool over) {
            auto r = std::make_shared<RunRecord>();
            r->params = p;
            r->groups.push_back(spreadGroup(kTasks, kValues, n, over));
            return std::shared_ptr<const RunRecord>(std::move(r));
        };
        LoopTimelines loops;
        QSignalSpy ready(&loops, &LoopTimelines::updated);

        std::shared_ptr<const RunRecord> first = snapshot(3, false);
        const std::weak_ptr<const RunRecord> firstAlive = first;
        QVERIFY(!loops.latest(*first->groups.front(), p)); // started, going on
        QCOMPARE(loops.started(), 1);
        // The next snapshot comes before the computation's end is seen (no event loop turn
        // between): it goes on, and the caller lets go of the first record.
        const std::shared_ptr<const RunRecord> second = snapshot(5, false);
        loops.carryOver(first, *second);
        first.reset();
        const GroupRecord &g2 = *second->groups.front();
        QVERIFY(!loops.latest(g2, p)); // nothing finished yet; none started for it
        QCOMPARE(loops.started(), 1);
        QVERIFY(ready.wait(kHangMs));
        const auto fromFirst = loops.latest(g2, p);
        QVERIFY(fromFirst);
        QCOMPARE(fromFirst->yields, qint64(3) * kTasks); // the first snapshot's
        QVERIFY(!fromFirst->over);
        // Stale for the second, but its interval has not passed: none started yet.
        QCOMPARE(loops.started(), 1);
        // The first record is let go once its computation is over, off this thread.
        QTRY_VERIFY_WITH_TIMEOUT(firstAlive.expired(), kHangMs);

        // A third snapshot with nothing going on: the second's timeline carries over as is.
        const std::shared_ptr<const RunRecord> third = snapshot(8, false);
        loops.carryOver(second, *third);
        QCOMPARE(loops.latest(*third->groups.front(), p), fromFirst);
        // Computed for the third once the interval is over (the timer says when).
        std::shared_ptr<const LoopSnapshot> live = fromFirst;
        while (live == fromFirst) {
            QVERIFY(ready.wait(kHangMs));
            live = loops.latest(*third->groups.front(), p);
        }
        QCOMPARE(live->yields, qint64(8) * kTasks);
        QCOMPARE(loops.started(), 2);

        // The final snapshot: ended, so computed at once, whatever the interval.
        const std::shared_ptr<const RunRecord> last = snapshot(kValues, true);
        loops.carryOver(third, *last);
        const GroupRecord &gl = *last->groups.front();
        QCOMPARE(loops.latest(gl, p), live);
        QCOMPARE(loops.started(), 3);
        std::shared_ptr<const LoopSnapshot> final = live;
        while (final == live) {
            QVERIFY(ready.wait(kHangMs));
            final = loops.latest(gl, p);
        }
        QVERIFY(final->over);
        QCOMPARE(final->yields, qint64(kValues) * kTasks);
        QCOMPARE(final->use.wallNs, qint64(kValues + 1) * kS);
    }

    void clearAbandonsTheWorkGoingOn() {
        auto g = spreadGroup(100'000, 10);
        RunParams p;
        LoopTimelines loops;
        QSignalSpy ready(&loops, &LoopTimelines::updated);
        QVERIFY(!loops.latest(*g, p));
        QElapsedTimer clearing;
        clearing.start();
        loops.clear();
        g.reset();
        // Abandoned within a thousand tasks' edges, not after the whole sort (lower bound:
        // none; upper: generous for a loaded sanitizer build).
        QVERIFY2(clearing.elapsed() < qint64(2'000) * COROSCOPE_TEST_SLOWDOWN,
                 qPrintable(QString::number(clearing.elapsed())));
        QCoreApplication::processEvents();
        QCOMPARE(ready.count(), 0);
    }

    /*
     * A live run on its own thread, its loop's timelines made on pool threads as the
     * window does (also under ThreadSanitizer): each is of what had been published, and
     * the last, once the run ended, is the finished record's.
     */
    void liveRunFromOtherThreads() {
        RunParams p;
        p.mode = Mode::Compare;
        p.tasks = 50;
        p.values = 8;
        p.delaySeconds = 0.02;
        RunHost host(p);
        QSignalSpy finished(&host, &RunHost::finished);
        LoopTimelines loops;
        int seen = 0;
        const auto poll = [&] {
            for (const auto &g : host.record().groups)
                if (const auto loop = loops.latest(*g, p)) {
                    QVERIFY(loop->yields <= g->yields());
                    QVERIFY(loop->passes <= g->passes().size());
                    ++seen;
                }
        };
        connect(&loops, &LoopTimelines::updated, this, poll);
        host.start();
        while (finished.isEmpty()) {
            poll();
            QVERIFY(finished.wait(20) || finished.isEmpty());
        }
        for (const auto &g : host.record().groups) {
            std::shared_ptr<const LoopSnapshot> last = loops.latest(*g, p);
            QSignalSpy ready(&loops, &LoopTimelines::updated);
            while (!last || last->isStaleFor(*g)) {
                QVERIFY(ready.wait(kHangMs));
                last = loops.latest(*g, p);
            }
            const std::optional<LoopSnapshot> now = loopSnapshot(p, *g);
            QVERIFY(now && last->over);
            QCOMPARE(last->use.idleNs, now->use.idleNs);
            QCOMPARE(last->use.schedulerNs, now->use.schedulerNs);
            QCOMPARE(last->timeline.size(), now->timeline.size());
        }
        QVERIFY(seen > 0);
    }

    /*
     * A real-clock run records the scheduler's passes in its groups (both of a compare
     * run: they share the loop): one per pass, in time order, never overlapping, each
     * resuming at least one task, together at least every yield's resume; loopUse counts
     * them and the loop's timeline shows them (the scheduler's time, under the tasks').
     */
    void realRunRecordsThePasses() {
        RunParams p;
        p.mode = Mode::Compare;
        p.tasks = 20;
        p.values = 5;
        p.delaySeconds = 0.01;
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(kHangMs));
        for (const auto &gp : run.record().groups) {
            const GroupRecord &g = *gp;
            const PublishedLog<SchedulerPass> &passes = g.passes();
            QVERIFY(!passes.empty());
            qint64 resumed = 0;
            qint64 lastTo = 0;
            for (const SchedulerPass &pass : passes) {
                QVERIFY(pass.resumed >= 1);
                QVERIFY2(pass.fromNs >= lastTo && pass.toNs > pass.fromNs,
                         qPrintable(QStringLiteral("%1 … %2 after %3")
                                        .arg(pass.fromNs)
                                        .arg(pass.toNs)
                                        .arg(lastTo)));
                lastTo = pass.toNs;
                resumed += pass.resumed;
            }
            // Every yield follows a resume of its task by a pass (the first values of the
            // concurrent group are resumed after their first sleep too); both groups share
            // the loop, so a pass may also count the other group's resumes.
            QVERIFY2(resumed >= g.yields(),
                     qPrintable(QStringLiteral("%1 < %2").arg(resumed).arg(g.yields())));
            QVERIFY(lastTo <= std::llround(g.health.wallS * 1e9) + kS / 100);
            const std::optional<LoopSnapshot> loop = loopSnapshot(p, g);
            QVERIFY(loop);
            QCOMPARE(loop->use.passes, int(passes.size()));
            QCOMPARE(loop->use.passResumes, resumed);
            QVERIFY(loop->use.schedulerNs > 0);
            QVERIFY(!loop->schedulerBusy.empty());
            qint64 passNs = 0;
            for (const SchedulerPass &pass : passes)
                passNs += pass.toNs - pass.fromNs;
            // The scheduler's time is the passes less the tasks' stretches drawn over them
            // (none in the seed): at most the passes' sum.
            QVERIFY(loop->use.schedulerNs <= passNs);
            QVERIFY(loopIdleText(loop->use).contains(QStringLiteral("; the scheduler ")));
            // The hover over a pass names it.
            const SchedulerPass &first = passes[0];
            QCOMPARE(passAt(g, first.fromNs), &first);
            QVERIFY(TimelineView::schedulerPassText(first).startsWith(
                QStringLiteral("the scheduler: resumed %1 task").arg(first.resumed)));
        }
    }

    // The loop's hover over a scheduler pass names it: how many it resumed, in how long.
    void hoverOverAPass() {
        RunParams p;
        p.tasks = 2;
        p.values = 1;
        GroupRecord g(GroupKind::Concurrent, 2, 1);
        g.taskStarted(0, 0);
        g.taskStarted(1, 0);
        g.recordYield(0, 0, 1.0, kS, kS + 4 * kUs);
        g.recordYield(1, 0, 1.0, kS, kS + 6 * kUs);
        g.addPass({kS + 2 * kUs, kS + 14 * kUs, 2});
        g.taskEnded(0, kS + 4 * kUs);
        g.taskEnded(1, kS + 6 * kUs);
        g.health.wallS = 2;
        g.status = RunStatus::Finished;
        const std::optional<LoopSnapshot> loop = loopSnapshot(p, g);
        QVERIFY(loop);
        const QString tip =
            TimelineView::loopToolTip(&*loop, g, p, double(kS + 10 * kUs) / 1e9, -1);
        QVERIFY2(tip.contains(QStringLiteral(": the scheduler: resumed 2 tasks in 12 µs")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("; the scheduler 0.012 ms")), qPrintable(tip));
        // Outside it: idle.
        QVERIFY(TimelineView::loopToolTip(&*loop, g, p, 1.5, -1).contains(QStringLiteral("idle")));
    }

    // On the virtual clock a pass takes no time unless a blocking call advances it: only
    // the blocking lesson's pass with the block is recorded, as long as the block.
    void virtualPassesOnlyWhereTheyTakeTime() {
        RunParams p;
        p.scenario = Scenario::Blocking;
        p.variant = parseVariant(Scenario::Blocking, QStringLiteral("block")).value();
        p.tasks = 3;
        p.values = 4;
        p.delaySeconds = 1;
        p.clock = Clock::Virtual;
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.75;
        resolveLabDefaults(p);
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(kHangMs));
        const GroupRecord &g = *run.record().groups.at(0);
        QCOMPARE(g.passes().size(), size_t(1));
        const SchedulerPass &pass = g.passes()[0];
        QCOMPARE(pass.toNs - pass.fromNs, 750 * kUs * 1000);
        const std::optional<LoopSnapshot> loop = loopSnapshot(p, g);
        QVERIFY(loop);
        QCOMPARE(loop->use.passes, 1);
        // The block is drawn over the pass: no time left to the scheduler.
        QCOMPARE(loop->use.blockedNs, 750 * kUs * 1000);
        QCOMPARE(loop->use.schedulerNs, qint64(0));
    }
};

QTEST_MAIN(TestLoopTimelines)
#include "tst_looptimelines.moc"
