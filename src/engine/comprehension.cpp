// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "comprehension.h"

#include "model/taskrng.h"
#include "whenall.h"

namespace coroscope {

QCoro::AsyncGenerator<double> asyncGenerator(GroupContext &g, int task, qint64 startDueNs) {
    TaskRng rng(g.params.seed, quint32(task));
    const qint64 delay = g.params.delayNs();
    const bool driftFree = g.params.timing == Timing::DriftFree;
    qint64 lastWake = g.scheduler.now();
    for (int k = 0; k < g.params.values; ++k) {
        const qint64 due = driftFree ? startDueNs + (k + 1) * delay : lastWake + delay;
        g.record.setCurrent(task, TaskState::Suspended, due - g.originNs); // for the window
        const Scheduler::Wake wake = co_await g.scheduler.sleepUntil(due); // lesson: sleep
        if (wake.cancelled)
            co_return;
        lastWake = wake.atNs;
        double value = rng.uniform(g.params.maxValue);
        g.record.recordTiming(task, k, due - g.originNs, wake.atNs - g.originNs);
        co_yield value;
    }
}

QCoro::Task<> comprehensionIntoRecord(GroupContext &g, int task, qint64 startDueNs,
                                      TaskCountdown *ended) {
    g.record.taskStarted(task, g.sinceOrigin());
    // The values are collected into the record: the window sees each the moment it is
    // collected (published to its thread), and the task's row is its list. A list per
    // task kept beside the record's flat array would cost 56 bytes a task in headers.
    QCORO_FOREACH(double value, asyncGenerator(g, task, startDueNs)) {
        g.record.collect(task, value);
    }
    // Every task of a concurrent group ends in its last batch: the pass's clock (a TSC
    // read) costs a third of clock_gettime(), which 100,000 ends add up to 2 ms of.
    g.record.taskEnded(task, g.scheduler.nowInPass() - g.originNs);
    if (ended)
        ended->ended(); // may resume the group's driver: nothing of ours is used after it
}

QCoro::Task<QList<double>> asyncComprehension(GroupContext &g, int task, qint64 startDueNs) {
    co_await comprehensionIntoRecord(g, task, startDueNs);
    co_return g.record.valuesOf(task);
}

namespace {

// Runs step(i) for i = 0 … n − 1, until it returns false, and gives the event loop a turn
// whenever a slice's time has passed: starting (or freeing) a million comprehensions takes
// a while.
template<typename Step> QCoro::Task<> inSlices(GroupContext &g, int n, Step step) {
    qint64 sliceStart = Scheduler::realNs();
    for (int i = 0; i < n && step(i); ++i) {
        if ((i & 1023) == 1023 && Scheduler::realNs() - sliceStart > Scheduler::kSliceNs) {
            co_await g.scheduler.sleepUntil(g.scheduler.now());
            sliceStart = Scheduler::realNs();
        }
    }
}

// Starts every comprehension of the group through \a start(t) (QCoro tasks are eager),
// until Stop. Drift-free deadlines count from t = 0, so the slices make nobody end later.
template<typename Start> QCoro::Task<> startInSlices(GroupContext &g, Start start) {
    co_await inSlices(g, g.params.tasks, [&](int t) {
        if (g.scheduler.isCancelled())
            return false;
        start(t);
        return true;
    });
}

// Starts every comprehension of the group and hands them over.
QCoro::Task<std::vector<QCoro::Task<QList<double>>>> startConcurrent(GroupContext &g) {
    std::vector<QCoro::Task<QList<double>>> tasks;
    tasks.reserve(size_t(g.params.tasks));
    co_await startInSlices(g,
                           [&](int t) { tasks.push_back(asyncComprehension(g, t, g.originNs)); });
    co_return tasks;
}

} // namespace

QCoro::Task<std::vector<QList<double>>> runConcurrent(GroupContext &g) {
    co_return co_await whenAll(co_await startConcurrent(g));
}

QCoro::Task<qint64> runConcurrentIntoRecord(GroupContext &g) {
    TaskCountdown running;
    // Not awaited, but held: a task whose Task object lives keeps its frame when it ends,
    // so the last batch does not free 100,000 frames before the wall is read.
    std::vector<QCoro::Task<>> tasks;
    tasks.reserve(size_t(g.params.tasks));
    co_await startInSlices(g, [&](int t) {
        running.started();
        tasks.push_back(comprehensionIntoRecord(g, t, g.originNs, &running));
    });
    co_await running;
    const qint64 endedNs = g.sinceOrigin();
    // Now the frames, in slices: a million frees would hold the run's loop 50 ms.
    co_await inSlices(g, int(tasks.size()), [&](int) {
        tasks.pop_back();
        return true;
    });
    co_return endedNs;
}

QCoro::Task<std::vector<QList<double>>> runSequential(GroupContext &g) {
    co_await runSequentialIntoRecord(g);
    std::vector<QList<double>> results; // one list per task that started (all unless stopped)
    for (int t = 0; t < g.params.tasks && g.record.startNs(t) >= 0; ++t)
        results.push_back(g.record.valuesOf(t));
    co_return results;
}

QCoro::Task<> runSequentialIntoRecord(GroupContext &g) {
    // Drift-free: task t's window starts where task t-1's ideal window ended, so a late
    // final yield does not push every later task back (GroupRecord::scheduleFor() knows).
    qint64 startDue = g.originNs;
    const qint64 window = qint64(g.params.values) * g.params.delayNs();
    for (int t = 0; t < g.params.tasks && !g.scheduler.isCancelled(); ++t) {
        co_await asyncComprehension(g, t, startDue); // lesson: turn
        startDue += window;
    }
}

QCoro::Task<double> measureRuntime(GroupContext &g) {
    // The seed's gather, whose lists it drops; it says when its last task ended. Timed from
    // the group's origin, where its deadlines start, not from this call: a clock read here
    // came after the origin (microseconds, a millisecond under ASan), so the elapsed time
    // could come out that much under values × delay (CI saw 0.2 s read as less).
    const qint64 ended = co_await runConcurrentIntoRecord(g);
    co_return double(ended) / 1e9;
}

} // namespace coroscope
