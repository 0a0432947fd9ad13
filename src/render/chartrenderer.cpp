// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "chartrenderer.h"

#include "model/sidebyside.h"
#include "model/taskstates.h"

#include "model/labparams.h"
#include "model/looptimeline.h"

#include "lanepainter.h"
#include "statelegend.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {

QString secondsText(double s, int decimals = 3) {
    return QString::number(s, 'f', decimals) + QStringLiteral(" s");
}

// Shortest readable number: 1, 0.1, 2.5 (no trailing zeros).
QString plain(double v) {
    return QString::number(v, 'g', 10);
}

// An ideal time as people read it: 10, 2.5, 19.892 (the as-completed lesson's longest
// task is a sum of random delays: 19.89179445 s made the footer run off the page).
QString idealText(double s) {
    return s >= 1 ? plain(std::round(s * 1e3) / 1e3) : QString::number(s, 'g', 4);
}

QString grouped(qint64 n) {
    return QLocale(QLocale::English).toString(n);
}

QFont font(const ChartOptions &o, double px, bool bold = false) {
    QFont f = o.fontFamily.isEmpty() ? QGuiApplication::font() : QFont(o.fontFamily);
    f.setPixelSize(std::max(1, int(std::lround(px))));
    f.setBold(bold);
    return f;
}

// Every vertical measure of a chart, computed once for paint() and pageSize().
struct Layout {
    double u = 1; // scale: 1 at 1600 px wide
    double margin = 0;
    double headerH = 0;      // title, parameters, legend
    double stateLegendH = 0; // the task states' key, under the legend
    double groupHeaderH = 0;
    double loopH = 0; // the event loop's lane under a group's header
    double densityH = 0;
    double noteH = 0;
    double groupGap = 0;
    double axisH = 0;
    double resultsH = 0;
    double labelW = 0;  // lane labels on the left
    double endRoom = 0; // end-time labels right of the axis
    double laneH = 0;
    struct Group {
        const GroupRecord *record = nullptr;
        int first = 0;
        int shown = 0;
        bool truncated = false;
    };
    std::vector<Group> groups;

    double groupHeight(const Group &g) const {
        return groupHeaderH + loopH + (g.truncated ? densityH + noteH : 0) + g.shown * laneH +
               groupGap;
    }
    double chromeHeight() const {
        double h = 2 * margin + headerH + axisH + resultsH;
        for (const Group &g : groups)
            h += groupHeaderH + loopH + (g.truncated ? densityH + noteH : 0) + groupGap;
        return h;
    }
    int lanes() const {
        int n = 0;
        for (const Group &g : groups)
            n += g.shown;
        return n;
    }
};

Layout makeLayout(const RunRecord &r, const ChartOptions &o, double width, double height) {
    Layout l;
    l.u = std::clamp(width / ChartRenderer::kPageWidth, 0.5, 3.0);
    const double u = l.u;
    l.margin = 32 * u;
    l.stateLegendH = StateLegend::height(width - 2 * l.margin, font(o, 14 * u), u);
    l.headerH = 118 * u + (ChartRenderer::framing(r, o).note.isEmpty() ? 0 : 26 * u) +
                l.stateLegendH + 4 * u;
    l.groupHeaderH = 38 * u;
    l.loopH = 22 * u;
    l.densityH = 46 * u;
    l.noteH = 26 * u;
    l.groupGap = 14 * u;
    l.axisH = 40 * u;
    l.resultsH = 52 * u;
    l.labelW = 118 * u;
    l.endRoom = 96 * u;

    const int cap = o.maxLanesPerGroup > 0 ? o.maxLanesPerGroup : (r.groups.size() > 1 ? 10 : 20);
    for (const auto &g : r.groups) {
        Layout::Group lg;
        lg.record = g.get();
        lg.first = std::clamp(o.firstLane, 0, std::max(0, g->tasks() - 1));
        lg.shown = std::min(g->tasks() - lg.first, cap);
        lg.truncated = lg.shown < g->tasks();
        l.groups.push_back(lg);
    }
    const int lanes = std::max(1, l.lanes());
    if (o.laneHeight > 0)
        l.laneH = o.laneHeight;
    else if (height <= 0)
        l.laneH = (lanes <= 8 ? 64 : lanes <= 16 ? 44 : 30) * u;
    else {
        const double minH = 18 * u;
        const double avail = height - l.chromeHeight();
        l.laneH = std::min(72 * u, avail / lanes);
        if (l.laneH < minH) {
            // Fewer lanes per group; the rest is summed up by the density strip.
            l.laneH = minH;
            for (Layout::Group &g : l.groups) {
                g.truncated = true;
                g.shown = 0;
            }
            const double avail2 = height - l.chromeHeight();
            const int per = std::max(1, int(avail2 / minH / double(l.groups.size())));
            for (Layout::Group &g : l.groups) {
                g.shown = std::min(per, g.record->tasks() - g.first);
                g.truncated = g.shown < g.record->tasks();
            }
        }
    }
    return l;
}

