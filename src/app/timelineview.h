// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "render/chartpalette.h"
#include "render/lanepainter.h"
#include "render/timeaxis.h"

#include <QTreeView>

namespace coroscope {

class LaneModel;

/*!
 * \brief The timeline: a tree of lanes (groups, then tasks) whose second column is drawn
 * by LaneDelegate with the chart's LanePainter, under a time-axis header.
 *
 * Only visible rows are painted, so 100,000 lanes scroll like 4. Ctrl+wheel zooms around
 * the pointer, dragging or Shift+wheel pans, a double click shows the whole run again.
 * Hovering a dot shows its task, index, value, due and actual time and lateness; clicking
 * one says so (dotClicked()).
 */
class TimelineView : public QTreeView {
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setLaneModel(LaneModel *model);
    LaneModel *laneModel() const { return m_model; }

    const TimeAxis &axis() const { return m_axis; }
    //! The time range a run spans; keeps the user's zoom while a live run grows it.
    void setDomain(double endS, bool keepView);
    void zoomBy(double factor, double anchorX);
    void panBy(double dx);
    void resetZoom();
    //! Shows [startS, endS] of the domain (the window's fitted view of a long axis).
    void setView(double startS, double endS);

    //! The "now" cursor; < 0 hides it.
    void setNow(double nowS);
    double now() const { return m_nowS; }
    //! Where the now cursor stands: now() in the time of the group running now (a lab
    //! compare's second variant runs from its own t = 0), else now().
    double cursorTime() const;

    const ChartPalette &chartPalette() const { return m_palette; }
    const LanePainter &lanePainter() const { return m_lanes; }
    //! Where the event loop's lanes come from (LoopTimelines): the window never computes
    //! one on its thread.
    void setLoopSource(LanePainter::LoopSource source) { m_lanes.setLoopSource(std::move(source)); }
    int laneHeight() const { return m_laneHeight; }
    //! Records with up to this many lanes show them at once; bigger ones open collapsed.
    static constexpr int kAutoExpandLanes = 50'000;
    int groupRowHeight() const { return m_groupHeight; }
    //! The yield under the pointer while hovering: row index and yield index.
    QPersistentModelIndex hoverLane() const { return m_hoverLane; }
    int hoverYield() const { return m_hoverYield; }

    //! What the hover tooltip says at \a pos (viewport coordinates); empty: nothing there.
    QString toolTipAt(const QPoint &pos) const;
    //! A group row's hover: what its event loop did at \a tS (in \a loop, the timeline the
    //! lane draws), and its idle share.
    static QString loopToolTip(const LoopSnapshot *loop, const GroupRecord &g,
                               const RunParams &params, double tS, double nowS);
    //! "the scheduler: resumed 3 tasks in 12 µs": a scheduler pass in the loop's hover.
    static QString schedulerPassText(const SchedulerPass &pass);
    //! The x range (viewport coordinates) of the timeline column.
    QRect timelineRect() const;

Q_SIGNALS:
    void axisChanged();
    //! A click (not a drag) on a yield's dot: \a lane's timeline cell and the yield's index.
    void dotClicked(const QModelIndex &lane, int yield);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    //! Expands every group when all lanes together stay under kAutoExpandLanes.
    void expandGroupsThatFit();
    void updateAxisSpan();
    //! Few lanes grow to fill the view (a projector wants big dots); many stay compact.
    void updateLaneHeight();
    void applyPalette();

    LaneModel *m_model = nullptr;
    TimeAxis m_axis;
    ChartPalette m_palette;
    LanePainter m_lanes;
    double m_nowS = -1;
    int m_laneHeight = 44;
    int m_groupHeight = 44;
    bool m_dragging = false;
    double m_dragX = 0;
    QPoint m_pressPos; //!< where the left button went down: a click or a drag
    QPersistentModelIndex m_hoverLane;
    int m_hoverYield = -1;
};

} // namespace coroscope
