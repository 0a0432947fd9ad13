// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QtGlobal>

namespace coroscope {

/*!
 * \brief Asks the kernel for a short time slice (0.1 ms) for the calling thread: the
 * thread that runs the scheduler.
 *
 * Linux's EEVDF scheduler (6.6 on; custom slices from 6.12) lets a thread that wakes
 * with a shorter slice than the one running preempt it. Without this, a run's thread
 * woken at a deadline while the window paints and the X server draws on both cores waited
 * for one of them to use up its slice (about 3 ms): 100 dense lanes in the window were
 * late by 2.1–3.0 ms at p99, against 0.07–1.3 ms with it (the same runs offscreen,
 * 2026-11-30). It is not a priority: the thread's share of the CPU stays the same, and no
 * privilege is needed. Kernels without custom slices ignore the request.
 *
 * `COROSCOPE_RUN_SLICE=default` in the environment leaves the slice as it is (for
 * comparisons). Returns whether the kernel took it.
 */
bool requestShortTimeSlice();

//! The calling thread's slice as the kernel reports it (ns), or -1 where it cannot tell.
qint64 currentTimeSliceNs();

//! The slice requestShortTimeSlice() asks for.
constexpr qint64 kRunTimeSliceNs = 100'000;

} // namespace coroscope
