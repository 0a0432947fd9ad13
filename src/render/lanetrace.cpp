// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lanetrace.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

constexpr float kEmptyTop = std::numeric_limits<float>::infinity();
constexpr float kEmptyBottom = -std::numeric_limits<float>::infinity();

} // namespace

int LaneTrace::firstAtOrAfter(const GroupRecord &g, int task, double timeS) {
    // Actual times of one task only grow, so a binary search finds the first visible yield.
    // Rounded, not floored: a time read back from ns (at / 1e9) must map to the same ns.
    const qint64 ns = std::llround(timeS * 1e9);
    int lo = 0;
    int hi = g.count(task);
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (g.atNs(task, mid) < ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void LaneTrace::reset(const Frame &frame) {
    m_frame = frame;
    m_valid = true;
    ++m_rebuilds;
    m_columnsPerUnit = frame.columnsPerUnit;
    m_firstColumn = qint64(std::floor(frame.left * m_columnsPerUnit));
    const qint64 end = qint64(std::ceil(frame.right * m_columnsPerUnit));
    const size_t n = size_t(std::max<qint64>(0, end - m_firstColumn));
    m_top.assign(n, kEmptyTop);
    m_bottom.assign(n, kEmptyBottom);
    m_next = 0;
    m_lastAtNs = -1;
    m_pastRight = false;
    m_hasLast = false;
}

qint64 LaneTrace::update(const TimeAxis &axis, const QRectF &lane, const QRectF &plot,
                         const GroupRecord &g, int task, double maxValue, double cutoffS,
                         double halfPen, int columnsPerUnit) {
    Frame f;
    f.viewStart = axis.viewStart();
    f.viewEnd = axis.viewEnd();
    f.axisX0 = axis.x0();
    f.axisWidth = axis.width();
    f.left = lane.left();
    f.right = lane.right();
    f.plotHeight = plot.height();
    f.maxValue = maxValue;
    f.halfPen = halfPen;
    f.columnsPerUnit = std::max(1, columnsPerUnit);

    const int n = g.count(task);
    // The last yield taken must still be there, unchanged, and still before the cutoff;
    // otherwise (another record, a replay moved back) the columns start over.
    const bool stale = !m_valid || !(f == m_frame) || n < m_next ||
                       (m_next > 0 && g.atNs(task, m_next - 1) != m_lastAtNs) ||
                       (m_next > 0 && double(m_lastAtNs) / 1e9 > cutoffS);
    if (stale) {
        reset(f);
        // One yield left of the lane too, for the join that enters it.
        m_next = std::max(0, firstAtOrAfter(g, task, axis.timeForX(lane.left())) - 1);
    }
    m_cutoffS = cutoffS;
    if (m_pastRight)
        return 0;

    qint64 visited = 0;
    const bool labels = g.hasLabels(); // a watched program's labels are marked, not traced
    for (int i = m_next; i < n; ++i) {
        const qint64 atNs = g.atNs(task, i);
        const double at = double(atNs) / 1e9;
        if (at > cutoffS)
            break;
        const double x = axis.xForTime(at);
        const double v = g.value(task, i);
        if (!labels || !GroupRecord::isLabel(v))
            addPoint(x * m_columnsPerUnit, TimeAxis::yForValue(v, maxValue, 0, plot.height()));
        ++visited;
        m_next = i + 1;
        m_lastAtNs = atNs;
        // The first yield right of the lane closes its trace; later ones cannot show.
        if (x > lane.right()) {
            m_pastRight = true;
            break;
        }
    }
    return visited;
}

void LaneTrace::addPoint(double x, double y) {
    // In device pixels: x is in columns already, y is scaled to match.
    const double k = m_columnsPerUnit;
    const double r = m_frame.halfPen * k; // the pen's radius
    double x0 = m_hasLast ? m_lastX : x;
    double y0 = (m_hasLast ? m_lastY : y) * k;
    double x1 = x;
    double y1 = y * k;
    m_lastX = x;
    m_lastY = y;
    m_hasLast = true;
    if (x1 < x0) { // times out of order (a hand-made file): the segment is the same
        std::swap(x0, x1);
        std::swap(y0, y1);
    }
    // The stroke is the segment widened by the pen: a capsule. A pixel shows it (is at
    // least half covered) about when its centre lies inside, so each column takes the
    // heights where its centre line crosses the capsule: columns whose centre is within
    // the pen's reach of the segment.
    const qint64 size = qint64(m_top.size());
    const double from = std::max(std::ceil(x0 - r - 0.5), double(m_firstColumn));
    const double to = std::min(std::floor(x1 + r - 0.5), double(m_firstColumn + size - 1));
    if (!(from <= to))
        return;
    const double dx = x1 - x0;
    const double dy = y1 - y0;
    const double len = std::hypot(dx, dy);
    const double nx = len > 0 ? -dy / len * r : 0;
    const double ny = len > 0 ? dx / len * r : 0;
    // The capsule's straight part, corner by corner, and its two round ends.
    const QPointF quad[4] = {
        {x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}};
    for (qint64 c = qint64(from); c <= qint64(to); ++c) {
        const double cx = double(c) + 0.5;
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (const QPointF end : {QPointF(x0, y0), QPointF(x1, y1)}) {
            const double d = cx - end.x();
            if (std::abs(d) <= r) {
                const double h = std::sqrt(r * r - d * d);
                lo = std::min(lo, end.y() - h);
                hi = std::max(hi, end.y() + h);
            }
        }
        if (len > 0) {
            for (int e = 0; e < 4; ++e) {
                const QPointF &a = quad[e];
                const QPointF &b = quad[(e + 1) % 4];
                if (a.x() == b.x() || cx < std::min(a.x(), b.x()) || cx > std::max(a.x(), b.x()))
                    continue;
                const double yc = a.y() + (b.y() - a.y()) * (cx - a.x()) / (b.x() - a.x());
                lo = std::min(lo, yc);
                hi = std::max(hi, yc);
            }
        }
        if (lo <= hi)
            touch(c, lo / k, hi / k);
    }
}

void LaneTrace::touch(qint64 column, double y0, double y1) {
    const size_t i = size_t(column - m_firstColumn);
    m_top[i] = std::min(m_top[i], float(std::min(y0, y1)));
    m_bottom[i] = std::max(m_bottom[i], float(std::max(y0, y1)));
}

bool LaneTrace::column(int c, double *top, double *bottom) const {
    if (c < 0 || size_t(c) >= m_top.size() || m_top[size_t(c)] > m_bottom[size_t(c)])
        return false;
    *top = m_top[size_t(c)];
    *bottom = m_bottom[size_t(c)];
    return true;
}

QList<QRectF> LaneTrace::rects(double plotTop) const {
    QList<QRectF> out;
    out.reserve(qsizetype(m_top.size()));
    const double k = m_columnsPerUnit;
    for (size_t i = 0; i < m_top.size(); ++i) {
        if (m_top[i] > m_bottom[i])
            continue;
        const double top = std::round((plotTop + m_top[i]) * k) / k;
        const double bottom = std::round((plotTop + m_bottom[i]) * k) / k;
        out.append(QRectF(double(m_firstColumn + qint64(i)) / k, top, 1 / k,
                          std::max(bottom - top, 1 / k)));
    }
    return out;
}

QList<QPolygonF> LaneTrace::polygons(double plotTop) const {
    QList<QPolygonF> out;
    const double w = columnWidth();
    const size_t n = m_top.size();
    QPolygonF poly;
    // Edges on device pixel rows: the outline is then all straight pixel edges, filled
    // without antialiasing (fast) and inking the rows whose centre the stroke covers.
    const double k = m_columnsPerUnit;
    auto snap = [k](double y) { return std::round(y * k) / k; };
    // Adds a corner, or slides the last one along when the edge stays level.
    auto push = [&poly](double x, double y) {
        const qsizetype k = poly.size();
        if (k >= 2 && poly[k - 1].y() == y && poly[k - 2].y() == y)
            poly[k - 1].setX(x);
        else
            poly.append(QPointF(x, y));
    };
    size_t c = 0;
    while (c < n) {
        if (m_top[c] > m_bottom[c]) {
            ++c;
            continue;
        }
        size_t end = c;
        while (end + 1 < n && m_top[end + 1] <= m_bottom[end + 1])
            ++end;
        poly.clear();
        poly.reserve(qsizetype(end - c + 1) * 4);
        for (size_t i = c; i <= end; ++i) { // the top edge, left to right
            const double x = double(m_firstColumn + qint64(i)) * w;
            push(x, snap(plotTop + m_top[i]));
            push(x + w, snap(plotTop + m_top[i]));
        }
        for (size_t i = end + 1; i-- > c;) { // the bottom edge, back
            const double x = double(m_firstColumn + qint64(i)) * w;
            push(x + w, snap(plotTop + m_bottom[i]));
            push(x, snap(plotTop + m_bottom[i]));
        }
        out.append(poly);
        c = end + 1;
    }
    return out;
}

} // namespace coroscope
