// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "publishedlog.h"
#include "runparams.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace coroscope {

enum class RunStatus { Idle, Running, Finished, Stopped, TimedOut, Failed };
QString statusName(RunStatus s);

/*!
 * \brief What a task's coroutine is doing (PRODUCT.md section 10, "Task states").
 *
 * Most of a timeline is derived from what every record holds (start, due and actual time
 * of each yield, end): suspended until due, ready from due until resumed, done at the
 * end. Only what cannot be derived is stored, as StateSpan and TaskOutcome entries, so a
 * seed run stores none (see taskstates.h for the whole timeline).
 */
enum class TaskState : quint8 {
    Running,   //!< on the loop's thread, doing work (a CPU-bound step)
    Suspended, //!< awaiting a timer
    Ready,     //!< due, not yet resumed: the scheduler's latency, or a busy loop
    Waiting,   //!< for a permit, a queue item or room, a task before it
    Blocked,   //!< holds the loop's thread in a blocking call
    Offloaded, //!< awaiting a worker thread
    Done,
    Cancelled,
    Failed,
};
QString stateName(TaskState s);
std::optional<TaskState> parseState(const QString &s);

//! What a waiting (or offloaded) task waits for.
enum class WaitTarget : quint8 { None, Task, Permit, QueueItem, QueueRoom, Thread };
QString waitTargetName(WaitTarget w);
std::optional<WaitTarget> parseWaitTarget(const QString &s);

//! Why a task was cancelled.
enum class CancelCause : quint8 { None, Stop, Timeout, Failure };
QString causeName(CancelCause c);
std::optional<CancelCause> parseCause(const QString &s);

//! A stretch of a task's timeline that cannot be derived (times in ns from the group's t = 0).
struct StateSpan {
    qint64 fromNs = 0;
    qint64 toNs = 0;
    qint32 task = 0;
    TaskState state = TaskState::Waiting;
    WaitTarget on = WaitTarget::None;
    qint32 other = -1; //!< the task or worker waited on, or -1
};

//! A task that did not end by itself: cancelled (by whom) or failed (with what error).
struct TaskOutcome {
    qint32 task = 0;
    TaskState state = TaskState::Cancelled; //!< Cancelled or Failed
    CancelCause cause = CancelCause::None;  //!< for Cancelled
    qint32 by = -1;                         //!< the failing task that caused the cancel, or -1
    qint64 atNs = 0;
    QString error; //!< for Failed: the exception's text
};

//! A result handed to the consumer (as-completed vs gather): which task's, and when.
struct Delivery {
    qint32 task = 0;
    qint64 atNs = 0;
};

//! Health figures of one group; all times in milliseconds unless named _s.
struct GroupHealth {
    double wallS = 0;  //!< run start → last comprehension done (or the stop)
    double idealS = 0; //!< values × delay, times tasks when sequential
    //! wall − ideal of a finished group. A stopped group has none (0 here, null in JSON):
    //! it did not run its course, so wall − ideal would only say when it was stopped.
    double overrunMs = 0;
    double latenessP50Ms = 0;
    double latenessP99Ms = 0;
    double latenessMaxMs = 0;
    double maxStallMs = 0; //!< longest stretch the run's event loop could not run anything
    //! Longest stall of the window's event loop (its frames) during the run, ms; -1 when no
    //! window watched the run (headless). The run has a loop of its own, so this figure
    //! is the window's responsiveness, not the run's timing.
    double windowStallMs = -1;
};

