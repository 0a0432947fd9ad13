// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "windowopts.h"

#include "headless.h"

namespace coroscope {

static_assert(int(WindowExitOk) == ExitOk && int(WindowExitFailure) == ExitFailure &&
                  int(WindowExitUsage) == ExitUsage,
              "the window exits with the command line's statuses");

WindowOptions windowOptions(const CliOptions &o) {
    WindowOptions w;
    w.params = o.params;
    w.seedGiven = o.seedGiven;
    w.run = o.run;
    w.quit = o.quit;
    w.stopAfterSeconds = o.stopAfterSeconds;
    w.exports = o.exports;
    w.openFile = o.openFile;
    w.watchScript = o.watchScript;
    w.watchArgs = o.watchArgs;
    w.sideBySide = o.sideBySide;
    w.python = o.python;
    w.summary = runSummaryLines;
    return w;
}

} // namespace coroscope
