// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "publishedlog.h"
#include "runparams.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <bit>
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

/*!
 * One pass of the scheduler over its due waiters (a timer callback or a lesson-clock
 * step): from its start to its end (ns from the group's t = 0) and how many tasks it
 * resumed. The tasks' own work runs inside it (their resumes): what is left is the
 * scheduler's (popping due waiters, re-arming its timer, bookkeeping between resumes).
 */
struct SchedulerPass {
    qint64 fromNs = 0;
    qint64 toNs = 0;
    qint32 resumed = 0;
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
    //! How long the run's thread waited for a core during the run, ms: the kernel's
    //! run-queue delay summed (a busy core, and the latency of each wake-up, its heartbeat's
    //! too); -1 where the kernel does not tell it, and on the virtual clock.
    double runCoreWaitMs = -1;
};

/*!
 * \brief A schedule every yield of a group keeps, so its due times need not be stored:
 * task t's k-th value (k from 0) is due at `t × taskStrideNs + (k + 1) × delayNs` after
 * the group's t = 0. The seed's drift-free timing keeps it (taskStrideNs 0 when
 * concurrent, values × delay when sequential); relative timing and the lab do not.
 */
struct DueSchedule {
    qint64 delayNs = 0;
    qint64 taskStrideNs = 0;
};

/*!
 * \brief Every yield of one group (sequential or concurrent), stored as a struct of arrays.
 *
 * Lateness (actual − due), values and, unless the group keeps a DueSchedule, actual times
 * (ns since the run's start) sit in flat arrays at slot `task * values + index`, so task
 * and index cost no memory: 12 bytes a yield on a schedule (lateness 4, value 8; the
 * actual time is the scheduled due time plus the lateness), 20 without one. A yield whose
 * lateness does not fit in 32 bits (a suspended machine, say) keeps it in a side table,
 * as does one that misses the schedule, with its due time.
 *
 * One writer, any number of readers on other threads. The run writes on its own thread;
 * the window reads while it runs. Every array is append-only per task, and a task's
 * yield count is published with a release store after the yield's lateness, time and
 * value are written; the reading accessors (count(), value(), atNs(), …) acquire that
 * count, so a reader that reads only below count(task) reads finished data. The arrays
 * are allocated whole at construction and never move. Starts and ends are atomics;
 * `status` is stored after `health` is computed, so once a reader sees Finished or
 * Stopped the health figures are whole. The lab's spans and outcomes are published the
 * same way (PublishedLog), and each task's current stretch in one word (setCurrent()).
 * Cost: 12 bytes a task (the published count and that word).
 */
class GroupRecord {
public:
    //! A record whose yields may have any due time (a lab run, a file, a watched program).
    GroupRecord(GroupKind kind, int tasks, int values)
        : GroupRecord(kind, tasks, values, std::nullopt) {}
    //! With \a schedule, due times are not stored (see DueSchedule).
    GroupRecord(GroupKind kind, int tasks, int values, std::optional<DueSchedule> schedule);

    //! The schedule the yields of a run's group \a kind keep, if any (the seed's drift-free
    //! timing).
    static std::optional<DueSchedule> scheduleFor(const RunParams &params, GroupKind kind);

    GroupKind kind() const { return m_kind; }
    int tasks() const { return m_tasks; }
    int values() const { return m_values; }
    std::optional<DueSchedule> schedule() const {
        if (!m_scheduled)
            return std::nullopt;
        return m_schedule;
    }

