// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "timelineview.h"

#include "lanedelegate.h"
#include "lanemodel.h"
#include "render/chartrenderer.h"
#include "timeaxisheader.h"

#include "io/numberformat.h"
#include "model/looptimeline.h"
#include "model/taskstates.h"

#include <QApplication>
#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {
// Room right of the axis for a lane's end-time label.
constexpr int kEndRoom = 76;
constexpr int kLeftPad = 6;
} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QTreeView(parent) {
    setObjectName(QStringLiteral("timelineView"));
    setHeader(new TimeAxisHeader(this));
    setItemDelegate(new LaneDelegate(this));
    // Every row is one lane tall: the view then never measures rows, whatever their number.
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setMouseTracking(true);
    setIndentation(14);
    setAllColumnsShowFocus(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setAccessibleName(QStringLiteral("Timeline"));
    setAccessibleDescription(QStringLiteral("One lane per task: each dot is a yielded value at "
                                            "the time it was yielded, its height the value"));
    header()->setStretchLastSection(true);
    header()->setSectionsMovable(false);
    connect(header(), &QHeaderView::sectionResized, this, [this] { updateAxisSpan(); });
    m_axis.setDomain(0, 10);
    applyPalette();
}

void TimelineView::setLaneModel(LaneModel *model) {
    m_model = model;
    m_lanes.clearCache();
    setModel(model);
    header()->setSectionResizeMode(0, QHeaderView::Interactive);
    header()->resizeSection(0, 150);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_hoverLane = QPersistentModelIndex();
        m_hoverYield = -1;
        // Another record: a lane's cached columns must not outlive the one they were of.
        m_lanes.clearCache();
        updateLaneHeight();
        expandGroupsThatFit();
    });
    // Yields arrived: repaint the lanes in view (a dataChanged() over every lane would cost
    // the view a visit per lane to find the rectangle it covers).
    connect(model, &LaneModel::lanesChanged, viewport(), qOverload<>(&QWidget::update));
    connect(model, &LaneModel::recordReplaced, this, [this] {
        m_lanes.clearCache();
        viewport()->update();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] { updateLaneHeight(); });
    expandGroupsThatFit();
    updateAxisSpan();
}

void TimelineView::expandGroupsThatFit() {
    int lanes = 0;
    for (int g = 0; m_model && g < m_model->rowCount(); ++g)
        lanes += m_model->rowCount(m_model->groupIndex(g));
    // QTreeView lays out every row of an expanded group at once, about 100 ns a row on a
    // 2-core machine: a million lanes would hold the window 100 ms. Bigger records open
    // with their groups collapsed (the overview strip shows all their yields); expanding
    // one is the user's choice.
    if (lanes <= kAutoExpandLanes)
        expandAll();
    else
        collapseAll();
}

QRect TimelineView::timelineRect() const {
    const int x = header()->sectionViewportPosition(LaneModel::TimelineColumn);
    return QRect(x, 0, header()->sectionSize(LaneModel::TimelineColumn), viewport()->height());
}

void TimelineView::updateAxisSpan() {
    const QRect r = timelineRect();
    m_axis.setPixelSpan(r.left() + kLeftPad, std::max(20, r.width() - kLeftPad - kEndRoom));
    header()->viewport()->update();
    viewport()->update();
    Q_EMIT axisChanged();
}

void TimelineView::setDomain(double endS, bool keepView) {
    if (keepView)
        m_axis.extendDomain(0, endS);
    else
        m_axis.setDomain(0, endS);
    header()->viewport()->update();
    viewport()->update();
    Q_EMIT axisChanged();
}

void TimelineView::zoomBy(double factor, double anchorX) {
    m_axis.zoom(factor, anchorX);
    header()->viewport()->update();
    viewport()->update();
    Q_EMIT axisChanged();
}

void TimelineView::panBy(double dx) {
    m_axis.pan(dx);
    header()->viewport()->update();
    viewport()->update();
    Q_EMIT axisChanged();
}

void TimelineView::resetZoom() {
    m_axis.resetView();
    header()->viewport()->update();
    viewport()->update();
    Q_EMIT axisChanged();
}

