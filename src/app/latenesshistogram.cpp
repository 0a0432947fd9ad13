// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "latenesshistogram.h"

#include "io/numberformat.h"

#include "yieldtally.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace coroscope {

LatenessBins LatenessBins::compute(const GroupRecord &g, double toMs, int bins, double nowS) {
    LatenessBins b;
    b.kind = g.kind();
    b.fromMs = 0;
    b.binMs = toMs / bins;
    b.counts.assign(size_t(bins), 0);
    const qint64 until = nowS < 0 ? std::numeric_limits<qint64>::max() : qint64(nowS * 1e9);
    for (int t = 0; t < g.tasks(); ++t)
        for (int i = 0; i < g.count(t); ++i) {
            if (g.atNs(t, i) > until)
                break;
            const double ms = double(g.atNs(t, i) - g.dueNs(t, i)) / 1e6;
            // Past the range: counted in the last bin, so nothing disappears.
            const size_t k = size_t(std::clamp(ms / b.binMs, 0.0, double(bins - 1)));
            ++b.counts[k];
            ++b.total;
        }
    b.peak = *std::max_element(b.counts.begin(), b.counts.end());
    return b;
}

LatenessHistogram::LatenessHistogram(QWidget *parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("latenessHistogram"));
    setAccessibleName(QStringLiteral("Lateness histogram"));
    setToolTip(QStringLiteral("How late each yield came: actual time − due time"));
    m_palette = ChartPalette::fromPalette(palette());
}

void LatenessHistogram::setRecord(const RunRecord *record, double nowS) {
    m_bins.clear();
    if (record) {
        // One range for all groups so the bars compare: up to the worst lateness, ≥ 1 ms.
        double maxMs = 1.0;
        for (const auto &g : record->groups)
            maxMs = std::max(maxMs, g->health.latenessMaxMs);
        if (maxMs <= 1.0) {
            for (const auto &g : record->groups)
                for (int t = 0; t < std::min(g->tasks(), 1000); ++t)
                    for (int i = 0; i < g->count(t); ++i)
                        maxMs = std::max(maxMs, double(g->atNs(t, i) - g->dueNs(t, i)) / 1e6);
        }
        m_toMs = std::pow(2.0, std::ceil(std::log2(maxMs * 1.05)));
        for (const auto &g : record->groups)
            m_bins.push_back(LatenessBins::compute(*g, m_toMs, kBins, nowS));
    }
    update();
}

void LatenessHistogram::setTally(const YieldTally *tally) {
    m_bins.clear();
    if (tally && tally->record()) {
        // One range for all groups so the bars compare: the worst lateness, ≥ 1 ms.
        m_toMs = std::pow(2.0, std::ceil(std::log2(std::max(1.0, tally->maxLatenessMs() * 1.05))));
        for (int gi = 0; gi < tally->groups(); ++gi) {
            LatenessBins b;
            b.kind = tally->record()->groups[size_t(gi)]->kind();
            b.binMs = m_toMs / kBins;
            for (quint64 c : tally->histogram(gi, m_toMs, kBins))
                b.counts.push_back(quint32(std::min<quint64>(c, 0xFFFFFFFFu)));
            b.total = tally->total(gi);
            b.meanDriftMs = tally->meanDriftMs(gi);
            b.peak = *std::max_element(b.counts.begin(), b.counts.end());
            m_bins.push_back(std::move(b));
        }
    }
    update();
}

void LatenessHistogram::changeEvent(QEvent *event) {
    if (event->type() == QEvent::PaletteChange)
        m_palette = ChartPalette::fromPalette(palette());
    QWidget::changeEvent(event);
}

