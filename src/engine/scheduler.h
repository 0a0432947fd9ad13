// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"
#include "passclock.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <vector>

namespace coroscope {

class GroupRecord;
class TimerFd;

/*!
 * \brief Deadline scheduling for coroutines on the Qt event loop, on a real or a virtual
 * clock.
 *
 * Sleeping coroutines wait on deadlines (ns on the scheduler's clock, counted from its
 * construction). Due coroutines resume in deadline order, equal deadlines in the order they
 * were requested (FIFO). A batch of due coroutines is resumed in slices of a few
 * milliseconds so the event loop can paint between them.
 *
 * Pending wakeups sit in two queues: a FIFO for the usual case of deadlines requested in
 * non-decreasing order (every drift-free batch, and relative timing, whose deadlines
 * follow resume order), O(1) both ways, and a binary heap for the rest. The earlier head
 * of the two is next.
 *
 * **Real clock** (default): one alarm is armed for the earliest deadline, a timerfd at the
 * absolute deadline in ns (no busy wait); where there is no timerfd, or with
 * `COROSCOPE_WAKE=qtimer` in the environment, a millisecond Qt::PreciseTimer armed early
 * and a busy wait for the rest.
 *
 * **Virtual clock** (Trio's MockClock): time stands still while coroutines run and moves
 * only when the scheduler moves it. By default it autojumps: once nothing is due, it jumps
 * to the next deadline at once, so a run costs only its CPU work and every wake is exactly
 * on time. setSpeed() paces it instead (virtual time flows x times real time), pause(),
 * resume() and stepToNextWake() drive it by hand, and spendBlocking() advances it by a
 * blocking call's nominal cost.
 *
 * Unlike QCoro::sleepFor there is no QTimer per sleep: one 16-byte entry per sleeping
 * coroutine (and a 16-byte slot), and a waiter destroyed while asleep is never resumed.
 *
 * \code
 * Scheduler s;                                   // or Scheduler s(Clock::Virtual);
 * QCoro::Task<> tick(Scheduler &s) {
 *     const Scheduler::Wake w = co_await s.sleepUntil(s.now() + 1'000'000); // 1 ms
 *     if (w.cancelled) co_return;                                           // Stop
 * }
 * \endcode
 */
class Scheduler : public QObject {
    Q_OBJECT
public:
    struct Wake {
        bool cancelled = false; //!< true when cancelAll() ended the wait
        qint64 atNs = 0;        //!< when the scheduler resumed the waiter
    };

    class SleepAwaiter {
    public:
        SleepAwaiter(Scheduler &s, qint64 deadlineNs)
            : m_scheduler(&s)
            , m_deadlineNs(deadlineNs) {}
        // Movable only before it is awaited (QCoro::Task's await_transform may move it).
        SleepAwaiter(SleepAwaiter &&other) noexcept
            : m_scheduler(other.m_scheduler)
            , m_deadlineNs(other.m_deadlineNs) {
            Q_ASSERT(other.m_slot == kNoSlot);
        }
        SleepAwaiter &operator=(SleepAwaiter &&) = delete;
        ~SleepAwaiter();

        bool await_ready() noexcept { return m_scheduler->m_cancelled; }
        void await_suspend(std::coroutine_handle<> h);
        Wake await_resume() const noexcept {
            if (m_cancelled || m_scheduler->m_cancelled)
                return {true, m_scheduler->now()};
            return {false, m_scheduler->m_resumeNs};
        }

    private:
        friend class Scheduler;
        std::coroutine_handle<> handle() const {
            return std::coroutine_handle<>::from_address(m_handleAddress);
        }

        // Kept small (24 bytes): a million of these live in coroutine frames at once. The
        // deadline is needed only until await_suspend() has queued it, the handle only from
        // then on, so they share their 8 bytes.
        Scheduler *m_scheduler;
        union {
            qint64 m_deadlineNs;   // until await_suspend()
            void *m_handleAddress; // from await_suspend() on
        };
        quint32 m_slot = kNoSlot;
        bool m_cancelled = false;
    };

    //! How the real clock waits for a deadline.
    enum class WakeSource {
        TimerFd,   //!< an absolute-deadline timerfd: ns precision, no busy wait
        QTimerSpin //!< a millisecond QTimer armed early, then a busy wait (the fallback)
    };
    //! TimerFd, unless the environment says COROSCOPE_WAKE=qtimer or there is no timerfd.
    static WakeSource defaultWakeSource();

    explicit Scheduler(QObject *parent = nullptr);
    explicit Scheduler(Clock clock, QObject *parent = nullptr);
    //! A real-clock scheduler waking through \a wake (falls back if timerfd is missing).
    Scheduler(Clock clock, WakeSource wake, QObject *parent = nullptr);
    ~Scheduler() override;