void TimelineView::setView(double startS, double endS) {
    m_axis.setView(startS, endS);
    header()->viewport()->update();
    viewport()->update();
    Q_EMIT axisChanged();
}

void TimelineView::setNow(double nowS) {
    if (nowS == m_nowS)
        return;
    m_nowS = nowS;
    header()->viewport()->update();
    viewport()->update();
}

double TimelineView::cursorTime() const {
    if (m_nowS >= 0 && m_model && m_model->record())
        for (const auto &g : m_model->record()->groups)
            if (g->status == RunStatus::Running)
                return g->groupTime(m_nowS);
    return m_nowS;
}

void TimelineView::paintEvent(QPaintEvent *event) {
    QTreeView::paintEvent(event);
    if (m_nowS < 0)
        return;
    QPainter p(viewport());
    ChartRenderer::paintNowCursor(p, timelineRect(), m_axis, cursorTime(), m_palette);
}

void TimelineView::wheelEvent(QWheelEvent *event) {
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        // 120 units = one notch = 25 % closer.
        zoomBy(std::pow(1.25, delta.y() / 120.0), event->position().x());
        event->accept();
        return;
    }
    if ((event->modifiers() & Qt::ShiftModifier) || delta.x() != 0) {
        const int d = delta.x() != 0 ? delta.x() : delta.y();
        panBy(-d / 120.0 * 60.0);
        event->accept();
        return;
    }
    QTreeView::wheelEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::LeftButton && timelineRect().contains(event->position().toPoint())) {
        m_dragging = true;
        m_dragX = event->position().x();
        m_pressPos = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    QTreeView::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event) {
    const QPoint pos = event->position().toPoint();
    if (m_dragging) {
        panBy(m_dragX - event->position().x());
        m_dragX = event->position().x();
        return;
    }
    // Highlight the dot under the pointer (repaint only the two rows involved).
    QPersistentModelIndex lane;
    int yield = -1;
    const QModelIndex idx = indexAt(pos);
    if (idx.isValid() && idx.column() == LaneModel::TimelineColumn) {
        const LaneRef ref = idx.data(LaneModel::LaneRole).value<LaneRef>();
        if (ref.group && ref.task >= 0) {
            yield = LanePainter::hitTest(pos, visualRect(idx), m_axis, *ref.group, ref.task,
                                         ref.record->params,
                                         ref.group->groupTime(m_model ? m_model->now() : -1));
            if (yield >= 0)
                lane = idx;
        }
    }
    if (lane != m_hoverLane || yield != m_hoverYield) {
        if (m_hoverLane.isValid())
            viewport()->update(visualRect(m_hoverLane));
        m_hoverLane = lane;
        m_hoverYield = yield;
        if (lane.isValid())
            viewport()->update(visualRect(lane));
    }
    QTreeView::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event) {
    if (m_dragging) {
        m_dragging = false;
        viewport()->unsetCursor();
        // Barely moved: a click, not a pan. On a dot, that yield is chosen.
        const QPoint pos = event->position().toPoint();
        if ((pos - m_pressPos).manhattanLength() < QApplication::startDragDistance()) {
            const QModelIndex idx = indexAt(pos);
            const LaneRef ref =
                idx.isValid() ? idx.data(LaneModel::LaneRole).value<LaneRef>() : LaneRef{};
            if (idx.column() == LaneModel::TimelineColumn && ref.group && ref.task >= 0) {
                const int yield = LanePainter::hitTest(
                    pos, visualRect(idx), m_axis, *ref.group, ref.task, ref.record->params,
                    ref.group->groupTime(m_model ? m_model->now() : -1));
                if (yield >= 0) {
                    QTreeView::mouseReleaseEvent(event);
                    Q_EMIT dotClicked(idx, yield);
                    return;
                }
            }
        }
    }
    QTreeView::mouseReleaseEvent(event);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event) {
    if (timelineRect().contains(event->position().toPoint())) {
        resetZoom();
        return;
    }
    QTreeView::mouseDoubleClickEvent(event);
}

