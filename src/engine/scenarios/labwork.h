// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "engine/scheduler.h"

#include <QtGlobal>

#include <atomic>

namespace coroscope {

/*!
 * Real computation (SHA-256 rounds) for \a ns of this thread's time, or until \a stop.
 * Returns a digest word so the work cannot be optimised away.
 */
quint64 hashFor(qint64 ns, const std::atomic_bool *stop = nullptr);

//! The same blocking wait on a worker thread: ends early when \a stop is set.
void sleepFor(qint64 ns, const std::atomic_bool &stop);

} // namespace coroscope
