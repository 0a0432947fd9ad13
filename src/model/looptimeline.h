// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "runrecord.h"

#include <QString>

#include <vector>

namespace coroscope {

//! What the event loop's thread was doing (PRODUCT.md section 10, "The loop's lane").
enum class LoopActivity : quint8 {
    Idle,     //!< every task suspended or waiting: nothing to run
    Resuming, //!< a task was due and not yet resumed: the loop was waking or busy
    Running,  //!< a task computed on the loop's thread (CPU work)
    Blocked,  //!< a task held the loop's thread in a blocking call
};
QString loopActivityName(LoopActivity a);

//! One stretch of the loop's timeline, [fromNs, toNs) in the group's time.
struct LoopInterval {
    qint64 fromNs = 0;
    qint64 toNs = 0;
    LoopActivity activity = LoopActivity::Idle;
    int task = -1; //!< the task it ran, blocked on or owed a resume; -1: none or several
};

/*!
 * \brief The group's event loop over time: who held its one thread when, and when it was
 * idle, from the record alone.
 *
 * Busy is what the record shows: the lab's recorded running and blocked spans (a task on
 * the loop's thread), and every task's ready stretch (due, not yet resumed: the loop owed
 * it a resume, waking up or busy elsewhere), the first over the second. The rest, until
 * the group's wall time, is idle. Resumes themselves are instants (the yields' actual
 * times). While the group runs, what it has published so far: its yields and the spans
 * of the stretches already over.
 *
 * \code
 * const LoopUse use = loopUse(record.params, *record.groups[0]);
 * qInfo() << loopIdleText(use); // "the loop was idle 99.97 % of the 10.000 s"
 * \endcode
 */
std::vector<LoopInterval> loopTimeline(const RunParams &params, const GroupRecord &g);

//! Time per activity over the group's wall time.
struct LoopUse {
    qint64 wallNs = 0;
    qint64 idleNs = 0;
    qint64 resumingNs = 0;
    qint64 runningNs = 0;
    qint64 blockedNs = 0;
    double idleShare() const { return wallNs > 0 ? double(idleNs) / double(wallNs) : 1.0; }
};
LoopUse loopUse(const std::vector<LoopInterval> &timeline);
LoopUse loopUse(const RunParams &params, const GroupRecord &g);

//! "the loop was idle 99.97 % of the 10.000 s" (+ "; blocked 2.000 s" etc. when it was).
QString loopIdleText(const LoopUse &use);

} // namespace coroscope
