// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QString>

#include <functional>

namespace coroscope {

//! Called now and then while a file is written (about every megabyte, well under 100 ms
//! apart) with the bytes written so far; return false to cancel: the export then fails
//! with "cancelled", an earlier file at the path is left whole and no partial file remains.
using ExportProgress = std::function<bool(qint64 bytesDone)>;

/*!
 * \brief Writes \a record to \a path in the format its ending names, atomically.
 *
 * Data: .json (the full run record), .csv (one row per yield), .trace.json (Chrome trace
 * events), written through QSaveFile. Chart: .png, .svg, .pdf, drawn by the installed
 * ChartWriter (the renderer's exportChart()).
 * Returns an empty string on success, else one line saying why; an earlier file at
 * \a path is then left whole and no partial file remains.
 *
 * \code
 * if (const QString why = exportRecord(QStringLiteral("run.csv"), run.record()); !why.isEmpty())
 *     qWarning("%s", qPrintable(why));
 * \endcode
 */
QString exportRecord(const QString &path, const RunRecord &record,
                     const ExportProgress &progress = {});

//! Whether \a path's ending names a chart (.png .svg .pdf) rather than data.
bool isChartPath(const QString &path);

/*!
 * Charts (.png .svg .pdf) are drawn by the renderer, which needs Qt Gui; this library
 * needs only Qt Core, so a headless process that writes data never loads the GUI
 * libraries. Whoever links the renderer installs its writer here (installChartWriter()
 * in render/chartexport.h); until then a chart ending gets an error.
 */
using ChartWriter = QString (*)(const QString &path, const RunRecord &record);
void setChartWriter(ChartWriter writer);

} // namespace coroscope
