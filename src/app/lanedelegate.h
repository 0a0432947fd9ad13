// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QStyledItemDelegate>

namespace coroscope {

class TimelineView;

/*!
 * \brief Paints a timeline row: the group header or the task's lane, through the same
 * LanePainter the exported charts use.
 */
class LaneDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit LaneDelegate(TimelineView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /*!
     * The group header line that fits \a width: "what the group is · ideal · wall ·
     * counts" when it fits, else without the description, else the figures elided at the
     * end; the counts are never cut inside a word ("12 of 40 y").
     */
    static QString groupHeaderLine(const QString &description, const QString &figures,
                                   const QString &counts, const QFontMetrics &fm, int width);

private:
    TimelineView *m_view;
};

} // namespace coroscope
