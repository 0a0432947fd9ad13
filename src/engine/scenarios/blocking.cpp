// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The blocking lesson: a blocking call inside a coroutine holds the loop's thread, so
// every other task waits; the same call offloaded to a worker thread and awaited holds
// nobody. Python: time.sleep(s) vs await asyncio.to_thread(time.sleep, s).
#include "labtasks.h"
#include "labwork.h"
#include "scenarios.h"

#include <QCoroAsyncGenerator>

#include <cmath>

namespace coroscope {

namespace {

QCoro::AsyncGenerator<double> generator(LabContext &g, int task) {
    TaskRng rng(g.params.seed, quint32(task));
    const LabParams &lab = g.params.lab;
    const qint64 delay = g.params.delayNs();
    qint64 lastWake = g.now();
    for (int k = 0; k < g.params.values; ++k) {
        const qint64 due = g.nextDue(k, g.originNs, lastWake, delay);
        if (task == lab.blockTask && k == lab.blockAt) {
            const qint64 blockNs = std::llround(lab.blockForSeconds * 1e9);
            const qint64 from = g.now();
            if (g.variant == 0) {
                g.begins(task, TaskState::Blocked);
                // time.sleep(): nothing else can run (the virtual clock advances by it)
                g.scheduler.spendBlocking(blockNs); // lesson: blocking
                g.span(task, TaskState::Blocked, from, g.now());
            } else { // await asyncio.to_thread(time.sleep, ...): the loop runs on
                const auto sleep = [blockNs](const std::atomic_bool &stop) {
                    sleepFor(blockNs, stop);
                };
                g.begins(task, TaskState::Offloaded, WaitTarget::Thread);
                co_await g.offload(blockNs, sleep); // lesson: offload
                g.span(task, TaskState::Offloaded, from, g.now(), WaitTarget::Thread);
            }
        }
        const Scheduler::Wake wake = co_await g.sleepUntil(task, due); // lesson: sleep
        if (wake.cancelled)
            co_return;
        lastWake = wake.atNs;
        double value = rng.uniform(g.params.maxValue);
        g.yielded(task, k, due, wake.atNs);
        co_yield value;
    }
}

} // namespace

QCoro::Task<RunStatus> runBlocking(LabContext &g) {
    co_await gather(g, [&g](int t) { return comprehension(g, t, generator(g, t)); });
    co_return endStatus(g);
}

} // namespace coroscope
