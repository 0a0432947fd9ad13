#pragma once

#include "cli/cliopts.h"

namespace coroscope {

/*!
 * \brief Opens Coroscope's window with the command line's options pre-filled, runs the
 * application's event loop, and returns its exit status. A QApplication must exist.
 */
int runWindow(const CliOptions &options);

//! Which parameter options were typed on \a args ("tasks", "mode", …): they win over settings.
QStringList givenOptions(const QStringList &args);

} // namespace coroscope
