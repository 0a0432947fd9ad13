// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "cliopts.h"

#include "model/runrecord.h"

namespace coroscope {

/*!
 * \brief The command line without a window: runs (or opens) as \a options say, prints
 * the summary, writes the exports. Needs a QCoreApplication; returns the exit status.
 */
int runHeadless(const CliOptions &options);

/*!
 * \brief The summary's head: the parameters, then one line per group (status, wall,
 * ideal, overrun, lateness, the run loop's longest stall, the window's when a window
 * watched the run, yields) and the speed-up. Printed headless and by the window's --quit.
 */
QByteArray runSummaryLines(const RunRecord &record);

} // namespace coroscope
