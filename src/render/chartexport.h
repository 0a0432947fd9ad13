// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "export/exportfile.h"
#include "model/runrecord.h"

#include <QString>

namespace coroscope {

struct ChartExportOptions {
    double scale = 1.0; //!< PNG only: 1× or 2× pixels
    double startS = 0;  //!< the time range shown: ChartOptions::startS, endS, viewNote
    double endS = -1;
    QString viewNote;
    //! Asked before drawing, after drawing (with the encoded size) and before the file is
    //! replaced; false cancels, leaving any earlier file whole.
    ExportProgress progress;
};

/*!
 * \brief Draws \a record with the ChartRenderer (the same painting code as the window's
 * timeline) into \a path: .png (QImage), .svg (QSvgGenerator) or .pdf (QPdfWriter),
 * atomically through QSaveFile.
 *
 * Returns an empty string on success, else one line saying why; an earlier file at
 * \a path is left whole and no partial file remains.
 */
QString exportChart(const QString &path, const RunRecord &record,
                    const ChartExportOptions &options = {});

//! Makes exportRecord() (export/exportfile.h) draw .png .svg .pdf with exportChart().
void installChartWriter();

} // namespace coroscope
