// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The queue lesson: a producer fills a bounded queue, W workers each spend one delay per
// item; the workers' sleeps overlap, so the items take ⌈items / W⌉ delays.
// Python: asyncio.Queue(maxsize=C), W tasks of `while True: item = await q.get(); ...`
#include "channel.h"
#include "scenarios.h"

namespace coroscope {

namespace {

struct Item {
    int id = 0;
    double value = 0;
};

//! Lane `workers`: puts every item, waiting while the queue is full.
QCoro::Task<> producer(LabContext &g, Channel<Item> &queue, int lane) {
    g.record.taskStarted(lane, g.sinceOrigin());
    for (int i = 0; i < g.params.lab.items; ++i) {
        const Item item{i, TaskRng(g.params.seed, quint32(i)).uniform(g.params.maxValue)};
        const qint64 asked = g.now();
        bool waited = false;
        g.begins(lane, TaskState::Waiting, WaitTarget::QueueRoom); // if the queue is full
        const bool put = co_await queue.put(item, &waited);        // lesson: put
        if (waited)
            g.span(lane, TaskState::Waiting, asked, g.now(), WaitTarget::QueueRoom);
        if (!put) {
            g.cancelled(lane);
            co_return;
        }
    }
    queue.close(); // the workers stop when it is empty
    g.record.taskEnded(lane, g.sinceOrigin());
}

//! Lane `w`: takes items until the queue is closed and empty; one delay each.
QCoro::Task<> worker(LabContext &g, Channel<Item> &queue, int w) {
    g.record.taskStarted(w, g.sinceOrigin());
    const qint64 delay = g.params.delayNs();
    for (;;) {
        const qint64 asked = g.now();
        bool waited = false;
        g.begins(w, TaskState::Waiting, WaitTarget::QueueItem);       // if the queue is empty
        const std::optional<Item> item = co_await queue.get(&waited); // lesson: get
        if (waited)
            g.span(w, TaskState::Waiting, asked, g.now(), WaitTarget::QueueItem);
        if (!item)
            break;
        const qint64 due = g.now() + delay; // await asyncio.sleep(delay): the item's work
        const Scheduler::Wake wake = co_await g.sleepUntil(w, due); // lesson: sleep
        if (wake.cancelled)
            break;
        g.yielded(w, g.record.count(w), due, wake.atNs);
        g.record.collect(w, item->value);
    }
    if (g.stopping())
        g.cancelled(w);
    else
        g.record.taskEnded(w, g.sinceOrigin());
}

} // namespace

QCoro::Task<RunStatus> runQueue(LabContext &g) {
    const int workers = g.variant == 0 ? 1 : g.params.lab.workers;
    Channel<Item> queue(g.params.lab.capacity, g.scope);
    std::vector<QCoro::Task<>> tasks;
    tasks.reserve(size_t(workers) + 1); // the workers and the producer
    for (int w = 0; w < workers; ++w)
        tasks.push_back(worker(g, queue, w));
    tasks.push_back(producer(g, queue, workers));
    for (QCoro::Task<> &t : tasks)
        co_await t;
    co_return endStatus(g);
}

} // namespace coroscope
