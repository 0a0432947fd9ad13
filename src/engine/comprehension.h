// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "scheduler.h"
#include "whenall.h"

#include <QCoroAsyncGenerator>
#include <QCoroTask>

#include <vector>

namespace coroscope {

/*!
 * \brief What the coroutines of one group share: the clock, the record, the parameters.
 *
 * Times in the record are ns since \a originNs (the run's t = 0 on the scheduler clock).
 */
struct GroupContext {
    Scheduler &scheduler;
    GroupRecord &record;
    const RunParams &params;
    qint64 originNs = 0;

    qint64 sinceOrigin() const { return scheduler.now() - originNs; }
};

/*!
 * \brief The seed's task 0: `values` times wait one delay, then yield a uniform random
 * value in [0, max_value].
 *
 * Lazy like every QCoro::AsyncGenerator: it starts when first iterated. The wait for
 * value k ends at `startDueNs + (k + 1) · delay` in drift-free timing, or one delay after
 * the previous wake in relative timing (asyncio.sleep's behaviour). Each yield is
 * recorded in the group's record before it is handed to the consumer. Stop ends it early.
 *
 * \code
 * QCORO_FOREACH(double v, asyncGenerator(ctx, 0, ctx.originNs))
 *     qInfo() << v;
 * \endcode
 */
QCoro::AsyncGenerator<double> asyncGenerator(GroupContext &g, int task, qint64 startDueNs);

/*!
 * \brief The seed's task 1, `[i async for i in async_generator()]`: collects one
 * generator with QCORO_FOREACH into the task's row of the record, which is its list
 * (partial if stopped). Calls \a ended's ended() as its last step, if given.
 */
QCoro::Task<> comprehensionIntoRecord(GroupContext &g, int task, qint64 startDueNs,
                                      TaskCountdown *ended = nullptr);
//! comprehensionIntoRecord that returns the list, a copy of the record's row.
QCoro::Task<QList<double>> asyncComprehension(GroupContext &g, int task, qint64 startDueNs);

//! All the group's comprehensions at once (a when-all); returns their lists.
QCoro::Task<std::vector<QList<double>>> runConcurrent(GroupContext &g);
/*!
 * \brief runConcurrent for a Run: the same when-all, but the values stay only in the
 * record (which holds them all anyway). A vector of a million lists, filled as the
 * comprehensions end, would add 24 MB (their handles) and a block each at the peak of the
 * run's memory; and every task ends in the last batch, so what each costs to end (a
 * list's copy, a continuation's registration, its frame's free) is the group's overrun.
 * A TaskCountdown waits for them instead, and returns the group's time (ns since its
 * origin) when the last one ended: the wall. The ended tasks' frames are freed after it,
 * a slice at a time, as asyncio's gather lets go of its tasks after it has returned.
 */
QCoro::Task<qint64> runConcurrentIntoRecord(GroupContext &g);
//! The comprehensions one after another; returns their lists.
QCoro::Task<std::vector<QList<double>>> runSequential(GroupContext &g);
//! runSequential for a Run: the lists stay only in the record.
QCoro::Task<> runSequentialIntoRecord(GroupContext &g);

//! The seed's task 2: run the group's comprehensions concurrently, return the seconds
//! from the group's origin (where their deadlines start) to the last one's end: never
//! less than values × delay, as wake-ups are never early.
QCoro::Task<double> measureRuntime(GroupContext &g);

} // namespace coroscope
