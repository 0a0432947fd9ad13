// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "chartpalette.h"
#include "lanetrace.h"
#include "model/looptimeline.h"
#include "model/runrecord.h"
#include "stateband.h"
#include "statestyle.h"
#include "timeaxis.h"

#include <QBrush>
#include <QCache>
#include <QFont>
#include <QPen>
#include <QPolygonF>
#include <QRectF>

#include <functional>
#include <memory>

class QPainter;

namespace coroscope {

//! What one lane shows besides its data.
struct LaneOptions {
    double nowS = -1;        //!< < 0: everything recorded; else yields after it stay hidden
    bool alternate = false;  //!< odd rows get a faint band, for the eye to follow a lane
    int highlightIndex = -1; //!< the hovered yield, drawn larger
    double clockS = -1;      //!< a live run's clock: a running task's span reaches it
    bool states = true;      //!< the task's states as a band under the values (StateStyle)
    bool beside = false;     //!< the QCoro group beside a watched program: its own colour
};

/*!
 * \brief Paints one task's lane: the shaded ideal window, the values as dots at their
 * actual times joined by lines, the task's states as a band under them (StateBand,
 * StateStyle), and, once the task ended, its span and end time. A watched program's label
 * yields (GroupRecord::isLabel()) are diamonds on the baseline with their text beside them
 * where there is room; the numbers' line joins the numbers only.
 *
 * The same code draws the window's timeline rows and every exported chart. Pens and
 * brushes are built once per palette, not per lane.
 *
 * A frame costs pixels, not yields. While a lane's yields in view are at least
 * kExactPixelsPerYield apart on average, each is a point of the polyline (and a dot when
 * dots stay apart). Denser, the lane is drawn from its per-pixel-column extents
 * (LaneTrace): kept per lane between paints and extended with the yields that landed
 * since, so a frame visits only new yields and draws at most a few corners per column.
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

    //! Level of detail (on by default). Off: every yield in view is a point of the
    //! polyline whatever the density; the exact drawing the tests compare against.
    void setLevelOfDetail(bool on) { m_levelOfDetail = on; }
    bool levelOfDetail() const { return m_levelOfDetail; }
    //! Forgets the lanes' cached columns; a new record must (its addresses may repeat).
    void clearCache() {
        m_traces.clear();
        m_bands.clear();
        m_loops.clear();
        m_loopSnapshots.clear();
    }

    //! What painting has cost since resetStats(): for tests and benchmarks.
    struct Stats {
        qint64 yieldsVisited = 0;  //!< yields read from the record to draw traces
        qint64 pointsDrawn = 0;    //!< corners of the polylines and polygons drawn
        qint64 exactLanes = 0;     //!< lanes drawn yield by yield
        qint64 detailLanes = 0;    //!< lanes drawn from their column extents
        qint64 rebuilds = 0;       //!< column extents rebuilt from scratch
        qint64 stateIntervals = 0; //!< task-state intervals read to rebuild state bands
        qint64 stateRuns = 0;      //!< state-band runs (and marks) drawn
    };
    const Stats &stats() const { return m_stats; }
    void resetStats() const { m_stats = {}; }

    //! Below this many pixels per yield in view, a lane is drawn from its columns.
    static constexpr double kExactPixelsPerYield = 2.0;
    //! A hover looks at no more yields than this, however dense the lane.
    static constexpr int kMaxHitCandidates = 256;

    void paint(QPainter &p, const QRectF &lane, const TimeAxis &axis, const GroupRecord &g,
               int task, const RunParams &params, const LaneOptions &options = {}) const;

    /*!
     * The group's event loop in \a strip (loopTimeline()): blocked and running stretches
     * in those states' colours and patterns, resumes owed in *ready*'s, the scheduler's
     * passes in its own style (StateStyle::fillScheduler()), idle as a thin line. Up to \a cutoffS
     * (< 0: everything). Cached per group.
     *
     * With a loop source (setLoopSource(), the window's), it draws the timeline the source
     * has ready, computed elsewhere, whatever the group's size. Without one (exports and
     * headless charts) it computes it here: a live group of more than kLiveLoopYields
     * yields is drawn once it ends, one of more than kMaxLoopYields not at all (three
     * charts of a 1,000,000-task run stay within their CPU budget).
     */
    void paintLoop(QPainter &p, const QRectF &strip, const TimeAxis &axis, const GroupRecord &g,
                   const RunParams &params, double cutoffS) const;
    static constexpr qint64 kLiveLoopYields = 20'000;
    static constexpr qint64 kMaxLoopYields = 200'000;
    /*!
     * Where the loop's timeline comes from: the latest one finished for the group (null
     * while none is), so painting never computes it. The window's is LoopTimelines, which
     * computes it on a pool thread.
     */
    using LoopSource =
        std::function<std::shared_ptr<const LoopSnapshot>(const GroupRecord &, const RunParams &)>;
    void setLoopSource(LoopSource source) {
        m_loopSource = std::move(source);
        m_loops.clear();
    }
    bool hasLoopSource() const { return bool(m_loopSource); }
    /*!
     * The group's loop timeline as paintLoop() draws it: the source's, or (none set)
     * computed now within the caps above; null when there is none to draw.
     */
    std::shared_ptr<const LoopSnapshot> loopSnapshot(const GroupRecord &g,
                                                     const RunParams &params) const;

