// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "engine/scheduler.h"
#include "model/runrecord.h"

#include <coroutine>

namespace coroscope {

/*!
 * \brief Cancels every coroutine of one group at once: asyncio's task-group or timeout
 * cancellation, and Stop.
 *
 * Whatever waits in the group (a sleep, a permit, a queue) registers here while
 * suspended; cancel() resumes each waiter at once with a "cancelled" result, and every
 * later wait returns cancelled without suspending. The cause and the time are kept for
 * the record ("cancelled at 5.5 s by the timeout").
 *
 * \code
 * CancelScope scope;
 * const Scheduler::Wake w = co_await ScopedSleep(scheduler, scope, due);
 * if (w.cancelled) co_return;          // scope.cause() says why
 * \endcode
 */
class CancelScope {
public:
    //! A suspended waiter, linked into the scope (no allocation).
    class Waiter {
    public:
        virtual ~Waiter() = default;

    protected:
        friend class CancelScope;
        //! Resume the waiting coroutine; it sees the scope cancelled.
        virtual void wake() = 0;
        Waiter *m_prev = nullptr;
        Waiter *m_next = nullptr;
        bool m_linked = false;
    };

    CancelScope() = default;
    CancelScope(const CancelScope &) = delete;
    CancelScope &operator=(const CancelScope &) = delete;
    ~CancelScope();

    bool isCancelled() const { return m_cause != CancelCause::None; }
    CancelCause cause() const { return m_cause; }
    int byTask() const { return m_byTask; }
    qint64 atNs() const { return m_atNs; }

    /*!
     * Wake every waiter cancelled, oldest first. Only the first call counts (a timeout
     * after a Stop changes nothing).
     */
    void cancel(CancelCause cause, qint64 atNs, int byTask = -1);

    void link(Waiter &w);
    void unlink(Waiter &w);

private:
    Waiter *m_head = nullptr;
    Waiter *m_tail = nullptr;
    CancelCause m_cause = CancelCause::None;
    int m_byTask = -1;
    qint64 m_atNs = 0;
};

/*!
 * \brief A scheduler sleep that the group's scope can also end: returns cancelled when
 * the scope is cancelled, or when Stop cancels the whole scheduler.
 */
class ScopedSleep : public CancelScope::Waiter {
public:
    ScopedSleep(Scheduler &s, CancelScope &scope, qint64 deadlineNs)
        : m_inner(s, deadlineNs)
        , m_scheduler(&s)
        , m_scope(&scope) {}
    ScopedSleep(ScopedSleep &&other) noexcept // only before it is awaited
        : CancelScope::Waiter()
        , m_inner(std::move(other.m_inner))
        , m_scheduler(other.m_scheduler)
        , m_scope(other.m_scope) {}
    ~ScopedSleep() override {
        if (m_linked)
            m_scope->unlink(*this);
    }

    bool await_ready() noexcept { return m_scope->isCancelled() || m_inner.await_ready(); }
    void await_suspend(std::coroutine_handle<> h) {
        m_handle = h;
        m_scope->link(*this);
        m_inner.await_suspend(h);
    }
    Scheduler::Wake await_resume() {
        if (m_linked)
            m_scope->unlink(*this);
        if (m_woken || m_scope->isCancelled())
            return {true, m_scheduler->now()};
        return m_inner.await_resume();
    }

private:
    void wake() override {
        m_woken = true;
        // The scheduler's entry goes stale when m_inner is destroyed with the frame's
        // expression; it is never resumed.
        m_handle.resume();
    }

    Scheduler::SleepAwaiter m_inner;
    Scheduler *m_scheduler;
    CancelScope *m_scope;
    std::coroutine_handle<> m_handle;
    bool m_woken = false;
};

} // namespace coroscope