void drawLegend(QPainter &p, QPointF at, const ChartOptions &o, const RunRecord &r, double u) {
    const ChartPalette &pal = o.palette;
    const QFont f = font(o, 15 * u);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const double h = 16 * u;
    double x = at.x();
    const double cy = at.y();
    auto label = [&](const QString &text) {
        p.setPen(pal.mutedText);
        p.drawText(QPointF(x, cy + fm.ascent() / 2 - 1 * u), text);
        x += fm.horizontalAdvance(text) + 28 * u;
    };
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(QRectF(x, cy - h / 2, 26 * u, h), pal.idealFill);
    p.setPen(QPen(pal.idealEdge, 1));
    p.drawLine(QLineF(x, cy - h / 2, x, cy + h / 2));
    p.drawLine(QLineF(x + 26 * u, cy - h / 2, x + 26 * u, cy + h / 2));
    x += 34 * u;
    label(QStringLiteral("ideal window (values × delay)"));

    p.setRenderHint(QPainter::Antialiasing, true);
    for (const auto &g : r.groups) {
        const QColor c = pal.groupColor(r, *g);
        p.setPen(QPen(c, 1.6 * u));
        p.drawLine(QLineF(x, cy + 4 * u, x + 26 * u, cy - 4 * u));
        p.setPen(QPen(pal.background, 1));
        p.setBrush(c);
        p.drawEllipse(QPointF(x, cy + 4 * u), 4 * u, 4 * u);
        p.drawEllipse(QPointF(x + 26 * u, cy - 4 * u), 4 * u, 4 * u);
        x += 36 * u;
        // "concurrent yield", but runtimes keep their names ("asyncio yield", "QCoro yield").
        QString who = ChartRenderer::groupTitle(r, *g);
        if (r.params.scenario == Scenario::Seed && r.params.runtime != Runtime::Asyncio)
            who = who.toLower();
        label(who + QStringLiteral(" yield (height = value)"));
        // A watched program's label yields (not numbers): the lanes' diamond, its text.
        if (g->hasLabels()) {
            const double d = 5 * u;
            p.setPen(QPen(pal.text, 1));
            p.setBrush(c);
            p.drawPolygon(QPolygonF({QPointF(x + d, cy - d), QPointF(x + 2 * d, cy),
                                     QPointF(x + d, cy + d), QPointF(x, cy)}));
            x += 2 * d + 8 * u;
            label(who + QStringLiteral(" label (a yield that is not a number)"));
        }
    }
    p.setPen(QPen(pal.mutedText, 3 * u, Qt::SolidLine, Qt::FlatCap));
    p.drawLine(QLineF(x, cy, x + 26 * u, cy));
    x += 34 * u;
    label(QStringLiteral("task span, end time"));
    if (o.nowS >= 0) {
        p.setPen(QPen(pal.nowCursor, 2 * u));
        p.drawLine(QLineF(x + 6 * u, cy - h / 2, x + 6 * u, cy + h / 2));
        x += 18 * u;
        label(QStringLiteral("now"));
    }
}

} // namespace