    //! The part of \a lane the values span (0 at its bottom, max at its top).
    static QRectF plotRect(const QRectF &lane);
    //! The strip under plotRect() where the task's states are drawn.
    static QRectF bandRect(const QRectF &lane);
    //! Where the task's ideal window starts: its actual start once known, else its slot.
    static double idealStartS(const GroupRecord &g, int task, const RunParams &params);
    //! The yield whose dot is nearest \a pos, within \a radius pixels, or -1. Binary
    //! searches by time; in a lane denser than kMaxHitCandidates yields within the radius,
    //! it looks at the kMaxHitCandidates yields nearest in time to the pointer.
    static int hitTest(const QPointF &pos, const QRectF &lane, const TimeAxis &axis,
                       const GroupRecord &g, int task, const RunParams &params, double nowS,
                       double radius = 8);
    //! The first yield (by actual time) at or after \a timeS; count(task) if none.
    static int firstAtOrAfter(const GroupRecord &g, int task, double timeS) {
        return LaneTrace::firstAtOrAfter(g, task, timeS);
    }
    //! The index range [first, second) hitTest() looks at for a pointer at \a x.
    static std::pair<int, int> hitCandidates(double x, const TimeAxis &axis, const GroupRecord &g,
                                             int task, double radius);

    //! Half the diagonal of a label yield's mark (a diamond), for a lane of this height.
    static double labelMarkSize(const QRectF &lane);
    //! Where a label yield's mark of half-size \a size is centred: on the lane's baseline.
    static double labelY(const QRectF &lane, double size);

private:
    static QPolygonF diamond(const QPointF &centre, double size);
    /*!
     * A watched program's label yields among yields [\a first, \a end) up to \a cutoff:
     * a diamond on the baseline at each one's time, its text beside it where there is room
     * before the next (elided, never overlapping).
     */
    void paintLabels(QPainter &p, const QRectF &lane, const TimeAxis &axis, const GroupRecord &g,
                     int task, int first, int end, double cutoff, int gi) const;
    //! The lane's cached columns (LRU over the lanes painted last).
    LaneTrace *traceFor(const GroupRecord &g, int task) const;
    //! The lane's cached state runs (LRU, like the traces).
    StateBand *bandFor(const GroupRecord &g, int task) const;
    void paintStates(QPainter &p, const QRectF &lane, const TimeAxis &axis, const GroupRecord &g,
                     int task, const RunParams &params, double cutoffS, double clockS) const;

    ChartPalette m_palette;
    QFont m_font;
    QBrush m_idealBrush;
    QPen m_idealPen;
    QPen m_tracePen[3];     // sequential, concurrent, beside: square caps, for segments
    QPen m_polylinePen[3];  // the same, round caps and joins, for one polyline
    QBrush m_traceBrush[3]; // sequential, concurrent, beside
    QBrush m_dotBrush[3];   // sequential, concurrent, beside
    QPen m_dotPen;
    QPen m_spanPen[3]; // sequential, concurrent, beside
    QPen m_textPen;
    QBrush m_alternateBrush;
    StateStyle m_states;
    bool m_levelOfDetail = true;
    // Geometry only, no colours: a palette change keeps it. A few screens of lanes.
    static constexpr int kCachedLanes = 1024;
    mutable QCache<std::pair<const GroupRecord *, int>, LaneTrace> m_traces{kCachedLanes};
    mutable QCache<std::pair<const GroupRecord *, int>, StateBand> m_bands{kCachedLanes};
    LoopSource m_loopSource;
    struct LoopBand {
        std::shared_ptr<const LoopSnapshot> from; //!< the timeline the runs were made of
        std::vector<double> key;                  //!< the view the runs are for
        std::vector<StateBand::Run> runs;
        std::vector<StateBand::Run> schedulerRuns; //!< drawn in the scheduler's own style
        double endX = 0;
    };
    mutable QCache<const GroupRecord *, LoopBand> m_loops{16};
    //! Without a loop source: the timelines computed here.
    mutable QCache<const GroupRecord *, std::shared_ptr<const LoopSnapshot>> m_loopSnapshots{16};
    mutable Stats m_stats;
};

} // namespace coroscope
