// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The timeout lesson: the group awaits with a deadline; at S every unfinished
// comprehension is cancelled mid-sleep and keeps what it collected.
// Python: async with asyncio.timeout(S): await asyncio.gather(*comprehensions)
#include "scenarios.h"

#include <QCoroAsyncGenerator>

namespace coroscope {

namespace {

QCoro::AsyncGenerator<double> generator(LabContext &g, int task) {
    TaskRng rng(g.params.seed, quint32(task));
    const qint64 delay = g.params.delayNs();
    qint64 lastWake = g.now();
    for (int k = 0; k < g.params.values; ++k) {
        const qint64 due = g.nextDue(k, g.originNs, lastWake, delay);
        const Scheduler::Wake wake = co_await g.sleepUntil(due); // the timeout ends it early
        if (wake.cancelled)
            co_return;
        lastWake = wake.atNs;
        double value = rng.uniform(g.params.maxValue);
        g.yielded(task, k, due, wake.atNs);
        co_yield value;
    }
}

QCoro::Task<> comprehension(LabContext &g, int task) {
    g.record.taskStarted(task, g.sinceOrigin());
    QCORO_FOREACH(double value, generator(g, task)) {
        g.record.collect(task, value); // published to readers on other threads
    }
    if (g.record.count(task) < g.params.values)
        g.cancelled(task);
    else
        g.record.taskEnded(task, g.sinceOrigin());
}

//! Sleeps until the deadline, then cancels the group; \a quiet ends it when the group is done.
QCoro::Task<> deadline(LabContext &g, CancelScope &quiet, qint64 atNs) {
    const Scheduler::Wake wake = co_await ScopedSleep(g.scheduler, quiet, atNs);
    if (!wake.cancelled)
        g.scope.cancel(CancelCause::Timeout, wake.atNs);
}

} // namespace

QCoro::Task<RunStatus> runTimeout(LabContext &g) {
    std::vector<QCoro::Task<>> tasks;
    for (int t = 0; t < g.params.tasks; ++t)
        tasks.push_back(comprehension(g, t));
    CancelScope quiet;
    QCoro::Task<> timer;
    if (g.variant == 1)
        timer = deadline(g, quiet, g.originNs + qint64(g.params.lab.timeoutSeconds * 1e9 + 0.5));
    for (QCoro::Task<> &t : tasks)
        co_await t;
    quiet.cancel(CancelCause::Stop, g.now()); // the group is done: no deadline any more
    if (g.variant == 1)
        co_await timer;
    if (g.scope.cause() == CancelCause::Timeout && !g.scheduler.isCancelled())
        co_return RunStatus::TimedOut;
    co_return endStatus(g);
}

} // namespace coroscope
