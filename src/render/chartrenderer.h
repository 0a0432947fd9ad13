// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "chartpalette.h"
#include "model/runrecord.h"
#include "timeaxis.h"
#include "yielddensity.h"

#include <QFont>
#include <QRectF>
#include <QSizeF>

class QPainter;

namespace coroscope {

//! What a chart shows; the defaults make a complete, self-explaining page.
struct ChartOptions {
    double startS = 0;
    //! < 0: the whole axis (autoEndS()), or, when one task's window would be a sliver of
    //! it, the part where the run happened (fittedEndS(), as the window frames it), said
    //! under the title. Else [startS, endS], said under the title unless it is the whole axis.
    double endS = -1;
    QString viewNote;      //!< what an explicit view is ("the view chosen in the window"), or empty
    double nowS = -1;      //!< < 0: everything recorded; else hide later yields, draw a cursor
    int firstLane = 0;     //!< first task drawn in each group
    double laneHeight = 0; //!< 0: fit the rectangle
    int maxLanesPerGroup = 0; //!< 0: a page's worth (20, or 10 per group when comparing)
    ChartPalette palette = ChartPalette::light();
    QString title;      //!< empty: one from the mode
    QString fontFamily; //!< empty: the application's default
};

/*!
 * \brief Draws a whole run — title, parameters, legend, time axis in seconds, each
 * group ("Sequential", "Concurrent") with its lanes, and the results line — onto any
 * paint device. The exports call paint(); the window's timeline calls the same
 * LanePainter and the pieces below (axis, density strip, cursor).
 *
 * When there are more lanes than fit, the first lanes are drawn with a yield-density
 * strip over all tasks and a note of how many lanes are not drawn.
 *
 * \code
 * QImage image(ChartRenderer::pageSize(record, {}).toSize(), QImage::Format_ARGB32);
 * QPainter painter(&image);
 * ChartRenderer::paint(painter, image.rect(), record, {});
 * \endcode
 */
class ChartRenderer {
public:
    static void paint(QPainter &p, const QRectF &rect, const RunRecord &record,
                      const ChartOptions &options = {});
    //! The size (logical pixels) a chart of \a record looks best at: 1600 wide.
    static QSizeF pageSize(const RunRecord &record, const ChartOptions &options = {});

    //! End of the shared axis: the longest ideal time of the modes shown, or later data.
    static double autoEndS(const RunRecord &record);
    //! The last moment with data: the last yield, or a group's end.
    static double dataEndS(const RunRecord &record);
    /*!
     * Where a fitted view of a long shared axis (0 … \a domainEndS) ends, given data up to
     * \a dataS; < 0 when the whole axis is worth showing (it is at most 8 task windows of
     * values × delay long). The window and the exported charts frame alike.
     */
    static double fittedEndS(const RunParams &params, double domainEndS, double dataS);
    //! The time range a chart shows and the line under the title that says so (or empty).
    struct Framing {
        double startS = 0;
        double endS = 1;
        QString note;
    };
    static Framing framing(const RunRecord &record, const ChartOptions &options);

    //! The time a replay, the narration and the clock run to: the axis end for a
    //! finished run, the stop (or the last yield after it) for a stopped one.
    static double recordedEndS(const RunRecord &record);

    static QString title(const RunRecord &record);
    static QString parametersLine(const RunRecord &record);
    //! "Sequential 40.003 s (ideal 40 s, overrun 3.1 ms) · … · speed-up 4.00×".
    static QString resultsLine(const RunRecord &record, double nowS = -1);
    static QString groupTitle(GroupKind kind);
    static QString groupSubtitle(GroupKind kind);
    //! The group's name in \a params' scenario: Sequential / Concurrent for the seed, the
    //! variant's name for a lab scenario ("Limited", "Offloaded", …).
    static QString groupTitle(const RunParams &params, GroupKind kind);
    static QString groupSubtitle(const RunParams &params, GroupKind kind);
    //! The same for group \a g of \a record; in a side-by-side record the watched tasks are
    //! "asyncio" and Coroscope's run of the same shape "QCoro".
    static QString groupTitle(const RunRecord &record, const GroupRecord &g);
    static QString groupSubtitle(const RunRecord &record, const GroupRecord &g);
    //! "what the group is · ideal … s · wall … s" (the wall once it ended and \a nowS,
    //! seconds or < 0 for live, has reached it): the chart's and the window's header.
    static QString groupHeaderText(const RunRecord &record, const GroupRecord &g, double nowS);

    //! The labelled ticks paintTimeAxis draws for \a axis in \a font: time and label, at
    //! least two wherever two labels of that font fit side by side.
    static QList<QPair<double, QString>> timeAxisLabels(const TimeAxis &axis, const QFont &font);
    //! Tick marks and labels along the top or bottom edge of \a rect.
    static void paintTimeAxis(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                              const ChartPalette &palette, const QFont &font, bool labelsBelow);
    //! Vertical grid lines at the axis ticks.
    static void paintGrid(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                          const ChartPalette &palette);
    static void paintNowCursor(QPainter &p, const QRectF &rect, const TimeAxis &axis, double nowS,
                               const ChartPalette &palette);
    //! Yields per time slice as filled bars in \a color (the group's).
    static void paintDensity(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                             const YieldDensity &density, const ChartPalette &palette,
                             const QColor &color);

    static constexpr double kPageWidth = 1600;
};

} // namespace coroscope
