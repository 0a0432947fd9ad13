// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The timeout lesson: the group awaits with a deadline; at S every unfinished
// comprehension is cancelled mid-sleep and keeps what it collected.
// Python: async with asyncio.timeout(S): await asyncio.gather(*comprehensions)
#include "labtasks.h"
#include "scenarios.h"

#include <QCoroAsyncGenerator>

#include <cmath>

namespace coroscope {

namespace {

QCoro::AsyncGenerator<double> generator(LabContext &g, int task) {
    TaskRng rng(g.params.seed, quint32(task));
    const qint64 delay = g.params.delayNs();
    qint64 lastWake = g.now();
    for (int k = 0; k < g.params.values; ++k) {
        const qint64 due = g.nextDue(k, g.originNs, lastWake, delay);
        const Scheduler::Wake wake = co_await g.sleepUntil(task, due); // lesson: sleep
        if (wake.cancelled)
            co_return;
        lastWake = wake.atNs;
        double value = rng.uniform(g.params.maxValue);
        g.yielded(task, k, due, wake.atNs);
        co_yield value;
    }
}

//! Sleeps until the deadline, then cancels the group; \a quiet ends it when the group is done.
QCoro::Task<> deadline(LabContext &g, CancelScope &quiet, qint64 atNs) {
    const Scheduler::Wake wake = co_await ScopedSleep(g.scheduler, quiet, atNs);
    if (!wake.cancelled)
        g.scope.cancel(CancelCause::Timeout, wake.atNs);
}

} // namespace

QCoro::Task<RunStatus> runTimeout(LabContext &g) {
    // The comprehensions start before the deadline's timer: at a deadline equal to a
    // first value's, that value is taken (its sleep was asked for first).
    std::vector<QCoro::Task<bool>> tasks;
    tasks.reserve(size_t(g.params.tasks));
    for (int t = 0; t < g.params.tasks; ++t)
        tasks.push_back(comprehension(g, t, generator(g, t)));
    CancelScope quiet;
    QCoro::Task<> timer;
    if (g.variant == 1)
        timer = deadline(g, quiet, g.originNs + std::llround(g.params.lab.timeoutSeconds * 1e9));
    co_await whenAllDone(std::move(tasks));
    quiet.cancel(CancelCause::Stop, g.now()); // the group is done: no deadline any more
    if (g.variant == 1)
        co_await timer;
    if (g.scope.cause() == CancelCause::Timeout && !g.scheduler.isCancelled())
        co_return RunStatus::TimedOut;
    co_return endStatus(g);
}

} // namespace coroscope