void TimelineView::leaveEvent(QEvent *event) {
    if (m_hoverLane.isValid())
        viewport()->update(visualRect(m_hoverLane));
    m_hoverLane = QPersistentModelIndex();
    m_hoverYield = -1;
    QTreeView::leaveEvent(event);
}

QString TimelineView::schedulerPassText(const SchedulerPass &pass) {
    const double us = double(pass.toNs - pass.fromNs) / 1e3;
    return QStringLiteral("the scheduler: resumed %1 %2 in %3 µs")
        .arg(pass.resumed)
        .arg(pass.resumed == 1 ? QStringLiteral("task") : QStringLiteral("tasks"))
        .arg(QString::number(us, 'f', us < 10 ? 1 : 0));
}

QString TimelineView::loopToolTip(const LoopSnapshot *snapshot, const GroupRecord &g,
                                  const RunParams &params, double tS, double nowS) {
    if ((nowS >= 0 && tS > nowS) || tS < 0 || !snapshot)
        return {};
    const std::vector<LoopInterval> &loop = snapshot->timeline;
    const qint64 t = std::llround(tS * 1e9);
    QString text = QStringLiteral("event loop at %1 s: ").arg(QString::number(tS, 'f', 3));
    // Sorted by time and back to back: a binary search (a million-yield group's timeline
    // has millions of stretches).
    const auto it = std::partition_point(loop.begin(), loop.end(),
                                         [&](const LoopInterval &s) { return s.toNs <= t; });
    if (it != loop.end() && it->fromNs > t)
        return {};
    if (it == loop.end())
        return {};
    const QString who = it->task >= 0 ? laneName(params, g, it->task) : QStringLiteral("tasks");
    switch (it->activity) {
    case LoopActivity::Idle:
        text += QStringLiteral("idle, every task suspended or waiting");
        break;
    case LoopActivity::Resuming:
        text += QStringLiteral("owes %1 a resume (due, not yet resumed)").arg(who);
        break;
    case LoopActivity::Running:
        text += QStringLiteral("running %1's computation").arg(who);
        break;
    case LoopActivity::Blocked:
        text += QStringLiteral("blocked by %1's blocking call").arg(who);
        break;
    case LoopActivity::Scheduler:
        if (const SchedulerPass *pass = passAt(g, t))
            text += schedulerPassText(*pass);
        else
            text += StateStyle::schedulerName();
        break;
    }
    text += QStringLiteral(" (%1 … %2 s)")
                .arg(QString::number(double(it->fromNs) / 1e9, 'f', 3),
                     QString::number(double(it->toNs) / 1e9, 'f', 3));
    if (g.isDone() && snapshot->over)
        text += u'\n' + loopIdleText(snapshot->use);
    return text;
}

