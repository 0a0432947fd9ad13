// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "windowoptions.h"

#include <optional>

namespace coroscope {

/*!
 * \brief Opens Coroscope's window with the command line's options pre-filled, runs the
 * application's event loop, and returns its exit status. A QApplication must exist.
 */
//! \a given: the parameter options typed (see givenOptions); by default read from
//! QCoreApplication::arguments().
int runWindow(const WindowOptions &options, std::optional<QStringList> given = std::nullopt);

//! The options that set the run's parameters ("mode", "tasks", … "clock", "scenario").
QStringList parameterOptions();

//! Which parameter options were typed on \a args ("tasks", "mode", …): they win over settings.
QStringList givenOptions(const QStringList &args);

} // namespace coroscope
