// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "statusline.h"

#include "backgroundwork.h"
#include "lanemodel.h"
#include "runcontroller.h"
#include "steadylabel.h"

#include <QFontDatabase>
#include <QLabel>
#include <QStatusBar>

namespace coroscope {

StatusLine::StatusLine(QStatusBar *bar, QObject *parent)
    : QObject(parent) {
    m_clock = new QLabel(bar);
    m_clock->setObjectName(QStringLiteral("clockLabel"));
    m_clock->setAccessibleName(QStringLiteral("Elapsed time"));
    m_clock->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yields = new QLabel(bar);
    m_yields->setObjectName(QStringLiteral("yieldsLabel"));
    m_yields->setAccessibleName(QStringLiteral("Yields so far"));
    m_state = new QLabel(bar);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_state->setAccessibleName(QStringLiteral("Run state"));
    bar->addWidget(m_state);
    bar->addWidget(m_clock);
    bar->addWidget(m_yields);
}

QString StatusLine::clockText(double s) {
    const int minutes = int(s / 60);
    return QStringLiteral("%1:%2")
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(QString::number(s - minutes * 60, 'f', 3).rightJustified(6, QLatin1Char('0')));
}

void StatusLine::update(const RunController &c, const BackgroundWork *work) {
    const RunStatus s = c.state();
    const RunHost *run = c.run();
    QString text = statusName(s);
    if (s == RunStatus::Running && c.stopRequested())
        text = QStringLiteral("stopping");
    if (const watch::WatchHost *w = c.watchHost())
        text = QStringLiteral("watching %1 (%2)").arg(w->scriptName(), text);
    if (c.opened())
        text = QStringLiteral("opened (%1)").arg(text);
    // Which clock runs: the lesson clock's times are virtual (idle waits skipped).
    if (run && run->clock() == Clock::Virtual)
        text += c.hasLessonClock() && c.isPaused()
                    ? QStringLiteral(", virtual clock, paused")
                    : QStringLiteral(", virtual clock %1×").arg(c.speed());
    else if (s == RunStatus::Running)
        text += QStringLiteral(", real clock");
    if (c.isReplaying())
        text += QStringLiteral(", replay");
    if (work && work->busy()) // "opening run.json…": the window is not idle
        text = work->what().replace(0, 1, work->what().left(1).toLower()) + QStringLiteral("…");
    setSteadyText(m_state, QStringLiteral("State: ") + text);
    const RunRecord *r = c.record();
    const double viewS = c.viewPosition();
    double t = 0;
    if (s == RunStatus::Running)
        t = c.runTime();
    else if (viewS >= 0)
        t = viewS;
    else if (r)
        t = run ? c.runTime() : c.endTime();
    setSteadyText(m_clock, clockText(t));
    qint64 yields = 0;
    qint64 total = 0;
    // Replaying or scrubbed: the yields up to the moment shown, as the lanes show them.
    const YieldTally &tally = c.tally();
    const bool atMoment = s != RunStatus::Running && viewS >= 0 && tally.record() == r;
    if (r)
        for (size_t g = 0; g < r->groups.size(); ++g) {
            yields += atMoment ? tally.yieldsAt(int(g), viewS) : r->groups[g]->yields();
            total += LaneModel::yieldsToCome(r->params, *r->groups[g]);
        }
    setSteadyText(m_yields,
                  QStringLiteral("Yields: %1 of %2").arg(countText(yields), countText(total)));
}

} // namespace coroscope
