// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "scheduler.h"

#include "timerfd.h"

#include "model/runrecord.h"

#include <QtDebug>

#include <algorithm>
#include <cerrno>
#include <cmath>

#include <ctime>

namespace coroscope {

static qint64 steadyNs() {
    return TimerFd::monotonicNs();
}

Scheduler::SleepAwaiter::~SleepAwaiter() {
    // A coroutine destroyed while asleep (its generator dropped) must never be resumed.
    if (m_slot != kNoSlot)
        m_scheduler->forget(*this);
}

void Scheduler::SleepAwaiter::await_suspend(std::coroutine_handle<> h) {
    const qint64 deadline = m_deadlineNs;
    m_handleAddress = h.address(); // the deadline's storage from here on
    m_scheduler->enqueue(*this, deadline);
}

Scheduler::WakeSource Scheduler::defaultWakeSource() {
    return qgetenv("COROSCOPE_WAKE") == "qtimer" ? WakeSource::QTimerSpin : WakeSource::TimerFd;
}

Scheduler::Scheduler(QObject *parent)
    : Scheduler(Clock::Real, defaultWakeSource(), parent) {}

Scheduler::Scheduler(Clock clock, QObject *parent)
    : Scheduler(clock, defaultWakeSource(), parent) {}

Scheduler::Scheduler(Clock clock, WakeSource wake, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_wake(wake)
    , m_origin(steadyNs()) {
    // Both helpers are children, so moving the scheduler to another thread moves them.
    if (m_wake == WakeSource::TimerFd) {
        m_timerFd = new TimerFd(this);
        if (m_timerFd->isValid()) {
            connect(m_timerFd, &TimerFd::fired, this, &Scheduler::onTimer);
        } else {
            delete m_timerFd;
            m_timerFd = nullptr;
            m_wake = WakeSource::QTimerSpin;
        }
    }
    if (m_wake == WakeSource::QTimerSpin) {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &Scheduler::onTimer);
    }
}

Scheduler::~Scheduler() {
    // Waiters still asleep belong to coroutines their owners never ended; detach them so
    // their destructors (if they ever run) do not touch this scheduler's freed slots.
    for (Slot &s : m_slots)
        if (s.awaiter)
            s.awaiter->m_slot = kNoSlot;
}

qint64 Scheduler::realNs() {
    return steadyNs();
}

qint64 Scheduler::now() const {
    if (m_clock == Clock::Real)
        return steadyNs() - m_origin;
    if (!autojump() && !m_paused) {
        // Paced: time flows between wakes too, but never past the next deadline (that one
        // moves it when it is served), so now() never runs backwards.
        qint64 t = m_anchorVirtualNs + qint64(double(steadyNs() - m_anchorRealNs) * m_speed);
        if (const Entry *next = top(); next && t > next->deadlineNs)
            t = next->deadlineNs;
        if (t > m_virtualNs)
            setVirtualNs(t);
    }
    return m_virtualNs;
}

qint64 Scheduler::settledNs() const {
    if (m_clock != Clock::Real)
        return publishedNow();
    const qint64 clock = steadyNs();
    // The clock is read before the flag: if the flag says settled, whatever the scheduler's
    // thread stamps from here on is stamped after its next markUnsettled(), so later than
    // this reading; if it says unsettled, everything stamped before that moment is
    // published (the store that cleared it last was a release, this load acquires).
    std::atomic_thread_fence(std::memory_order_seq_cst);
    const qint64 since = m_unsettledSinceNs.load(std::memory_order_seq_cst);
    return (since ? std::min(clock, since) : clock) - m_origin;
}

void Scheduler::markUnsettled() {
    // Read before the store; every stamp the thread takes after the store is later.
    m_unsettledSinceNs.store(steadyNs(), std::memory_order_seq_cst);
}

void Scheduler::unsettle() {
    if (m_unsettledDepth++ == 0 && m_clock == Clock::Real)
        markUnsettled();
}

void Scheduler::settle() {
    Q_ASSERT(m_unsettledDepth > 0);
    if (--m_unsettledDepth == 0)
        m_unsettledSinceNs.store(0, std::memory_order_release); // after what was published
}

void Scheduler::unsettleUntilIdle() {
    if (m_settleQueued)
        return;
    m_settleQueued = true;
    unsettle();
    // Posted: it runs once the handler that resumed the task has returned to the loop.
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_settleQueued = false;
            settle();
        },
        Qt::QueuedConnection);
}

