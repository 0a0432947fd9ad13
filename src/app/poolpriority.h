// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

namespace coroscope {

//! How far a pool thread's job gives way (see givePoolThreadWay()).
enum class PoolWay {
    //! Nice 10 and SCHED_BATCH: about a tenth of a normal thread's weight when both want
    //! one core, and never preempts another when it wakes, only at the scheduler's tick.
    Batch,
    //! SCHED_IDLE: runs only when no other thread wants the core, and a normal thread that
    //! wakes preempts it at once. For a watched program's loop lanes (the program keeps a
    //! core busy of its own); on a machine with every core busy it gets no time at all.
    //! One way only: an unprivileged thread cannot leave SCHED_IDLE, so give a pool of its
    //! own to such jobs (its threads are made by the window's thread, a normal one).
    Idle,
};

/*!
 * Makes the calling pool thread give way to the run's thread and the window's for the
 * job it runs (a no-op on the application's thread: QFuture::waitForFinished() may run a
 * job not started yet right there). Linux, best effort; nice and the policy are per
 * thread.
 *
 * Why: waking after a long sleep, the loop lane's pool thread preempted the window's in
 * the middle of a frame (perf sched: 5.1 ms of a 16.0 ms stall watching 100,000 tasks);
 * at SCHED_BATCH it still held the window's core 10.7 ms once, to the scheduler's tick
 * (the window's thread runnable 10.4 ms meanwhile). Idle is not the default: on a busy
 * machine it gets almost nothing, and a run's lane could wait minutes.
 *
 * For work the window shows but nobody waits for: the loop's lanes, the overview strip's
 * counts.
 */
void givePoolThreadWay(PoolWay way = PoolWay::Batch);

} // namespace coroscope
