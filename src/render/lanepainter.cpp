// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lanepainter.h"
#include <QVarLengthArray>

#include "model/looptimeline.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

int groupIndex(GroupKind kind) {
    return kind == GroupKind::Sequential ? 0 : 1;
}

double seconds(qint64 ns) {
    return double(ns) / 1e9;
}

} // namespace

LanePainter::LanePainter(const ChartPalette &palette) {
    setPalette(palette);
}

void LanePainter::setPalette(const ChartPalette &palette) {
    m_palette = palette;
    m_idealBrush = QBrush(palette.idealFill);
    m_idealPen = QPen(palette.idealEdge, 1.0);
    for (int i = 0; i < 3; ++i) {
        const QColor c =
            i == 2 ? palette.beside
                   : palette.groupColor(i == 0 ? GroupKind::Sequential : GroupKind::Concurrent);
        // Square caps: a trace is stroked segment by segment (see paint()).
        m_tracePen[i] = QPen(c, 1.6, Qt::SolidLine, Qt::SquareCap);
        m_polylinePen[i] = QPen(c, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        m_traceBrush[i] = QBrush(c);
        m_dotBrush[i] = QBrush(c);
        m_spanPen[i] = QPen(c, 3.0, Qt::SolidLine, Qt::FlatCap);
    }
    m_dotPen = QPen(palette.background, 1.0);
    m_textPen = QPen(palette.text);
    m_alternateBrush = QBrush(palette.laneAlternate);
    m_states.setPalette(palette);
}

QRectF LanePainter::plotRect(const QRectF &lane) {
    // Room below for the span bar, above so the top dot is not cut.
    const double top = std::clamp(lane.height() * 0.14, 2.0, 8.0);
    const double bottom = std::clamp(lane.height() * 0.22, 3.0, 12.0);
    return lane.adjusted(0, top, 0, -bottom);
}

QRectF LanePainter::bandRect(const QRectF &lane) {
    const QRectF plot = plotRect(lane);
    return QRectF(lane.left(), plot.bottom() + 1, lane.width(),
                  std::max(1.0, lane.bottom() - 1 - (plot.bottom() + 1)));
}

double LanePainter::idealStartS(const GroupRecord &g, int task, const RunParams &params) {
    // The bounded lesson's limited variant: task t's window comes when it gets a permit,
    // the (t / limit)-th window (labIdealSeconds: ⌈N / K⌉ windows), not when it starts
    // waiting for one.
    if (params.scenario == Scenario::Bounded && g.kind() == GroupKind::Sequential &&
        params.lab.limit > 0 && g.startNs(task) >= 0) {
        const int window = task / params.lab.limit; // whole windows before the permit
        return seconds(g.startNs(task)) + double(window) * params.values * params.delaySeconds;
    }
    if (g.startNs(task) >= 0)
        return seconds(g.startNs(task));
    return g.kind() == GroupKind::Sequential ? double(task) * params.values * params.delaySeconds
                                             : 0.0;
}

LaneTrace *LanePainter::traceFor(const GroupRecord &g, int task) const {
    const auto key = std::make_pair(&g, task);
    if (LaneTrace *trace = m_traces.object(key))
        return trace;
    auto *trace = new LaneTrace;
    m_traces.insert(key, trace); // cost 1 of kCachedLanes: always kept, the oldest go
    return trace;
}

StateBand *LanePainter::bandFor(const GroupRecord &g, int task) const {
    const auto key = std::make_pair(&g, task);
    if (StateBand *band = m_bands.object(key))
        return band;
    auto *band = new StateBand;
    m_bands.insert(key, band);
    return band;
}

void LanePainter::paintStates(QPainter &p, const QRectF &lane, const TimeAxis &axis,
                              const GroupRecord &g, int task, const RunParams &params,
                              double cutoffS, double clockS) const {
    StateBand *band = bandFor(g, task);
    // Only the part of the lane on the axis: the room right of it holds the end label.
    const QRectF onAxis(QPointF(std::max(lane.left(), axis.x0()), lane.top()),
                        QPointF(std::min(lane.right(), axis.x0() + axis.width()), lane.bottom()));
    if (onAxis.width() <= 0)
        return;
    m_stats.stateIntervals += band->update(axis, onAxis, g, task, params, cutoffS, clockS);
    const QRectF strip = bandRect(lane);
    for (const StateBand::Run &r : band->runs())
        m_states.fill(p, QRectF(r.x0, strip.top(), r.x1 - r.x0, strip.height()), r.state);
    // Ends (done, cancelled, failed) are marked where they happen, a little taller than
    // the band so a cross or a stop reads at a glance; kept inside the lane.
    const double size = std::min(strip.height() * 1.7, 2 * (lane.bottom() - strip.center().y()));
    for (const StateBand::Mark &m : band->marks())
        if (m.x >= lane.left() - size && m.x <= lane.right() + size)
            m_states.mark(p, QPointF(m.x, strip.center().y()), size, m.state);
    m_stats.stateRuns += qint64(band->runs().size() + band->marks().size());
}

std::shared_ptr<const LoopSnapshot> LanePainter::loopSnapshot(const GroupRecord &g,
                                                              const RunParams &params) const {
    if (m_loopSource)
        return m_loopSource(g, params);
    if (g.yields() > (g.isDone() ? kMaxLoopYields : kLiveLoopYields))
        return nullptr;
    // The cached one while the group has not grown (a zoom, a pan, a hover, a header).
    if (const auto *cached = m_loopSnapshots.object(&g); cached && !(*cached)->isStaleFor(g))
        return *cached;
    std::optional<LoopSnapshot> s = coroscope::loopSnapshot(params, g);
    if (!s)
        return nullptr;
    auto made = std::make_shared<const LoopSnapshot>(std::move(*s));
    m_loopSnapshots.insert(&g, new std::shared_ptr<const LoopSnapshot>(made));
    return made;
}

void LanePainter::paintLoop(QPainter &p, const QRectF &strip, const TimeAxis &axis,
                            const GroupRecord &g, const RunParams &params, double cutoffS) const {
    const QRectF onAxis(QPointF(std::max(strip.left(), axis.x0()), strip.top()),
                        QPointF(std::min(strip.right(), axis.x0() + axis.width()), strip.bottom()));
    if (onAxis.width() <= 0)
        return;
    const std::shared_ptr<const LoopSnapshot> snapshot = loopSnapshot(g, params);
    if (!snapshot)
        return;
    LoopBand *band = m_loops.object(&g);
    if (!band) {
        band = new LoopBand;
        m_loops.insert(&g, band);
    }
    // The pixels are made once per timeline and view, and only of the stretches in view (a
    // binary search: a million-yield group has millions). A live frame moves the cutoff
    // (the clock), but past the timeline's end that changes nothing: no new pixels until a
    // newer timeline comes (a replay's cutoff inside it does).
    const qint64 cutoffNs =
        std::min(snapshot->endNs(),
                 cutoffS < 0 ? std::numeric_limits<qint64>::max() : std::llround(cutoffS * 1e9));
    const std::vector<double> key = {axis.viewStart(), axis.viewEnd(), axis.x0(),
                                     axis.width(),     onAxis.left(),  onAxis.right(),
                                     double(cutoffNs)};
    if (band->from != snapshot || band->key != key) {
        band->from = snapshot;
        band->key = key;
        const qint64 viewFrom = qint64(std::floor(axis.timeForX(onAxis.left()) * 1e9));
        const qint64 viewTo =
            std::min(cutoffNs, qint64(std::ceil(axis.timeForX(onAxis.right()) * 1e9)));
        const std::vector<StateInterval> &busy = snapshot->busy;
        const auto first = std::partition_point(
            busy.begin(), busy.end(), [&](const StateInterval &s) { return s.toNs <= viewFrom; });
        const auto last = std::partition_point(
            first, busy.end(), [&](const StateInterval &s) { return s.fromNs < viewTo; });
        band->runs = StateBand::toRuns(std::span<const StateInterval>(first, last), axis,
                                       onAxis.left(), onAxis.right(), cutoffNs);
        // The scheduler's stretches in view, as pixel runs the same way (their state is
        // only a carrier here: they are drawn in the scheduler's own style).
        const auto &passes = snapshot->schedulerBusy;
        const auto p0 = std::partition_point(passes.begin(), passes.end(),
                                             [&](const auto &s) { return s.second <= viewFrom; });
        std::vector<StateInterval> inView;
        for (auto it = p0; it != passes.end() && it->first < viewTo; ++it)
            inView.push_back({it->first, it->second, TaskState::Running});
        band->schedulerRuns =
            StateBand::toRuns(inView, axis, onAxis.left(), onAxis.right(), cutoffNs);
        band->endX = std::min(onAxis.right(), axis.xForTime(seconds(cutoffNs)));
    }
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    // Idle: a thin line through the strip, so "nothing to do" is seen, not just absent.
    if (band->endX > onAxis.left()) {
        p.setPen(QPen(m_palette.mutedText, 1));
        const double y = std::round(strip.center().y()) + 0.5;
        p.drawLine(QLineF(onAxis.left(), y, band->endX, y));
    }
    // The scheduler's passes under the tasks' stretches (the timeline already gives an
    // instant to one of them; a column holding both shows the tasks').
    for (const StateBand::Run &r : band->schedulerRuns)
        m_states.fillScheduler(p, QRectF(r.x0, strip.top(), r.x1 - r.x0, strip.height()));
    for (const StateBand::Run &r : band->runs)
        m_states.fill(p, QRectF(r.x0, strip.top(), r.x1 - r.x0, strip.height()), r.state);
    p.restore();
}

void LanePainter::paint(QPainter &p, const QRectF &lane, const TimeAxis &axis, const GroupRecord &g,
                        int task, const RunParams &params, const LaneOptions &o) const {
    p.save();
    p.setClipRect(lane, Qt::IntersectClip);
    const int gi = o.beside ? 2 : groupIndex(g.kind());
    const QRectF plot = plotRect(lane);

    // Boxes are straight: no antialiasing.
    p.setRenderHint(QPainter::Antialiasing, false);
    if (o.alternate)
        p.fillRect(lane, m_alternateBrush);

    const double idealStart = idealStartS(g, task, params);
    const double idealEnd = idealStart + params.values * params.delaySeconds;
    const QRectF ideal(QPointF(axis.xForTime(idealStart), plot.top()),
                       QPointF(axis.xForTime(idealEnd), plot.bottom()));
    if (ideal.right() >= lane.left() && ideal.left() <= lane.right()) {
        p.fillRect(ideal, m_idealBrush);
        p.setPen(m_idealPen);
        p.drawLine(QLineF(ideal.topLeft(), ideal.bottomLeft()));
        p.drawLine(QLineF(ideal.topRight(), ideal.bottomRight()));
    }

    const double cutoff = o.nowS < 0 ? std::numeric_limits<double>::infinity() : o.nowS;
    const bool ended = g.endNs(task) >= 0 && seconds(g.endNs(task)) <= cutoff;
    const double spanY = lane.bottom() - std::clamp(lane.height() * 0.1, 1.5, 5.0);

    // The task's span: from its start to its end, or to "now" while it runs.
    if (g.startNs(task) >= 0 && seconds(g.startNs(task)) <= cutoff) {
        const double s = seconds(g.startNs(task));
        // A running task's span grows with the clock (or the replay position).
        const double running = o.clockS >= 0 ? o.clockS
                               : o.nowS >= 0
                                   ? o.nowS
                                   : seconds(g.atNs(task, std::max(0, g.count(task) - 1)));
        const double e = ended ? seconds(g.endNs(task)) : running;
        if (e > s) {
            QPen pen = m_spanPen[gi];
            if (!ended)
                pen.setColor(
                    QColor(pen.color().red(), pen.color().green(), pen.color().blue(), 90));
            pen.setWidthF(std::clamp(lane.height() * 0.06, 1.5, 3.0));
            p.setPen(pen);
            p.drawLine(QLineF(axis.xForTime(s), spanY, axis.xForTime(e), spanY));
        }
    }

    if (o.states)
        // A live group's states reach its clock (or the position it stands at).
        paintStates(p, lane, axis, g, task, params, o.nowS, o.clockS >= 0 ? o.clockS : o.nowS);

    // The values: only the part of the trace inside the lane, plus one point either side.
    const int n = g.count(task);
    const int first = std::max(0, firstAtOrAfter(g, task, axis.timeForX(lane.left())) - 1);
    int end = std::min(n, firstAtOrAfter(g, task, axis.timeForX(lane.right())) + 1);
    if (o.nowS >= 0)
        end = std::min(end, firstAtOrAfter(g, task, o.nowS) + 1);
    const double radius = std::clamp(lane.height() * 0.075, 2.0, 4.5);
    p.setRenderHint(QPainter::Antialiasing, true);
    // Dense or not by the yields' own extent in view: early in a live run they cover a part
    // of the lane, and judged by the lane's width a dense start would be stroked yield by
    // yield.
    const auto denseInView = [&] {
        if (end - first < 2)
            return false;
        const double from = std::max(lane.left(), axis.xForTime(seconds(g.atNs(task, first))));
        const double to = std::min(lane.right(), axis.xForTime(seconds(g.atNs(task, end - 1))));
        return double(end - first) * kExactPixelsPerYield > std::max(1.0, to - from);
    };
    if (m_levelOfDetail && denseInView()) {
        // Dense: the columns' extents, cached and extended with the yields since last time.
        LaneTrace *trace = traceFor(g, task);
        const int rebuilds = trace->rebuilds();
        const double halfPen = m_tracePen[gi].widthF() / 2;
        const double dpr = p.device() ? p.device()->devicePixelRatio() : 1.0;
        m_stats.yieldsVisited += trace->update(axis, lane, plot, g, task, params.maxValue, cutoff,
                                               halfPen, std::max(1, int(std::lround(dpr))));
        m_stats.rebuilds += trace->rebuilds() - rebuilds;
        ++m_stats.detailLanes;
        p.setPen(Qt::NoPen);
        p.setBrush(m_traceBrush[gi]);
        // Pixel-aligned boxes: no antialiasing (see LaneTrace::polygons).
        p.setRenderHint(QPainter::Antialiasing, false);
        if (p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster) {
            // On pixels (window, PNG) a box per column fills fastest; vector files get the
            // same boxes merged into outlines, a few corners instead of thousands of boxes.
            const QList<QRectF> boxes = trace->rects(plot.top());
            p.drawRects(boxes.constData(), int(boxes.size()));
            m_stats.pointsDrawn += 4 * boxes.size();
        } else {
            for (const QPolygonF &poly : trace->polygons(plot.top())) {
                p.drawPolygon(poly);
                m_stats.pointsDrawn += poly.size();
            }
        }
        p.setRenderHint(QPainter::Antialiasing, true);
    } else {
        QPolygonF trace;
        trace.reserve(std::min(n - first, int(lane.width()) + 4));
        int lastPx = std::numeric_limits<int>::min();
        int lastPy = std::numeric_limits<int>::min();
        const bool labels = g.hasLabels(); // labels are marked below, not traced
        for (int i = first; i < n; ++i) {
            const double at = seconds(g.atNs(task, i));
            if (at > cutoff)
                break;
            ++m_stats.yieldsVisited;
            const double v = g.value(task, i);
            if (labels && GroupRecord::isLabel(v))
                continue;
            const QPointF pt(axis.xForTime(at),
                             TimeAxis::yForValue(v, params.maxValue, plot.top(), plot.height()));
            // Skip points that land on the pixel already drawn.
            const int px = int(std::floor(pt.x()));
            const int py = int(std::floor(pt.y()));
            if (px != lastPx || py != lastPy) {
                trace.append(pt);
                lastPx = px;
                lastPy = py;
            }
            if (pt.x() > lane.right())
                break;
        }
        ++m_stats.exactLanes;
        if (trace.size() > 1) {
            // Stroked one segment at a time, with square caps. As one polyline of round
            // joins, a zigzag trace became one self-crossing outline that Qt's raster
            // engine filled whole: 4 lanes of 100 values held the window 21-40 ms a frame
            // (perf: QRasterPaintEngine::fill under drawPolyline; 8-16 ms a 100-point
            // trace at 1.6 px in Qt 6.4). Round-capped segments cost 2-5 ms a trace (each
            // cap is a curve to flatten), square-capped ones 0.15-0.2 ms, and their caps
            // overlap at every joint: no notch at a sharp turn, the same look.
            p.setPen(m_tracePen[gi]);
            const double spacing =
                (trace.back().x() - trace.front().x()) / double(trace.size() - 1);
            if (spacing >= kExactPixelsPerYield) {
                QVarLengthArray<QLineF, 256> segments;
                for (qsizetype k = 1; k < trace.size(); ++k)
                    segments.append(QLineF(trace[k - 1], trace[k]));
                p.drawLines(segments.constData(), int(segments.size()));
            } else {
                // Denser (only without level of detail: the tests' reference drawing),
                // separate segments' antialiased edges would pile up into a thicker trace:
                // one polyline of round joins, the exact outline.
                p.setPen(m_polylinePen[gi]);
                p.drawPolyline(trace);
            }
            m_stats.pointsDrawn += trace.size();
        }
        // Dots only while they stay apart; a dense trace is already a line.
        if (!trace.isEmpty() && lane.width() / trace.size() >= 2 * radius) {
            p.setPen(m_dotPen);
            p.setBrush(m_dotBrush[gi]);
            for (const QPointF &pt : std::as_const(trace))
                p.drawEllipse(pt, radius, radius);
            m_stats.pointsDrawn += trace.size();
        }
    }
    if (g.hasLabels())
        paintLabels(p, lane, axis, g, task, first, end, cutoff, gi);
    if (o.highlightIndex >= 0 && o.highlightIndex < n &&
        seconds(g.atNs(task, o.highlightIndex)) <= cutoff) {
        const int i = o.highlightIndex;
        const double x = axis.xForTime(seconds(g.atNs(task, i)));
        p.setPen(QPen(m_palette.text, 1.5));
        p.setBrush(m_dotBrush[gi]);
        if (g.isLabel(task, i)) { // the same diamond, larger, about the same centre
            const double size = labelMarkSize(lane);
            p.drawPolygon(diamond(QPointF(x, labelY(lane, size)), size * 1.6));
        } else {
            p.drawEllipse(QPointF(x, TimeAxis::yForValue(g.value(task, i), params.maxValue,
                                                         plot.top(), plot.height())),
                          radius * 1.8, radius * 1.8);
        }
    }

    if (ended && lane.height() >= 22) {
        const double endX = axis.xForTime(seconds(g.endNs(task)));
        QFont f = m_font;
        f.setPixelSize(int(std::clamp(lane.height() * 0.3, 10.0, 14.0)));
        p.setFont(f);
        p.setPen(m_textPen);
        const QString label =
            QString::number(seconds(g.endNs(task)), 'f', 3) + QStringLiteral(" s");
        const double w = QFontMetricsF(f).horizontalAdvance(label) + 6;
        // Right of the end mark when there is room, else inside the lane on its left.
        const double pad = o.states ? 10 : 5; // clear of the band's done mark
        const bool right = endX + pad + w <= lane.right();
        const QRectF box = right ? QRectF(endX + pad, lane.top(), w, lane.height() - 2)
                                 : QRectF(endX - w - pad, lane.top(), w, lane.height() - 2);
        p.drawText(box, (right ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignBottom, label);
        if (!o.states) { // else the band's done mark is the end
            p.setPen(m_spanPen[gi]);
            p.drawLine(QLineF(endX, spanY - 4, endX, spanY + 2));
        }
    }
    p.restore();
}

double LanePainter::labelMarkSize(const QRectF &lane) {
    return std::clamp(lane.height() * 0.11, 2.5, 5.0);
}

double LanePainter::labelY(const QRectF &lane, double size) {
    // On the baseline (value 0), its lower tip just above the state band.
    return plotRect(lane).bottom() - size;
}

QPolygonF LanePainter::diamond(const QPointF &c, double size) {
    return QPolygonF({QPointF(c.x(), c.y() - size), QPointF(c.x() + size, c.y()),
                      QPointF(c.x(), c.y() + size), QPointF(c.x() - size, c.y())});
}

void LanePainter::paintLabels(QPainter &p, const QRectF &lane, const TimeAxis &axis,
                              const GroupRecord &g, int task, int first, int end, double cutoff,
                              int gi) const {
    // The label yields in view, by their x. A lane has at most RunParams::kMaxValues
    // values, and only a group holding labels gets here (a watched program's): a scan of
    // the yields in view, one mark per pixel column at most.
    struct Mark {
        double x;
        double value; // the label (its text via labelText())
    };
    QVarLengthArray<Mark, 64> marks;
    double lastX = -std::numeric_limits<double>::infinity();
    for (int i = first; i < end; ++i) {
        const double at = seconds(g.atNs(task, i));
        if (at > cutoff)
            break;
        const double v = g.value(task, i);
        if (!GroupRecord::isLabel(v))
            continue;
        const double x = axis.xForTime(at);
        if (x - lastX < 1 && !marks.isEmpty()) {
            marks.back().value = v; // the same column: the later label's text
            continue;
        }
        marks.append({x, v});
        lastX = x;
    }
    if (marks.isEmpty())
        return;
    const double size = labelMarkSize(lane);
    const double y = labelY(lane, size);
    p.setPen(QPen(m_palette.text, 1.0));
    p.setBrush(m_dotBrush[gi]);
    for (const Mark &m : marks)
        p.drawPolygon(diamond(QPointF(m.x, y), size));
    m_stats.pointsDrawn += 4 * marks.size();
    // Each text right of its mark, up to the next mark; elided, and left out where not even
    // a letter and "…" fit, so texts never overlap each other.
    if (lane.height() < 16)
        return;
    QFont f = m_font;
    f.setPixelSize(int(std::clamp(lane.height() * 0.28, 9.0, 12.0)));
    p.setFont(f);
    p.setPen(m_textPen);
    const QFontMetricsF fm(f);
    const double minWidth = fm.horizontalAdvance(QStringLiteral("M…"));
    // The last text may run on past the axis into the room kept for the end time (it sits
    // above that text).
    const double right = lane.right();
    QColor halo = m_palette.background;
    halo.setAlpha(190);
    for (qsizetype k = 0; k < marks.size(); ++k) {
        const double from = marks[k].x + size + 2;
        const double to = (k + 1 < marks.size() ? marks[k + 1].x - size : right) - 3;
        if (to - from < minWidth || from > right)
            continue;
        const QString text = fm.elidedText(g.labelText(marks[k].value), Qt::ElideRight, to - from);
        // Up and right of the mark, its foot at the mark's upper half: clear of the end
        // time written at the lane's foot when the task ends right after its last label.
        const QRectF box(from, y - size * 0.5 - fm.height(), to - from, fm.height());
        // A veil of the background under the text, so it reads over the numbers' line.
        p.fillRect(
            QRectF(box.left() - 1, box.top() + 1, fm.horizontalAdvance(text) + 2, box.height() - 1),
            halo);
        p.drawText(box, Qt::AlignLeft | Qt::AlignBottom | Qt::TextSingleLine, text);
    }
}

std::pair<int, int> LanePainter::hitCandidates(double x, const TimeAxis &axis, const GroupRecord &g,
                                               int task, double radius) {
    const int n = g.count(task);
    int from = std::max(0, firstAtOrAfter(g, task, axis.timeForX(x - radius)) - 1);
    int to = std::min(n, firstAtOrAfter(g, task, axis.timeForX(x + radius)) + 1);
    if (to - from > kMaxHitCandidates) {
        // More yields under the pointer than the eye can tell apart (the lane is drawn
        // from its columns): the ones nearest in time to the pointer.
        const int mid = firstAtOrAfter(g, task, axis.timeForX(x));
        from = std::clamp(mid - kMaxHitCandidates / 2, from, to - kMaxHitCandidates);
        to = from + kMaxHitCandidates;
    }
    return {from, to};
}

int LanePainter::hitTest(const QPointF &pos, const QRectF &lane, const TimeAxis &axis,
                         const GroupRecord &g, int task, const RunParams &params, double nowS,
                         double radius) {
    const QRectF plot = plotRect(lane);
    const double cutoff = nowS < 0 ? std::numeric_limits<double>::infinity() : nowS;
    const auto [from, to] = hitCandidates(pos.x(), axis, g, task, radius);
    int best = -1;
    double bestD = radius * radius;
    for (int i = from; i < to; ++i) {
        const double at = seconds(g.atNs(task, i));
        if (at > cutoff)
            break;
        const double x = axis.xForTime(at);
        if (x > pos.x() + radius)
            break;
        const double v = g.value(task, i);
        const double y = GroupRecord::isLabel(v) // a label's mark sits on the baseline
                             ? labelY(lane, labelMarkSize(lane))
                             : TimeAxis::yForValue(v, params.maxValue, plot.top(), plot.height());
        const double d = (x - pos.x()) * (x - pos.x()) + (y - pos.y()) * (y - pos.y());
        if (d <= bestD) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

} // namespace coroscope
