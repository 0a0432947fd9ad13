// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "cliopts.h"

namespace coroscope {

/*!
 * \brief `coroscope --headless --watch-python SCRIPT.py [-- ARGS]`: runs the script under
 * the tracer, passes its output through (stdout to stdout, or to stderr with --json;
 * stderr to stderr), then prints the summary and writes the exports. Needs a
 * QCoreApplication; returns the exit status.
 */
int runWatchHeadless(const CliOptions &options);

} // namespace coroscope
