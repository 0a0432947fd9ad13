// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QCoroTask>

#include <coroutine>
#include <utility>
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

/*!
 * \brief A when-all for tasks nobody awaits one by one: each task calls ended() as its
 * last step, and the coroutine awaiting the countdown resumes when the last has.
 *
 * Awaiting a QCoro 0.8 Task registers the awaiter in a std::vector of the task's promise,
 * which its final suspend copies: two small allocations and frees a task, a third of the
 * work of a 100,000-task group's last batch (every task ends in it). Tasks that are not
 * awaited free their own frames when they end (QCoro destroys a finished coroutine whose
 * Task object is gone), as asyncio frees a finished coroutine's frame.
 *
 * \code
 * TaskCountdown running;
 * for (...) { running.started(); QCoro::Task<> t = work(running); } // calls running.ended()
 * co_await running;                                                 // the last has ended
 * \endcode
 */
class TaskCountdown {
public:
    void started() { ++m_running; }
    //! A task's last step: resumes the waiter if it was the last one running.
    void ended() {
        if (--m_running == 0 && m_waiter)
            std::exchange(m_waiter, nullptr).resume();
    }
    int running() const { return m_running; }

    bool await_ready() const noexcept { return m_running == 0; }
    void await_suspend(std::coroutine_handle<> h) noexcept { m_waiter = h; }
    void await_resume() const noexcept {}

private:
    int m_running = 0;
    std::coroutine_handle<> m_waiter;
};

} // namespace coroscope
