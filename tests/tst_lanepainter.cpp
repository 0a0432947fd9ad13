// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "render/lanepainter.h"

#include "pixelcount.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QTest>

#include <cmath>
#include <ctime>
#include <map>
#include <memory>

using namespace coroscope;

namespace {

// One lane of one task: the data the painter reads, and what it is drawn against.
struct Lane {
    std::unique_ptr<GroupRecord> group;
    RunParams params;
};

enum class Pattern { Random, Sine, Square, Sawtooth, Constant, Bursts };

double valueAt(Pattern pattern, int i, int n, quint32 &rng) {
    switch (pattern) {
    case Pattern::Random:
        rng = rng * 1664525u + 1013904223u;
        return 10.0 * double(rng >> 8) / double(1u << 24);
    case Pattern::Sine:
        return 5.0 + 4.5 * std::sin(double(i) / n * 2 * M_PI * 3);
    case Pattern::Square:
        return (i / 500) % 2 ? 9.0 : 1.0;
    case Pattern::Sawtooth:
        return 10.0 * double(i % 97) / 96.0;
    case Pattern::Constant:
        return 6.0;
    case Pattern::Bursts:
        return 5.0 + 4.0 * std::sin(double(i) * 0.01);
    }
    return 0;
}

/*!
 * \a total values over 10 s, of which the first \a recorded are recorded: one yield every
 * 10 s / total, slightly late. Bursts: yields come in bunches with empty stretches between.
 */
Lane makeLane(Pattern pattern, int total, int recorded = -1) {
    Lane l;
    l.params.tasks = 1;
    l.params.values = total;
    l.params.delaySeconds = 10.0 / total;
    l.params.maxValue = 10.0;
    l.group = std::make_unique<GroupRecord>(GroupKind::Concurrent, 1, total);
    quint32 rng = 12345;
    const qint64 step = qint64(10e9 / total);
    for (int i = 0; i < (recorded < 0 ? total : recorded); ++i) {
        qint64 due = (i + 1) * step;
        if (pattern == Pattern::Bursts) // 40 bunches, each in the first tenth of its 0.25 s
            due = qint64(i / (total / 40)) * 250'000'000 +
                  qint64(i % (total / 40)) * (25'000'000 / (total / 40));
        l.group->recordYield(0, i, valueAt(pattern, i, total, rng), due, due + 37'000);
    }
    return l;
}

void record(Lane &l, int upTo) {
    quint32 rng = 777;
    const int total = l.group->values();
    const qint64 step = qint64(10e9 / total);
    for (int i = l.group->count(0); i < upTo; ++i) {
        const qint64 due = (i + 1) * step;
        l.group->recordYield(0, i, valueAt(Pattern::Random, i, total, rng), due, due + 37'000);
    }
}

//! A lane \a width wide, 60 tall, on a background, drawn by \a lanes.
QImage paintLane(const LanePainter &lanes, const Lane &l, const TimeAxis &axis, double width,
                 int dpr = 1, double cutoffS = -1, double top = 10) {
    QImage image(QSize(int(width) + 20, 80) * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(lanes.palette().background);
    QPainter p(&image);
    LaneOptions o;
    o.nowS = cutoffS;
    lanes.paint(p, QRectF(10, top, width, 60), axis, *l.group, 0, l.params, o);
    return image;
}

/*!
 * How much of the trace's colour a pixel holds, 0 … 1, against the same lane drawn with
 * no yields (the ideal window's shading stays out of it).
 */
double coverage(const QImage &image, const QImage &empty, int x, int y, const QColor &ink) {
    const QColor c = image.pixelColor(x, y);
    const QColor b = empty.pixelColor(x, y);
    // The channel where ink and background differ most measures it best.
    const int dr = ink.red() - b.red(), dg = ink.green() - b.green(), db = ink.blue() - b.blue();
    if (std::abs(dr) >= std::abs(dg) && std::abs(dr) >= std::abs(db))
        return dr == 0 ? 0 : double(c.red() - b.red()) / dr;
    if (std::abs(dg) >= std::abs(db))
        return double(c.green() - b.green()) / dg;
    return double(c.blue() - b.blue()) / db;
}

//! Per device-pixel column: the first and last row at least half covered by the trace.
struct Extent {
    int top = -1;
    int bottom = -1;
};
QList<Extent> extents(const QImage &image, const QImage &empty, const QColor &ink) {
    QList<Extent> out(image.width());
    for (int x = 0; x < image.width(); ++x)
        for (int y = 0; y < image.height(); ++y)
            if (coverage(image, empty, x, y, ink) >= 0.5) {
                if (out[x].top < 0)
                    out[x].top = y;
                out[x].bottom = y;
            }
    return out;
}

/*!
 * A paint device that draws nothing and counts what reaches it: the corners of every
 * polygon, polyline and path, and every ellipse. What a frame costs the rasteriser.
 */
class CountingEngine : public QPaintEngine {
public:
    CountingEngine()
        : QPaintEngine(QPaintEngine::AllFeatures) {}
    bool begin(QPaintDevice *) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState &) override {}
    void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override {}
    Type type() const override { return QPaintEngine::User; }
    void drawPolygon(const QPointF *, int n, PolygonDrawMode) override { corners += n; }
    void drawPolygon(const QPoint *, int n, PolygonDrawMode) override { corners += n; }
    void drawPath(const QPainterPath &path) override { corners += path.elementCount(); }
    void drawEllipse(const QRectF &) override { ++ellipses; }
    void drawLines(const QLineF *, int n) override { corners += 2 * qint64(n); }
    void drawRects(const QRectF *, int n) override { corners += 4 * qint64(n); }
    void drawTextItem(const QPointF &, const QTextItem &) override {}
    qint64 corners = 0;
    qint64 ellipses = 0;
};

class CountingDevice : public QPaintDevice {
public:
    QPaintEngine *paintEngine() const override { return &m_engine; }
    CountingEngine &engine() { return m_engine; }

protected:
    int metric(PaintDeviceMetric m) const override {
        switch (m) {
        case PdmWidth:
            return 2000;
        case PdmHeight:
            return 200;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY:
            return 96;
        case PdmDepth:
            return 32;
        case PdmNumColors:
            return INT_MAX;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(devicePixelRatioFScale());
        case PdmWidthMM:
            return 529;
        case PdmHeightMM:
            return 53;
        }
        return 0;
    }

private:
    mutable CountingEngine m_engine;
};

qint64 cornersOfAFrame(const LanePainter &lanes, const Lane &l, const TimeAxis &axis) {
    CountingDevice device;
    QPainter p(&device);
    lanes.paint(p, QRectF(10, 10, axis.width(), 60), axis, *l.group, 0, l.params, {});
    p.end();
    return device.engine().corners + device.engine().ellipses;
}

//! The fastest of \a tries paints of one frame, in ns: the least disturbed by the load.
qint64 fastestFrameNs(const LanePainter &lanes, const Lane &l, const TimeAxis &axis, int tries) {
    QImage image(int(axis.width()) + 20, 80, QImage::Format_ARGB32_Premultiplied);
    qint64 best = std::numeric_limits<qint64>::max();
    for (int i = 0; i < tries; ++i) {
        image.fill(Qt::white);
        QPainter p(&image);
        QElapsedTimer t;
        t.start();
        lanes.paint(p, QRectF(10, 10, axis.width(), 60), axis, *l.group, 0, l.params, {});
        best = std::min(best, t.nsecsElapsed());
    }
    return best;
}

} // namespace

Q_DECLARE_METATYPE(Pattern)

class TestLanePainter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The bounded lesson's limited variant: a task's ideal window is the one its permit
    // falls in (task / limit), from its start; the unlimited variant's and the seed's start
    // where the task starts.
    void boundedWindowsFollowThePermits() {
        RunParams p;
        p.scenario = Scenario::Bounded;
        p.tasks = 4;
        p.values = 10;
        p.delaySeconds = 1;
        p.lab.limit = 2;
        GroupRecord limited(GroupKind::Sequential, 4, 10);
        GroupRecord unlimited(GroupKind::Concurrent, 4, 10);
        for (int t = 0; t < 4; ++t) {
            limited.taskStarted(t, 0);
            unlimited.taskStarted(t, 0);
        }
        QCOMPARE(LanePainter::idealStartS(limited, 1, p), 0.0);
        QCOMPARE(LanePainter::idealStartS(limited, 2, p), 10.0);
        QCOMPARE(LanePainter::idealStartS(limited, 3, p), 10.0);
        QCOMPARE(LanePainter::idealStartS(unlimited, 3, p), 0.0);
        p.scenario = Scenario::Seed;
        QCOMPARE(LanePainter::idealStartS(limited, 3, p), 0.0);
    }
    // The columns drawn from the cache ink what every yield stroked inks. Per device pixel
    // column, the first and last row at least half covered by the trace's colour: in
    // 99.5 % of the inked columns they lie within one pixel of the other drawing's rows
    // in that column or a neighbour (no column is ever inked in one drawing with nothing
    // near it in the other), and the rows that differ stay under the row's bound (a
    // stroke's soft edges add up where many overlap, so the busiest data differ most).
    void detailMatchesTheExactDrawing_data() {
        QTest::addColumn<Pattern>("pattern");
        QTest::addColumn<int>("yields");
        QTest::addColumn<double>("zoom"); // around the middle of the lane
        QTest::addColumn<int>("dpr");
        QTest::addColumn<double>("maxDiffering"); // % of the exact drawing's inked rows
        QTest::newRow("random, 10 a pixel") << Pattern::Random << 10'000 << 1.0 << 1 << 4.0;
        QTest::newRow("sine, 100 a pixel") << Pattern::Sine << 100'000 << 1.0 << 1 << 1.0;
        QTest::newRow("square wave, jumps") << Pattern::Square << 20'000 << 1.0 << 1 << 2.0;
        QTest::newRow("sawtooth, 3 a pixel") << Pattern::Sawtooth << 3'000 << 1.0 << 1 << 15.0;
        QTest::newRow("sawtooth, 0.6 a pixel") << Pattern::Sawtooth << 600 << 1.0 << 1 << 2.0;
        QTest::newRow("constant") << Pattern::Constant << 10'000 << 1.0 << 1 << 0.0;
        QTest::newRow("bursts and gaps") << Pattern::Bursts << 20'000 << 1.0 << 1 << 20.0;
        QTest::newRow("zoomed 8x into random") << Pattern::Random << 100'000 << 8.0 << 1 << 4.0;
        QTest::newRow("sine at 2x device pixels") << Pattern::Sine << 50'000 << 1.0 << 2 << 1.0;
        QTest::newRow("random at 2x device pixels") << Pattern::Random << 10'000 << 1.0 << 2 << 4.0;
    }
    void detailMatchesTheExactDrawing() {
        QFETCH(Pattern, pattern);
        QFETCH(int, yields);
        QFETCH(double, zoom);
        QFETCH(int, dpr);
        QFETCH(double, maxDiffering);
        const double width = 1000;
        const Lane l = makeLane(pattern, yields);
        TimeAxis axis(0, 10, 10, width - 40);
        axis.zoom(zoom, 10 + (width - 40) / 2);
        LanePainter detail;
        LanePainter exact;
        exact.setLevelOfDetail(false);
        const Lane none = makeLane(pattern, yields, 0);
        const QImage empty = paintLane(LanePainter(), none, axis, width, dpr);
        const QImage a = paintLane(exact, l, axis, width, dpr);
        const QImage b = paintLane(detail, l, axis, width, dpr);
        QCOMPARE(detail.stats().detailLanes, 1); // the row is dense enough to test that path
        QCOMPARE(exact.stats().exactLanes, 1);

        const QColor ink = detail.palette().groupColor(GroupKind::Concurrent);
        const QList<Extent> ea = extents(a, empty, ink);
        const QList<Extent> eb = extents(b, empty, ink);
        // Rows of column x in one drawing beyond the other's in columns x − 1 … x + 1.
        auto overshoot = [](const QList<Extent> &one, const QList<Extent> &other, int x) {
            if (one[x].top < 0)
                return 0;
            int top = INT_MAX;
            int bottom = -1;
            for (int n = std::max(0, x - 1); n <= std::min(int(other.size()) - 1, x + 1); ++n)
                if (other[n].top >= 0) {
                    top = std::min(top, other[n].top);
                    bottom = std::max(bottom, other[n].bottom);
                }
            return bottom < 0 ? INT_MAX : std::max({0, top - one[x].top, one[x].bottom - bottom});
        };
        int inked = 0;
        qint64 rows = 0;
        qint64 differing = 0;
        int worst = 0;
        int strays = 0; // columns more than a pixel beyond the other's neighbourhood
        for (int x = 0; x < ea.size(); ++x) {
            const Extent &s = ea[x];
            const Extent &d = eb[x];
            if (s.top >= 0) {
                ++inked;
                rows += s.bottom - s.top + 1;
            }
            if ((s.top < 0) != (d.top < 0))
                differing += s.top < 0 ? d.bottom - d.top + 1 : s.bottom - s.top + 1;
            else if (s.top >= 0)
                differing += std::abs(s.top - d.top) + std::abs(s.bottom - d.bottom);
            const int o = std::max(overshoot(ea, eb, x), overshoot(eb, ea, x));
            worst = std::max(worst, o);
            QVERIFY2(o != INT_MAX, qPrintable(QStringLiteral("column %1: exact %2…%3, detail %4…%5")
                                                  .arg(x)
                                                  .arg(s.top)
                                                  .arg(s.bottom)
                                                  .arg(d.top)
                                                  .arg(d.bottom)));
            if (o > 1)
                ++strays;
        }
        QVERIFY2(strays <= inked / 200, qPrintable(QString::number(strays)));
        QVERIFY2(100.0 * differing / rows <= maxDiffering,
                 qPrintable(QString::number(100.0 * differing / rows)));
        qInfo("%d columns inked; the extents differ by %lld of %lld rows (%.1f %%); %d columns "
              "beyond the neighbours' by more than a pixel (at most %d)",
              inked, differing, rows, 100.0 * differing / rows, strays, worst);
        QVERIFY(inked >= (width - 40) * dpr * 0.9); // the comparison saw the whole trace
    }

    // A live lane: each frame visits only the yields recorded since the last one, and the
    // columns so grown draw exactly what columns built from scratch draw.
    void newYieldsExtendTheColumns() {
        Lane l = makeLane(Pattern::Random, 20'000, 5'000);
        const TimeAxis axis(0, 10, 10, 960);
        LanePainter live;
        paintLane(live, l, axis, 1000);
        QCOMPARE(live.stats().rebuilds, 1);
        QCOMPARE(live.stats().yieldsVisited, 5'000);
        for (const int upTo : {5'001, 6'000, 12'345, 20'000}) {
            const int before = l.group->count(0);
            record(l, upTo);
            live.resetStats();
            const QImage grown = paintLane(live, l, axis, 1000);
            QCOMPARE(live.stats().rebuilds, 0);
            QCOMPARE(live.stats().yieldsVisited, upTo - before);
            LanePainter fresh;
            QCOMPARE(grown, paintLane(fresh, l, axis, 1000));
        }
        live.resetStats();
        paintLane(live, l, axis, 1000);
        QCOMPARE(live.stats().yieldsVisited, 0); // nothing new, nothing read
    }

    // What the columns depend on rebuilds them; what they do not, keeps them.
    void viewChangesRebuildTheColumns() {
        const Lane l = makeLane(Pattern::Sine, 10'000);
        TimeAxis axis(0, 10, 10, 960);
        LanePainter lanes;
        paintLane(lanes, l, axis, 1000);
        QCOMPARE(lanes.stats().rebuilds, 1);

        auto frame = [&](const TimeAxis &a, double width, double top = 10) {
            lanes.resetStats();
            return paintLane(lanes, l, a, width, 1, -1, top);
        };
        frame(axis, 1000);
        QCOMPARE(lanes.stats().rebuilds, 0);

        axis.zoom(4, 500); // a quarter in view: only its yields, and the one either side
        frame(axis, 1000);
        QCOMPARE(lanes.stats().rebuilds, 1);
        const GroupRecord &g = *l.group;
        const int first = LanePainter::firstAtOrAfter(g, 0, axis.timeForX(10)) - 1;
        const int last = LanePainter::firstAtOrAfter(g, 0, axis.timeForX(1010));
        QCOMPARE(lanes.stats().yieldsVisited, last - first + 1);
        QVERIFY(lanes.stats().yieldsVisited < 3'000);

        axis.pan(100);
        frame(axis, 1000);
        QCOMPARE(lanes.stats().rebuilds, 1);

        frame(axis, 900); // the lane resized
        QCOMPARE(lanes.stats().rebuilds, 1);

        frame(axis, 900, 50); // scrolled down: the same columns, lower
        QCOMPARE(lanes.stats().rebuilds, 0);
        QCOMPARE(lanes.stats().yieldsVisited, 0);

        // The columns hold no colour: the dark palette draws them at once in its own.
        lanes.setPalette(ChartPalette::darkPalette());
        const QImage dark = frame(axis, 900);
        QCOMPARE(lanes.stats().rebuilds, 0);
        LanePainter fresh(ChartPalette::darkPalette());
        QCOMPARE(dark, paintLane(fresh, l, axis, 900));

        lanes.clearCache();
        frame(axis, 900);
        QCOMPARE(lanes.stats().rebuilds, 1);
    }

    // Replay: the cutoff moving on extends the columns; moving back rebuilds them.
    void replayCutoff() {
        const Lane l = makeLane(Pattern::Random, 10'000);
        const TimeAxis axis(0, 10, 10, 960);
        LanePainter lanes;
        // Yields at or before t: the ones before the first after it.
        auto upTo = [&](double t) { return LanePainter::firstAtOrAfter(*l.group, 0, t + 1e-9); };
        paintLane(lanes, l, axis, 1000, 1, 4.0);
        QCOMPARE(lanes.stats().rebuilds, 1);
        QCOMPARE(lanes.stats().yieldsVisited, upTo(4.0));
        lanes.resetStats();
        const QImage later = paintLane(lanes, l, axis, 1000, 1, 6.0);
        QCOMPARE(lanes.stats().rebuilds, 0);
        QCOMPARE(lanes.stats().yieldsVisited, upTo(6.0) - upTo(4.0));
        QVERIFY(upTo(6.0) - upTo(4.0) >= 1'999);
        LanePainter fresh;
        QCOMPARE(later, paintLane(fresh, l, axis, 1000, 1, 6.0));
        lanes.resetStats();
        const QImage back = paintLane(lanes, l, axis, 1000, 1, 5.0);
        QCOMPARE(lanes.stats().rebuilds, 1);
        LanePainter fresh2;
        QCOMPARE(back, paintLane(fresh2, l, axis, 1000, 1, 5.0));
    }

    // A frame's work depends on the lane's pixels, not on its yields. Counted at the paint
    // device (corners handed to the rasteriser) and timed: 100 times the yields may cost
    // at most 3 times the time (the old path, every yield a point, costs about 100 times).
    void frameCostFollowsPixelsNotYields() {
        const Lane small = makeLane(Pattern::Random, 10'000);
        const Lane big = makeLane(Pattern::Random, 1'000'000);
        const TimeAxis axis(0, 10, 10, 960);
        LanePainter lanes;
        LanePainter exact;
        exact.setLevelOfDetail(false);

        // First frames build the columns: each yield in view is read once (up to the first
        // one right of the lane, which closes the trace).
        auto inView = [&](const GroupRecord &g) {
            int i = 0;
            while (i < g.count(0) && axis.xForTime(double(g.atNs(0, i)) / 1e9) <= 10 + axis.width())
                ++i;
            return std::min(g.count(0), i + 1);
        };
        cornersOfAFrame(lanes, small, axis);
        cornersOfAFrame(lanes, big, axis);
        QCOMPARE(lanes.stats().yieldsVisited, inView(*small.group) + inView(*big.group));
        QVERIFY(inView(*big.group) >= 999'990);
        lanes.resetStats();
        const qint64 smallCorners = cornersOfAFrame(lanes, small, axis);
        const qint64 bigCorners = cornersOfAFrame(lanes, big, axis);
        QCOMPARE(lanes.stats().yieldsVisited, 0);
        QCOMPARE(lanes.stats().rebuilds, 0);
        // At most 4 corners a column (its top and bottom edges), plus the ideal window.
        const qint64 columns = qint64(axis.width()) + 1;
        QVERIFY2(smallCorners <= 4 * columns + 16, qPrintable(QString::number(smallCorners)));
        QVERIFY2(bigCorners <= 4 * columns + 16, qPrintable(QString::number(bigCorners)));
        // The same count for the path that strokes every yield grows with the yields.
        const qint64 exactBig = cornersOfAFrame(exact, big, axis);
        QVERIFY2(exactBig > 100 * bigCorners, qPrintable(QString::number(exactBig)));

        const qint64 smallNs = fastestFrameNs(lanes, small, axis, 7);
        const qint64 bigNs = fastestFrameNs(lanes, big, axis, 7);
        // Stroking a million yields takes minutes: the old path is timed at a tenth of that.
        const Lane medium = makeLane(Pattern::Random, 100'000);
        const qint64 exactSmallNs = fastestFrameNs(exact, small, axis, 3);
        const qint64 exactMediumNs = fastestFrameNs(exact, medium, axis, 2);
        qInfo("one lane, 960 px, fastest warm frame: 10,000 yields %.3f ms, 1,000,000 yields "
              "%.3f ms; every yield stroked: 10,000 yields %.3f ms, 100,000 yields %.3f ms",
              smallNs / 1e6, bigNs / 1e6, exactSmallNs / 1e6, exactMediumNs / 1e6);
        QVERIFY2(bigNs <= 3 * smallNs, qPrintable(QString::number(double(bigNs) / smallNs)));
        QVERIFY2(exactMediumNs > 3 * exactSmallNs, "the timing cannot tell the two paths apart");
    }

    // A zigzag lane (the relative lesson's 100 values a second, ten pixels apart, and a
    // denser one, three pixels apart) is stroked segment by segment with square caps:
    // drawn as one polyline of round joins, Qt's raster engine filled the whole
    // self-crossing outline and four such lanes held the window 21-40 ms a frame. The
    // painter's whole lanes (background, ideal window, trace and dots) must cost less than
    // half the CPU of those traces alone as polylines, in the same thread, same image.
    void zigzagCostsLessThanOnePolyline_data() {
        QTest::addColumn<int>("values");
        QTest::newRow("sparse: 10 px apart") << 100;
        QTest::newRow("dense: 3.3 px apart") << 300;
    }
    void zigzagCostsLessThanOnePolyline() {
        QFETCH(int, values);
        std::vector<Lane> lanes;
        lanes.reserve(4);
        for (int t = 0; t < 4; ++t)
            lanes.push_back(makeLane(Pattern::Random, values));
        const TimeAxis axis(0, 10, 10, 1000);
        QImage image(1020, 4 * 60, QImage::Format_ARGB32_Premultiplied);
        auto cpuMs = [] {
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
        };
        LanePainter painter;
        auto painted = [&] {
            QPainter p(&image);
            for (int i = 0; i < 4; ++i)
                painter.paint(p, QRectF(10, i * 60, 1000, 60), axis, *lanes[size_t(i)].group, 0,
                              lanes[size_t(i)].params, {});
        };
        const QPen pen(painter.palette().groupColor(GroupKind::Concurrent), 1.6, Qt::SolidLine,
                       Qt::RoundCap, Qt::RoundJoin);
        auto polylines = [&] {
            QPainter p(&image);
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(pen);
            for (int i = 0; i < 4; ++i) {
                const QRectF plot = LanePainter::plotRect(QRectF(10, i * 60, 1000, 60));
                const GroupRecord &g = *lanes[size_t(i)].group;
                QPolygonF trace;
                for (int k = 0; k < g.count(0); ++k)
                    trace.append(QPointF(
                        axis.xForTime(double(g.atNs(0, k)) / 1e9),
                        TimeAxis::yForValue(g.value(0, k), 10.0, plot.top(), plot.height())));
                p.drawPolyline(trace);
            }
        };
        // The fastest of ten rounds each, interleaved: another process preempting this one
        // stretches a round's wall time, not its CPU time, and not the fastest.
        double lanesMs = 1e300;
        double polylineMs = 1e300;
        for (int round = 0; round < 10; ++round) {
            image.fill(Qt::white);
            double start = cpuMs();
            painted();
            lanesMs = std::min(lanesMs, cpuMs() - start);
            image.fill(Qt::white);
            start = cpuMs();
            polylines();
            polylineMs = std::min(polylineMs, cpuMs() - start);
        }
        QCOMPARE(painter.stats().exactLanes > 0, true);
        qInfo("4 lanes x %d values, 1000 px: the painter %.2f ms, the traces as polylines "
              "%.2f ms (CPU, fastest of 10)",
              values, lanesMs, polylineMs);
        QVERIFY2(
            lanesMs < polylineMs / 2,
            qPrintable(
                QStringLiteral("%1 ms, not under half of %2 ms").arg(lanesMs).arg(polylineMs)));
    }

    // The README's figure: one frame of 100 lanes × 10,000 values (the dense window run),
    // 1,200 px wide and 40 tall, painted into an image. Slow with the old path, so only on
    // request: COROSCOPE_BENCH=1 tst_lanepainter hundredLanesFrame
    void hundredLanesFrame() {
        if (!qEnvironmentVariableIsSet("COROSCOPE_BENCH"))
            QSKIP("a benchmark: set COROSCOPE_BENCH=1");
        std::vector<Lane> lanes;
        lanes.reserve(100);
        for (int t = 0; t < 100; ++t)
            lanes.push_back(makeLane(Pattern::Random, 10'000));
        const TimeAxis axis(0, 10, 10, 1200);
        QImage image(1220, 100 * 40, QImage::Format_ARGB32_Premultiplied);
        // This thread's CPU time: on a loaded machine the wall clock mostly measures others.
        auto cpuMs = [] {
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
        };
        auto frame = [&](const LanePainter &painter, int count) {
            image.fill(Qt::white);
            QPainter p(&image);
            const double start = cpuMs();
            for (int i = 0; i < count; ++i)
                painter.paint(p, QRectF(10, i * 40, 1200, 40), axis, *lanes[size_t(i)].group, 0,
                              lanes[size_t(i)].params, {});
            return cpuMs() - start;
        };
        LanePainter detail;
        const double cold = frame(detail, 100);
        double warm = 1e300;
        for (int i = 0; i < 5; ++i)
            warm = std::min(warm, frame(detail, 100));
        LanePainter exact;
        exact.setLevelOfDetail(false);
        const double exactFive = frame(exact, 5);
        qInfo("100 lanes x 10,000 values, 1200 x 40 px, CPU time: columns %.1f ms first frame "
              "(builds them), %.1f ms next frames (fastest of 5); every yield stroked: %.0f ms "
              "for 5 lanes, so about %.0f ms for 100",
              cold, warm, exactFive, exactFive * 20);
    }

    // Hovering a dense lane looks at a bounded number of yields around the pointer and
    // still finds one under it; in a sparse lane, the nearest dot exactly.
    void hoverLooksAtAFewYields_data() {
        QTest::addColumn<int>("yields");
        QTest::addColumn<double>("x");
        QTest::newRow("sparse, left") << 50 << 100.0;
        QTest::newRow("sparse, middle") << 50 << 493.0;
        QTest::newRow("10,000") << 10'000 << 500.0;
        QTest::newRow("1,000,000") << 1'000'000 << 500.0;
        QTest::newRow("1,000,000 at the right edge") << 1'000'000 << 969.0;
    }
    void hoverLooksAtAFewYields() {
        QFETCH(int, yields);
        QFETCH(double, x);
        const Lane l = makeLane(Pattern::Sine, yields);
        const TimeAxis axis(0, 10, 10, 960);
        const QRectF lane(10, 10, 1000, 60);
        const QRectF plot = LanePainter::plotRect(lane);
        const GroupRecord &g = *l.group;
        const auto [from, to] = LanePainter::hitCandidates(x, axis, g, 0, 8);
        QVERIFY(to - from <= LanePainter::kMaxHitCandidates);
        // Aim at the yield nearest in time to x.
        const int k = std::min(g.count(0) - 1, LanePainter::firstAtOrAfter(g, 0, axis.timeForX(x)));
        const QPointF target(axis.xForTime(double(g.atNs(0, k)) / 1e9),
                             TimeAxis::yForValue(g.value(0, k), 10, plot.top(), plot.height()));
        const QPointF pos = target + QPointF(0.5, -1.0);
        const int hit = LanePainter::hitTest(pos, lane, axis, g, 0, l.params, -1);
        QVERIFY(hit >= 0);
        auto distance = [&](int i) {
            const QPointF d =
                QPointF(axis.xForTime(double(g.atNs(0, i)) / 1e9),
                        TimeAxis::yForValue(g.value(0, i), 10, plot.top(), plot.height())) -
                pos;
            return std::hypot(d.x(), d.y());
        };
        QVERIFY(distance(hit) <= 8);
        if (yields <= LanePainter::kMaxHitCandidates) {
            for (int i = 0; i < g.count(0); ++i)
                QVERIFY2(distance(i) >= distance(hit), qPrintable(QString::number(i)));
        }
    }

    // The event loop's lane, pixel by pixel, for a group whose every instant is known (on a
    // 400 px strip, 100 px a second): task 0 blocks the loop 1 – 2 s (task 1, due at 1.5 s,
    // is resumed only at 2 s), task 1 computes on it 3 – 3.5 s, idle otherwise until the
    // wall at 4 s. Busy columns are their state's colour (most of each column: the
    // patterns' ink is the lesser part), idle ones hold the thin idle line and nothing of a
    // state's colour; nothing is drawn after the wall.
    void loopLanePixels() {
        constexpr qint64 kS = 1'000'000'000;
        RunParams p;
        p.scenario = Scenario::Blocking;
        p.tasks = 2;
        p.values = 1;
        GroupRecord g(GroupKind::Concurrent, 2, 1);
        g.taskStarted(0, 0);
        g.taskStarted(1, 0);
        g.recordYield(0, 0, 5.0, kS, kS); // then the blocking call
        g.addSpan({kS, 2 * kS, 0, TaskState::Blocked, WaitTarget::None, -1});
        g.recordYield(1, 0, 5.0, 3 * kS / 2, 2 * kS); // due 1.5 s, resumed after the block
        g.addSpan({3 * kS, 7 * kS / 2, 1, TaskState::Running, WaitTarget::None, -1});
        // The scheduler's passes: one alone (2.5 … 2.75 s), one around task 1's
        // computation (2.9 … 3.6 s: the computation is drawn over it).
        g.addPass({5 * kS / 2, 11 * kS / 4, 1});
        g.addPass({29 * kS / 10, 36 * kS / 10, 1});
        g.taskEnded(0, 2 * kS);
        g.taskEnded(1, 7 * kS / 2);
        g.health.wallS = 4;
        g.status = RunStatus::Finished;

        const ChartPalette pal = ChartPalette::light();
        constexpr int kWidth = 500; // 100 px after the axis end: must stay blank
        constexpr int kHeight = 12;
        QImage image(kWidth, kHeight, QImage::Format_RGB32);
        image.fill(pal.background);
        {
            QPainter painter(&image);
            LanePainter lanes(pal);
            const TimeAxis axis(0, 5.0, 0, kWidth); // 0 … 5 s: the wall at 400 px
            lanes.paintLoop(painter, QRectF(0, 0, kWidth, kHeight), axis, g, p, -1);
        }
        const auto columnColours = [&](int x) {
            std::map<QRgb, int> counts;
            for (int y = 0; y < kHeight; ++y)
                ++counts[image.pixel(x, y)];
            return counts;
        };
        const QRgb blocked = pal.stateColor(TaskState::Blocked).rgb();
        const QRgb running = pal.stateColor(TaskState::Running).rgb();
        const QRgb ready = pal.stateColor(TaskState::Ready).rgb();
        const QRgb idleLine = pal.mutedText.rgb();
        const QRgb scheduler = pal.scheduler.rgb();
        const auto expect = [&](int x) -> QRgb {
            if (x >= 100 && x < 200)
                return blocked;
            if (x >= 300 && x < 350)
                return running;
            if ((x >= 250 && x < 275) || (x >= 290 && x < 300) || (x >= 350 && x < 360))
                return scheduler;
            return 0; // idle (or after the wall)
        };
        int busy = 0;
        int idle = 0;
        for (int x = 0; x < kWidth; ++x) {
            // The column at a stretch's edge may mix the two: skip it.
            if (x == 100 || x == 199 || x == 200 || x == 300 || x == 349 || x == 350 || x == 399 ||
                x == 400 || x == 249 || x == 250 || x == 274 || x == 275 || x == 289 || x == 290 ||
                x == 359 || x == 360)
                continue;
            const auto counts = columnColours(x);
            const QString where = QStringLiteral("column %1").arg(x);
            if (const QRgb want = expect(x)) {
                QVERIFY2(test::mostCommon(counts) == want, qPrintable(where));
                ++busy;
                continue;
            }
            for (const QRgb c : {blocked, running, ready, scheduler})
                QVERIFY2(!counts.count(c), qPrintable(where + QStringLiteral(": a busy colour")));
            if (x < 400) { // the idle line through the strip's middle, up to the wall
                QVERIFY2(counts.count(idleLine) && counts.at(idleLine) >= 1 &&
                             counts.at(idleLine) <= 2,
                         qPrintable(where + QStringLiteral(": the idle line")));
                ++idle;
            } else {
                QVERIFY2(counts.size() == 1 && counts.count(pal.background.rgb()),
                         qPrintable(where + QStringLiteral(": blank after the wall")));
            }
        }
        QCOMPARE(busy, 100 - 2 + 50 - 2 + 25 - 2 + 10 - 1 + 10 - 2);
        // 0–1 s, 2–2.5 s, 2.75–2.9 s and 3.6–4 s, the edges skipped
        QCOMPARE(idle, 100 + 48 + 13 + 38);
    }
};

QTEST_MAIN(TestLanePainter)
#include "tst_lanepainter.moc"
