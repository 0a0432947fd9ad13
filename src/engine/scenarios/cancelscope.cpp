// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "cancelscope.h"

namespace coroscope {

CancelScope::~CancelScope() {
    // Waiters still linked belong to frames that outlive the scope: detach them.
    for (Waiter *w = m_head; w;) {
        Waiter *next = w->m_next;
        w->m_linked = false;
        w->m_prev = w->m_next = nullptr;
        w = next;
    }
}

void CancelScope::link(Waiter &w) {
    w.m_prev = m_tail;
    w.m_next = nullptr;
    (m_tail ? m_tail->m_next : m_head) = &w;
    m_tail = &w;
    w.m_linked = true;
}

void CancelScope::unlink(Waiter &w) {
    (w.m_prev ? w.m_prev->m_next : m_head) = w.m_next;
    (w.m_next ? w.m_next->m_prev : m_tail) = w.m_prev;
    w.m_prev = w.m_next = nullptr;
    w.m_linked = false;
}

void CancelScope::cancel(CancelCause cause, qint64 atNs, int byTask) {
    if (isCancelled())
        return;
    m_cause = cause;
    m_atNs = atNs;
    m_byTask = byTask;
    // One at a time: a woken coroutine may end others' waits (or destroy their frames).
    while (Waiter *w = m_head) {
        unlink(*w);
        w->wake();
    }
}

} // namespace coroscope