QString ChartRenderer::groupTitle(GroupKind kind) {
    return kind == GroupKind::Sequential ? QStringLiteral("Sequential")
                                         : QStringLiteral("Concurrent");
}

QString ChartRenderer::groupTitle(const RunParams &params, GroupKind kind) {
    if (params.runtime == Runtime::Asyncio)
        return QStringLiteral("asyncio");
    if (params.scenario == Scenario::Seed)
        return groupTitle(kind);
    QString name = groupLabel(params, kind);
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

QString ChartRenderer::groupSubtitle(const RunParams &params, GroupKind kind) {
    if (params.runtime == Runtime::Asyncio)
        return QStringLiteral("the watched program's tasks, one asyncio event loop");
    if (params.scenario == Scenario::Seed)
        return groupSubtitle(kind);
    return QStringLiteral("the %1 lesson").arg(scenarioName(params.scenario));
}

QString ChartRenderer::groupTitle(const RunRecord &record, const GroupRecord &g) {
    if (isBesideGroup(record, g))
        return QStringLiteral("QCoro");
    return groupTitle(record.params, g.kind());
}

QString ChartRenderer::groupSubtitle(const RunRecord &record, const GroupRecord &g) {
    if (isBesideGroup(record, g))
        return QStringLiteral("Coroscope's QCoro run of the same shape");
    return groupSubtitle(record.params, g.kind());
}

QString ChartRenderer::groupHeaderText(const RunRecord &record, const GroupRecord &g, double nowS) {
    const RunParams &params = record.params;
    QString text = groupSubtitle(record, g) +
                   QStringLiteral(" · ideal %1 s").arg(idealText(params.idealSeconds(g.kind())));
    // Over: finished, stopped, or (the lab) timed-out or failed. The status is read once:
    // the run may store it from its own thread meanwhile.
    const RunStatus status = g.status;
    if (status != RunStatus::Idle && status != RunStatus::Running &&
        (nowS < 0 || nowS >= g.health.wallS))
        text += status == RunStatus::Stopped
                    ? QStringLiteral(" · stopped at %1").arg(secondsText(g.health.wallS))
                    : QStringLiteral(" · wall %1%2")
                          .arg(secondsText(g.health.wallS),
                               status == RunStatus::Finished
                                   ? QString()
                                   : QStringLiteral(" (%1)").arg(statusName(status)));
    return text;
}

QString ChartRenderer::groupSubtitle(GroupKind kind) {
    return kind == GroupKind::Sequential
               ? QStringLiteral("one comprehension after another")
               : QStringLiteral("all comprehensions at once, one event loop");
}

double ChartRenderer::autoEndS(const RunRecord &r) {
    double end = 0;
    for (const auto &g : r.groups) {
        end = std::max(end, r.params.idealSeconds(g->kind()));
        end = std::max(end, double(g->lastYieldNs()) / 1e9);
        if (g->status != RunStatus::Running && g->status != RunStatus::Idle)
            end = std::max(end, g->health.wallS);
    }
    return end > 0 ? end : 1.0;
}

double ChartRenderer::dataEndS(const RunRecord &r) {
    double end = 0;
    for (const auto &g : r.groups) {
        end = std::max(end, double(g->lastYieldNs()) / 1e9);
        if (g->status != RunStatus::Running && g->status != RunStatus::Idle)
            end = std::max(end, g->health.wallS);
    }
    return end;
}

double ChartRenderer::fittedEndS(const RunParams &p, double domainEndS, double dataS) {
    // When one task's window would be a sliver of the axis, frame where things happen.
    const double window = p.values * p.delaySeconds;
    if (domainEndS <= 8 * window)
        return -1;
    return std::min(domainEndS, std::max(window, dataS) * 1.15);
}

ChartRenderer::Framing ChartRenderer::framing(const RunRecord &r, const ChartOptions &o) {
    Framing f;
    const double domain = autoEndS(r);
    const auto range = [&](double from, double to) {
        return QStringLiteral("%1 – %2 s of the shared 0 – %3 s axis")
            .arg(plain(from), plain(std::round(to * 1e3) / 1e3), grouped(std::llround(domain)));
    };
    if (o.endS > o.startS) {
        f.startS = o.startS;
        f.endS = o.endS;
        const bool whole = o.startS <= 1e-9 && o.endS >= domain * (1 - 1e-9);
        if (!whole)
            f.note = (o.viewNote.isEmpty() ? QStringLiteral("Shows") : o.viewNote) +
                     QStringLiteral(": ") + range(f.startS, f.endS);
        return f;
    }
    f.startS = o.startS;
    f.endS = std::max(o.startS + 1e-6, domain);
    if (const double fit = fittedEndS(r.params, domain, dataEndS(r)); fit > o.startS) {
        f.endS = fit;
        f.note = QStringLiteral("Fitted to where the run happened, as the window shows it: ") +
                 range(f.startS, f.endS);
    }
    return f;
}

double ChartRenderer::recordedEndS(const RunRecord &r) {
    bool stopped = false;
    double end = 0;
    for (const auto &g : r.groups) {
        stopped = stopped || g->status == RunStatus::Stopped;
        end = std::max(end, double(g->lastYieldNs()) / 1e9);
        if (g->status != RunStatus::Running && g->status != RunStatus::Idle)
            end = std::max(end, g->health.wallS);
    }
    // A finished run spans its axis; a stopped one what was recorded until the stop.
    return stopped ? std::max(end, 1e-9) : autoEndS(r);
}

QString ChartRenderer::title(const RunRecord &r) {
    const int n = r.params.tasks;
    if (r.source && r.params.sideBySide)
        return QStringLiteral("%1: %2 asyncio %3 beside QCoro's run of the same shape")
            .arg(QFileInfo(r.source->script).fileName(), grouped(n),
                 n == 1 ? QStringLiteral("task") : QStringLiteral("tasks"));
    if (r.source)
        return QStringLiteral("%1: %2 asyncio %3, watched live")
            .arg(QFileInfo(r.source->script).fileName(), grouped(n),
                 n == 1 ? QStringLiteral("task") : QStringLiteral("tasks"));
    QString tasks = n == 1 ? QStringLiteral("1 async comprehension")
                           : QStringLiteral("%1 async comprehensions").arg(grouped(n));
    // A lesson's single variant: its name and the lesson's, not the seed's mode.
    if (r.params.scenario != Scenario::Seed && r.params.mode != Mode::Compare)
        return tasks + QStringLiteral(": %1 (the %2 lesson)")
                           .arg(groupLabel(r.params, groupKinds(r.params).front()),
                                scenarioName(r.params.scenario));
    switch (r.params.mode) {
    case Mode::Concurrent:
        return tasks + QStringLiteral(", run concurrently");
    case Mode::Sequential:
        return tasks + QStringLiteral(", run one after another");
    case Mode::Compare:
        if (r.params.scenario != Scenario::Seed)
            return tasks + QStringLiteral(": %1 vs %2 (the %3 lesson)")
                               .arg(groupLabel(r.params, GroupKind::Sequential),
                                    groupLabel(r.params, GroupKind::Concurrent),
                                    scenarioName(r.params.scenario));
        return tasks + QStringLiteral(": sequential vs concurrent");
    }
    return tasks;
}

QString ChartRenderer::parametersLine(const RunRecord &r) {
    const RunParams &p = r.params;
    if (r.source)
        return QStringLiteral("%1 × up to %2 · typical sleep %3 s · values in [0, %4] · Python %5 "
                              "(%6) · traced by Coroscope %7")
            .arg(countText(p.tasks, QStringLiteral("lane"), QStringLiteral("lanes")),
                 countText(p.values, QStringLiteral("value"), QStringLiteral("values")),
                 plain(p.delaySeconds), plain(p.maxValue), r.source->pythonVersion,
                 r.source->interpreter, r.app.version);
    return QStringLiteral("%1 × %2 · delay %3 s · values in [0, %4] · %5 timing · "
                          "seed %6 · Coroscope %7, Qt %8, QCoro %9")
        .arg(countText(p.tasks, QStringLiteral("task"), QStringLiteral("tasks")),
             countText(p.values, QStringLiteral("value"), QStringLiteral("values")),
             plain(p.delaySeconds), plain(p.maxValue), timingName(p.timing),
             QString::number(p.seed), r.app.version, r.app.qt, r.app.qcoro);
}

QString ChartRenderer::resultsLine(const RunRecord &r, double nowS) {
    QStringList parts;
    for (const auto &g : r.groups) {
        const QString name = groupTitle(r, *g);
        const bool done = g->status != RunStatus::Idle && g->status != RunStatus::Running;
        if (!done || (nowS >= 0 && nowS < g->health.wallS)) {
            const qint64 total = qint64(g->tasks()) * g->values();
            parts << QStringLiteral("%1: %2 … (%3 of %4 yields)")
                         .arg(name,
                              g->status == RunStatus::Idle ? QStringLiteral("not started")
                                                           : QStringLiteral("running"),
                              grouped(g->yields()), grouped(total));
            continue;
        }
        const GroupHealth &h = g->health;
        // A stopped group has no overrun: it says when it stopped.
        if (g->status == RunStatus::Stopped)
            parts << QStringLiteral("%1: stopped at %2 (ideal %3 s)")
                         .arg(name, secondsText(h.wallS), idealText(h.idealS));
        else
            parts << QStringLiteral("%1: %2 (ideal %3 s, overrun %4 ms)")
                         .arg(
                             name, secondsText(h.wallS), idealText(h.idealS),
                             QString::number(h.overrunMs, 'f', std::abs(h.overrunMs) < 10 ? 3 : 1));
    }
    if (const double s = r.speedUp(); s > 0 && (nowS < 0 || nowS >= r.groups.front()->health.wallS))
        parts << QStringLiteral("speed-up %1×").arg(QString::number(s, 'f', 2));
    return parts.join(QStringLiteral("   ·   "));
}

void ChartRenderer::paintGrid(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                              const ChartPalette &palette) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(palette.grid, 1));
    for (double t : axis.ticks(90)) {
        const double x = axis.xForTime(t);
        if (x >= rect.left() - 0.5 && x <= rect.right() + 0.5)
            p.drawLine(QLineF(x, rect.top(), x, rect.bottom()));
    }
    p.restore();
}

