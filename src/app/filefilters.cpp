// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "filefilters.h"

namespace coroscope {

const QList<FileFilter> &fileFilters() {
    using K = FileDialogKind;
    static const QList<FileFilter> table{
        {K::ExportChart, QStringLiteral("PNG image (*.png)"), QStringLiteral(".png"), 1.0},
        {K::ExportChart, QStringLiteral("PNG image, 2× for high-DPI (*.png)"),
         QStringLiteral(".png"), 2.0},
        {K::ExportChart, QStringLiteral("SVG drawing (*.svg)"), QStringLiteral(".svg"), 1.0},
        {K::ExportChart, QStringLiteral("PDF document (*.pdf)"), QStringLiteral(".pdf"), 1.0},
        {K::ExportData, QStringLiteral("Run record, reopens in Coroscope (*.json)"),
         QStringLiteral(".json"), 1.0},
        {K::ExportData, QStringLiteral("CSV, one row per yield (*.csv)"), QStringLiteral(".csv"),
         1.0},
        {K::ExportData, QStringLiteral("Chrome trace for Perfetto (*.trace.json)"),
         QStringLiteral(".trace.json"), 1.0},
        {K::OpenRun, QStringLiteral("Coroscope run (*.json)"), QStringLiteral(".json"), 1.0},
    };
    return table;
}

QString filterString(FileDialogKind kind) {
    QStringList texts;
    for (const FileFilter &f : fileFilters())
        if (f.kind == kind)
            texts << f.text;
    return texts.join(QStringLiteral(";;"));
}

const FileFilter &filterFor(FileDialogKind kind, const QString &selected) {
    const FileFilter *first = nullptr;
    for (const FileFilter &f : fileFilters()) {
        if (f.kind != kind)
            continue;
        if (f.text == selected)
            return f;
        if (!first)
            first = &f;
    }
    return *first; // every kind has a row
}

QString defaultFilter(FileDialogKind kind) {
    return filterFor(kind, {}).text;
}

QString dialogCaption(FileDialogKind kind) {
    switch (kind) {
    case FileDialogKind::ExportChart:
        return QStringLiteral("Export chart");
    case FileDialogKind::ExportData:
        return QStringLiteral("Export data");
    case FileDialogKind::OpenRun:
        break;
    }
    return QStringLiteral("Open run");
}

QString suggestedName(FileDialogKind kind) {
    switch (kind) {
    case FileDialogKind::ExportChart:
        return QStringLiteral("coroscope-chart.png");
    case FileDialogKind::ExportData:
        return QStringLiteral("coroscope-run.json");
    case FileDialogKind::OpenRun:
        break;
    }
    return {};
}

} // namespace coroscope
