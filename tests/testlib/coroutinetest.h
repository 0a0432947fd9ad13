// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// Runs coroutine tests inside an event loop with a timeout, the way QCoro's own tests do.

#include <QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <coroutine>
#include <exception>
#include <utility>

namespace coroscope::test {

//! Run \a task to completion on a local event loop; false if it took longer than \a timeoutMs.
template<typename T> bool runFor(QCoro::Task<T> task, int timeoutMs = 10'000) {
    QEventLoop loop;
    bool done = false;
    QCoro::connect(std::move(task), &loop, [&] {
        done = true;
        loop.quit();
    });
    if (!done) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done;
}

/*!
 * A coroutine owned by its handle: destroying the object destroys the frame even while
 * it is suspended (QCoro::Task instead detaches a suspended frame, which a test that
 * abandons a consumer on purpose would report as a leak).
 */
struct OwnedCoroutine {
    struct promise_type {
        OwnedCoroutine get_return_object() {
            return {std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
    OwnedCoroutine(std::coroutine_handle<promise_type> h)
        : handle(h) {}
    // Movable: clang 14 moves the return object out of get_return_object().
    OwnedCoroutine(OwnedCoroutine &&other) noexcept
        : handle(std::exchange(other.handle, {})) {}
    OwnedCoroutine(const OwnedCoroutine &) = delete;
    OwnedCoroutine &operator=(const OwnedCoroutine &) = delete;
    ~OwnedCoroutine() {
        if (handle)
            handle.destroy();
    }
    std::coroutine_handle<promise_type> handle;
};

//! Counts how often the event loop got a turn (a 1 ms timer's ticks) while it runs.
class LoopChecker {
public:
    LoopChecker() {
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { ++m_ticks; });
        m_timer.start();
    }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    int m_ticks = 0;
};

} // namespace coroscope::test
