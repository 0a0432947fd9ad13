// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QCoroTask>

#include <vector>

namespace coroscope {

/*!
 * \brief Await every task and collect their results in order, like asyncio.gather.
 *
 * QCoro 0.8 has no when-all. QCoro::Task starts eagerly, so the tasks already run
 * concurrently; awaiting them one after another only collects. Total time is the
 * slowest task's, not the sum.
 *
 * \code
 * std::vector<QCoro::Task<int>> tasks = ...;
 * std::vector<int> results = co_await whenAll(std::move(tasks));
 * \endcode
 */
template<typename T> QCoro::Task<std::vector<T>> whenAll(std::vector<QCoro::Task<T>> tasks) {
    std::vector<T> results;
    results.reserve(tasks.size());
    for (QCoro::Task<T> &task : tasks) {
        QCoro::Task<T> done = std::move(task); // its frame is freed as soon as it is read
        results.push_back(co_await done);
    }
    co_return results;
}

/*!
 * \brief Await every task in order and keep no result: for callers whose results are
 * already kept elsewhere (a run's lists live in its record). Each frame is freed as soon
 * as its task is read.
 */
template<typename T> QCoro::Task<> whenAllDone(std::vector<QCoro::Task<T>> tasks) {
    for (QCoro::Task<T> &task : tasks) {
        QCoro::Task<T> done = std::move(task);
        co_await done;
    }
}

} // namespace coroscope
