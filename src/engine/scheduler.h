#pragma once

#include <QObject>
#include <QTimer>

#include <coroutine>
#include <cstdint>
#include <vector>

namespace coroscope {

/*!
 * \brief Deadline scheduling for coroutines on the Qt event loop.
 *
 * Sleeping coroutines wait on deadlines (ns on the scheduler's monotonic clock, counted
 * from its construction); a single Qt::PreciseTimer is armed for the earliest. Due
 * coroutines resume in deadline order, equal deadlines in the order they were requested
 * (FIFO). A batch of due coroutines is resumed in slices of a few milliseconds so the
 * event loop can paint between them.
 *
 * Pending wakeups sit in two queues: a FIFO for the usual case of deadlines requested in
 * non-decreasing order (every drift-free batch, and relative timing, whose deadlines
 * follow resume order), O(1) both ways, and a binary heap for the rest. The earlier head
 * of the two is next.
 *
 * Unlike QCoro::sleepFor there is no QTimer per sleep: one 24-byte entry per sleeping
 * coroutine, and a waiter destroyed while asleep is never resumed.
 *
 * \code
 * Scheduler s;
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
        // Kept small: a million of these live in coroutine frames at once.
        Scheduler *m_scheduler;
        qint64 m_deadlineNs;
        std::coroutine_handle<> m_handle;
        quint32 m_slot = kNoSlot;
        bool m_cancelled = false;
    };

    explicit Scheduler(QObject *parent = nullptr);
    ~Scheduler() override;

    //! Nanoseconds since this scheduler was created (steady clock).
    qint64 now() const;

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
    //! Longest time one timer callback held the event loop (resume slice plus spin), ms.
    double maxStallMs() const { return double(m_maxStallNs) / 1e6; }
    //! Starts the longest-callback figure afresh (the lab's variants run in turn).
    void resetMaxStall() { m_maxStallNs = 0; }

    //! Time budget of one slice of resumes before the event loop gets a turn.
    static constexpr qint64 kSliceNs = 4'000'000;
    //! How much earlier than a deadline the timer is armed; the rest is a busy wait.
    static constexpr qint64 kEarlyNs = 1'000'000;
    //! A deadline this close after the last one due is waited for in the same callback.
    static constexpr qint64 kCoalesceNs = 200'000;
    //! Longest busy wait for a deadline the millisecond timer cannot hit exactly.
    static constexpr qint64 kMaxSpinNs = 3'000'000;

private:
    static constexpr quint32 kNoSlot = 0xFFFFFFFFu;

    struct Entry {
        qint64 deadlineNs;
        quint64 seq; // FIFO among equal deadlines
        quint32 slot;
        quint32 generation;
    };
    struct Slot {
        SleepAwaiter *awaiter = nullptr;
        quint32 generation = 0;
    };
    struct Later {
        bool operator()(const Entry &a, const Entry &b) const {
            return a.deadlineNs != b.deadlineNs ? a.deadlineNs > b.deadlineNs : a.seq > b.seq;
        }
    };

    void enqueue(SleepAwaiter &a);
    void forget(SleepAwaiter &a);
    //! The next entry of the two queues, or nullptr when both are empty.
    const Entry *top() const;
    Entry popTop();
    //! Detach the waiter of \a e from its slot; nullptr if it was destroyed meanwhile.
    SleepAwaiter *claim(const Entry &e);
    void onTimer();
    void arm();

    std::vector<Entry> m_heap;
    //! A growable ring buffer: one slot per pending entry, no shifting.
    class Fifo {
    public:
        bool empty() const { return m_size == 0; }
        size_t size() const { return m_size; }
        const Entry &front() const { return m_buf[m_head]; }
        const Entry &back() const { return m_buf[(m_head + m_size - 1) & (m_buf.size() - 1)]; }
        void push(const Entry &e);
        void reserve(size_t n);
        Entry pop();

    private:
        std::vector<Entry> m_buf; // size is 0 or a power of two
        size_t m_head = 0;
        size_t m_size = 0;
    };
    Fifo m_fifo;
    std::vector<Slot> m_slots;
    std::vector<quint32> m_freeSlots;
    quint64 m_seq = 0;
    int m_deadEntries = 0;
    bool m_cancelled = false;
    qint64 m_origin;
    qint64 m_resumeNs = 0; // when the waiter being resumed was woken
    qint64 m_maxStallNs = 0;
    QTimer m_timer;
};

} // namespace coroscope