QList<QPair<double, QString>> ChartRenderer::timeAxisLabels(const TimeAxis &axis, const QFont &f) {
    const QFontMetricsF fm(f);
    const double minPx = std::max(90.0, fm.horizontalAdvance(QStringLiteral("000.000 s")) * 1.3);
    // The widest label at a step (the view's end has the most digits) plus a gap of "0".
    const auto labelPixels = [&](double step) {
        return fm.horizontalAdvance(TimeAxis::tickLabel(axis.viewEnd(), step) + u'0');
    };
    const double step = axis.labelStep(minPx, labelPixels);
    QList<QPair<double, QString>> out;
    for (double t : axis.ticksAtStep(step))
        out.append({t, TimeAxis::tickLabel(t, step)});
    return out;
}

void ChartRenderer::paintTimeAxis(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                                  const ChartPalette &palette, const QFont &f, bool labelsBelow) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const double tick = std::max(4.0, rect.height() * 0.18);
    const double edge = labelsBelow ? rect.top() : rect.bottom();
    p.setPen(QPen(palette.mutedText, 1));
    p.drawLine(QLineF(axis.xForTime(axis.viewStart()), edge, axis.xForTime(axis.viewEnd()), edge));
    for (const auto &[t, label] : timeAxisLabels(axis, f)) {
        const double x = axis.xForTime(t);
        if (x < rect.left() - 0.5 || x > rect.right() + 0.5)
            continue;
        p.setPen(QPen(palette.mutedText, 1));
        p.drawLine(QLineF(x, edge, x, labelsBelow ? edge + tick : edge - tick));
        const double w = fm.horizontalAdvance(label);
        // Keep the first and last labels inside the rectangle.
        const double lx = std::clamp(x - w / 2, rect.left(), rect.right() - w);
        const double ly =
            labelsBelow ? edge + tick + fm.ascent() + 2 : edge - tick - fm.descent() - 2;
        p.setPen(palette.text);
        p.drawText(QPointF(lx, ly), label);
    }
    p.restore();
}

