// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "lessonpositions.h"

#include <QObject>

class QDockWidget;
class QMainWindow;
class QMenu;
class QModelIndex;

namespace coroscope {

class CodePanel;
class ParametersPanel;
class RunController;
class TimelineView;

/*!
 * \brief The Code dock's wiring: the lesson's sources (CodePanel) in a dock of the window,
 * the lines where the tasks are at the time shown, counted, and the jumps to the line of
 * the lane made current or of the dot clicked.
 *
 * It reads what is shown from the RunController (the record, its state, the run's clock,
 * the view time) and the scenario picked in the ParametersPanel; the window calls
 * update() when the time shown or the record changes.
 *
 * \code
 * auto *code = new CodeDock(window, controller, parametersPanel, timelineView, viewMenu);
 * code->update(); // once a frame while a lesson runs
 * \endcode
 */
class CodeDock : public QObject {
    Q_OBJECT
public:
    CodeDock(QMainWindow *window, RunController *controller, ParametersPanel *parameters,
             TimelineView *timeline, QMenu *viewMenu);

    CodePanel *panel() const { return m_code; }
    QDockWidget *dock() const { return m_dock; }

    //! The scenario shown (the record's, else the picker's) and, at the view time, how
    //! many tasks are at each marked line.
    void update();
    //! Where the tasks of \a r are at the view time, counted once a moment (finished
    //! records are remembered; see LessonCountsMemo).
    const QHash<QString, int> &tagCounts(const RunRecord &r);
    //! Counts made on a worker for the record just adopted (its end).
    void rememberEndCounts(QHash<QString, int> counts);

    //! The lane made current: the code jumps to the line its task is at.
    void showLane(const QModelIndex &lane);
    //! A clicked dot: the line its task was at when it yielded (the position right after
    //! its wake: where the lane goes on from the dot).
    void showDot(const QModelIndex &lane, int yield);

private:
    //! The lab record shown, or null (none, or a watched program's).
    const RunRecord *labRecord() const;
    //! The script of the program being watched or whose record is shown, or empty.
    QString watchedProgram() const;
    //! The line the task of \a lane is at at \a tNs (its group's time).
    void showTask(const QModelIndex &lane, qint64 tNs);

    RunController *m_controller;
    ParametersPanel *m_parameters;
    CodePanel *m_code;
    QDockWidget *m_dock;
    LessonCountsMemo m_counts;
};

} // namespace coroscope
