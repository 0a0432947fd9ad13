// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "runrecord.h"

#include <QString>

#include <vector>

namespace coroscope {

//! One stretch of a task's timeline: [fromNs, toNs) in the group's time; a terminal state
//! (done, cancelled, failed) is a point, fromNs == toNs.
struct StateInterval {
    qint64 fromNs = 0;
    qint64 toNs = 0;
    TaskState state = TaskState::Suspended;
    WaitTarget on = WaitTarget::None;
    int other = -1;
};

/*!
 * \brief A task's whole timeline, derived where it can be and recorded where not.
 *
 * From every record: suspended from a wake (or the start) until the next due time, ready
 * from due until resumed, done at the end; a seed task in the sequential group waits for
 * the task before it until it starts; a task Stop ended is cancelled at the group's end.
 * The lab's recorded spans (waiting for a permit, blocked, offloaded, running) replace
 * what they cover, and its outcomes say when a task was cancelled or failed.
 *
 * \code
 * for (const StateInterval &s : taskTimeline(record.params, group, 2))
 *     qInfo() << stateName(s.state) << s.fromNs << s.toNs;
 * \endcode
 */
std::vector<StateInterval> taskTimeline(const RunParams &params, const GroupRecord &g, int task);
/*!
 * The part of the task's timeline that reaches into [\a fromNs, \a toNs]: what a lane in
 * view needs, at the cost of the yields in view (a binary search finds the first).
 *
 * While the group runs (not isDone()), with \a clockNs < 0 only what its yields tell is
 * there; with the live clock \a clockNs (group time) the lab's states are told up to it from what
 * the group has published: the spans and outcomes so far and the stretch each task says it is in
 * now (GroupRecord::current()). A group that is over ignores \a clockNs.
 */
std::vector<StateInterval> taskTimeline(const RunParams &params, const GroupRecord &g, int task,
                                        qint64 fromNs, qint64 toNs, qint64 clockNs = -1);

//! The interval of \a timeline (in time order) covering \a tNs, a terminal point at or
//! before it included; nullptr where none does (before the task started).
const StateInterval *intervalAt(const std::vector<StateInterval> &timeline, qint64 tNs);

/*!
 * Why the task is in \a s at \a tNs, in plain words, for the lane's hover: "for a permit:
 * 2 of 2 taken by task 0 and task 1", "a blocking call holds the loop's thread until
 * 0.600 s: no task can run", "by the group's timeout (6 s), holding 3 values".
 */
QString stateReason(const RunParams &params, const GroupRecord &g, int task, const StateInterval &s,
                    qint64 tNs, qint64 clockNs = -1);

//! The task's state at \a tNs with since when and why: "waiting since 0.000 s (for
//! 10.000 s): for a permit: 2 of 2 taken by task 0 and task 1"; "done at 4.000 s: …".
//! \a clockNs: a live run's clock, as for taskTimeline() (the lanes' hover tells what
//! their bands show).
QString stateDescription(const RunParams &params, const GroupRecord &g, int task, qint64 tNs,
                         qint64 clockNs = -1);

//! The task's state at \a tNs (group time), from its timeline.
TaskState stateAt(const RunParams &params, const GroupRecord &g, int task, qint64 tNs);

//! A fact for the Explain panel: who waited on what, who was cancelled by whom, errors.
struct NarrationFact {
    qint64 atNs = 0;
    int task = -1; //!< -1: the group
    QString text;
};

/*!
 * The lab's narration facts of one group, in time order, in plain words ("task 2 waited
 * for a permit from 0.000 s to 10.000 s"; "task 3 was cancelled at 6.000 s by task 1's
 * failure"; "task 1 failed at 6.000 s: …"). Empty for a seed run.
 */
std::vector<NarrationFact> narrationFacts(const RunParams &params, const GroupRecord &g);

//! A lane's name in the lab: "task 3", or in the queue scenario "worker 1" / "producer".
QString laneName(const RunParams &params, const GroupRecord &g, int lane);

} // namespace coroscope
