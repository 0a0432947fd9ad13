// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "timeaxisheader.h"

#include "lanemodel.h"
#include "render/chartrenderer.h"
#include "timelineview.h"

#include <QPainter>

namespace coroscope {

TimeAxisHeader::TimeAxisHeader(TimelineView *view)
    : QHeaderView(Qt::Horizontal, view)
    , m_view(view) {
    setObjectName(QStringLiteral("timeAxisHeader"));
    setAccessibleName(QStringLiteral("Time axis"));
}

QSize TimeAxisHeader::sizeHint() const {
    QSize s = QHeaderView::sizeHint();
    s.setHeight(std::max(s.height(), fontMetrics().height() * 2 + 6));
    return s;
}

void TimeAxisHeader::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const {
    if (logicalIndex != LaneModel::TimelineColumn) {
        QHeaderView::paintSection(painter, rect, logicalIndex);
        return;
    }
    painter->save();
    const ChartPalette &pal = m_view->chartPalette();
    painter->fillRect(rect, pal.background);
    // The header shares the view's x coordinates: the axis maps straight onto it.
    ChartRenderer::paintTimeAxis(*painter, QRectF(rect).adjusted(0, 2, 0, -1), m_view->axis(), pal,
                                 font(), false);
    if (m_view->now() >= 0) {
        const double x = m_view->axis().xForTime(m_view->cursorTime());
        if (x >= rect.left() && x <= rect.right()) {
            painter->setPen(QPen(pal.nowCursor, 2));
            painter->drawLine(QLineF(x, rect.bottom() - 8, x, rect.bottom()));
        }
    }
    painter->restore();
}

} // namespace coroscope
