// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "app/windowoptions.h"
#include "cliopts.h"

namespace coroscope {

//! What the command line asks of the window, in the window's own terms (it knows
//! nothing of the command line): parameters, --run, --quit, --stop-after, --export,
//! --open, and the headless summary printed by a scripted run.
WindowOptions windowOptions(const CliOptions &options);

} // namespace coroscope
