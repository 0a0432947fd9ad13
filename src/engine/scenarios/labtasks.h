// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "labcontext.h"

#include "engine/whenall.h"

#include <QCoroAsyncGenerator>
#include <QCoroTask>

#include <vector>

namespace coroscope {

/*!
 * \brief `[v async for v in values]` as every lab program runs it: each value into the
 * record, then the task's outcome: ended when it got them all, cancelled (by what the
 * group's scope says: Stop, a timeout, a sibling's failure) when its generator stopped
 * short. An exception of the generator goes through to the awaiter.
 *
 * collect() leaves the task's start to the caller (bounded records it when the task asks
 * for a permit); comprehension() records it now. Both return whether the list is whole.
 */
QCoro::Task<bool> collect(LabContext &g, int task, QCoro::AsyncGenerator<double> values);
QCoro::Task<bool> comprehension(LabContext &g, int task, QCoro::AsyncGenerator<double> values);

/*!
 * \brief asyncio.gather over the group's tasks: \a start(t) for every task now (QCoro
 * tasks start eagerly, so they run concurrently), then awaits them all.
 *
 * \code
 * co_await gather(g, [&g](int t) { return comprehension(g, t, generator(g, t)); });
 * \endcode
 */
template<typename Start> QCoro::Task<> gather(LabContext &g, Start start) {
    std::vector<decltype(start(0))> tasks;
    tasks.reserve(size_t(g.params.tasks));
    for (int t = 0; t < g.params.tasks; ++t)
        tasks.push_back(start(t));
    co_await whenAllDone(std::move(tasks));
}

} // namespace coroscope
