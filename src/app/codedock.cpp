// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "codedock.h"

#include "codepanel.h"
#include "lanemodel.h"
#include "parameterspanel.h"
#include "runcontroller.h"
#include "timelineview.h"

#include <QAction>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QMenu>

#include <cmath>
#include <limits>

namespace coroscope {

CodeDock::CodeDock(QMainWindow *window, RunController *controller, ParametersPanel *parameters,
                   TimelineView *timeline, QMenu *viewMenu)
    : QObject(window)
    , m_controller(controller)
    , m_parameters(parameters) {
    // The lesson's code, as compiled and in Python, with the lines where tasks are now.
    m_code = new CodePanel(window);
    m_dock = new QDockWidget(QStringLiteral("Code"), window);
    m_dock->setObjectName(QStringLiteral("codeDock"));
    m_dock->setWidget(m_code);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    viewMenu->addAction(m_dock->toggleViewAction());
    m_dock->toggleViewAction()->setToolTip(
        QStringLiteral("Show or hide the lesson's code and where its tasks are"));
    connect(parameters, &ParametersPanel::changed, this, &CodeDock::update);
    connect(timeline->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &CodeDock::showLane);
    connect(timeline, &TimelineView::dotClicked, this, &CodeDock::showDot);
}

const RunRecord *CodeDock::labRecord() const {
    return m_controller->watchHost() ? nullptr : m_controller->record();
}

QString CodeDock::watchedProgram() const {
    if (const watch::WatchHost *host = m_controller->watchHost())
        return host->options().script;
    const RunRecord *r = m_controller->record();
    return r && r->source ? r->source->script : QString();
}

void CodeDock::update() {
    const RunRecord *r = labRecord();
    // A watched program's own text beside the lesson's (an opened record's too, where its
    // script is still on disk).
    m_code->setScenario(r ? r->params.scenario : m_parameters->params().scenario, watchedProgram());
    if (!r || r->params.scenario != m_code->scenario()) {
        m_code->showCounts({});
        return;
    }
    m_code->showCounts(tagCounts(*r));
}

const QHash<QString, int> &CodeDock::tagCounts(const RunRecord &r) {
    // At the end (or past it) the whole record counts, as the lanes show it.
    const bool running = m_controller->state() == RunStatus::Running;
    const double view = m_controller->viewTime();
    const double t = running                           ? m_controller->runTime()
                     : view >= m_controller->endTime() ? -1
                                                       : view;
    return m_counts.counts(r, m_controller->generation(), t, !running);
}

void CodeDock::rememberEndCounts(QHash<QString, int> counts) {
    m_counts.remember(m_controller->generation(), -1, std::move(counts));
}

void CodeDock::showLane(const QModelIndex &lane) {
    double t = m_controller->state() == RunStatus::Running ? m_controller->runTime()
                                                           : m_controller->viewTime();
    // A live run's clock in the lane's group's own time (a lab compare's second variant).
    if (const LaneRef ref = lane.data(LaneModel::LaneRole).value<LaneRef>(); ref.group)
        t = ref.group->groupTime(t);
    showTask(lane, t < 0 ? std::numeric_limits<qint64>::max() / 2 : std::llround(t * 1e9));
}

void CodeDock::showDot(const QModelIndex &lane, int yield) {
    const LaneRef ref = lane.data(LaneModel::LaneRole).value<LaneRef>();
    if (ref.group && ref.task >= 0 && yield >= 0 && yield < ref.group->count(ref.task))
        showTask(lane, ref.group->atNs(ref.task, yield));
}

void CodeDock::showTask(const QModelIndex &lane, qint64 tNs) {
    const RunRecord *r = labRecord();
    if (!r || !lane.isValid() || !lane.parent().isValid() ||
        r->params.scenario != m_code->scenario())
        return;
    const int group = lane.parent().row();
    if (group < 0 || size_t(group) >= r->groups.size() ||
        lane.row() >= r->groups[size_t(group)]->tasks())
        return;
    const GroupPositions at(r->params, *r->groups[size_t(group)], tNs);
    if (const QString tag = lessonTag(at.of(lane.row())); !tag.isEmpty())
        m_code->jumpTo(tag);
}

} // namespace coroscope
