// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "timeaxis.h"

#include <QList>
#include <QPolygonF>
#include <QRectF>

#include <vector>

namespace coroscope {

/*!
 * \brief One lane's trace reduced to pixel columns: for each column, the vertical extent
 * the stroked polyline through the task's values covers there (the level of detail
 * Perfetto and Tracy draw dense tracks with).
 *
 * A polyline whose x only grows is continuous across a column, so the pixels its stroke
 * inks in that column form one run: from the highest to the lowest height where the
 * column's centre line crosses the stroke (each segment widened by the pen, round ends).
 * Filling that run per column paints the pixels the full polyline would, at a cost set
 * by the columns, not by the yields.
 *
 * The columns grow as yields land: update() visits only the yields it has not seen
 * (actual times of a task only grow, and the record is append-only). A change of the
 * axis, the lane's width, the pen or the value range rebuilds them; so does a cutoff
 * (replay position) moved back before a yield already taken. Heights are kept from the
 * plot's top and colours are not part of it, so scrolling and a palette change keep it.
 *
 * \code
 * LaneTrace trace;
 * trace.update(axis, lane, plot, g, task, params.maxValue, cutoffS, 0.8);
 * for (const QPolygonF &poly : trace.polygons(plot.top()))
 *     painter.drawPolygon(poly);
 * \endcode
 */
class LaneTrace {
public:
    //! Brings the columns up to date with the task's yields at or before \a cutoffS
    //! (infinity: all recorded). Returns the number of yields visited.
    qint64 update(const TimeAxis &axis, const QRectF &lane, const QRectF &plot,
                  const GroupRecord &g, int task, double maxValue, double cutoffS, double halfPen,
                  int columnsPerUnit = 1);

    //! Filled outlines, one per run of adjacent inked columns, with the plot's top at
    //! \a plotTop; every edge on a device pixel boundary, to fill without antialiasing.
    QList<QPolygonF> polygons(double plotTop) const;
    //! The same as one box per inked column: what a raster device fills fastest.
    QList<QRectF> rects(double plotTop) const;

    //! The first yield (by actual time) at or after \a timeS; count(task) if none.
    static int firstAtOrAfter(const GroupRecord &g, int task, double timeS);

    //! Times the columns were thrown away and rebuilt (for tests and benchmarks).
    int rebuilds() const { return m_rebuilds; }
    //! How many yields the columns hold: the next update starts after them.
    int visited() const { return m_next; }
    int columnCount() const { return int(m_top.size()); }
    //! Column \a c's inked extent (top ≤ bottom, from the plot's top), or false if the
    //! stroke does not reach it.
    bool column(int c, double *top, double *bottom) const;
    //! The x (in the painter's units) where column 0 starts, and one column's width.
    double originX() const { return double(m_firstColumn) / m_columnsPerUnit; }
    double columnWidth() const { return 1.0 / m_columnsPerUnit; }

private:
    //! What the columns depend on: any change rebuilds them.
    struct Frame {
        double viewStart = 0, viewEnd = 0, axisX0 = 0, axisWidth = 0;
        double left = 0, right = 0, plotHeight = 0, maxValue = 0;
        double halfPen = 0;
        int columnsPerUnit = 0;
        bool operator==(const Frame &) const = default;
    };

    void reset(const Frame &frame);
    void addPoint(double x, double y);
    void touch(qint64 column, double y0, double y1);

    Frame m_frame;
    bool m_valid = false;
    int m_rebuilds = 0;
    int m_columnsPerUnit = 1;
    qint64 m_firstColumn = 0;
    std::vector<float> m_top;    //!< smallest y (from the plot's top) in the column; +inf: empty
    std::vector<float> m_bottom; //!< largest y in the column
    int m_next = 0;              //!< index of the first yield not yet visited
    qint64 m_lastAtNs = -1;      //!< actual time of yield m_next − 1: a changed record shows here
    double m_cutoffS = 0;
    bool m_pastRight = false; //!< a visited yield lies right of the lane: later ones do too
    bool m_hasLast = false;
    double m_lastX = 0; //!< the last visited point: x in columns, y from the plot's top
    double m_lastY = 0;
};

} // namespace coroscope
