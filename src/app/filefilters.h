// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QString>
#include <QStringList>

namespace coroscope {

//! The file dialogs' purposes: File → Export chart…, Export data… and Open run….
enum class FileDialogKind { ExportChart, ExportData, OpenRun };

/*!
 * \brief One row of the file dialogs' table: what the dialog lists, the ending added when
 * the name typed has none, and the chart's scale (2× PNG for high-DPI screens).
 */
struct FileFilter {
    FileDialogKind kind;
    QString text;   //!< "PNG image (*.png)"
    QString suffix; //!< ".png"
    double scale = 1.0;
};

//! Every dialog's filters, in the order shown; the first of a kind is its default.
const QList<FileFilter> &fileFilters();
//! The dialog's filter string ("A (*.a);;B (*.b)").
QString filterString(FileDialogKind kind);
//! The default filter of \a kind.
QString defaultFilter(FileDialogKind kind);
//! The row of \a kind whose text is \a selected, or the kind's default row.
const FileFilter &filterFor(FileDialogKind kind, const QString &selected);
//! The dialog's caption ("Export chart") and suggested file name ("coroscope-chart.png").
QString dialogCaption(FileDialogKind kind);
QString suggestedName(FileDialogKind kind);

} // namespace coroscope
