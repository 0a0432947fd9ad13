// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "cancelscope.h"
#include "offload.h"

#include "engine/scheduler.h"
#include "model/runrecord.h"
#include "model/taskrng.h"

namespace coroscope {

/*!
 * \brief What the coroutines of one lab group share: the clock, the record, the
 * parameters, the group's cancel scope and the run's thread pool.
 *
 * Times in the record are ns since originNs, the group's t = 0 (both groups' when they
 * share the loop; each its own when they run in turn).
 */
struct LabContext {
    LabContext(Scheduler &s, GroupRecord &r, const RunParams &p, Offloader &o, int v)
        : scheduler(s)
        , record(r)
        , params(p)
        , offloader(o)
        , variant(v) {}

    Scheduler &scheduler;
    GroupRecord &record;
    const RunParams &params;
    Offloader &offloader;
    const int variant;
    qint64 originNs = 0;
    CancelScope scope;

    qint64 now() const { return scheduler.now(); }
    qint64 sinceOrigin() const { return scheduler.now() - originNs; }
    //! A sleep that Stop, a timeout or a sibling's failure ends early (Wake::cancelled).
    ScopedSleep sleepUntil(qint64 dueNs) { return ScopedSleep(scheduler, scope, dueNs); }
    //! The same for \a task's sleep until its next value, told to a watching window.
    ScopedSleep sleepUntil(int task, qint64 dueNs) {
        record.setCurrent(task, TaskState::Suspended, dueNs - originNs);
        return sleepUntil(dueNs);
    }

    //! The deadline of a task's k-th value (run's timing: drift-free or relative).
    qint64 nextDue(int k, qint64 startDueNs, qint64 lastWakeNs, qint64 delayNs) const {
        return params.timing == Timing::DriftFree ? startDueNs + (k + 1) * delayNs
                                                  : lastWakeNs + delayNs;
    }

    // ---- recording (absolute scheduler times in, group times stored) ----
    void yielded(int task, int index, qint64 dueNs, qint64 atNs) {
        record.recordTiming(task, index, dueNs - originNs, atNs - originNs);
    }
    //! \a task is \a state from now on (waiting, blocked, offloaded, running): told to a
    //! watching window now; span() records the stretch once it is over.
    void begins(int task, TaskState state, WaitTarget on = WaitTarget::None) {
        record.setCurrent(task, state, sinceOrigin(), on);
    }
    void span(int task, TaskState state, qint64 fromNs, qint64 toNs,
              WaitTarget on = WaitTarget::None, int other = -1) {
        record.addSpan({fromNs - originNs, toNs - originNs, task, state, on, other});
    }
    //! The task ended because the scope was cancelled (or Stop): says by what, and when.
    void cancelled(int task) {
        const bool stop = scheduler.isCancelled() || scope.cause() == CancelCause::Stop;
        const CancelCause cause = stop ? CancelCause::Stop : scope.cause();
        record.addOutcome(
            {task, TaskState::Cancelled, cause, cause == CancelCause::Failure ? scope.byTask() : -1,
             (scope.isCancelled() && !stop ? scope.atNs() : now()) - originNs, QString()});
    }
    void failed(int task, const QString &error, qint64 atNs) {
        record.addOutcome({task, TaskState::Failed, CancelCause::None, -1, atNs - originNs, error});
    }
    bool stopping() const { return scheduler.isCancelled() || scope.isCancelled(); }

    // ---- work of a nominal cost (a blocking call, hashing), on either clock ----
    //! On the loop's thread: on the real clock \a job runs (and takes what it takes); the
    //! virtual clock advances by \a costNs instead. Nothing else runs meanwhile: a stall.
    //! The task's state is published before it (begins()), so a watching window's edge
    //! follows the clock through it (Scheduler::settledDuring()).
    template<typename Job> void onLoop(qint64 costNs, Job job) {
        if (scheduler.clock() == Clock::Virtual)
            scheduler.spendBlocking(costNs);
        else
            scheduler.settledDuring(std::move(job));
    }
    /*!
     * Off the loop (asyncio.to_thread, run_in_executor): on the real clock \a job runs on
     * the run's thread pool, awaited; on the virtual clock the pool is simulated, the job
     * holding its first free thread for \a costNs of virtual time. Stop ends either early.
     */
    template<typename Job> QCoro::Task<> offload(qint64 costNs, Job job) {
        if (scheduler.clock() == Clock::Virtual) {
            co_await sleepUntil(offloader.virtualJobEnd(now(), costNs));
            co_return;
        }
        co_await offloader.run(std::move(job));
        // Resumed by the worker's result (a Qt event), not by a scheduler pass: what the
        // task stamps from here is not yet published (Scheduler::settledNs()).
        scheduler.unsettleUntilIdle();
    }
};

} // namespace coroscope