void LatenessHistogram::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.fillRect(rect(), m_palette.background);
    const QFontMetrics fm(font());
    // Below the histogram, the drift by value index: growing drift is a slope there, which
    // a histogram of single lateness figures cannot show.
    const bool drift = std::any_of(m_bins.begin(), m_bins.end(),
                                   [](const LatenessBins &b) { return !b.meanDriftMs.empty(); });
    const int driftH = drift ? std::max(4 * fm.height(), height() * 2 / 5) : 0;
    if (drift)
        paintDrift(p, QRect(10, height() - driftH, width() - 20, driftH - 6));
    const QRect area = rect().adjusted(10, fm.height() + 8, -10, -fm.height() - 8 - driftH);
    p.setPen(m_palette.text);
    p.drawText(QRect(10, 4, width() - 20, fm.height()), Qt::AlignLeft,
               QStringLiteral("Lateness of each yield (actual − due)"));
    if (m_bins.empty() || area.height() < 10) {
        p.setPen(m_palette.mutedText);
        p.drawText(area, Qt::AlignCenter, QStringLiteral("no yields yet"));
        return;
    }
    const int groups = int(m_bins.size());
    const double rowH = double(area.height()) / groups;
    for (int gi = 0; gi < groups; ++gi) {
        const LatenessBins &b = m_bins[size_t(gi)];
        const QRectF row(area.left(), area.top() + gi * rowH, area.width(), rowH - 4);
        const double barW = row.width() / double(b.counts.size());
        p.setPen(Qt::NoPen);
        p.setBrush(m_palette.groupColor(b.kind));
        for (size_t i = 0; i < b.counts.size(); ++i) {
            if (b.counts[i] == 0)
                continue;
            // Square root: a lone late yield stays visible next to thousands on time.
            const double h =
                std::max(2.0, (row.height() - fm.height()) *
                                  std::sqrt(double(b.counts[i]) / std::max<quint32>(1, b.peak)));
            p.drawRect(QRectF(row.left() + double(i) * barW, row.bottom() - h,
                              std::max(1.0, barW - 1), h));
        }
        p.setPen(m_palette.mutedText);
        p.drawText(row.adjusted(2, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop,
                   QStringLiteral("%1 (%2 yields)")
                       .arg(b.kind == GroupKind::Sequential ? QStringLiteral("sequential")
                                                            : QStringLiteral("concurrent"),
                            countText(b.total)));
        p.setPen(QPen(m_palette.laneSeparator, 1));
        p.drawLine(QLineF(row.left(), row.bottom(), row.right(), row.bottom()));
    }
    p.setPen(m_palette.mutedText);
    const QRect labels(area.left(), area.bottom() + 4, area.width(), fm.height());
    p.drawText(labels, Qt::AlignLeft, QStringLiteral("0 ms"));
    p.drawText(labels, Qt::AlignHCenter, durationText(m_toMs / 2));
    p.drawText(labels, Qt::AlignRight, QStringLiteral("≥ ") + durationText(m_toMs));
}

void LatenessHistogram::paintDrift(QPainter &p, const QRect &box) const {
    const QFontMetrics fm(font());
    p.save();
    p.setPen(m_palette.text);
    p.drawText(QRect(box.left(), box.top(), box.width(), fm.height()), Qt::AlignLeft,
               QStringLiteral("Drift of value k from start + k × delay (mean over tasks)"));
    const QRectF plot = QRectF(box).adjusted(0, fm.height() + 4, 0, -fm.height() - 4);
    double lo = 0, hi = 1; // at least a millisecond tall, so on-time runs look flat
    int values = 1;
    for (const LatenessBins &b : m_bins) {
        values = std::max(values, int(b.meanDriftMs.size()));
        for (double d : b.meanDriftMs)
            if (std::isfinite(d)) {
                lo = std::min(lo, d);
                hi = std::max(hi, d);
            }
    }
    p.setPen(QPen(m_palette.laneSeparator, 1));
    p.drawRect(plot);
    const auto xFor = [&](size_t k) {
        return values <= 1 ? plot.center().x()
                           : plot.left() + plot.width() * double(k) / double(values - 1);
    };
    const auto yFor = [&](double ms) {
        return plot.bottom() - plot.height() * (ms - lo) / (hi - lo);
    };
    p.drawLine(QPointF(plot.left(), yFor(0)), QPointF(plot.right(), yFor(0)));
    // Lines, not boxes: these want antialiasing.
    p.setRenderHint(QPainter::Antialiasing);
    for (const LatenessBins &b : m_bins) {
        QPolygonF line;
        for (size_t k = 0; k < b.meanDriftMs.size(); ++k)
            if (std::isfinite(b.meanDriftMs[k]))
                line << QPointF(xFor(k), yFor(b.meanDriftMs[k]));
        p.setPen(QPen(m_palette.groupColor(b.kind), 2));
        p.drawPolyline(line);
    }
    p.setPen(m_palette.mutedText);
    const auto msText = [](double ms) { return durationText(ms); };
    p.drawText(QRectF(plot.left() + 3, plot.top() + 1, plot.width(), fm.height()), Qt::AlignLeft,
               msText(hi));
    const QRectF under(plot.left(), plot.bottom() + 2, plot.width(), fm.height());
    p.drawText(under, Qt::AlignLeft, QStringLiteral("value 1"));
    p.drawText(under, Qt::AlignHCenter, QStringLiteral("value k →"));
    p.drawText(QRectF(plot.left() + 3, plot.bottom() - fm.height() - 1, plot.width(), fm.height()),
               Qt::AlignLeft, msText(lo));
    p.drawText(under, Qt::AlignRight, QStringLiteral("value %1").arg(values));
    p.restore();
}

} // namespace coroscope
