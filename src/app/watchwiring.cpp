// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchwiring.h"

#include "outputpanel.h"
#include "runcontroller.h"
#include "watchdialog.h"

#include "model/sidebyside.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>

#include <algorithm>
#include <utility>

namespace coroscope {

WatchWiring::WatchWiring(QMainWindow *window, RunController *controller, Window hooks,
                         QMenu *fileMenu, QAction *insertBefore, QMenu *runMenu, QMenu *viewMenu)
    : QObject(window)
    , m_window(window)
    , m_controller(controller)
    , m_hooks(std::move(hooks)) {
    // Watching a Python program: File → Watch Python program…, its output in a dock.
    auto *watchAction = new QAction(QStringLiteral("&Watch Python program…"), window);
    watchAction->setObjectName(QStringLiteral("actionWatchPython"));
    watchAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+W")));
    watchAction->setToolTip(
        QStringLiteral("Run an asyncio program of your own under Coroscope's tracer and watch "
                       "its tasks in the lanes (Ctrl+Shift+W)"));
    fileMenu->insertAction(insertBefore, watchAction);
    connect(watchAction, &QAction::triggered, this, &WatchWiring::askAndWatch);
    m_output = new OutputPanel(window);
    m_outputDock = new QDockWidget(QStringLiteral("Output"), window);
    m_outputDock->setObjectName(QStringLiteral("outputDock"));
    m_outputDock->setWidget(m_output);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_outputDock);
    m_outputDock->hide(); // until a program is watched
    viewMenu->addAction(m_outputDock->toggleViewAction());
    m_outputDock->toggleViewAction()->setToolTip(
        QStringLiteral("Show or hide a watched program's output"));
    connect(m_controller, &RunController::watchOutput, m_output, &OutputPanel::append);
    // A watched program's shape, run by Coroscope beside it (issue 14: side by side).
    m_besideAction = new QAction(QStringLiteral("Run &beside it in QCoro"), window);
    m_besideAction->setObjectName(QStringLiteral("actionRunBeside"));
    m_besideAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+B")));
    m_besideAction->setToolTip(
        QStringLiteral("Run the watched program's shape (tasks, values, sleep) in QCoro and "
                       "show both on one axis (Ctrl+Shift+B)"));
    runMenu->addSeparator();
    runMenu->addAction(m_besideAction);
    connect(m_besideAction, &QAction::triggered, this, [this] { runBeside(); });
    m_ask = [window](watch::WatchOptions &o) {
        WatchDialog dialog(window);
        dialog.setOptions(o);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        o = dialog.options();
        return true;
    };
}

WatchWiring::~WatchWiring() = default;

bool WatchWiring::watchPython(const watch::WatchOptions &options) {
    if (!m_controller->canStart() || m_hooks.busy()) {
        m_hooks.say(QStringLiteral("Cannot watch now: a run is going on (Stop it first)"), 8000);
        return false;
    }
    m_hooks.releaseViews();
    m_lastWatch = options;
    m_output->clearOutput();
    m_output->note(QStringLiteral("— watching %1%2 —")
                       .arg(QDir::toNativeSeparators(options.script),
                            options.arguments.isEmpty()
                                ? QString()
                                : QLatin1Char(' ') + options.arguments.join(QLatin1Char(' '))));
    if (!m_outputDock->isVisible()) {
        m_outputDock->show();
        // A strip for a few lines: the lanes keep the room.
        m_window->resizeDocks({m_outputDock}, {std::max(100, m_window->height() / 6)},
                              Qt::Vertical);
    }
    m_hooks.pollAtScreenRate();
    m_controller->watch(options);
    m_hooks.showRecord(nullptr);
    m_hooks.started();
    return true;
}

void WatchWiring::askAndWatch() {
    watch::WatchOptions o = m_lastWatch;
    if (m_ask && m_ask(o))
        watchPython(o);
}

bool WatchWiring::runBeside() {
    const RunRecord *r = m_controller->record();
    if (!r || !canRunBeside(*r) || !m_controller->canStart() || m_hooks.busy() ||
        m_controller->state() == RunStatus::Running) {
        m_hooks.say(QStringLiteral("Run beside needs a watched program's finished lanes"), 8000);
        return false;
    }
    // The watched lanes outlive the controller's letting go of them: a copy of our own.
    auto watched = std::make_unique<RunRecord>();
    watched->params = r->params;
    watched->app = r->app;
    watched->source = r->source;
    watched->groups.push_back(copyGroup(*r->groups.front()));
    const RunParams p = sideBySideParams(*watched);
    m_hooks.releaseViews();
    m_besideOf = std::move(watched);
    m_hooks.pollAtScreenRate();
    m_controller->start(p);
    // Both groups on one axis from the start: the watched lanes above, QCoro's filling below.
    m_live = std::make_unique<LiveBeside>(*m_besideOf, m_controller->run()->record());
    m_hooks.showRecord(&m_live->record());
    m_hooks.say(QStringLiteral("Running %1 tasks × %2 values, %3 s sleeps in QCoro beside the "
                               "watched program")
                    .arg(p.tasks)
                    .arg(p.values)
                    .arg(p.delaySeconds),
                8000);
    m_hooks.started();
    m_hooks.frame();
    return true;
}

bool WatchWiring::besideEnded() const {
    return m_besideOf && m_controller->run();
}

void WatchWiring::showBeside() {
    std::unique_ptr<RunRecord> both = sideBySideRecord(*m_besideOf, *m_controller->record());
    m_hooks.releaseViews(); // the views let go of m_live first, then forgetBeside() drops it
    m_controller->adopt(std::move(both));
    const RunRecord *shown = m_controller->opened();
    m_hooks.showParams(shown->params);
    m_hooks.showRecord(shown);
    m_hooks.say(sideBySideLine(*shown), 15000);
}

void WatchWiring::forgetBeside() {
    m_live.reset(); // it borrows from m_besideOf and the run
    m_besideOf.reset();
}

const RunRecord *WatchWiring::liveBeside() const {
    return m_live ? &m_live->record() : nullptr;
}

void WatchWiring::updateAction(const RunRecord *shown, bool canStart) {
    m_besideAction->setEnabled(canStart && shown && canRunBeside(*shown));
}

void WatchWiring::noteStop() {
    if (m_controller->watchHost() && m_controller->isRunning() && !m_controller->stopRequested())
        m_output->note(QStringLiteral("— Stop: interrupting the program (SIGINT) —"));
}

void WatchWiring::noteEnd(const watch::WatchSnapshot &end) {
    using Outcome = watch::PythonWatcher::Outcome;
    if (end.outcome == Outcome::Finished)
        m_output->note(QStringLiteral("— the program ended —"));
    else if (end.outcome == Outcome::Stopped)
        m_output->note(QStringLiteral("— stopped: what it did until then is kept —"));
    else
        m_output->note(QStringLiteral("— ") + end.error + QStringLiteral(" —"));
}

} // namespace coroscope