    Clock clock() const { return m_clock; }
    WakeSource wakeSource() const { return m_wake; }

    //! Nanoseconds since this scheduler was created, on its clock (real or virtual). On
    //! the real clock any thread may call it; the virtual clock is the scheduler's
    //! thread's only (other threads: publishedNow()).
    qint64 now() const;
    /*!
     * now() for other threads, on either clock: the real clock read there; the virtual
     * time as the scheduler's thread last set it (at each wake-up, blocking call, pause
     * and speed change: a paced run's time between wakes is not seen).
     */
    qint64 publishedNow() const;
    /*!
     * How far a live reader on another thread may draw the record (ns on this clock): the
     * real clock now, or, while the scheduler's thread has stamped times it has not yet
     * published (a pass over due waiters, a run's start or stop, a task back from a worker
     * thread: see Unsettled), the moment that began. A reader that draws each task's
     * current stretch up to here never shows a state going on past the moment it changed,
     * however long the thread is preempted between a stamp and its publication. A loop
     * blocked by a task's own work on it (a blocking call, hashing: settledDuring()) is
     * settled meanwhile, so the edge follows the clock through it. The virtual clock:
     * publishedNow(). Any thread; read it before the record (what is read after is as new).
     */
    qint64 settledNs() const;
    /*!
     * \brief While one lives, the scheduler's thread stamps times it publishes later
     * (settledNs() stays at or before the moment the outermost one began). Scheduler's
     * thread; they nest.
     */
    class Unsettled {
    public:
        explicit Unsettled(Scheduler &s)
            : m_scheduler(s) {
            m_scheduler.unsettle();
        }
        ~Unsettled() { m_scheduler.settle(); }
        Unsettled(const Unsettled &) = delete;
        Unsettled &operator=(const Unsettled &) = delete;

    private:
        Scheduler &m_scheduler;
    };
    /*!
     * Runs \a work (a task's own work on the loop, everything before it published) as
     * settled: a reader's edge follows the clock through it; what is stamped after it
     * is unsettled again. Scheduler's thread.
     */
    template<typename Work> void settledDuring(Work work) {
        if (m_unsettledDepth > 0)
            m_unsettledSinceNs.store(0, std::memory_order_release);
        work();
        if (m_unsettledDepth > 0)
            markUnsettled();
    }
    /*!
     * Unsettled from now until control is back in the event loop: for a task resumed
     * outside the scheduler's handlers (a worker thread's result, delivered by a Qt event).
     */
    void unsettleUntilIdle();

    /*!
     * The real clock's current pass over due waiters (one batch of wake-ups, which may take
     * several slices): CLOCK_MONOTONIC ns when it began, or 0 when none is under way (and
     * always on the virtual clock). Any thread: the window steps aside for a young pass
     * (RunController), so that its frames do not take the run's cores while it wakes a batch.
     */
    qint64 passSinceNs() const { return m_passSinceNs.load(std::memory_order_relaxed); }
    //! How long the pass under way has gone so far (ns), or -1 when none is. Any thread.
    qint64 passAgeNs() const;
    /*!
     * The real clock's next wake-up: ns from now until it (0 when it is due), or -1 when
     * none is armed (and always on the virtual clock). With lastWoken(), how many waiters
     * the last batch woke (all its slices), the window sees a big batch coming and does not start a
     * frame just before it (RunController). Any thread.
     */
    qint64 nextWakeInNs() const;
    int lastWoken() const { return m_lastWoken.load(std::memory_order_relaxed); }
    /*!
     * now() for the coroutines a pass resumes (the scheduler's thread, inside a pass): on
     * the real clock the pass's clock (PassClock: the time stamp counter since the pass's
     * exact start, 12 ns a read here instead of clock_gettime()'s 31); elsewhere now().
     * For time stamps a batch of 100,000 takes, like a task's end.
     */
    qint64 nowInPass() const {
        if (m_clock == Clock::Real && m_inCallback)
            return m_passClock.now() - m_origin;
        return now();
    }
    //! The machine's monotonic clock in ns, whatever the scheduler's clock: for slicing work
    //! (virtual time stands still while coroutines run).
    static qint64 realNs();

    /*!
     * A blocking call of the loop's thread lasting \a ns, without yielding to the event
     * loop. Real clock: really blocks the thread. Virtual clock: advances virtual time by
     * \a ns (the call's nominal cost); what falls due meanwhile is late by that much.
     */
    void spendBlocking(qint64 ns);

