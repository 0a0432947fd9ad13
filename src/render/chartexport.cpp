// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "chartexport.h"

#include "export/exportfile.h"

#include "chartrenderer.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace coroscope {

namespace {

// SVG and PDF coordinates are CSS pixels: 96 per inch.
constexpr int kDpi = 96;

QString fail(const QString &path, const QString &why) {
    return QStringLiteral("cannot write %1: %2").arg(path, why);
}

bool renderPng(QBuffer &out, const RunRecord &record, const ChartOptions &chart, double scale) {
    const QSizeF size = ChartRenderer::pageSize(record, chart);
    QImage image((size * scale).toSize(), QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.setDotsPerMeterX(int(kDpi * scale / 0.0254));
    image.setDotsPerMeterY(int(kDpi * scale / 0.0254));
    {
        QPainter p(&image);
        ChartRenderer::paint(p, QRectF(QPointF(0, 0), size), record, chart);
    }
    return image.save(&out, "PNG");
}

bool renderSvg(QBuffer &out, const RunRecord &record, const ChartOptions &chart) {
    const QSizeF size = ChartRenderer::pageSize(record, chart);
    QSvgGenerator svg;
    svg.setOutputDevice(&out);
    svg.setResolution(kDpi);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setTitle(ChartRenderer::title(record));
    svg.setDescription(ChartRenderer::parametersLine(record));
    QPainter p;
    if (!p.begin(&svg))
        return false;
    ChartRenderer::paint(p, QRectF(QPointF(0, 0), size), record, chart);
    return p.end();
}

bool renderPdf(QBuffer &out, const RunRecord &record, const ChartOptions &chart) {
    const QSizeF size = ChartRenderer::pageSize(record, chart);
    QPdfWriter pdf(&out);
    pdf.setResolution(kDpi);
    pdf.setTitle(ChartRenderer::title(record));
    pdf.setCreator(QStringLiteral("Coroscope " COROSCOPE_VERSION));
    // A page the chart's own shape (points: 72 per inch), no margins: a slide, not a letter.
    pdf.setPageSize(
        QPageSize(size * 72.0 / kDpi, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter p;
    if (!p.begin(&pdf))
        return false;
    // The painter's device pixels are dots at kDpi; map the chart's logical size onto the page.
    const QRect page = p.viewport();
    p.scale(page.width() / size.width(), page.height() / size.height());
    ChartRenderer::paint(p, QRectF(QPointF(0, 0), size), record, chart);
    return p.end();
}

} // namespace

QString exportChart(const QString &path, const RunRecord &record,
                    const ChartExportOptions &options) {
    // Fonts need the GUI application (the command line makes an offscreen one for charts).
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(path, QStringLiteral("drawing a chart needs a QGuiApplication"));
    if (record.groups.empty())
        return fail(path, QStringLiteral("the run has no data"));
    const auto cancelled = [&](qint64 done) { return options.progress && !options.progress(done); };
    if (cancelled(0))
        return fail(path, QStringLiteral("cancelled"));
    const QString suffix = QFileInfo(path).suffix().toLower();
    ChartOptions chart;
    chart.startS = options.startS;
    chart.endS = options.endS;
    chart.viewNote = options.viewNote;
    // Render to memory first: a failed render never touches the file.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        if (options.scale != 1.0 && options.scale != 2.0)
            return fail(path, QStringLiteral("PNG scale must be 1 or 2"));
        ok = renderPng(buffer, record, chart, options.scale);
    } else if (suffix == QLatin1String("svg")) {
        ok = renderSvg(buffer, record, chart);
    } else if (suffix == QLatin1String("pdf")) {
        ok = renderPdf(buffer, record, chart);
    } else {
        return fail(path, QStringLiteral("a chart is written as .png, .svg or .pdf"));
    }
    if (!ok)
        return fail(path, QStringLiteral("the chart could not be rendered"));
    buffer.close();
    if (cancelled(buffer.size()))
        return fail(path, QStringLiteral("cancelled"));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(path, file.errorString());
    if (file.write(buffer.data()) != buffer.data().size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(path, why);
    }
    if (cancelled(buffer.size())) { // the last moment a Cancel keeps the earlier file
        file.cancelWriting();
        return fail(path, QStringLiteral("cancelled"));
    }
    if (!file.commit())
        return fail(path, file.errorString());
    return {};
}

void installChartWriter() {
    setChartWriter(
        [](const QString &path, const RunRecord &record) { return exportChart(path, record); });
}

} // namespace coroscope
