// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QHeaderView>

namespace coroscope {

class TimelineView;

//! The timeline's column header: tick marks and seconds above the lanes (the chart's axis).
class TimeAxisHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit TimeAxisHeader(TimelineView *view);
    QSize sizeHint() const override;

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;

private:
    TimelineView *m_view;
};

} // namespace coroscope
