// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "taskstates.h"

#include <optional>
#include <vector>

namespace coroscope {

/*!
 * \brief The lab's states of a group still running, from what it publishes.
 *
 * A running group's recorded spans and outcomes are written by the run's thread and read
 * only once the group is over (GroupRecord::spans()). Meanwhile the window reads what is
 * published safely (yields, starts, ends: append-only, counts stored with release) and
 * derives the rest from the lesson's parameters, as the code panel does at one moment
 * (GroupPositions in src/app): where the blocking call falls, which waiters the
 * semaphore's FIFO serves, that a queue worker waited from its last item until the next
 * one came, when the failing task raises. The stretch still going on reaches \a clockNs,
 * the live clock (group time); nothing after it is told.
 *
 * Exact for the blocking, bounded, cpu and queue workers' stretches (each follows from a
 * yield's due and actual time, or from the semaphore's FIFO and the tasks' ends); the
 * queue's producer is waiting for room whenever it runs (its puts are not published); a
 * task computing on the loop right now is the one it started or resumed last, for one
 * work's time.
 *
 * \code
 * // The part of task 2's timeline in [from, to], live at the run's clock:
 * const auto spans = liveLessonSpans(record.params, group, 2, from, to, clockNs);
 * \endcode
 */
std::vector<StateInterval> liveLessonSpans(const RunParams &params, const GroupRecord &g, int task,
                                           qint64 fromNs, qint64 toNs, qint64 clockNs);

//! When the live task's next value is due, from its last wake (or its start) and the run's
//! timing, in the lessons whose tasks only sleep between values (blocking, as-completed,
//! timeout, failure; bounded once it has a value); -1 where that is not known (the queue
//! and cpu lessons, the seed, a task done with its values).
qint64 liveNextDueNs(const RunParams &params, const GroupRecord &g, int task);

//! The cpu lesson on the loop: the task computing at \a tNs, or -1. The loop computes a
//! task's next step as soon as it starts or resumes it, so it is the live task started or
//! resumed last (the first of equals), while one work's time has not passed since.
int liveComputingTask(const RunParams &params, const GroupRecord &g, qint64 tNs);

//! A live group's task cancelled or failed by \a clockNs (the timeout's cancel, the
//! failing task's raise and, in a task group, its siblings' cancel), as the recorded
//! outcome will say it; nullopt if none.
std::optional<TaskOutcome> liveOutcome(const RunParams &params, const GroupRecord &g, int task,
                                       qint64 clockNs);

} // namespace coroscope