qint64 Scheduler::publishedNow() const {
    if (m_clock == Clock::Real)
        return steadyNs() - m_origin;
    return m_publishedVirtualNs.load(std::memory_order_relaxed);
}

void Scheduler::spendBlocking(qint64 ns) {
    if (ns <= 0)
        return;
    if (m_clock == Clock::Real) {
        // Sleep, not spin: the thread is blocked as a blocking call would block it.
        const qint64 from = steadyNs();
        const qint64 until = from + ns;
        timespec ts{time_t(until / 1'000'000'000), long(until % 1'000'000'000)};
        settledDuring([&ts] {
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR)
                ;
        });
        // The loop could not run meanwhile: a stall, also when the call was not made from a
        // scheduler callback (a lab task blocking at its first value runs inside Run::start,
        // before any callback times it). Inside a callback the callback's own time covers it.
        m_maxStallNs = std::max(m_maxStallNs, steadyNs() - from);
        return;
    }
    now(); // paced: take the time flowed so far first
    setVirtualNs(m_virtualNs + ns);
    m_blockedInCallbackNs += ns;
    m_maxStallNs = std::max(m_maxStallNs, m_blockedInCallbackNs);
    if (!autojump())
        reanchor();
}

void Scheduler::reanchor() {
    m_anchorVirtualNs = m_virtualNs;
    m_anchorRealNs = steadyNs();
}

qint64 Scheduler::realAtVirtual(qint64 ns) const {
    const double realDelta = double(ns - m_anchorVirtualNs) / m_speed;
    return m_anchorRealNs + (realDelta > 0 ? qint64(std::ceil(realDelta)) : 0);
}

void Scheduler::pause() {
    if (m_clock != Clock::Virtual || m_paused)
        return;
    now(); // paced: keep the time flowed so far
    m_paused = true;
    disarm();
}

void Scheduler::resume() {
    if (m_clock != Clock::Virtual || !m_paused)
        return;
    m_paused = false;
    reanchor();
    arm();
}

void Scheduler::setSpeed(double x) {
    if (m_clock != Clock::Virtual || !std::isfinite(x))
        return;
    now();
    m_speed = x <= 0 ? 0 : std::clamp(x, 0.1, 10.0);
    reanchor();
    if (!m_paused && !m_inCallback)
        arm();
}

bool Scheduler::stepToNextWake() {
    if (m_clock != Clock::Virtual || !m_paused || m_cancelled)
        return false;
    const Entry *first = liveTop();
    if (!first)
        return false;
    setVirtualNs(std::max(m_virtualNs, first->deadlineNs));
    m_blockedInCallbackNs = 0;
    m_inCallback = true;
    beginPass(-1);
    // Everything due at the new time, including what the resumed coroutines make due.
    for (const Entry *next = liveTop(); next && next->deadlineNs <= m_virtualNs && !m_cancelled;
         next = liveTop())
        if (SleepAwaiter *a = claim(popTop()))
            wake(a, m_virtualNs);
    recordPass(now());
    m_inCallback = false;
    reanchor();
    return true;
}

void Scheduler::enqueue(SleepAwaiter &a, qint64 deadlineNs) {
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
    const bool newEarliest = !first || deadlineNs < first->deadlineNs;
    const Entry e{deadlineNs, slot, m_slots[slot].generation};
    // The FIFO takes an entry no earlier than its tail (it stays sorted), or, when empty, one
    // later than anything the heap holds. So no entry joins the FIFO while the heap holds
    // an older one of the same deadline, and on equal deadlines the FIFO's head goes first.
    if (m_fifo.empty() ? m_heap.empty() || e.deadlineNs > m_heapMaxDeadlineNs
                       : e.deadlineNs >= m_fifo.back().deadlineNs) {
        m_fifo.push(e);
    } else {
        m_heapMaxDeadlineNs =
            m_heap.empty() ? e.deadlineNs : std::max(m_heapMaxDeadlineNs, e.deadlineNs);
        m_heap.push_back({e, m_seq++});
        std::push_heap(m_heap.begin(), m_heap.end(), Later{});
    }
    if (newEarliest && !m_inCallback)
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
    const Entry *h = m_heap.empty() ? nullptr : &m_heap.front().e;
    if (!f)
        return h;
    if (!h)
        return f;
    return h->deadlineNs < f->deadlineNs ? h : f; // equal: the FIFO's is older
}