/*!
 * \brief Every yield of one group (sequential or concurrent), stored as a struct of arrays.
 *
 * Actual times (ns since the run's start) and lateness (actual − due, from which the due
 * time follows) sit in flat arrays at slot `task * values + index`, so task and index
 * cost no memory: 12 bytes a yield besides its value. Each task's values are the
 * comprehension's own list: the comprehension collects straight into it (collect()),
 * so the list it returns and the record share one buffer (Qt's implicit sharing) and a
 * million comprehensions do not hold every value twice.
 *
 * One writer, any number of readers on other threads. The run writes on its own thread;
 * the window reads while it runs. Every array is append-only per task, and a task's
 * yield count is published with a release store after the yield's time, lateness and
 * value are written; the reading accessors (count(), value(), atNs(), …) acquire that
 * count, so a reader that reads only below count(task) reads finished data. Starts and
 * ends are atomics; `status` is stored after `health` is computed, so once a reader sees
 * Finished or Stopped the health figures are whole. Readers never touch a task's QList
 * object while it grows (appending writes its size): they read its buffer through the
 * data pointer reserve() set before the first yield was published, which no append
 * within the reserved capacity moves. The lab's spans and outcomes are published the same
 * way (PublishedLog), and each task's current stretch in one word (setCurrent()). Cost:
 * 12 bytes a task (the published count and that word).
 */
class GroupRecord {
public:
    GroupRecord(GroupKind kind, int tasks, int values);

    GroupKind kind() const { return m_kind; }
    int tasks() const { return m_tasks; }
    int values() const { return m_values; }