    // The lesson clock: virtual clock only (no-ops on the real clock). Call them on the
    // scheduler's thread, from the event loop (not from inside a coroutine it resumes).
    //! Freeze virtual time: nothing resumes until resume() or stepToNextWake().
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }
    /*!
     * While paused: jump to the next deadline and resume every coroutine due then (and
     * whatever they make due at that same moment), then stay paused. False if none waits.
     */
    bool stepToNextWake();
    /*!
     * Pace virtual time at \a x times real time, 0.1 … 10 (clamped); 0 is autojump (no
     * pacing: idle time is skipped), the default.
     */
    void setSpeed(double x);
    double speed() const { return m_speed; }

    //! Suspend the awaiting coroutine until the clock reaches \a deadlineNs.
    SleepAwaiter sleepUntil(qint64 deadlineNs) { return SleepAwaiter(*this, deadlineNs); }

    /*!
     * Resume every sleeping coroutine at once with Wake::cancelled set, and make every
     * later sleep return cancelled immediately. After it returns no waiter is pending.
     */
    void cancelAll();
    //! Room for \a sleepers at once, so a big batch never waits on a reallocation.
    void reserve(size_t sleepers);
    bool isCancelled() const { return m_cancelled; }

    int pending() const { return int(m_heap.size() + m_fifo.size()) - m_deadEntries; }
    /*!
     * The earliest deadline a waiter is queued for (on the scheduler's clock), or -1 when
     * none is: where the lesson clock's next Step goes, or sooner (a waiter destroyed
     * while asleep may still hold its place until the scheduler reaches it).
     */
    qint64 nextDeadlineNs() const {
        const Entry *first = top();
        return first ? first->deadlineNs : -1;
    }
    /*!
     * Longest time one scheduler callback held the event loop, ms. Real clock: the slice of
     * resumes plus any busy wait, timed exactly, and any spendBlocking() call (also one made
     * outside a callback). Virtual clock: the virtual time blocking
     * calls (spendBlocking) took inside one callback.
     */
    double maxStallMs() const { return double(m_maxStallNs) / 1e6; }
    //! The real clock's figure even on a virtual clock (how long callbacks really took).
    double maxRealCallbackMs() const { return double(m_maxRealCallbackNs) / 1e6; }
    //! Starts the longest-callback figures afresh (the lab's variants run in turn).
    void resetMaxStall() {
        m_maxStallNs = 0;
        m_maxRealCallbackNs = 0;
    }

    /*!
     * Records each pass over the due waiters (a timer callback, a lesson-clock step) that
     * resumed at least one task in \a g (GroupRecord::addPass()), in its time: ns since
     * \a originNs on this clock. On the virtual clock a pass ends where time jumps (that
     * is idle time), and one that took no virtual time (no blocking call) is not recorded. A few
     * groups at once (the seed's two share the loop). One entry per pass, none per resume.
     * Scheduler's thread.
     */
    void addPassRecord(GroupRecord *g, qint64 originNs);
    /*!
     * Stops recording passes in \a g. Called from inside a pass (the task that ended the
     * group was resumed by one), it records that pass up to now first.
     */
    void removePassRecord(GroupRecord *g);

    //! Time budget of one slice of resumes before the event loop gets a turn.
    static constexpr qint64 kSliceNs = 4'000'000;
    //! QTimerSpin: how much earlier than a deadline the timer is armed; the rest is a busy wait.
    static constexpr qint64 kEarlyNs = 1'000'000;
    //! A deadline this close after the last one due is waited for in the same callback.
    static constexpr qint64 kCoalesceNs = 200'000;
    //! Longest busy wait for a deadline the millisecond timer cannot hit exactly.
    static constexpr qint64 kMaxSpinNs = 3'000'000;

private:
    static constexpr quint32 kNoSlot = 0xFFFFFFFFu;

    //! A pending wake-up: 16 bytes, one per sleeping coroutine.
    struct Entry {
        qint64 deadlineNs;
        quint32 slot;
        quint32 generation;
    };
    //! In the heap, entries of equal deadlines keep their request order by a sequence number.
    //! The FIFO needs none: its order is the request order, and an entry of the FIFO is older
    //! than any entry of the heap with the same deadline (see enqueue()), so it goes first.
    struct HeapEntry {
        Entry e;
        quint64 seq;
    };
    struct Slot {
        SleepAwaiter *awaiter = nullptr;
        quint32 generation = 0;
    };
    struct Later {
        bool operator()(const HeapEntry &a, const HeapEntry &b) const {
            return a.e.deadlineNs != b.e.deadlineNs ? a.e.deadlineNs > b.e.deadlineNs
                                                    : a.seq > b.seq;
        }
    };

