// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "cancelscope.h"
#include "waitqueue.h"

namespace coroscope {

/*!
 * \brief A coroutine semaphore (asyncio.Semaphore; QCoro has none): at most \a permits
 * holders at once, waiters served first come, first served.
 *
 * A wait is cancelled with the group's scope (Stop, a timeout): acquire() then returns
 * false and the task must not release.
 *
 * \code
 * Semaphore sem(2, scope);
 * if (co_await sem.acquire()) {   // false: cancelled while waiting
 *     co_await work();
 *     sem.release();
 * }
 * \endcode
 */
class Semaphore {
public:
    class Acquire : public CancelScope::Waiter {
    public:
        Acquire(Semaphore &s, bool *waited)
            : m_sem(&s)
            , m_waited(waited) {}
        Acquire(Acquire &&other) noexcept // only before it is awaited
            : CancelScope::Waiter()
            , m_sem(other.m_sem)
            , m_waited(other.m_waited) {}
        ~Acquire() override { detach(); }

        bool await_ready() noexcept {
            if (m_sem->m_scope.isCancelled())
                return true;
            if (m_sem->m_permits > 0) {
                --m_sem->m_permits;
                m_granted = true;
                return true;
            }
            return false;
        }
        void await_suspend(std::coroutine_handle<> h) {
            m_handle = h;
            if (m_waited)
                *m_waited = true;
            m_sem->m_waiters.push(*this);
            m_sem->m_scope.link(*this);
        }
        //! true: the permit is held; false: cancelled, nothing to release.
        bool await_resume() {
            detach();
            return m_granted;
        }

    private:
        friend class Semaphore;
        friend class WaitQueue<Acquire>;
        void detach() {
            if (m_queueNode.queued)
                m_sem->m_waiters.remove(*this);
            if (m_linked)
                m_sem->m_scope.unlink(*this);
        }
        void wake() override { m_handle.resume(); } // cancelled: m_granted stays false

        Semaphore *m_sem;
        bool *m_waited;
        std::coroutine_handle<> m_handle;
        WaitQueue<Acquire>::Node m_queueNode;
        bool m_granted = false;
    };

    Semaphore(int permits, CancelScope &scope)
        : m_permits(permits)
        , m_scope(scope) {}

    //! \a waited, if given, is set when the caller had to wait (a state worth recording).
    Acquire acquire(bool *waited = nullptr) { return Acquire(*this, waited); }
    //! Hands the permit to the longest waiter (resumed here) or returns it.
    void release();
    int available() const { return m_permits; }

private:
    int m_permits;
    CancelScope &m_scope;
    WaitQueue<Acquire> m_waiters;
};

inline void Semaphore::release() {
    Acquire *next = m_scope.isCancelled() ? nullptr : m_waiters.pop();
    if (!next) {
        ++m_permits;
        return;
    }
    next->m_granted = true;
    if (next->m_linked)
        m_scope.unlink(*next);
    next->m_handle.resume();
}

} // namespace coroscope
