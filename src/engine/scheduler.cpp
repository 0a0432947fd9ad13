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
    const Entry *first = top();
    const bool newEarliest = !first || a.m_deadlineNs < first->deadlineNs;
    const Entry e{a.m_deadlineNs, m_seq++, slot, m_slots[slot].generation};
    // Sequence numbers only grow, so an entry no earlier than the FIFO's tail keeps it sorted.
    if (m_fifo.empty() || e.deadlineNs >= m_fifo.back().deadlineNs) {
        m_fifo.push(e);
    } else {
        m_heap.push_back(e);
        std::push_heap(m_heap.begin(), m_heap.end(), Later{});
    }
    if (newEarliest)
        arm();
}

void Scheduler::forget(SleepAwaiter &a) {
    Slot &s = m_slots[a.m_slot];
    s.awaiter = nullptr;
    ++s.generation; // the queued entry goes stale and is skipped when popped
    m_freeSlots.push_back(a.m_slot);
    a.m_slot = kNoSlot;
    ++m_deadEntries;
}

const Scheduler::Entry *Scheduler::top() const {
    const Entry *f = m_fifo.empty() ? nullptr : &m_fifo.front();
    const Entry *h = m_heap.empty() ? nullptr : &m_heap.front();
    if (!f)
        return h;
    if (!h)
        return f;
    return Later{}(*f, *h) ? h : f;
}

Scheduler::Entry Scheduler::popTop() {
    const Entry *t = top();
    Q_ASSERT(t);
    if (t != m_heap.data())
        return m_fifo.pop();
    std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
    const Entry e = m_heap.back();
    m_heap.pop_back();
    return e;
}

void Scheduler::Fifo::reserve(size_t n) {
    size_t capacity = std::max<size_t>(64, m_buf.size());
    while (capacity < n)
        capacity *= 2;
    if (capacity == m_buf.size())
        return;
    std::vector<Entry> bigger(capacity);
    for (size_t i = 0; i < m_size; ++i)
        bigger[i] = m_buf[(m_head + i) & (m_buf.size() - 1)];
    m_buf.swap(bigger);
    m_head = 0;
}

void Scheduler::Fifo::push(const Entry &e) {
    if (m_size == m_buf.size())
        reserve(m_size + 1);
    m_buf[(m_head + m_size) & (m_buf.size() - 1)] = e;
    ++m_size;
}

Scheduler::Entry Scheduler::Fifo::pop() {
    const Entry e = m_buf[m_head];
    m_head = (m_head + 1) & (m_buf.size() - 1);
    --m_size;
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

void Scheduler::reserve(size_t sleepers) {
    m_slots.reserve(sleepers);
    m_fifo.reserve(sleepers);
}

void Scheduler::cancelAll() {
    m_cancelled = true;
    m_timer.stop();
    // Resuming a waiter can only finish coroutines (every later sleep returns at once),
    // so the queues only shrink here.
    while (top()) {
        if (SleepAwaiter *a = claim(popTop())) {
            a->m_cancelled = true;
            m_resumeNs = now();
            a->m_handle.resume();
        }
    }
}

void Scheduler::onTimer() {
    const qint64 begin = now();
    // The timer is armed early (see arm()): spin to the deadline, bounded in case the
    // timer fired for an entry that has since gone stale.
    if (const Entry *first = top(); first && first->deadlineNs - begin < kMaxSpinNs)
        while (now() < first->deadlineNs)
            ;
    qint64 t = now();
    const qint64 sliceEnd = t + kSliceNs;
    for (const Entry *next = top(); next && !m_cancelled; next = top()) {
        if (next->deadlineNs > t) {
            // Deadlines a few µs apart (relative timing) go in this callback too: a trip
            // through the event loop, maybe past a paint, would make them later.
            if (next->deadlineNs - t > kCoalesceNs)
                break;
            while ((t = now()) < next->deadlineNs)
                ;
        }
        if (SleepAwaiter *a = claim(popTop())) {
            m_resumeNs = t;
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
    const Entry *first = top();
    while (first && m_slots[first->slot].generation != first->generation) {
        popTop();
        --m_deadEntries;
        first = top();
    }
    if (!first || m_cancelled) {
        m_timer.stop();
        return;
    }
    const qint64 wait = first->deadlineNs - now();
    // Wake up to kEarlyNs before the deadline and spin the rest in onTimer(): QTimer counts
    // whole milliseconds and a busy machine wakes a process late. 0 ms lets the event
    // loop paint before the next slice of an overdue batch.
    m_timer.start(std::chrono::milliseconds(wait > kEarlyNs ? (wait - kEarlyNs) / 1'000'000 : 0));
}

} // namespace coroscope
