// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

#include <QString>

class QSettings;

namespace coroscope {

/*!
 * \brief Where the window keeps its settings, and the run's parameters in them.
 *
 * Through QStandardPaths, so tests (setTestModeEnabled) never touch the user's settings.
 */
namespace WindowSettings {

//! The settings file (coroscope.ini in the application's configuration folder).
QString path();
//! The last session's parameters (mode included); a damaged file gives the defaults,
//! never parameters that cannot run. \a seedFixed: whether the seed was fixed.
RunParams readParams(const QSettings &settings, bool *seedFixed);
void writeParams(QSettings &settings, const RunParams &params, bool seedFixed);

} // namespace WindowSettings

} // namespace coroscope