    //! A generator's k-th wake: due and actual time; the value follows via collect().
    void recordTiming(int task, int index, qint64 dueNs, qint64 atNs) {
        const size_t s = slot(task, index);
        if (!m_scheduled)
            m_atNs[s] = atNs;
        const qint64 lateness = atNs - dueNs;
        const bool offSchedule = m_scheduled && dueNs != scheduledDueNs(task, index);
        if (lateness >= kLatenessOverflow || lateness <= -kLatenessOverflow || offSchedule) {
            m_latenessNs[s] = qint32(kLatenessOverflow);
            const std::lock_guard lock(m_bigLatenessMutex);
            m_bigLatenessNs[s] = lateness; // over 2.1 s (a suspended machine), or off schedule
            if (offSchedule)
                m_offScheduleDueNs[s] = dueNs;
        } else {
            m_latenessNs[s] = qint32(lateness);
        }
        if (atNs > m_lastAtNs.load(std::memory_order_relaxed))
            m_lastAtNs.store(atNs, std::memory_order_release);
    }
    /*!
     * Stores the task's next value (its timing already recorded) and publishes the
     * yield: from here on readers on any thread see it. At most values() a task.
     */
    void collect(int task, double value) {
        std::atomic<Count> &count = m_counts[size_t(task)];
        const Count n = count.load(std::memory_order_relaxed); // this thread wrote it
        Q_ASSERT(int(n) < m_values);
        m_collected[slot(task, int(n))] = value;
        count.store(n + 1, std::memory_order_release);
        m_yields.store(m_yields.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    //! A whole yield at once (for records read from a file): index must be count(task).
    void recordYield(int task, int index, double value, qint64 dueNs, qint64 atNs) {
        recordTiming(task, index, dueNs, atNs);
        collect(task, value);
    }

    /*!
     * \brief Label yields: a watched program's values that are not numbers ("ready", None,
     * a tuple: their repr), kept in the task's sequence of values with their times.
     *
     * A label's slot in the values holds a NaN whose payload is the label's index in the
     * group's table of distinct texts (labels()), so a label costs what a number costs (no
     * side array, nothing per task) and a record without labels costs nothing more: one
     * empty table per group. Numbers are never NaN (the engine's are finite; the tracer and
     * the record reader refuse NaN), so a NaN value is a label. Code that draws or sums
     * values asks isLabel() first; a number's path is unchanged.
     *
     * Like collect(): the writer's thread only; the label's text is in labels() before
     * the yield is published, so a reader that sees the yield can read its text.
     */
    void collectLabel(int task, const QString &text) {
        auto it = m_labelIndex.constFind(text);
        if (it == m_labelIndex.cend()) {
            it = m_labelIndex.insert(text, quint32(m_labels.size()));
            m_labels.push_back(text);
        }
        const double tagged = std::bit_cast<double>(kLabelTag | quint64(*it));
        std::atomic<Count> &count = m_counts[size_t(task)];
        const Count n = count.load(std::memory_order_relaxed);
        Q_ASSERT(int(n) < m_values);
        m_collected[slot(task, int(n))] = tagged;
        count.store(n + 1, std::memory_order_release);
        m_yields.store(m_yields.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    //! A whole label yield at once (records read from a file, a watched program).
    void recordLabelYield(int task, int index, const QString &text, qint64 dueNs, qint64 atNs) {
        recordTiming(task, index, dueNs, atNs);
        collectLabel(task, text);
    }
    //! Whether a value (value(), valuesOf()) is a label: a NaN with the label's tag.
    static bool isLabel(double v) {
        return (std::bit_cast<quint64>(v) & kLabelTagMask) == kLabelTag;
    }
    //! The index in labels() of label value \a v (isLabel()).
    static qsizetype labelIndex(double v) {
        return qsizetype(std::bit_cast<quint64>(v) & ~kLabelTagMask);
    }
    bool isLabel(int task, int index) const { return isLabel(value(task, index)); }
    //! The text of label value \a v (isLabel(), read from this group); any thread.
    const QString &labelText(double v) const { return m_labels[size_t(labelIndex(v))]; }
    //! Whether any yield so far is a label (false for every run of Coroscope's own).
    bool hasLabels() const { return !m_labels.empty(); }
    //! The distinct label texts, in the order first yielded.
    const PublishedLog<QString> &labels() const { return m_labels; }
    /*!
     * Maps every page of the slot arrays in now (they are allocated untouched): a run calls
     * it on its own thread before its clock starts, so its first wake-ups do not stop for
     * the pages they write first (a million page faults' worth at 100,000 tasks), and the
     * window's turn that starts the run does not wait for it. Writes nothing a reader sees.
     */
    void mapSlotsIn();
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
        return m_collected[slot(task, index)];
    }
    qint64 dueNs(int task, int index) const {
        const size_t s = slot(task, index);
        if (!m_scheduled)
            return m_atNs[s] - latenessNs(task, index);
        if (m_latenessNs[s] == kLatenessOverflow) {
            const std::lock_guard lock(m_bigLatenessMutex);
            if (const auto it = m_offScheduleDueNs.find(s); it != m_offScheduleDueNs.end())
                return it->second;
        }
        return scheduledDueNs(task, index);
    }
    qint64 latenessNs(int task, int index) const {
        const size_t s = slot(task, index);
        if (m_latenessNs[s] != kLatenessOverflow)
            return m_latenessNs[s];
        const std::lock_guard lock(m_bigLatenessMutex);
        return m_bigLatenessNs.at(s);
    }
    qint64 atNs(int task, int index) const {
        if (!m_scheduled)
            return m_atNs[slot(task, index)];
        return dueNs(task, index) + latenessNs(task, index);
    }
    //! -1: not started
    qint64 startNs(int task) const {
        return m_startNs[size_t(task)].load(std::memory_order_acquire);
    }
    //! -1: not ended
    qint64 endNs(int task) const { return m_endNs[size_t(task)].load(std::memory_order_acquire); }
    //! A copy of the task's values published so far; any thread.
    QList<double> valuesOf(int task) const {
        const int n = count(task);
        const double *data = m_collected.get() + slot(task, 0);
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

    /*!
     * Where the group's t = 0 lies in the run's time: 0 unless the group ran after
     * another (the lab's compare runs each variant alone, from its own t = 0, and draws
     * both from a common t = 0). Set by the run's thread before the group's status is
     * Running; any thread.
     */
    void setRunOffsetNs(qint64 ns) { m_runOffsetNs.store(ns, std::memory_order_release); }
    qint64 runOffsetNs() const { return m_runOffsetNs.load(std::memory_order_acquire); }
    /*!
     * The run's clock \a runS (a live window's "now") in the group's own time: what its
     * lanes are drawn against. A group that is over, and a position that is not the
     * run's clock (< 0, or a replay's: every group is over), keep their time.
     */
    double groupTime(double runS) const {
        if (runS < 0 || isDone())
            return runS;
        return std::max(0.0, runS - double(runOffsetNs()) / 1e9);
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
     * The scheduler's passes while the group ran (every group, the seed's too), in time
     * order: added by the run's thread at each pass's end and published the same way.
     * A run makes a few hundred a second at most (a 1,000,000-task batch: one per 4 ms
     * slice), so they cost nothing per resume.
     */
    void addPass(const SchedulerPass &p) { m_passes.push_back(p); }
    const PublishedLog<SchedulerPass> &passes() const { return m_passes; }

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

    //! Bytes this record needs for the given shape (for the up-front memory check); less
    //! when \a scheduled (it keeps a DueSchedule: no actual times).
    static quint64 bytesNeeded(quint64 tasks, quint64 values, bool scheduled = false);

private:
    size_t slot(int task, int index) const {
        return size_t(task) * size_t(m_values) + size_t(index);
    }
    qint64 scheduledDueNs(int task, int index) const {
        return qint64(task) * m_schedule.taskStrideNs + qint64(index + 1) * m_schedule.delayNs;
    }

    GroupKind m_kind;
    int m_tasks;
    int m_values;
    bool m_scheduled;
    DueSchedule m_schedule;
    // The published count: 32 bits (4 bytes a task): a queue worker of the lab may take up to
    // 1,000,000 items, and records made by tests and tools go beyond the run's 10,000 values a
    // task (the lane painter's million-yield lanes).
    using Count = quint32;
    static_assert(RunParams::kMaxValues <= 0xFFFFFFFF && LabParams::kMaxItems <= 0xFFFFFFFF);
    std::vector<std::atomic<Count>> m_counts;
    // Each task's values, in its row of slots. One flat array, not a list per task: a
    // QList's header (24 bytes) and its block's (16, plus malloc's) cost 56 bytes a task.
    // The slot arrays are left uninitialised (nothing reads a slot before its yield is
    // published): zeroing them touched every page as the run started, 10-14 ms of the
    // window's turn that starts 1,000,000 slots; untouched, their pages come as they fill.
    std::unique_ptr<double[]> m_collected;
    // Due times are kept as lateness (actual − due) in 32 bits: exact, 4 bytes a yield; a
    // lateness beyond ±2.1 s, or a yield off the schedule, marks its slot and goes to the
    // side table (and an off-schedule yield's due time to a second one).
    static constexpr qint64 kLatenessOverflow = 0x7FFFFFFF;
    std::unique_ptr<qint32[]> m_latenessNs;
    std::unordered_map<size_t, qint64> m_bigLatenessNs;
    std::unordered_map<size_t, qint64> m_offScheduleDueNs;
    mutable std::mutex m_bigLatenessMutex; // the rare side tables may grow while read
    std::unique_ptr<qint64[]> m_atNs;      // none on a schedule: due (scheduled) + lateness
    std::vector<std::atomic<qint64>> m_startNs;
    std::vector<std::atomic<qint64>> m_endNs;
    std::atomic<qint64> m_yields{0};
    std::atomic<qint64> m_lastAtNs{0};
    PublishedLog<StateSpan> m_spans;
    PublishedLog<TaskOutcome> m_outcomes;
    PublishedLog<SchedulerPass> m_passes;
    std::vector<std::atomic<quint64>> m_current; // setCurrent(); 0: nothing said yet
    std::atomic<qint64> m_runOffsetNs{0};        // setRunOffsetNs()
    std::vector<Delivery> m_deliveries;
    // Label yields (collectLabel()): a quiet NaN with bit 50 set as the tag, the index in
    // the low 32 bits. An arithmetic NaN is 0x7FF8… or 0xFFF8…: never a label.
    static constexpr quint64 kLabelTag = 0x7FFC'0000'0000'0000;
    static constexpr quint64 kLabelTagMask = 0xFFFF'FFFF'0000'0000;
    PublishedLog<QString> m_labels;
    QHash<QString, quint32> m_labelIndex; // the writer's: text → index in m_labels
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
