// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "runrecord.h"

namespace coroscope {

/*
 * What the code panel works out about a live lab group at one moment from its yields,
 * starts and ends and the lesson's parameters (GroupPositions in src/app). The lanes'
 * bands no longer need it: the run publishes its spans, outcomes and each task's current
 * stretch (GroupRecord::setCurrent()), and taskTimeline() reads those.
 */

//! The cpu lesson on the loop: the task computing at \a tNs, or -1. The loop computes a
//! task's next step as soon as it starts or resumes it, so it is the live task started or
//! resumed last (the first of equals), while one work's time has not passed since.
int liveComputingTask(const RunParams &params, const GroupRecord &g, qint64 tNs);

//! The failure lesson: when the failing task raises (its value failAt's own deadline,
//! the generator's timing), once it has yielded the values before it; -1 before that.
qint64 liveRaiseNs(const RunParams &params, const GroupRecord &g);

} // namespace coroscope
