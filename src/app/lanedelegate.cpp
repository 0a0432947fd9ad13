// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lanedelegate.h"

#include "lanemodel.h"
#include "model/sidebyside.h"
#include "render/chartrenderer.h"
#include "timelineview.h"

#include <QPainter>

namespace coroscope {

LaneDelegate::LaneDelegate(TimelineView *view)
    : QStyledItemDelegate(view)
    , m_view(view) {}

QSize LaneDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    // The height is the view's; the width only matters to "resize to contents", which the
    // timeline never does (its columns are sized by the header). Asking the style for it
    // would lay out each row's text: about 50 µs a row when the view measures thousands of
    // lanes at once (a watched program's lanes growing from 1,000 to 2,000 took 87 ms).
    const bool group = !index.parent().isValid();
    return QSize(option.fontMetrics.averageCharWidth() * 16,
                 group ? m_view->groupRowHeight() : m_view->laneHeight());
}

QString LaneDelegate::groupHeaderLine(const QString &description, const QString &figures,
                                      const QString &counts, const QFontMetrics &fm, int width) {
    const QString sep = QStringLiteral(" · ");
    for (const QString &line : {description + sep + figures + sep + counts, figures + sep + counts})
        if (fm.horizontalAdvance(line) <= width)
            return line;
    // Narrower still: the counts first and whole, the figures elided with "…".
    const int rest = width - fm.horizontalAdvance(counts + sep);
    if (rest >= 2 * fm.horizontalAdvance(QChar(0x2026)))
        return counts + sep + fm.elidedText(figures, Qt::ElideRight, rest);
    if (fm.horizontalAdvance(counts) <= width)
        return counts;
    return fm.elidedText(counts, Qt::ElideRight, width);
}

void LaneDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const {
    const LaneRef ref = index.data(LaneModel::LaneRole).value<LaneRef>();
    if (!ref.group)
        return;
    const ChartPalette &pal = m_view->chartPalette();
    const GroupRecord &g = *ref.group;
    const QColor groupColor = pal.groupColor(*ref.record, g);
    const QRectF r = option.rect;
    painter->save();
    if (index.column() == LaneModel::TaskColumn) {
        QFont f = option.font;
        if (ref.task < 0) {
            f.setBold(true);
            f.setPointSizeF(f.pointSizeF() * 1.15);
            painter->fillRect(QRectF(r.left(), r.top() + 8, 4, r.height() - 16), groupColor);
            painter->setPen(groupColor);
            painter->setFont(f);
            painter->drawText(r.adjusted(10, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                              index.data().toString());
        } else {
            painter->setPen(option.palette.color(QPalette::Text));
            painter->setFont(f);
            painter->drawText(r.adjusted(0, 0, -10, 0), Qt::AlignRight | Qt::AlignVCenter,
                              index.data().toString());
        }
        painter->restore();
        return;
    }

    const TimeAxis &axis = m_view->axis();
    // The run's clock in this group's own time (a lab compare's second variant starts
    // after the first ended).
    const double nowS = g.groupTime(m_view->laneModel() ? m_view->laneModel()->now() : -1);
    if (ref.task < 0) {
        // Group header row: what the group is and how long it ideally takes.
        painter->setPen(option.palette.color(QPalette::PlaceholderText));
        const QString header = ChartRenderer::groupHeaderText(*ref.record, g, nowS);
        const QString description = ChartRenderer::groupSubtitle(*ref.record, g);
        const QRectF box = r.adjusted(8, 0, -8, 0);
        const QString text =
            groupHeaderLine(description, header.mid(description.size() + 3),
                            index.data().toString(), painter->fontMetrics(), int(box.width()));
        // The event loop's own lane along the header's foot: who held its thread when.
        const double loopH = std::clamp(r.height() * 0.16, 4.0, 8.0);
        const QRectF loop(r.left(), r.bottom() - loopH - 3, r.width(), loopH);
        const QRectF textBox = r.height() >= 30 ? box.adjusted(0, 0, 0, -loopH - 2) : box;
        painter->drawText(textBox, Qt::AlignLeft | Qt::AlignVCenter, text);
        if (r.height() >= 30)
            m_view->lanePainter().paintLoop(*painter, loop, axis, g, ref.record->params, nowS);
        painter->setPen(QPen(pal.laneSeparator, 1));
        painter->drawLine(QLineF(r.left(), r.bottom(), r.right(), r.bottom()));
        painter->restore();
        return;
    }
    ChartRenderer::paintGrid(*painter, r, axis, pal);
    LaneOptions lo;
    lo.nowS = nowS;
    lo.clockS = g.groupTime(m_view->now());
    lo.alternate = ref.task % 2 == 1;
    lo.beside = isBesideGroup(*ref.record, g);
    if (m_view->hoverLane() == index)
        lo.highlightIndex = m_view->hoverYield();
    m_view->lanePainter().paint(*painter, r, axis, g, ref.task, ref.record->params, lo);
    painter->restore();
}

} // namespace coroscope