    //! A generator's k-th wake: due and actual time; the value follows via collect().
    void recordTiming(int task, int index, qint64 dueNs, qint64 atNs) {
        const size_t slot = size_t(task) * size_t(m_values) + size_t(index);
        m_atNs[slot] = atNs;
        const qint64 lateness = atNs - dueNs;
        if (lateness >= kLatenessOverflow || lateness <= -kLatenessOverflow) {
            m_latenessNs[slot] = qint32(kLatenessOverflow);
            const std::lock_guard lock(m_bigLatenessMutex);
            m_bigLatenessNs[slot] = lateness; // over 2.1 s: a suspended machine, say
        } else {
            m_latenessNs[slot] = qint32(lateness);
        }
        if (atNs > m_lastAtNs.load(std::memory_order_relaxed))
            m_lastAtNs.store(atNs, std::memory_order_release);
    }
    /*!
     * Appends the task's next value (its timing already recorded) and publishes the
     * yield: from here on readers on any thread see it. The first value reserves room for
     * all of the task's values, so the list's buffer never moves while readers use it.
     */
    void collect(int task, double value) {
        QList<double> &list = m_collected[size_t(task)];
        if (list.capacity() < m_values)
            list.reserve(m_values);
        list.append(value);
        m_counts[size_t(task)].store(Count(list.size()), std::memory_order_release);
        m_yields.store(m_yields.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    /*!
     * The task's collected list sharing the record's buffer, for the comprehension to
     * return. Writer's thread only, and only once the task collects no more (a shared
     * list would detach on the next append); readers use valuesOf().
     */
    QList<double> sharedList(int task) const { return m_collected[size_t(task)]; }
    //! A whole yield at once (for records read from a file): index must be count(task).
    void recordYield(int task, int index, double value, qint64 dueNs, qint64 atNs) {
        recordTiming(task, index, dueNs, atNs);
        collect(task, value);
    }
    void taskStarted(int task, qint64 atNs) {
        m_startNs[size_t(task)].store(atNs, std::memory_order_release);
    }
    void taskEnded(int task, qint64 atNs) {
        m_endNs[size_t(task)].store(atNs, std::memory_order_release);
    }

    //! Yields of \a task published so far; any thread. Read a task's yields below this.
    int count(int task) const {
        return int(m_counts[size_t(task)].load(std::memory_order_acquire));
    }
    double value(int task, int index) const {
        Q_ASSERT(index < count(task));
        // The buffer's address, not the list: appending rewrites the list's size member.
        return m_collected[size_t(task)].constData()[index];
    }
    qint64 dueNs(int task, int index) const { return atNs(task, index) - latenessNs(task, index); }
    qint64 latenessNs(int task, int index) const {
        const size_t s = slot(task, index);
        if (m_latenessNs[s] != kLatenessOverflow)
            return m_latenessNs[s];
        const std::lock_guard lock(m_bigLatenessMutex);
        return m_bigLatenessNs.at(s);
    }
    qint64 atNs(int task, int index) const { return m_atNs[slot(task, index)]; }
    //! -1: not started
    qint64 startNs(int task) const {
        return m_startNs[size_t(task)].load(std::memory_order_acquire);
    }
    //! -1: not ended
    qint64 endNs(int task) const { return m_endNs[size_t(task)].load(std::memory_order_acquire); }
    //! A copy of the task's values published so far; any thread.
    QList<double> valuesOf(int task) const {
        const int n = count(task);
        const double *data = n ? m_collected[size_t(task)].constData() : nullptr;
        return QList<double>(data, data + n);
    }

    //! Yields published in the whole group (never more than the sum of count()).
    qint64 yields() const { return m_yields.load(std::memory_order_acquire); }
    qint64 lastYieldNs() const { return m_lastAtNs.load(std::memory_order_acquire); }
    //! Over (finished, stopped, timed out or failed): health is final and every yield
    //! is published.
    bool isDone() const {
        const RunStatus s = status;
        return s == RunStatus::Finished || s == RunStatus::Stopped || s == RunStatus::TimedOut ||
               s == RunStatus::Failed;
    }

    //! Stored (sequentially consistent) after health, so a reader seeing any status of
    //! isDone() reads whole health figures.
    std::atomic<RunStatus> status{RunStatus::Idle};
    GroupHealth health;

    // The lab's facts that cannot be derived (empty for the seed). The run's thread adds
    // them as they happen and publishes each (PublishedLog): a window reads the spans and
    // outcomes added so far while the group runs, whole ones only. Deliveries are read
    // once isDone() (status is stored after the last of them), as the exports do.
    void addSpan(const StateSpan &s) { m_spans.push_back(s); }
    void addOutcome(const TaskOutcome &o) { m_outcomes.push_back(o); }
    void addDelivery(const Delivery &d) { m_deliveries.push_back(d); }
    const PublishedLog<StateSpan> &spans() const { return m_spans; }
    const PublishedLog<TaskOutcome> &outcomes() const { return m_outcomes; }
    const std::vector<Delivery> &deliveries() const { return m_deliveries; }

    /*!
     * What a task is doing right now, for a window watching the run: a span is added only
     * when its stretch ends, and a yield only when the sleep before it ends, so the
     * stretch going on would otherwise be unknown. \a state Suspended: asleep until
     * \a atNs (its due); Waiting, Blocked, Offloaded or Running: so since \a atNs (group
     * times, ns). Writer's thread; one 64-bit word a task, stored with release.
     */
    void setCurrent(int task, TaskState state, qint64 atNs, WaitTarget on = WaitTarget::None) {
        const quint64 word =
            quint64(std::max<qint64>(atNs, 0)) << 8 | quint64(on) << 4 | (quint64(state) + 1);
        m_current[size_t(task)].store(word, std::memory_order_release);
    }
    //! What setCurrent() said last; `known` is false before the first time.
    struct Current {
        bool known = false;
        TaskState state = TaskState::Suspended;
        WaitTarget on = WaitTarget::None;
        qint64 atNs = 0;
    };
    //! Any thread. Read it before the task's count() and the spans: what they say then is
    //! at least as new as it.
    Current current(int task) const {
        const quint64 word = m_current[size_t(task)].load(std::memory_order_acquire);
        if (!word)
            return {};
        return {true, TaskState((word & 0xF) - 1), WaitTarget(word >> 4 & 0xF), qint64(word >> 8)};
    }

    //! The task's outcome if it was cancelled or failed, else nullptr.
    const TaskOutcome *outcomeOf(int task) const;

    //! Wall, overrun and lateness percentiles from the recorded yields, then \a finalStatus
    //! (stored last, so readers on other threads that see it read whole figures). A
    //! stopped group did not run its course: it has no overrun.
    void computeHealth(const RunParams &params, qint64 wallNs, double maxStallMs,
                       RunStatus finalStatus);
    //! The \a k-th smallest lateness (0-based) of the recorded yields, exactly, in place.
    qint64 kthLatenessNs(qint64 k) const;
    //! The same for several ranks at once (\a out[i] for \a ks[i]), sharing the passes.
    void kthLatenessesNs(std::span<const qint64> ks, std::span<qint64> out) const;

    //! Bytes this record needs for the given shape (for the up-front memory check).
    static quint64 bytesNeeded(quint64 tasks, quint64 values);

private:
    size_t slot(int task, int index) const {
        return size_t(task) * size_t(m_values) + size_t(index);
    }

    GroupKind m_kind;
    int m_tasks;
    int m_values;
    // The published count: 32 bits (4 bytes a task): a queue worker of the lab may take up to
    // 1,000,000 items, and records made by tests and tools go beyond the run's 10,000 values a
    // task (the lane painter's million-yield lanes).
    using Count = quint32;
    static_assert(RunParams::kMaxValues <= 0xFFFFFFFF && LabParams::kMaxItems <= 0xFFFFFFFF);
    std::vector<QList<double>> m_collected;
    std::vector<std::atomic<Count>> m_counts;
    // Due times are kept as lateness (actual − due) in 32 bits: exact, 4 bytes a yield;
    // the rare lateness beyond ±2.1 s goes to a side table.
    static constexpr qint64 kLatenessOverflow = 0x7FFFFFFF;
    std::vector<qint32> m_latenessNs;
    std::unordered_map<size_t, qint64> m_bigLatenessNs;
    mutable std::mutex m_bigLatenessMutex; // the rare side table may grow while read
    std::vector<qint64> m_atNs;
    std::vector<std::atomic<qint64>> m_startNs;
    std::vector<std::atomic<qint64>> m_endNs;
    std::atomic<qint64> m_yields{0};
    std::atomic<qint64> m_lastAtNs{0};
    PublishedLog<StateSpan> m_spans;
    PublishedLog<TaskOutcome> m_outcomes;
    std::vector<std::atomic<quint64>> m_current; // setCurrent(); 0: nothing said yet
    std::vector<Delivery> m_deliveries;
};

//! The app and library versions stored with a record.
struct AppInfo {
    QString version = QStringLiteral(COROSCOPE_VERSION);
    QString qt = QString::fromLatin1(qVersion());
    QString qcoro = QStringLiteral(COROSCOPE_QCORO_VERSION);
};

/*!
 * \brief Where a watched program's record came from (record version 2's "source"): what
 * the learner ran, so a saved record says it, and a chart's caption too.
 */
struct ProgramSource {
    QString interpreter;   //!< the Python executable that ran it
    QString pythonVersion; //!< "3.11.2"
    QString script;        //!< the script, as given
    QStringList arguments; //!< its sys.argv[1:]
};

/*!
 * A deep copy of \a g made on this thread: every published yield, the starts and ends, the
 * lab's facts, health and status. For a record that outlives the run that wrote \a g (a
 * side-by-side record); \a g must be done (isDone()) so its facts are whole.
 */
std::unique_ptr<GroupRecord> copyGroup(const GroupRecord &g);

/*!
 * \brief A whole run: parameters, and one GroupRecord per mode shown (two in compare,
 * sequential first).
 */
struct RunRecord {
    RunParams params;
    AppInfo app;
    //! Set for a watched Python program's record (params.runtime is Asyncio then).
    std::optional<ProgramSource> source;
    std::vector<std::unique_ptr<GroupRecord>> groups;

    GroupRecord *group(GroupKind kind) const;
    //! Sequential wall ÷ concurrent wall, or 0 unless both groups finished.
    double speedUp() const;
};

} // namespace coroscope