QString TimelineView::toolTipAt(const QPoint &pos) const {
    const QModelIndex idx = indexAt(pos);
    if (!idx.isValid())
        return {};
    const LaneRef ref = idx.data(LaneModel::LaneRole).value<LaneRef>();
    if (!ref.group)
        return {};
    const GroupRecord &g = *ref.group;
    const double nowS = g.groupTime(m_model ? m_model->now() : -1);
    if (ref.task < 0)
        return idx.column() == LaneModel::TimelineColumn
                   ? loopToolTip(m_lanes.loopSnapshot(g, ref.record->params).get(), g,
                                 ref.record->params, m_axis.timeForX(pos.x()), nowS)
                   : QString();
    if (idx.column() == LaneModel::TaskColumn) {
        QStringList values;
        for (double v : idx.data(LaneModel::ValuesRole).value<QList<double>>())
            values << yieldText(g, v, ref.record->params.maxValue);
        return QStringLiteral("%1 task %2 collected [%3]")
            .arg(ChartRenderer::groupTitle(*ref.record, g))
            .arg(ref.task)
            .arg(values.join(QStringLiteral(", ")));
    }
    // The task's state under the pointer (not past a replay's position), since when and why.
    const double t = m_axis.timeForX(pos.x());
    // Off the axis (its left pad, the end labels' room) no band is drawn: nothing to say.
    const bool onAxis = pos.x() >= m_axis.x0() && pos.x() <= m_axis.x0() + m_axis.width();
    const QString state =
        !onAxis || (nowS >= 0 && t > nowS)
            ? QString()
            : stateDescription(ref.record->params, g, ref.task, std::llround(t * 1e9),
                               m_nowS < 0 ? -1 : std::llround(g.groupTime(m_nowS) * 1e9));
    const int i =
        LanePainter::hitTest(pos, visualRect(idx), m_axis, g, ref.task, ref.record->params, nowS);
    if (i < 0)
        return state.isEmpty() ? QString()
                               : QStringLiteral("%1 task %2 at %3 s\n%4")
                                     .arg(ChartRenderer::groupTitle(*ref.record, g))
                                     .arg(ref.task)
                                     .arg(QString::number(t, 'f', 3), state);
    const double due = double(g.dueNs(ref.task, i)) / 1e9;
    const double at = double(g.atNs(ref.task, i)) / 1e9;
    const QString late = QString::number((at - due) * 1e3, 'f', 3);
    // A watched program's label (not a number): what it yielded, when and how late, in words.
    QString text =
        g.isLabel(ref.task, i)
            ? QStringLiteral("%1 task %2 yielded %3 at %4 s, %5 ms late\nvalue #%6 (a label)\n"
                             "due %7 s\nactual %8 s")
                  // One arg() call: a '%1' in the program's text stays text.
                  .arg(ChartRenderer::groupTitle(*ref.record, g), QString::number(ref.task),
                       g.labelText(g.value(ref.task, i)), QString::number(at, 'f', 3), late,
                       QString::number(i), QString::number(due, 'f', 6),
                       QString::number(at, 'f', 6))
            : QStringLiteral(
                  "%1 task %2, value #%3\nvalue %4\ndue %5 s\nactual %6 s\nlateness %7 ms")
                  .arg(ChartRenderer::groupTitle(*ref.record, g))
                  .arg(ref.task)
                  .arg(i)
                  .arg(valueText(g.value(ref.task, i), ref.record->params.maxValue, 4),
                       QString::number(due, 'f', 6), QString::number(at, 'f', 6), late);
    if (!state.isEmpty())
        text += QStringLiteral("\nstate: ") + state;
    return text;
}

bool TimelineView::viewportEvent(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            // Plain text always: a watched program's label ("'<b>'") is not markup.
            QToolTip::showText(help->globalPos(),
                               Qt::mightBeRichText(text) ? Qt::convertFromPlainText(text) : text,
                               viewport());
        return true;
    }
    return QTreeView::viewportEvent(event);
}

void TimelineView::changeEvent(QEvent *event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
    QTreeView::changeEvent(event);
}

void TimelineView::resizeEvent(QResizeEvent *event) {
    QTreeView::resizeEvent(event);
    updateLaneHeight();
    updateAxisSpan();
}

void TimelineView::updateLaneHeight() {
    int lanes = 0;
    int groups = 0;
    if (m_model)
        for (int g = 0; g < m_model->rowCount(); ++g) {
            ++groups;
            lanes += m_model->rowCount(m_model->groupIndex(g));
        }
    const int header = fontMetrics().height() * 2 + 8;
    const int avail = viewport()->height() - groups * header;
    const int h = lanes > 0 ? std::clamp(avail / lanes, 40, 120) : 44;
    // Uniform rows let the view skip measuring 100,000 rows; then the group rows are lanes too.
    const bool uniform = lanes > 2000;
    if (h == m_laneHeight && uniform == uniformRowHeights())
        return;
    m_laneHeight = h;
    m_groupHeight = uniform ? h : header;
    setUniformRowHeights(uniform);
    doItemsLayout();
}

void TimelineView::applyPalette() {
    m_palette = ChartPalette::fromPalette(palette());
    m_lanes.setPalette(m_palette);
    m_lanes.setFont(font());
    viewport()->update();
}

} // namespace coroscope
