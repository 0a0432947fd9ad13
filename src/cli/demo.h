// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

namespace coroscope {

/*!
 * \brief The seed's three mains, on the engine's coroutines: 0 prints each value as it
 * is yielded, 1 prints the comprehension's list, 2 prints the elapsed seconds of
 * params.tasks concurrent comprehensions. Returns the exit status.
 */
int runDemo(int demo, const RunParams &params);

} // namespace coroscope
