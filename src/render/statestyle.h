// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "chartpalette.h"
#include "model/runrecord.h"

#include <QPointF>
#include <QRectF>

#include <array>

class QPainter;

namespace coroscope {

/*!
 * \brief How each task state looks in a lane's state band and in the legend: a colour
 * from the ChartPalette and, so that hue is never the only cue (colour-blind viewers, a
 * grey-scale print), a pattern for each stretch state and a shape for each end.
 *
 * running: solid, strong; suspended: solid, pale; ready: vertical stripes; waiting: dots;
 * blocked: diagonal hatch; offloaded: a line through the middle (the worker's thread);
 * done: a filled circle; cancelled: a square stop mark; failed: a cross.
 *
 * The patterns are drawn as lines and points, not Qt::BrushStyle brushes, so PNG, SVG
 * and PDF show the same pattern, aligned to a fixed grid so neighbouring stretches join.
 *
 * \code
 * StateStyle style(ChartPalette::darkPalette());
 * style.fill(painter, QRectF(10, 40, 120, 8), TaskState::Waiting);
 * style.mark(painter, QPointF(130, 44), 12, TaskState::Failed);
 * \endcode
 */
class StateStyle {
public:
    explicit StateStyle(const ChartPalette &palette = ChartPalette::light());
    void setPalette(const ChartPalette &palette) { m_palette = palette; }
    const ChartPalette &palette() const { return m_palette; }

    enum class Pattern { Solid, Stripes, Dots, Hatch, Midline };
    static Pattern pattern(TaskState s);
    //! Done, cancelled and failed are instants: drawn as marks, not stretches.
    static bool isTerminal(TaskState s) {
        return s == TaskState::Done || s == TaskState::Cancelled || s == TaskState::Failed;
    }
    //! Every state, in the legend's order.
    static constexpr std::array<TaskState, 9> kAll = {
        TaskState::Running, TaskState::Suspended, TaskState::Ready,
        TaskState::Waiting, TaskState::Blocked,   TaskState::Offloaded,
        TaskState::Done,    TaskState::Cancelled, TaskState::Failed};

    QColor color(TaskState s) const { return m_palette.stateColor(s); }
    //! The pattern's ink on the state's colour: dark on light fills, light on dark ones.
    QColor ink(TaskState s) const;

    //! Fills \a r, a stretch of a band, with the state's colour and pattern.
    void fill(QPainter &p, const QRectF &r, TaskState s) const;
    //! A terminal state's mark centred at \a centre, \a size pixels across.
    void mark(QPainter &p, const QPointF &centre, double size, TaskState s) const;
    //! A legend swatch: a stretch's fill or, for a terminal state, its mark.
    void swatch(QPainter &p, const QRectF &r, TaskState s) const;
    /*!
     * The scheduler's own work on the event loop's lane (not a task state): its colour,
     * and ink rules along the top and bottom edges (a bracket no state has), so it reads
     * without its hue too.
     */
    void fillScheduler(QPainter &p, const QRectF &r) const;
    //! Its name in the legend and the hover.
    static QString schedulerName() { return QStringLiteral("scheduler"); }

private:
    ChartPalette m_palette;
};

} // namespace coroscope
