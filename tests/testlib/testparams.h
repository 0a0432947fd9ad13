// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// The one RunParams builder of the tests (they used to copy it, each with its own seed).

#include "model/runparams.h"

namespace coroscope::test {

//! How many times slower this build runs code than the RelWithDebInfo build users run:
//! 1 there, 8 in the sanitizer builds. CPU-time bounds stated for users' build scale by it.
inline constexpr int kBuildSlowdown = COROSCOPE_TEST_SLOWDOWN;

/*!
 * Parameters for a test run: what the tests vary in one call, the rest at its default
 * (drift-free, max value 10). A fixed seed keeps the values reproducible.
 *
 * \code
 * Run run(testParams(Mode::Compare, 3, 4, 0.02));
 * \endcode
 */
inline RunParams testParams(Mode mode, int tasks, int values, double delaySeconds, quint64 seed = 7,
                            Timing timing = Timing::DriftFree) {
    RunParams p;
    p.mode = mode;
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = delaySeconds;
    p.seed = seed;
    p.timing = timing;
    return p;
}

} // namespace coroscope::test