void ChartRenderer::paintNowCursor(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                                   double nowS, const ChartPalette &palette) {
    const double x = axis.xForTime(nowS);
    if (nowS < 0 || x < rect.left() || x > rect.right())
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(palette.nowCursor, 2));
    p.drawLine(QLineF(x, rect.top(), x, rect.bottom()));
    p.restore();
}

void ChartRenderer::paintDensity(QPainter &p, const QRectF &rect, const TimeAxis &axis,
                                 const YieldDensity &d, const ChartPalette &palette,
                                 const QColor &color) {
    if (d.counts.empty())
        return;
    p.save();
    p.setClipRect(rect, Qt::IntersectClip);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor c = color;
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    const double binS = (d.endS - d.startS) / double(d.counts.size());
    const double peak = std::max<quint32>(1, d.peak);
    // One bar per pixel column at most: merge bins that share a column (max of them).
    double lastX = -1e300;
    quint32 acc = 0;
    double accX0 = -1e300;
    auto flush = [&](double x1) {
        if (acc == 0)
            return;
        const double h = std::max(1.0, rect.height() * double(acc) / peak);
        p.drawRect(QRectF(accX0, rect.bottom() - h, std::max(1.0, x1 - accX0), h));
    };
    for (size_t i = 0; i < d.counts.size(); ++i) {
        const double x0 = axis.xForTime(d.startS + binS * double(i));
        const double x1 = axis.xForTime(d.startS + binS * double(i + 1));
        if (x1 < rect.left() || x0 > rect.right())
            continue;
        if (std::floor(x0) > std::floor(accX0)) {
            flush(x0);
            acc = 0;
            accX0 = x0;
        }
        acc = std::max(acc, d.counts[i]);
        lastX = x1;
    }
    flush(lastX);
    p.setPen(QPen(palette.laneSeparator, 1));
    p.drawLine(QLineF(rect.left(), rect.bottom(), rect.right(), rect.bottom()));
    p.restore();
}

