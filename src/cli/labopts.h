// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

#include <QCommandLineParser>
#include <QString>

namespace coroscope {

/*!
 * \brief The lesson lab's command-line options (--scenario, --variant and each
 * scenario's own), kept apart from the seed's so both can grow without touching each other.
 */
struct LabOptions {
    //! Adds --scenario, --variant and the scenario options to \a p.
    static void add(QCommandLineParser &p);
    /*!
     * Reads them into \a params (after the seed's options: defaults depend on --tasks,
     * --values and --delay), range-checks each, fills the defaults of those not given.
     * Returns the first problem as "--option: why", or an empty string. \a any tells
     * whether a lab option was given at all.
     */
    static QString parse(const QCommandLineParser &p, RunParams &params, bool &any);
};

} // namespace coroscope
