#pragma once

#include "chartpalette.h"
#include "engine/runrecord.h"
#include "timeaxis.h"

#include <QBrush>
#include <QFont>
#include <QPen>
#include <QRectF>

class QPainter;

namespace coroscope {

//! What one lane shows besides its data.
struct LaneOptions {
    double nowS = -1;        //!< < 0: everything recorded; else yields after it stay hidden
    bool alternate = false;  //!< odd rows get a faint band, for the eye to follow a lane
    int highlightIndex = -1; //!< the hovered yield, drawn larger
    double clockS = -1;      //!< a live run's clock: a running task's span reaches it
};

/*!
 * \brief Paints one task's lane: the shaded ideal window, the values as dots at their
 * actual times joined by lines, and, once the task ended, its span and end time.
 *
 * The same code draws the window's timeline rows and every exported chart. Pens and
 * brushes are built once per palette, not per lane.
 *
 * \code
 * LanePainter lanes(ChartPalette::light());
 * lanes.paint(painter, rowRect, axis, *record.groups[0], task, record.params, {});
 * \endcode
 */
class LanePainter {
public:
    explicit LanePainter(const ChartPalette &palette = ChartPalette::light());

    void setPalette(const ChartPalette &palette);
    const ChartPalette &palette() const { return m_palette; }
    //! The font of the end-time label; its pixel size follows the lane height.
    void setFont(const QFont &font) { m_font = font; }

    void paint(QPainter &p, const QRectF &lane, const TimeAxis &axis, const GroupRecord &g,
               int task, const RunParams &params, const LaneOptions &options = {}) const;

    //! The part of \a lane the values span (0 at its bottom, max at its top).
    static QRectF plotRect(const QRectF &lane);
    //! Where the task's ideal window starts: its actual start once known, else its slot.
    static double idealStartS(const GroupRecord &g, int task, const RunParams &params);
    //! The yield whose dot is nearest \a pos, within \a radius pixels, or -1.
    static int hitTest(const QPointF &pos, const QRectF &lane, const TimeAxis &axis,
                       const GroupRecord &g, int task, const RunParams &params, double nowS,
                       double radius = 8);
    //! The first yield (by actual time) at or after \a timeS; count(task) if none.
    static int firstAtOrAfter(const GroupRecord &g, int task, double timeS);

private:
    ChartPalette m_palette;
    QFont m_font;
    QBrush m_idealBrush;
    QPen m_idealPen;
    QPen m_tracePen[2];
    QBrush m_dotBrush[2];
    QPen m_dotPen;
    QPen m_spanPen[2];
    QPen m_textPen;
    QBrush m_alternateBrush;
};

} // namespace coroscope
