// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "labtasks.h"

namespace coroscope {

QCoro::Task<bool> collect(LabContext &g, int task, QCoro::AsyncGenerator<double> values) {
    QCORO_FOREACH(double value, values) { // rethrows the generator's exception
        g.record.collect(task, value);    // published to readers on other threads
    }
    if (g.record.count(task) < g.params.values) {
        g.cancelled(task);
        co_return false;
    }
    g.record.taskEnded(task, g.sinceOrigin());
    co_return true;
}

QCoro::Task<bool> comprehension(LabContext &g, int task, QCoro::AsyncGenerator<double> values) {
    g.record.taskStarted(task, g.sinceOrigin());
    co_return co_await collect(g, task, std::move(values));
}

} // namespace coroscope
