// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The bounded lesson: a semaphore lets K comprehensions run at once; the others wait for
// a permit, so N tasks take ⌈N/K⌉ windows (K = 1 is sequential, K = N concurrent).
// Python: async with asyncio.Semaphore(K): [v async for v in gen()].
#include "labtasks.h"
#include "scenarios.h"
#include "semaphore.h"

#include <QCoroAsyncGenerator>

namespace coroscope {

namespace {

QCoro::AsyncGenerator<double> generator(LabContext &g, int task, qint64 startNs) {
    TaskRng rng(g.params.seed, quint32(task));
    const qint64 delay = g.params.delayNs();
    qint64 lastWake = startNs;
    for (int k = 0; k < g.params.values; ++k) {
        const qint64 due = g.nextDue(k, startNs, lastWake, delay);
        const Scheduler::Wake wake = co_await g.sleepUntil(task, due); // lesson: sleep
        if (wake.cancelled)
            co_return;
        lastWake = wake.atNs;
        double value = rng.uniform(g.params.maxValue);
        g.yielded(task, k, due, wake.atNs);
        co_yield value;
    }
}

QCoro::Task<> limitedComprehension(LabContext &g, Semaphore &permits, int task) {
    const qint64 asked = g.now();
    g.record.taskStarted(task, asked - g.originNs);
    bool waited = false;
    g.begins(task, TaskState::Waiting, WaitTarget::Permit); // if none is free
    const bool granted = co_await permits.acquire(&waited); // lesson: permit
    if (waited)
        g.span(task, TaskState::Waiting, asked, g.now(), WaitTarget::Permit);
    if (!granted) {
        g.cancelled(task);
        co_return;
    }
    co_await collect(g, task, generator(g, task, g.now()));
    permits.release(); // the longest waiter starts now
}

} // namespace

QCoro::Task<RunStatus> runBounded(LabContext &g) {
    Semaphore permits(g.variant == 0 ? g.params.lab.limit : g.params.tasks, g.scope);
    co_await gather(g, [&](int t) { return limitedComprehension(g, permits, t); });
    co_return endStatus(g);
}

} // namespace coroscope
