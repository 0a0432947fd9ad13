#pragma once

#include "runparams.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace coroscope {

enum class RunStatus { Idle, Running, Finished, Stopped };
QString statusName(RunStatus s);

//! Health figures of one group; all times in milliseconds unless named _s.
struct GroupHealth {
    double wallS = 0;     //!< run start → last comprehension done (or the stop)
    double idealS = 0;    //!< values × delay, times tasks when sequential
    double overrunMs = 0; //!< wall − ideal
    double latenessP50Ms = 0;
    double latenessP99Ms = 0;
    double latenessMaxMs = 0;
    double maxStallMs = 0; //!< longest stretch the engine held the event loop
};

/*!
 * \brief Every yield of one group (sequential or concurrent), stored as a struct of arrays.
 *
 * Actual times (ns since the run's start) and lateness (actual − due, from which the due
 * time follows) sit in flat arrays at slot `task * values + index`, so task and index
 * cost no memory: 12 bytes a yield besides its value. Each task's values are the
 * comprehension's own list: the comprehension collects straight into it (collectInto),
 * so the list it returns and the record share one buffer (Qt's implicit sharing) and a
 * million comprehensions do not hold every value twice. Single-threaded: the engine
 * writes and the window reads on the same event loop.
 */
class GroupRecord {
public:
    GroupRecord(GroupKind kind, int tasks, int values);

    GroupKind kind() const { return m_kind; }
    int tasks() const { return m_tasks; }
    int values() const { return m_values; }

    //! A generator's k-th wake: due and actual time; the value follows via collectInto().
    void recordTiming(int task, int index, qint64 dueNs, qint64 atNs) {
        const size_t slot = size_t(task) * size_t(m_values) + size_t(index);
        m_atNs[slot] = atNs;
        const qint64 lateness = atNs - dueNs;
        if (lateness >= kLatenessOverflow || lateness <= -kLatenessOverflow) {
            m_latenessNs[slot] = qint32(kLatenessOverflow);
            m_bigLatenessNs[slot] = lateness; // over 2.1 s: a suspended machine, say
        } else {
            m_latenessNs[slot] = qint32(lateness);
        }
        ++m_yields;
        if (atNs > m_lastAtNs)
            m_lastAtNs = atNs;
    }
    //! The list a task's comprehension appends to (capacity reserved for every value).
    QList<double> &collectInto(int task) {
        QList<double> &list = m_collected[size_t(task)];
        list.reserve(m_values);
        return list;
    }
    //! A whole yield at once (for records read from a file): index must be count(task).
    void recordYield(int task, int index, double value, qint64 dueNs, qint64 atNs) {
        recordTiming(task, index, dueNs, atNs);
        m_collected[size_t(task)].append(value);
    }
    void taskStarted(int task, qint64 atNs) { m_startNs[size_t(task)] = atNs; }
    void taskEnded(int task, qint64 atNs) { m_endNs[size_t(task)] = atNs; }

    int count(int task) const { return int(m_collected[size_t(task)].size()); }
    double value(int task, int index) const { return m_collected[size_t(task)].at(index); }
    qint64 dueNs(int task, int index) const { return atNs(task, index) - latenessNs(task, index); }
    qint64 latenessNs(int task, int index) const {
        const size_t s = slot(task, index);
        return m_latenessNs[s] == kLatenessOverflow ? m_bigLatenessNs.at(s) : m_latenessNs[s];
    }
    qint64 atNs(int task, int index) const { return m_atNs[slot(task, index)]; }
    qint64 startNs(int task) const { return m_startNs[size_t(task)]; } //!< -1: not started
    qint64 endNs(int task) const { return m_endNs[size_t(task)]; }     //!< -1: not ended
    //! The task's collected list (shares the record's buffer).
    QList<double> valuesOf(int task) const { return m_collected[size_t(task)]; }

    qint64 yields() const { return m_yields; }
    qint64 lastYieldNs() const { return m_lastAtNs; }

    RunStatus status = RunStatus::Idle;
    GroupHealth health;

    //! Wall, overrun and lateness percentiles from the recorded yields.
    void computeHealth(const RunParams &params, qint64 wallNs, double maxStallMs);
    //! The \a k-th smallest lateness (0-based) of the recorded yields, exactly, in place.
    qint64 kthLatenessNs(qint64 k) const;

    //! Bytes this record needs for the given shape (for the up-front memory check).
    static quint64 bytesNeeded(quint64 tasks, quint64 values);

private:
    size_t slot(int task, int index) const {
        return size_t(task) * size_t(m_values) + size_t(index);
    }

    GroupKind m_kind;
    int m_tasks;
    int m_values;
    std::vector<QList<double>> m_collected;
    // Due times are kept as lateness (actual − due) in 32 bits: exact, 4 bytes a yield;
    // the rare lateness beyond ±2.1 s goes to a side table.
    static constexpr qint64 kLatenessOverflow = 0x7FFFFFFF;
    std::vector<qint32> m_latenessNs;
    std::unordered_map<size_t, qint64> m_bigLatenessNs;
    std::vector<qint64> m_atNs;
    std::vector<qint64> m_startNs;
    std::vector<qint64> m_endNs;
    qint64 m_yields = 0;
    qint64 m_lastAtNs = 0;
};

//! The app and library versions stored with a record.
struct AppInfo {
    QString version = QStringLiteral(COROSCOPE_VERSION);
    QString qt = QString::fromLatin1(qVersion());
    QString qcoro = QStringLiteral(COROSCOPE_QCORO_VERSION);
};

/*!
 * \brief A whole run: parameters, and one GroupRecord per mode shown (two in compare,
 * sequential first).
 */
struct RunRecord {
    RunParams params;
    AppInfo app;
    std::vector<std::unique_ptr<GroupRecord>> groups;

    GroupRecord *group(GroupKind kind) const;
    //! Sequential wall ÷ concurrent wall, or 0 unless both groups finished.
    double speedUp() const;
};

} // namespace coroscope
