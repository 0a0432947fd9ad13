// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "statelegend.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStringList>

#include <optional>

namespace coroscope {

namespace {

QString title() {
    return QStringLiteral("task states:");
}

} // namespace

template<typename Item>
double StateLegend::layout(const QRectF &rect, const QFont &font, double scale, Item item) {
    const QFontMetricsF fm(font);
    const double rowH = std::max(fm.height(), 14 * scale) + 4 * scale;
    const double swatchW = 24 * scale;
    const double swatchH = 9 * scale;
    const double gap = 6 * scale;
    const double itemGap = 18 * scale;
    double x = rect.left() + fm.horizontalAdvance(title()) + itemGap * 0.6;
    double y = rect.top();
    // Every state, then the event loop's lane's own: the scheduler's work (as -1).
    for (int i = 0; i <= int(StateStyle::kAll.size()); ++i) {
        const bool scheduler = i == int(StateStyle::kAll.size());
        const TaskState s = scheduler ? TaskState::Running : StateStyle::kAll[size_t(i)];
        const QString name = scheduler ? StateStyle::schedulerName() : stateName(s);
        const double w = swatchW + gap + fm.horizontalAdvance(name);
        if (x + w > rect.right() && x > rect.left() + 1) {
            x = rect.left();
            y += rowH;
        }
        const double cy = y + rowH / 2;
        const bool terminal = !scheduler && StateStyle::isTerminal(s);
        // A stretch's swatch is a piece of band; a mark sits where a band would end.
        const QRectF swatch = terminal ? QRectF(x + swatchW / 2 - swatchH * 0.7, cy - swatchH * 0.7,
                                                swatchH * 1.4, swatchH * 1.4)
                                       : QRectF(x, cy - swatchH / 2, swatchW, swatchH);
        item(swatch, scheduler ? std::nullopt : std::optional<TaskState>(s), name,
             QPointF(x + swatchW + gap, cy + fm.ascent() / 2 - fm.descent() / 2));
        x += w + itemGap;
    }
    return y + rowH - rect.top();
}

double StateLegend::height(double width, const QFont &font, double scale) {
    return layout(QRectF(0, 0, width, 0), font, scale,
                  [](const QRectF &, std::optional<TaskState>, const QString &, QPointF) {});
}

void StateLegend::paint(QPainter &p, const QRectF &rect, const StateStyle &style, const QFont &font,
                        double scale) {
    p.save();
    p.setFont(font);
    const QFontMetricsF fm(font);
    const double rowH = std::max(fm.height(), 14 * scale) + 4 * scale;
    p.setPen(style.palette().mutedText);
    p.drawText(QPointF(rect.left(), rect.top() + rowH / 2 + fm.ascent() / 2 - fm.descent() / 2),
               title());
    layout(rect, font, scale,
           [&](const QRectF &swatch, std::optional<TaskState> s, const QString &name, QPointF at) {
               if (s)
                   style.swatch(p, swatch, *s);
               else
                   style.fillScheduler(p, swatch);
               p.setPen(style.palette().mutedText);
               p.drawText(at, name);
           });
    p.restore();
}

QString StateLegend::text() {
    QStringList names;
    for (TaskState s : StateStyle::kAll)
        names << stateName(s);
    names << StateStyle::schedulerName() + QStringLiteral(" (the event loop's own work)");
    return title() + u' ' + names.join(QStringLiteral(", "));
}

} // namespace coroscope