Scheduler::Entry Scheduler::popTop() {
    const Entry *t = top();
    Q_ASSERT(t);
    if (m_heap.empty() || t != &m_heap.front().e)
        return m_fifo.pop();
    std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
    const Entry e = m_heap.back().e;
    m_heap.pop_back();
    return e;
}

void Scheduler::Fifo::reserve(size_t n) {
    if (n <= m_buf.size())
        return;
    std::vector<Entry> bigger(n);
    for (size_t i = 0; i < m_size; ++i)
        bigger[i] = m_buf[wrap(m_head + i)];
    m_buf.swap(bigger);
    m_head = 0;
}

void Scheduler::Fifo::push(const Entry &e) {
    if (m_size == m_buf.size())
        reserve(std::max<size_t>(64, m_size * 2));
    m_buf[wrap(m_head + m_size)] = e;
    ++m_size;
}

Scheduler::Entry Scheduler::Fifo::pop() {
    const Entry e = m_buf[m_head];
    m_head = wrap(m_head + 1);
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

qint64 Scheduler::passAgeNs() const {
    const qint64 since = passSinceNs();
    return since == 0 ? -1 : std::max<qint64>(0, steadyNs() - since);
}

qint64 Scheduler::nextWakeInNs() const {
    const qint64 at = m_nextWakeNs.load(std::memory_order_relaxed);
    return at == 0 ? -1 : std::max<qint64>(0, at - steadyNs());
}

void Scheduler::reserve(size_t sleepers) {
    m_slots.reserve(sleepers);
    m_fifo.reserve(sleepers);
}

void Scheduler::cancelAll() {
    m_cancelled = true;
    disarm();
    m_passSinceNs.store(0, std::memory_order_relaxed);
    // Resuming a waiter can only finish coroutines (every later sleep returns at once),
    // so the queues only shrink here.
    while (top()) {
        if (SleepAwaiter *a = claim(popTop())) {
            a->m_cancelled = true;
            wake(a, now());
        }
    }
}

void Scheduler::wake(SleepAwaiter *a, qint64 atNs) {
    m_resumeNs = atNs;
    // The pass's count (and, on the virtual clock, its start: time jumps to the first
    // deadline inside the pass, and the idle time before it is not the scheduler's).
    if (m_passFromNs < 0)
        m_passFromNs = atNs;
    ++m_passResumed;
    a->handle().resume();
}

void Scheduler::beginPass(qint64 fromNs) {
    m_passFromNs = fromNs;
    m_passResumed = 0;
}

void Scheduler::recordPass(qint64 toNs) {
    // A pass that took no time (the virtual clock's, unless a blocking call advanced it)
    // has nothing to draw: not recorded, so a virtual run holds no pass per deadline.
    if (m_passResumed == 0 || m_passFromNs < 0 || toNs <= m_passFromNs)
        return;
    for (const PassRecord &r : m_passRecords)
        if (toNs >= r.originNs)
            r.group->addPass(
                {std::max<qint64>(0, m_passFromNs - r.originNs), toNs - r.originNs, m_passResumed});
}

void Scheduler::addPassRecord(GroupRecord *g, qint64 originNs) {
    m_passRecords.push_back({g, originNs});
}

void Scheduler::removePassRecord(GroupRecord *g) {
    const auto it = std::find_if(m_passRecords.begin(), m_passRecords.end(),
                                 [g](const PassRecord &r) { return r.group == g; });
    if (it == m_passRecords.end())
        return;
    if (m_inCallback && m_passResumed > 0 && m_passFromNs >= 0 && now() > m_passFromNs &&
        now() >= it->originNs)
        g->addPass({std::max<qint64>(0, m_passFromNs - it->originNs), now() - it->originNs,
                    m_passResumed});
    m_passRecords.erase(it);
}

const Scheduler::Entry *Scheduler::liveTop() {
    const Entry *first = top();
    while (first && m_slots[first->slot].generation != first->generation) {
        popTop();
        --m_deadEntries;
        first = top();
    }
    return first;
}

void Scheduler::onTimer() {
    if (m_cancelled || m_paused)
        return; // a wake-up already on its way when the clock stopped
    // Before the pass's first stamp: a reader draws no further than here until it ends.
    const Unsettled unsettled(*this);
    // The pass's clock starts from an exact reading; each resume then reads it cheaply.
    const qint64 begin = m_passClock.anchor();
    m_inCallback = true;
    m_blockedInCallbackNs = 0;
    const bool real = m_clock == Clock::Real;
    if (real && m_passSinceNs.load(std::memory_order_relaxed) == 0) {
        m_passSinceNs.store(begin, std::memory_order_relaxed); // not a later slice's
        m_batchWoken = 0;
    }
    // The real clock's pass starts now (its busy wait for the deadline is the scheduler's
    // too); the virtual clock's at its first resume (wake()).
    beginPass(real ? begin - m_origin : -1);
    // QTimerSpin arms the timer early (see armRealAt()): spin to the deadline, bounded in
    // case the timer fired for an entry that has since gone stale.
    if (const Entry *first = liveTop(); real && m_wake == WakeSource::QTimerSpin && first &&
                                        first->deadlineNs - (begin - m_origin) < kMaxSpinNs)
        while (now() < first->deadlineNs)
            ;
    const auto passNow = [&] { return real ? m_passClock.now() - m_origin : now(); };
    qint64 t = passNow();
    const qint64 sliceEnd = (real ? t + m_origin : steadyNs()) + kSliceNs;
    unsigned resumed = 0;
    int woken = 0;
    for (const Entry *next = liveTop(); next && !m_cancelled && !m_paused; next = liveTop()) {
        if (next->deadlineNs > t) {
            if (real) {
                // Deadlines a few µs apart (relative timing) go in this callback too: a trip
                // through the event loop, maybe past a paint, would make them later.
                if (next->deadlineNs - t > kCoalesceNs)
                    break;
                while ((t = passNow()) < next->deadlineNs)
                    ;
            } else {
                // Nothing is due: autojump moves time to the next deadline at once; paced
                // time moves there only once its real moment has come.
                if (!autojump() && realAtVirtual(next->deadlineNs) > steadyNs())
                    break;
                // The jump is idle time, not the scheduler's: the pass so far ends here.
                recordPass(t);
                beginPass(-1);
                setVirtualNs(t = next->deadlineNs);
            }
        }
        if (SleepAwaiter *a = claim(popTop())) {
            wake(a, t);
            ++woken;
            t = passNow();
            // The real clock has just been read; a virtual one reads it now and then.
            if ((real || (++resumed & 31) == 0) && (real ? t + m_origin : steadyNs()) >= sliceEnd)
                break;
        }
    }
    const qint64 end = steadyNs();
    recordPass(real ? end - m_origin : now());
    m_inCallback = false;
    // The batch goes on in the next slice while its waiters are due already.
    // The batch's count is published once it is whole (a sanitizer build wakes 2,000 in
    // several slices).
    if (real)
        m_batchWoken += woken;
    const Entry *due = liveTop();
    if (!due || m_cancelled || m_paused || due->deadlineNs > t) {
        m_passSinceNs.store(0, std::memory_order_relaxed);
        if (real)
            m_lastWoken.store(m_batchWoken, std::memory_order_relaxed);
    }
    const qint64 took = end - begin;
    m_maxRealCallbackNs = std::max(m_maxRealCallbackNs, took);
    if (real)
        m_maxStallNs = std::max(m_maxStallNs, took);
    arm();
}

void Scheduler::arm() {
    const Entry *first = liveTop();
    if (!first || m_cancelled || m_paused) {
        disarm();
        return;
    }
    if (m_clock == Clock::Real)
        armRealAt(m_origin + first->deadlineNs);
    else if (autojump())
        armRealAt(0); // at once, after the event loop's other work
    else
        armRealAt(realAtVirtual(first->deadlineNs));
}

void Scheduler::armRealAt(qint64 monotonicNs) {
    if (m_clock == Clock::Real)
        m_nextWakeNs.store(monotonicNs, std::memory_order_relaxed);
    if (m_timerFd) {
        m_timerFd->armAt(monotonicNs);
        return;
    }
    const qint64 wait = monotonicNs - steadyNs();
    // Wake up to kEarlyNs before the deadline and spin the rest in onTimer(): QTimer counts
    // whole milliseconds and a busy machine wakes a process late. 0 ms lets the event
    // loop paint before the next slice of an overdue batch.
    m_timer->start(std::chrono::milliseconds(wait > kEarlyNs ? (wait - kEarlyNs) / 1'000'000 : 0));
}

void Scheduler::disarm() {
    m_nextWakeNs.store(0, std::memory_order_relaxed);
    if (m_timerFd)
        m_timerFd->disarm();
    else
        m_timer->stop();
}

} // namespace coroscope
