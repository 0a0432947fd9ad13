// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The as-completed lesson: tasks of different lengths; gather hands every result over at
// the end, in submission order; as_completed hands each over the moment it is done.
// Python: for f in asyncio.as_completed(tasks): print(await f)   vs   await gather(*tasks)
#include "channel.h"
#include "labtasks.h"
#include "scenarios.h"

#include <QCoroAsyncGenerator>

namespace coroscope {

namespace {

QCoro::AsyncGenerator<double> generator(LabContext &g, int task) {
    TaskRng rng(g.params.seed, quint32(task));
    const qint64 delay = labTaskDelayNs(g.params, task); // each task its own pace
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

//! One comprehension; when done it reports its id on \a done (as_completed's channel).
QCoro::Task<> reportingComprehension(LabContext &g, int task, Channel<int> *done) {
    // Awaited into a variable, not inside the if: GCC 12 resumed a destroyed frame when
    // the co_await (and its temporaries) sat in the condition (tst_scenarios crashed).
    const bool whole = co_await comprehension(g, task, generator(g, task));
    if (!whole)
        co_return; // cancelled: nothing to hand over
    if (done)
        co_await done->put(task); // never waits: room for every task
}

} // namespace

QCoro::Task<RunStatus> runAsCompleted(LabContext &g) {
    const int n = g.params.tasks;
    Channel<int> completed(n, g.scope);
    std::vector<QCoro::Task<>> tasks;
    tasks.reserve(size_t(n));
    for (int t = 0; t < n; ++t)
        tasks.push_back(reportingComprehension(g, t, g.variant == 1 ? &completed : nullptr));
    if (g.variant == 1) {
        // as_completed: take each result as its task finishes.
        for (int received = 0; received < n; ++received) {
            const std::optional<int> task = co_await completed.get();
            if (!task)
                break; // stopped
            g.record.addDelivery({*task, g.sinceOrigin()});
        }
    }
    for (QCoro::Task<> &t : tasks)
        co_await t;
    if (g.variant == 0 && endStatus(g) == RunStatus::Finished) { // gather: all at once, in order
        const qint64 at = g.sinceOrigin();
        for (int t = 0; t < n; ++t)
            g.record.addDelivery({t, at});
    }
    co_return endStatus(g);
}

} // namespace coroscope
