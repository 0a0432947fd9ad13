// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The failure lesson: one task raises. gather lets the others go on (the error reaches
// the awaiter, the rest finish); a task group cancels every sibling at the failure.
// Python: await asyncio.gather(*tasks)   vs   async with asyncio.TaskGroup() as tg: ...
#include "labtasks.h"
#include "scenarios.h"

#include <QCoroAsyncGenerator>

#include <stdexcept>

namespace coroscope {

namespace {

//! raise ValueError(...)'s text.
std::string failureText(int task, int k) {
    return QStringLiteral("task %1 could not read value %2").arg(task).arg(k).toStdString();
}

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
        if (task == g.params.lab.failTask && k == g.params.lab.failAt)
            throw std::runtime_error(failureText(task, k)); // lesson: raise
        double value = rng.uniform(g.params.maxValue);
        g.yielded(task, k, due, wake.atNs);
        co_yield value;
    }
}

//! A task-group child: its failure cancels the siblings, then the error goes on up.
QCoro::Task<> child(LabContext &g, int task) {
    try {
        co_await comprehension(g, task, generator(g, task)); // its exception comes through
    } catch (const std::exception &e) {
        const qint64 at = g.now();
        g.failed(task, QString::fromStdString(e.what()), at);
        if (g.variant == 1)
            g.scope.cancel(CancelCause::Failure, at, task);
        throw;
    }
}

} // namespace

QCoro::Task<RunStatus> runFailure(LabContext &g) {
    std::vector<QCoro::Task<>> tasks;
    tasks.reserve(size_t(g.params.tasks));
    for (int t = 0; t < g.params.tasks; ++t)
        tasks.push_back(child(g, t));
    bool failed = false;
    // gather: the error reaches us, the others run on; a task group: they are cancelled.
    for (QCoro::Task<> &t : tasks) {
        try {
            co_await t;
        } catch (const std::exception &) {
            failed = true; // recorded with its text by child()
        }
    }
    if (failed && !g.scheduler.isCancelled())
        co_return RunStatus::Failed;
    co_return endStatus(g);
}

} // namespace coroscope
