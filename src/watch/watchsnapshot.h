// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "pythonwatcher.h"

#include "model/runrecord.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace coroscope::watch {

/*!
 * \brief What the window shows of a watched program at one moment, made on the watcher's
 * thread from its WatchedRun (which only that thread touches) and handed over whole: the
 * lanes' record, the counts Results shows, and the Explain panel's plain-words lines.
 */
struct WatchSnapshot {
    std::shared_ptr<const RunRecord> record; //!< null until a task was seen
    qint64 dropped = 0;                      //!< values past RunParams::kMaxValues in one task
    PythonWatcher::Outcome outcome = PythonWatcher::Outcome::Running;
    QString error;
    QString script;
    QString pythonVersion;
    QString executable;
    qint64 tasks = 0;
    qint64 failed = 0;
    qint64 cancelled = 0;
    qint64 unfinished = 0;
    qint64 steps = 0;
    qint64 blockingSteps = 0;
    qint64 longestStepNs = 0;
    qint64 slowNs = 0;
    qint64 numbers = 0;
    qint64 labels = 0;
    //! "task 3 (worker, boom) failed: ZeroDivisionError: division by zero" (the first 20).
    QStringList failures;
    //! One line per recently active task, newest first: "task 2 resumed 0.4 ms late,
    //! yielded 7.31, sleeps until 3.000 s" (at most kExplainTasks).
    QStringList explain;
    //! Seconds from the first task's creation to the last event seen.
    double nowS = 0;

    static constexpr int kExplainTasks = 12;
    static constexpr int kMaxFailures = 20;

    //! Takes everything from \a watcher (on its thread); \a status is the lanes' status.
    static WatchSnapshot take(const PythonWatcher &watcher, RunStatus status);
    //! Whether the program has ended (or could not be watched).
    bool ended() const { return outcome != PythonWatcher::Outcome::Running; }
};

/*!
 * The summary `--watch-python` prints and the window's Results panel shows: the script and
 * interpreter, the task counts, the lanes' health, each lane's values (the first
 * \a maxLanes) and the failures.
 */
QString watchSummaryText(const WatchSnapshot &s, int maxLanes = 20);

} // namespace coroscope::watch
