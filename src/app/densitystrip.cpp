// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "densitystrip.h"

#include "lanemodel.h"
#include "poolpriority.h"
#include "render/chartrenderer.h"
#include "timelineview.h"

#include <QLocale>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

namespace coroscope {

namespace {
constexpr int kRowHeight = 30;
}

DensityStrip::DensityStrip(TimelineView *view, QWidget *parent)
    : QWidget(parent)
    , m_view(view) {
    setObjectName(QStringLiteral("densityStrip"));
    setAccessibleName(QStringLiteral("Yield density overview"));
    setToolTip(QStringLiteral("How many yields happened in each moment, across all tasks"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(view, &TimelineView::axisChanged, this, qOverload<>(&QWidget::update));
    m_pool.setMaxThreadCount(1);
    connect(&m_recount, &QFutureWatcherBase::finished, this, &DensityStrip::takeRecount);
}

DensityStrip::~DensityStrip() {
    dropRecount();
}

QSize DensityStrip::sizeHint() const {
    return QSize(200, kRowHeight * std::max<int>(1, int(m_densities.size())) + 4);
}

void DensityStrip::clear() {
    dropRecount();
    m_densities.clear();
    updateGeometry();
    update();
}

void DensityStrip::recompute(double nowS, double endS) {
    dropRecount();
    m_densities.clear();
    const LaneModel *model = m_view->laneModel();
    if (!model || !model->record())
        return clear();
    // Fine bins over the whole domain; the axis then zooms without recounting.
    const TimeAxis &axis = m_view->axis();
    for (const auto &g : model->record()->groups)
        m_densities.push_back(YieldDensity::compute(
            *g, axis.domainStart(), endS < 0 ? axis.domainEnd() : endS, kBins, nowS));
    updateGeometry();
    update();
}

void DensityStrip::extendLive() {
    dropRecount();
    const LaneModel *model = m_view->laneModel();
    const TimeAxis &axis = m_view->axis();
    // Counted over the same domain since the run began: only the yields since are counted.
    if (model && model->record() && m_densities.size() == model->record()->groups.size() &&
        std::all_of(m_densities.begin(), m_densities.end(), [&](const YieldDensity &d) {
            return d.startS == axis.domainStart() && d.endS == axis.domainEnd();
        })) {
        for (size_t i = 0; i < m_densities.size(); ++i)
            m_densities[i].extend(*model->record()->groups[i]);
        update();
        return;
    }
    recompute(-1);
}

void DensityStrip::setDensities(std::vector<YieldDensity> densities) {
    const LaneModel *model = m_view->laneModel();
    const TimeAxis &axis = m_view->axis();
    const bool fits = model && model->record() &&
                      densities.size() == model->record()->groups.size() &&
                      std::all_of(densities.begin(), densities.end(), [&](const YieldDensity &d) {
                          return d.startS == axis.domainStart() && d.endS == axis.domainEnd() &&
                                 d.counts.size() == size_t(kBins);
                      });
    if (!fits)
        return recompute(-1);
    dropRecount();
    m_densities = std::move(densities);
    updateGeometry();
    update();
}

void DensityStrip::recountInBackground(double endS, Meanwhile meanwhile,
                                       std::shared_ptr<const RunRecord> keep) {
    const LaneModel *model = m_view->laneModel();
    if (keep && keep.get() != (model ? model->record() : nullptr))
        return letGo(std::move(keep)); // not the record shown (any more)
    if (keep && m_recountPending) {    // an older snapshot's count goes on: this one next
        letGo(std::exchange(m_next, Next{endS, std::move(keep)}).keep);
        return;
    }
    if (meanwhile == Meanwhile::Extend)
        extendLive(); // what the axis holds, at once
    else
        dropRecount();
    if (!model || !model->record())
        return;
    const RunRecord *record = model->record();
    const double startS = m_view->axis().domainStart();
    m_recountPending = true;
    // keep, when given, is let go on the pool's thread with the job: never here.
    // Batch, not Idle, even beside a watched program that keeps a core busy: an idle-class
    // thread gets no time at all while both cores are taken (a test beside two busy loops
    // saw the strip counted only at the program's end), and this job is short.
    m_recount.setFuture(QtConcurrent::run(&m_pool, [record, startS, endS, keep = std::move(keep)] {
        givePoolThreadWay(PoolWay::Batch);
        std::vector<YieldDensity> out;
        out.reserve(record->groups.size());
        for (const auto &g : record->groups)
            out.push_back(YieldDensity::compute(*g, startS, endS, kBins));
        return out;
    }));
}

void DensityStrip::letGo(std::shared_ptr<const RunRecord> record) {
    if (record) // freeing a snapshot of 100,000 tasks takes tens of ms
        m_pool.start([r = std::move(record)] { /* the last owner frees it here */ });
}

void DensityStrip::dropRecount() {
    letGo(std::exchange(m_next, {}).keep);
    if (!m_recountPending)
        return;
    m_recountPending = false;
    m_recount.waitForFinished();
}

void DensityStrip::takeRecount() {
    // A late signal of a dropped recount finds none pending, or a newer one not done yet.
    if (!m_recountPending || m_recount.future().resultCount() == 0)
        return;
    m_recountPending = false;
    m_densities = m_recount.future().takeResult();
    updateGeometry();
    update();
    if (Next next = std::exchange(m_next, {}); next.keep)
        recountInBackground(next.endS, Meanwhile::Keep, std::move(next.keep));
}

void DensityStrip::paintEvent(QPaintEvent *) {
    QPainter p(this);
    const ChartPalette &pal = m_view->chartPalette();
    p.fillRect(rect(), pal.background);
    const LaneModel *model = m_view->laneModel();
    if (!model || !model->record())
        return;
    // The strip sits above the view: shift the axis by the viewport's offset.
    // (The strip is the view's sibling: map both through the window.)
    const int dx =
        m_view->viewport()->mapTo(window(), QPoint(0, 0)).x() - mapTo(window(), QPoint(0, 0)).x();
    TimeAxis axis = m_view->axis();
    axis.setPixelSpan(axis.x0() + dx, axis.width());
    const QRect timeline = m_view->timelineRect().translated(dx, 0);
    int y = 2;
    for (size_t i = 0; i < m_densities.size() && i < model->record()->groups.size(); ++i) {
        const GroupRecord &g = *model->record()->groups[i];
        const QRectF strip(timeline.left(), y + 3, timeline.width(), kRowHeight - 6);
        ChartRenderer::paintDensity(p, strip, axis, m_densities[i], pal,
                                    pal.groupColor(*model->record(), g));
        p.setPen(pal.mutedText);
        p.drawText(QRect(4, y, timeline.left() - 10, kRowHeight), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1: all %2")
                       .arg(ChartRenderer::groupTitle(*model->record(), g), countText(g.tasks())));
        y += kRowHeight;
    }
}

} // namespace coroscope
