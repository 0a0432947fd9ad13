// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The CPU lesson: computation never suspends, so on the loop the tasks take turns and
// the loop stalls for every step; offloaded to a thread pool they run on every core.
// Python: hash_work() in the coroutine vs await loop.run_in_executor(pool, hash_work)
#include "labtasks.h"
#include "labwork.h"
#include "scenarios.h"

#include <QCoroAsyncGenerator>

#include <cmath>

namespace coroscope {

namespace {

QCoro::AsyncGenerator<double> generator(LabContext &g, int task) {
    TaskRng rng(g.params.seed, quint32(task));
    const qint64 workNs = std::llround(g.params.lab.workMs * 1e6);
    for (int k = 0; k < g.params.values; ++k) {
        const qint64 asked = g.now();
        const qint64 due = asked + workNs; // when the value would be ready on a free core
        if (g.variant == 0) {
            g.begins(task, TaskState::Running);
            g.onLoop(workNs, [workNs] { hashFor(workNs); }); // lesson: work
        } else {
            const auto hash = [workNs](const std::atomic_bool &stop) { hashFor(workNs, &stop); };
            g.begins(task, TaskState::Offloaded, WaitTarget::Thread);
            co_await g.offload(workNs, hash); // lesson: offload
        }
        const qint64 back = g.now(); // the work is done; one clock reading for both below
        if (g.variant == 0)
            g.span(task, TaskState::Running, asked, back);
        else
            g.span(task, TaskState::Offloaded, asked, back, WaitTarget::Thread);
        // await asyncio.sleep(0): let the others have the loop before yielding
        const Scheduler::Wake wake =
            co_await g.sleepUntil(task, std::max(back, due)); // lesson: sleep
        if (wake.cancelled)
            co_return;
        double value = rng.uniform(g.params.maxValue);
        g.yielded(task, k, due, wake.atNs);
        co_yield value;
    }
}

} // namespace

QCoro::Task<RunStatus> runCpu(LabContext &g) {
    co_await gather(g, [&g](int t) { return comprehension(g, t, generator(g, t)); });
    co_return endStatus(g);
}

} // namespace coroscope
