// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "render/yielddensity.h"

#include <QWidget>

#include <vector>

namespace coroscope {

class TimelineView;

/*!
 * \brief The overview above the lanes when they outnumber the screen: yields per time
 * slice across all tasks of each group, on the timeline's axis.
 */
class DensityStrip : public QWidget {
    Q_OBJECT
public:
    explicit DensityStrip(TimelineView *view, QWidget *parent = nullptr);

    //! Recount the yields up to \a nowS (< 0: all); a pass over the record, so not per frame.
    void recompute(double nowS);
    void clear();
    const std::vector<YieldDensity> &densities() const { return m_densities; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    TimelineView *m_view;
    std::vector<YieldDensity> m_densities;
};

} // namespace coroscope