QSizeF ChartRenderer::pageSize(const RunRecord &record, const ChartOptions &options) {
    const Layout l = makeLayout(record, options, kPageWidth, 0);
    return QSizeF(kPageWidth, std::ceil(l.chromeHeight() + l.lanes() * l.laneH));
}

void ChartRenderer::paint(QPainter &p, const QRectF &rect, const RunRecord &record,
                          const ChartOptions &o) {
    const Layout l = makeLayout(record, o, rect.width(), rect.height());
    const double u = l.u;
    const ChartPalette &pal = o.palette;
    p.save();
    p.setClipRect(rect, Qt::IntersectClip);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(rect, pal.background);

    const double left = rect.left() + l.margin;
    const double right = rect.right() - l.margin;
    double y = rect.top() + l.margin;

    // Header: title, parameters, legend.
    p.setPen(pal.text);
    p.setFont(font(o, 30 * u, true));
    p.drawText(QRectF(left, y, right - left, 42 * u), Qt::AlignLeft | Qt::AlignVCenter,
               o.title.isEmpty() ? title(record) : o.title);
    y += 44 * u;
    p.setPen(pal.mutedText);
    p.setFont(font(o, 16 * u));
    p.drawText(QRectF(left, y, right - left, 24 * u), Qt::AlignLeft | Qt::AlignVCenter,
               parametersLine(record));
    y += 34 * u;
    const Framing framed = framing(record, o);
    if (!framed.note.isEmpty()) {
        // The axis is not the whole run's: say which part and why, before anything is read.
        QFont nf = font(o, 15 * u);
        nf.setItalic(true);
        p.setFont(nf);
        p.drawText(QRectF(left, y - 6 * u, right - left, 24 * u), Qt::AlignLeft | Qt::AlignVCenter,
                   framed.note);
        y += 26 * u;
    }
    drawLegend(p, QPointF(left, y + 14 * u), o, record, u);
    StateLegend::paint(p, QRectF(left, y + 30 * u, right - left, l.stateLegendH), StateStyle(pal),
                       font(o, 14 * u), u);
    y = rect.top() + l.margin + l.headerH;

    const double plotLeft = left + l.labelW;
    const double plotRight = right - l.endRoom;
    TimeAxis axis(framed.startS, framed.endS, plotLeft, plotRight - plotLeft);

    double groupsHeight = 0;
    for (const Layout::Group &g : l.groups)
        groupsHeight += l.groupHeight(g);
    const QRectF plotArea(plotLeft, y, plotRight - plotLeft, groupsHeight);
    paintGrid(p, plotArea, axis, pal);

    LanePainter lanes(pal);
    QFont laneFont = font(o, 14 * u);
    lanes.setFont(laneFont);
    const QFont labelFont = font(o, std::clamp(l.laneH * 0.36, 11 * u, 15 * u));
    for (const Layout::Group &lg : l.groups) {
        const GroupRecord &g = *lg.record;
        const QColor c = pal.groupColor(record, g);
        // Group header: a coloured bar, its name as text, and its figures on the right.
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(QRectF(left, y + 8 * u, 6 * u, l.groupHeaderH - 14 * u), c);
        p.setPen(c);
        QFont hf = font(o, 21 * u, true);
        p.setFont(hf);
        const QString name = groupTitle(record, g);
        p.drawText(QRectF(left + 14 * u, y, right - left, l.groupHeaderH - 4 * u),
                   Qt::AlignLeft | Qt::AlignVCenter, name);
        const double nameW = QFontMetricsF(hf).horizontalAdvance(name);
        p.setPen(pal.mutedText);
        p.setFont(font(o, 15 * u));
        QString sub = groupHeaderText(record, g, o.nowS);
        // The idle share of the loop's timeline the lane below draws (computed once for
        // both; as far as the lane is drawn: a 1,000,000 task chart spent seconds here,
        // minutes under ASan, before LanePainter capped it).
        if (g.isDone() && o.nowS < 0)
            if (const auto loop = lanes.loopSnapshot(g, record.params))
                sub += QStringLiteral(" · ") + loopIdleText(loop->use);
        p.drawText(QRectF(left + 26 * u + nameW, y, right - left, l.groupHeaderH - 4 * u),
                   Qt::AlignLeft | Qt::AlignVCenter, sub);
        y += l.groupHeaderH;
        // The event loop's own lane: who held its one thread when, and its idle gaps.
        lanes.paintLoop(p, QRectF(plotLeft, y + 5 * u, plotRight - plotLeft, l.loopH - 10 * u),
                        axis, g, record.params, o.nowS);
        p.setPen(pal.mutedText);
        p.setFont(labelFont);
        p.drawText(QRectF(left, y, l.labelW - 12 * u, l.loopH), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("event loop"));
        y += l.loopH;

        if (lg.truncated) {
            const QRectF strip(plotLeft, y + 4 * u, plotRight - plotLeft, l.densityH - 10 * u);
            const YieldDensity d = YieldDensity::compute(g, axis.viewStart(), axis.viewEnd(),
                                                         int(strip.width() / u), o.nowS);
            paintDensity(p, strip, axis, d, pal, c);
            p.setPen(pal.mutedText);
            // "all 100,000 tasks" wraps to a third line at 13 px: the size that fits the strip.
            const QRectF box(left, strip.top(), l.labelW - 10 * u, strip.height());
            const QString label = QStringLiteral("yields of\nall %1 tasks").arg(grouped(g.tasks()));
            const int flags = Qt::AlignRight | Qt::AlignVCenter | Qt::TextWordWrap;
            QFont lf = font(o, 13 * u);
            for (double px = 13 * u; px > 7 * u; px -= 0.5 * u) {
                lf = font(o, px);
                const QRectF need = QFontMetricsF(lf).boundingRect(box, flags, label);
                if (need.height() <= box.height() && need.width() <= box.width())
                    break;
            }
            p.setFont(lf);
            p.drawText(box, flags, label);
            y += l.densityH;
        }

        for (int i = 0; i < lg.shown; ++i) {
            const int task = lg.first + i;
            const QRectF lane(plotLeft, y, plotRight - plotLeft + l.endRoom, l.laneH);
            LaneOptions lo;
            lo.nowS = o.nowS;
            lo.alternate = i % 2 == 1;
            lo.beside = isBesideGroup(record, g);
            lanes.paint(p, lane, axis, g, task, record.params, lo);
            p.setPen(pal.text);
            p.setFont(labelFont);
            p.drawText(QRectF(left, y, l.labelW - 12 * u, l.laneH),
                       Qt::AlignRight | Qt::AlignVCenter, laneName(record.params, g, task));
            y += l.laneH;
        }
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(pal.laneSeparator, 1));
        p.drawLine(QLineF(plotLeft, y, plotRight, y));
        if (lg.truncated) {
            const int hidden = g.tasks() - lg.shown;
            p.setPen(pal.mutedText);
            QFont nf = font(o, 14 * u);
            nf.setItalic(true);
            p.setFont(nf);
            const QString range =
                lg.first == 0 && hidden > 0
                    ? QStringLiteral(" (tasks %1 … %2)").arg(lg.shown).arg(g.tasks() - 1)
                    : QString();
            p.drawText(QRectF(plotLeft, y, plotRight - plotLeft, l.noteH),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       QStringLiteral(
                           "%1 lanes not drawn%2; the strip above counts the yields of all tasks")
                           .arg(grouped(hidden), range));
            y += l.noteH;
        }
        y += l.groupGap;
    }
    if (o.nowS >= 0)
        paintNowCursor(p,
                       QRectF(plotLeft, plotArea.top(), plotRight - plotLeft, y - plotArea.top()),
                       axis, o.nowS, pal);

    const QRectF axisRect(plotLeft, y - l.groupGap / 2, plotRight - plotLeft, l.axisH);
    paintTimeAxis(p, axisRect, axis, pal, font(o, 15 * u), true);
    p.setPen(pal.mutedText);
    p.setFont(font(o, 14 * u));
    p.drawText(QRectF(left, axisRect.top(), l.labelW - 12 * u, l.axisH),
               Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("time"));
    y = axisRect.bottom();

    p.setPen(pal.text);
    p.setFont(font(o, 19 * u, true));
    p.drawText(QRectF(left, y, right - left, l.resultsH), Qt::AlignLeft | Qt::AlignVCenter,
               resultsLine(record, o.nowS));
    p.restore();
}

} // namespace coroscope
