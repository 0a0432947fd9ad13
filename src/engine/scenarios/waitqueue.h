// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

namespace coroscope {

/*!
 * \brief An intrusive FIFO of waiters: O(1) push, pop and removal from the middle, no
 * allocation (a million tasks may wait on one semaphore).
 */
template<typename T> class WaitQueue {
public:
    struct Node {
        T *prev = nullptr;
        T *next = nullptr;
        bool queued = false;
    };

    bool empty() const { return !m_head; }
    void push(T &t) {
        node(t) = {m_tail, nullptr, true};
        (m_tail ? node(*m_tail).next : m_head) = &t;
        m_tail = &t;
    }
    T *pop() {
        T *t = m_head;
        if (t)
            remove(*t);
        return t;
    }
    void remove(T &t) {
        Node &n = node(t);
        (n.prev ? node(*n.prev).next : m_head) = n.next;
        (n.next ? node(*n.next).prev : m_tail) = n.prev;
        n = {};
    }

private:
    static Node &node(T &t) { return t.m_queueNode; }
    T *m_head = nullptr;
    T *m_tail = nullptr;
};

} // namespace coroscope
