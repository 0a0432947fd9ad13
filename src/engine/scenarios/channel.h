// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "cancelscope.h"
#include "waitqueue.h"

#include <deque>
#include <optional>

namespace coroscope {

/*!
 * \brief A bounded coroutine queue (asyncio.Queue(maxsize); QCoro has none).
 *
 * put() waits while the queue holds \a capacity items, get() while it is empty; both
 * serve their waiters first come, first served, and end cancelled with the group's scope.
 * close() lets getters drain what is left and then get nothing.
 *
 * \code
 * Channel<int> queue(2, scope);
 * co_await queue.put(7);                        // false: cancelled
 * std::optional<int> item = co_await queue.get(); // nullopt: closed and empty, or cancelled
 * \endcode
 */
template<typename T> class Channel {
public:
    class Put : public CancelScope::Waiter {
    public:
        Put(Channel &c, T item, bool *waited)
            : m_channel(&c)
            , m_item(std::move(item))
            , m_waited(waited) {}
        Put(Put &&o) noexcept
            : CancelScope::Waiter()
            , m_channel(o.m_channel)
            , m_item(std::move(o.m_item))
            , m_waited(o.m_waited) {}
        ~Put() override { detach(); }
        bool await_ready() {
            Channel &c = *m_channel;
            if (c.m_scope.isCancelled())
                return true;
            if (Get *getter = c.m_getters.pop()) { // hand over: the queue stays empty
                getter->m_item = std::move(m_item);
                c.resume(*getter);
                return m_done = true;
            }
            if (int(c.m_items.size()) < c.m_capacity) {
                c.m_items.push_back(std::move(m_item));
                return m_done = true;
            }
            return false;
        }
        void await_suspend(std::coroutine_handle<> h) {
            m_handle = h;
            if (m_waited)
                *m_waited = true;
            m_channel->m_putters.push(*this);
            m_channel->m_scope.link(*this);
        }
        //! true: the item is in the queue (or with a getter); false: cancelled.
        bool await_resume() {
            detach();
            return m_done;
        }

    private:
        friend class Channel;
        friend class WaitQueue<Put>;
        void detach() {
            if (m_queueNode.queued)
                m_channel->m_putters.remove(*this);
            if (m_linked)
                m_channel->m_scope.unlink(*this);
        }
        void wake() override { m_handle.resume(); }
        Channel *m_channel;
        T m_item;
        bool *m_waited;
        std::coroutine_handle<> m_handle;
        typename WaitQueue<Put>::Node m_queueNode;
        bool m_done = false;
    };

    class Get : public CancelScope::Waiter {
    public:
        Get(Channel &c, bool *waited)
            : m_channel(&c)
            , m_waited(waited) {}
        Get(Get &&o) noexcept
            : CancelScope::Waiter()
            , m_channel(o.m_channel)
            , m_waited(o.m_waited) {}
        ~Get() override { detach(); }
        bool await_ready() {
            Channel &c = *m_channel;
            if (c.m_scope.isCancelled())
                return true;
            if (!c.m_items.empty()) {
                m_item = std::move(c.m_items.front());
                c.m_items.pop_front();
                if (Put *putter = c.m_putters.pop()) { // room now: its item goes in
                    c.m_items.push_back(std::move(putter->m_item));
                    putter->m_done = true;
                    c.resume(*putter);
                }
                return true;
            }
            return c.m_closed;
        }
        void await_suspend(std::coroutine_handle<> h) {
            m_handle = h;
            if (m_waited)
                *m_waited = true;
            m_channel->m_getters.push(*this);
            m_channel->m_scope.link(*this);
        }
        std::optional<T> await_resume() {
            detach();
            return std::move(m_item);
        }

    private:
        friend class Channel;
        friend class WaitQueue<Get>;
        void detach() {
            if (m_queueNode.queued)
                m_channel->m_getters.remove(*this);
            if (m_linked)
                m_channel->m_scope.unlink(*this);
        }
        void wake() override { m_handle.resume(); }
        Channel *m_channel;
        bool *m_waited;
        std::optional<T> m_item;
        std::coroutine_handle<> m_handle;
        typename WaitQueue<Get>::Node m_queueNode;
    };

    Channel(int capacity, CancelScope &scope)
        : m_capacity(capacity)
        , m_scope(scope) {}

    //! \a waited, if given, is set when the caller had to wait (a state worth recording).
    Put put(T item, bool *waited = nullptr) { return Put(*this, std::move(item), waited); }
    Get get(bool *waited = nullptr) { return Get(*this, waited); }
    //! No more items will come: waiting getters get nothing once the queue is empty.
    void close() {
        m_closed = true;
        while (Get *g = m_getters.pop())
            resume(*g);
    }
    int size() const { return int(m_items.size()); }

private:
    template<typename W> void resume(W &w) {
        if (w.m_linked)
            m_scope.unlink(w);
        w.m_handle.resume();
    }

    int m_capacity;
    CancelScope &m_scope;
    std::deque<T> m_items;
    WaitQueue<Put> m_putters;
    WaitQueue<Get> m_getters;
    bool m_closed = false;
};

} // namespace coroscope
