// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "labcontext.h"

#include <QCoroTask>

namespace coroscope {

/*!
 * \brief The lesson lab's programs, one source file each (PRODUCT.md section 10).
 *
 * Each runs one group (one variant) on \a g and returns how the group ended: finished,
 * stopped, timed-out or failed. Every wait is cancellable through g.scope, every yield
 * recorded like the seed's, and what cannot be derived (waiting, blocked, offloaded,
 * running spans; cancellations and errors) is recorded as it happens.
 */
QCoro::Task<RunStatus> runBlocking(LabContext &g);
QCoro::Task<RunStatus> runBounded(LabContext &g);
QCoro::Task<RunStatus> runAsCompleted(LabContext &g);
QCoro::Task<RunStatus> runTimeout(LabContext &g);
QCoro::Task<RunStatus> runFailure(LabContext &g);
QCoro::Task<RunStatus> runQueue(LabContext &g);
QCoro::Task<RunStatus> runCpu(LabContext &g);

//! The program of g.params.scenario (not the seed, which Run drives itself).
QCoro::Task<RunStatus> runScenario(LabContext &g);

//! Finished, or stopped when Stop ended the group.
inline RunStatus endStatus(const LabContext &g) {
    return g.scheduler.isCancelled() || g.scope.cause() == CancelCause::Stop ? RunStatus::Stopped
                                                                             : RunStatus::Finished;
}

} // namespace coroscope
