// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "traceline.h"

#include "model/runrecord.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope::watch {

//! One value an async generator yielded inside a traced task.
struct WatchedValue {
    double value = 0;  //!< the number (0 for a label)
    qint64 atNs = 0;   //!< when it was yielded
    qint64 dueNs = -1; //!< end of the sleep before it, or -1 (no sleep since the last value)
    qint32 label = -1; //!< index into WatchedRun::labels(), or -1 for a number
};

//! One asyncio task of a watched program, summed up from its steps.
struct WatchedTask {
    qint64 id = 0;
    qint64 parent = 0;
    qint64 createdNs = 0;
    QString name;
    QString coroutine;
    QString where;
    qint64 firstStepNs = -1;
    qint64 endNs = -1; //!< -1: still running when the trace ended
    TaskEnd end = TaskEnd::Done;
    QString failure; //!< the exception, for TaskEnd::Failed
    qint64 steps = 0;
    qint64 busyNs = 0; //!< time spent running (the sum of its steps)
    qint64 longestStepNs = 0;
    int blockingSteps = 0;
    Suspend lastSuspend = Suspend::Future; //!< what it waits on now (or last waited on)
    qint64 lastSuspendArg = -1;
    qint64 lastSuspendNs = -1;
    std::vector<WatchedValue> values;
};

/*!
 * \brief Everything learned so far about a watched Python program: its tasks, their
 * steps and yielded values, the script's end. Fed one parsed trace event at a time
 * (apply()), checked for consistency (ids in order, no event for an unknown or ended task,
 * nothing after the end), and turned into the RunRecord the lanes, results and exports use.
 */
class WatchedRun {
public:
    //! Applies one event; returns why it does not fit what came before, or an empty string.
    QString apply(const TraceEvent &e);

    bool hasHeader() const { return m_header; }
    QString pythonVersion() const { return m_pythonVersion; }
    QString executable() const { return m_executable; }
    QString script() const { return m_script; }
    qint64 slowNs() const { return m_slowNs; }

    const std::vector<WatchedTask> &tasks() const { return m_tasks; }
    const QStringList &labels() const { return m_labels; }
    qint64 steps() const { return m_steps; }
    qint64 numbers() const { return m_numbers; }
    qint64 blockingSteps() const { return m_blockingSteps; }
    qint64 longestStepNs() const { return m_longestStepNs; }
    qint64 lastEventNs() const { return m_lastNs; }

    bool ended() const { return m_ended; }
    ScriptEnd scriptEnd() const { return m_scriptEnd; }
    int exitCode() const { return m_exitCode; }
    QString endText() const { return m_endText; }

    //! The typical sleep (median of the first 4,096 sleeps), in seconds; 0 if none.
    double typicalSleepSeconds() const;

    /*!
     * The lanes' record: one lane per task that yielded values, numbers and labels in the
     * order yielded (every task when none did), times from the first task's creation, delay = the
     * typical sleep, relative timing (asyncio sleeps count from the wake-up), max value a round
     * ceiling of the largest value. \a status is the group's status. Null when no task was seen.
     * Values past RunParams::kMaxValues in one task are left out (\a dropped counts them).
     */
    std::unique_ptr<RunRecord> toRecord(RunStatus status, qint64 *dropped = nullptr) const;

private:
    WatchedTask *task(qint64 id, QString &error);

    bool m_header = false;
    QString m_pythonVersion;
    QString m_executable;
    QString m_script;
    qint64 m_slowNs = 0;
    std::vector<WatchedTask> m_tasks; // index = id - 1
    QStringList m_labels;
    std::vector<qint64> m_sleepSamples;
    qint64 m_steps = 0;
    qint64 m_numbers = 0;
    qint64 m_blockingSteps = 0;
    qint64 m_longestStepNs = 0;
    qint64 m_lastNs = 0;
    bool m_ended = false;
    ScriptEnd m_scriptEnd = ScriptEnd::Ok;
    int m_exitCode = 0;
    QString m_endText;
};

} // namespace coroscope::watch