    void enqueue(SleepAwaiter &a, qint64 deadlineNs);
    void forget(SleepAwaiter &a);
    //! The next entry of the two queues, or nullptr when both are empty.
    const Entry *top() const;
    Entry popTop();
    //! Detach the waiter of \a e from its slot; nullptr if it was destroyed meanwhile.
    SleepAwaiter *claim(const Entry &e);
    //! The next live entry (stale ones popped on the way), or nullptr.
    const Entry *liveTop();
    void onTimer();
    void arm();
    void armRealAt(qint64 monotonicNs);
    void disarm();
    //! Resume the waiter of \a e (claimed) as woken at \a atNs.
    void wake(SleepAwaiter *a, qint64 atNs);
    //! A pass begins: \a fromNs its start, or -1 (the virtual clock): its first resume's.
    void beginPass(qint64 fromNs);
    //! The pass so far into every group recorded, up to \a toNs; only if it resumed any.
    void recordPass(qint64 toNs);
    struct PassRecord {
        GroupRecord *group;
        qint64 originNs;
    };
    std::vector<PassRecord> m_passRecords;
    qint64 m_passFromNs = -1;
    qint32 m_passResumed = 0;
    //! Virtual clock, paced: the real (monotonic) time at which virtual \a ns is reached.
    qint64 realAtVirtual(qint64 ns) const;
    //! Virtual clock: restart pacing from the current virtual time, now.
    void reanchor();
    bool autojump() const { return m_speed == 0; }

    std::vector<HeapEntry> m_heap;
    //! Every deadline the heap has held since it was last empty is at most this.
    qint64 m_heapMaxDeadlineNs = 0;
    //! A growable ring buffer: one slot per pending entry, no shifting.
    class Fifo {
    public:
        bool empty() const { return m_size == 0; }
        size_t size() const { return m_size; }
        const Entry &front() const { return m_buf[m_head]; }
        const Entry &back() const { return m_buf[wrap(m_head + m_size - 1)]; }
        void push(const Entry &e);
        //! Room for \a n entries: exactly n (reserve() is told the run's size), so a
        //! million sleepers do not take 1,048,576 entries.
        void reserve(size_t n);
        Entry pop();

    private:
        size_t wrap(size_t i) const { return i >= m_buf.size() ? i - m_buf.size() : i; }
        std::vector<Entry> m_buf;
        size_t m_head = 0;
        size_t m_size = 0;
    };
    Fifo m_fifo;
    std::vector<Slot> m_slots;
    std::vector<quint32> m_freeSlots;
    quint64 m_seq = 0;
    int m_deadEntries = 0;
    bool m_cancelled = false;
    bool m_inCallback = false; // onTimer() arms once at its end
    Clock m_clock = Clock::Real;
    WakeSource m_wake = WakeSource::TimerFd;
    qint64 m_origin;       // CLOCK_MONOTONIC at construction
    qint64 m_resumeNs = 0; // when the waiter being resumed was woken
    qint64 m_maxStallNs = 0;
    qint64 m_maxRealCallbackNs = 0;
    // Virtual clock
    mutable qint64 m_virtualNs = 0; // now(); paced mode lets now() move it between wakes
    //! m_virtualNs for other threads (publishedNow()), stored wherever it moves.
    mutable std::atomic<qint64> m_publishedVirtualNs{0};
    std::atomic<qint64> m_passSinceNs{0}; //!< passSinceNs()
    // settledNs(): CLOCK_MONOTONIC when the outermost Unsettled began, 0 when settled.
    std::atomic<qint64> m_unsettledSinceNs{0};
    int m_unsettledDepth = 0;
    bool m_settleQueued = false; //!< unsettleUntilIdle()'s settle() is posted
    void unsettle();
    void settle();
    void markUnsettled();
    std::atomic<qint64> m_nextWakeNs{0}; //!< CLOCK_MONOTONIC; 0: none armed (real clock)
    std::atomic<int> m_lastWoken{0};     //!< lastWoken()
    int m_batchWoken = 0;                //!< woken so far in the batch under way
    void setVirtualNs(qint64 ns) const {
        m_virtualNs = ns;
        m_publishedVirtualNs.store(ns, std::memory_order_relaxed);
    }
    qint64 m_blockedInCallbackNs = 0;
    double m_speed = 0; // 0: autojump
    bool m_paused = false;
    qint64 m_anchorVirtualNs = 0; // paced: virtual time at m_anchorRealNs
    qint64 m_anchorRealNs = 0;
    // Wake-ups: one of the two is used.
    TimerFd *m_timerFd = nullptr;
    //! The real clock inside onTimer()'s pass: one read a resume.
    mutable PassClock m_passClock;
    QTimer *m_timer = nullptr;
};

} // namespace coroscope
