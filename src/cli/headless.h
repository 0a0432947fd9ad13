#pragma once

#include "cliopts.h"

namespace coroscope {

/*!
 * \brief The command line without a window: runs (or opens) as \a options say, prints
 * the summary, writes the exports. Needs a QCoreApplication; returns the exit status.
 */
int runHeadless(const CliOptions &options);

} // namespace coroscope
