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

private:
    TimelineView *m_view;
};

} // namespace coroscope
