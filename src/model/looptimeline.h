// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "runrecord.h"
#include "taskstates.h"

#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace coroscope {

//! What the event loop's thread was doing (PRODUCT.md section 10, "The loop's lane").
enum class LoopActivity : quint8 {
    Idle,     //!< every task suspended or waiting: nothing to run
    Resuming, //!< a task was due and not yet resumed: the loop was waking or busy
    Running,  //!< a task computed on the loop's thread (CPU work)
    Blocked,  //!< a task held the loop's thread in a blocking call
    /*!
     * the scheduler's own work: a pass over the due waiters (GroupRecord::passes()) less
     * what the tasks it resumed did on the thread that the record shows (their running
     * and blocked spans, drawn over it). A seed task's resume is a few µs of generator
     * code inside the pass: not separable without timing every resume, so it counts here.
     */
    Scheduler,
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
    qint64 schedulerNs = 0;
    int passes = 0;         //!< the scheduler's passes in the timeline
    qint64 passResumes = 0; //!< the tasks they resumed
    double idleShare() const { return wallNs > 0 ? double(idleNs) / double(wallNs) : 1.0; }
};
//! \a g: its scheduler passes are counted too (passes, passResumes).
LoopUse loopUse(const std::vector<LoopInterval> &timeline, const GroupRecord *g = nullptr);
LoopUse loopUse(const RunParams &params, const GroupRecord &g);
//! The scheduler pass of \a g going on at \a atNs, or null.
const SchedulerPass *passAt(const GroupRecord &g, qint64 atNs);

//! "the loop was idle 99.97 % of the 10.000 s" (+ "; blocked 2.000 s" etc. when it was).
QString loopIdleText(const LoopUse &use);

/*!
 * \brief A group's loop timeline and its use, as computed from the record at one moment:
 * what it was computed from says whether the group has grown since.
 */
struct LoopSnapshot {
    qint64 yields = 0; //!< the group's yields when it was computed
    size_t spans = 0;  //!< its published spans then
    size_t passes = 0; //!< its scheduler passes then
    bool over = false; //!< whether the group had ended then
    std::vector<LoopInterval> timeline;
    //! The timeline's busy stretches as the task states the loop's lane draws them in
    //! (blocked, running, ready for a resume owed), in time order: made with it, off the
    //! window's thread. The scheduler's own stretches are not a task state: schedulerBusy.
    std::vector<StateInterval> busy;
    std::vector<std::pair<qint64, qint64>> schedulerBusy; //!< [from, to) ns, in time order
    LoopUse use;
    //! Where the timeline ends (0: empty).
    qint64 endNs() const { return timeline.empty() ? 0 : timeline.back().toNs; }
    //! Whether \a g has published more (or ended) since this was computed.
    bool isStaleFor(const GroupRecord &g) const {
        return yields != g.yields() || spans != g.spans().size() || passes != g.passes().size() ||
               over != g.isDone();
    }
};
/*!
 * loopTimeline() and loopUse() of \a g as it stands, on any thread (the group may be live:
 * it reads the published prefix). Setting \a stop (from any thread) abandons the work
 * soon (every few thousand yields): then it returns nothing.
 */
std::optional<LoopSnapshot> loopSnapshot(const RunParams &params, const GroupRecord &g,
                                         const std::atomic<bool> *stop = nullptr);

} // namespace coroscope
