#include "scheduler.h"

#include <algorithm>
#include <chrono>

namespace coroscope {

static qint64 steadyNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Scheduler::SleepAwaiter::~SleepAwaiter() {
    // A coroutine destroyed while asleep (its generator dropped) must never be resumed.
    if (m_slot != kNoSlot)
        m_scheduler->forget(*this);
}

bool Scheduler::SleepAwaiter::await_ready() noexcept {
    if (m_scheduler->m_cancelled) {
        m_wake = {true, m_scheduler->now()};
        return true;
    }
    return false;
}

void Scheduler::SleepAwaiter::await_suspend(std::coroutine_handle<> h) {
    m_handle = h;
    m_scheduler->enqueue(*this);
}

Scheduler::Scheduler(QObject *parent)
    : QObject(parent)
    , m_origin(steadyNs()) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::onTimer);
}

Scheduler::~Scheduler() {
    // Waiters still asleep belong to coroutines their owners never ended; detach them so
    // their destructors (if they ever run) do not touch this scheduler's freed slots.
    for (Slot &s : m_slots)
        if (s.awaiter)
            s.awaiter->m_slot = kNoSlot;
}

qint64 Scheduler::now() const {
    return steadyNs() - m_origin;
}

void Scheduler::enqueue(SleepAwaiter &a) {
    quint32 slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = quint32(m_slots.size());
        m_slots.emplace_back();
    }
    m_slots[slot].awaiter = &a;
    a.m_slot = slot;
    const bool newEarliest = m_heap.empty() || a.m_deadlineNs < m_heap.front().deadlineNs;
    m_heap.push_back({a.m_deadlineNs, m_seq++, slot, m_slots[slot].generation});
    std::push_heap(m_heap.begin(), m_heap.end(), Later{});
    if (newEarliest)
        arm();
}

void Scheduler::forget(SleepAwaiter &a) {
    Slot &s = m_slots[a.m_slot];
    s.awaiter = nullptr;
    ++s.generation; // the heap entry goes stale and is skipped when popped
    m_freeSlots.push_back(a.m_slot);
    a.m_slot = kNoSlot;
    ++m_deadEntries;
}

Scheduler::Entry Scheduler::popTop() {
    std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
    const Entry e = m_heap.back();
    m_heap.pop_back();
    return e;
}

Scheduler::SleepAwaiter *Scheduler::claim(const Entry &e) {
    Slot &s = m_slots[e.slot];
    if (s.generation != e.generation) {
        --m_deadEntries;
        return nullptr;
    }
    SleepAwaiter *a = s.awaiter;
    s.awaiter = nullptr;
    ++s.generation;
    m_freeSlots.push_back(e.slot);
    a->m_slot = kNoSlot;
    return a;
}

void Scheduler::cancelAll() {
    m_cancelled = true;
    m_timer.stop();
    // Resuming a waiter can only finish coroutines (every later sleep returns at once),
    // so the heap only shrinks here.
    while (!m_heap.empty()) {
        const Entry e = popTop();
        if (SleepAwaiter *a = claim(e)) {
            a->m_wake = {true, now()};
            a->m_handle.resume();
        }
    }
}

void Scheduler::onTimer() {
    const qint64 begin = now();
    // QTimer counts whole milliseconds, so it is armed up to 1 ms early: spin the rest
    // (bounded, in case the timer fired for an entry that has since gone stale).
    if (!m_heap.empty()) {
        const qint64 first = m_heap.front().deadlineNs;
        if (first - begin < kMaxSpinNs)
            while (now() < first)
                ;
    }
    qint64 t = now();
    const qint64 sliceEnd = t + kSliceNs;
    while (!m_heap.empty() && !m_cancelled && m_heap.front().deadlineNs <= t) {
        if (SleepAwaiter *a = claim(popTop())) {
            a->m_wake = {false, t};
            a->m_handle.resume();
            t = now();
            if (t >= sliceEnd)
                break;
        }
    }
    m_maxStallNs = std::max(m_maxStallNs, now() - begin);
    arm();
}

void Scheduler::arm() {
    while (!m_heap.empty() &&
           m_slots[m_heap.front().slot].generation != m_heap.front().generation) {
        popTop();
        --m_deadEntries;
    }
    if (m_heap.empty() || m_cancelled) {
        m_timer.stop();
        return;
    }
    const qint64 wait = m_heap.front().deadlineNs - now();
    // Round down to whole ms: the remainder is spun in onTimer(). 0 ms lets the event
    // loop paint before the next slice of an overdue batch.
    m_timer.start(std::chrono::milliseconds(wait > 0 ? wait / 1'000'000 : 0));
}

} // namespace coroscope
