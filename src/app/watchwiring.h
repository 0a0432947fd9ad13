// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"
#include "watch/watchhost.h"

#include <QObject>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace coroscope {

class OutputPanel;
class LiveBeside;
class RunController;
struct RunRecord;

/*!
 * \brief The window's Python side: File → Watch Python program…, the Output dock with the
 * program's stdout and stderr, and Run → Run beside it in QCoro (issue 14: the watched
 * program's shape run by Coroscope, then both on one axis).
 *
 * It starts what the RunController runs (a watched program, the QCoro run beside it) and
 * keeps what belongs to them (the options last watched, the watched lanes' copy while
 * QCoro runs beside them); the window shows the records. What it asks of the window is in
 * Window: the views let go of a record before the controller drops it, a record is shown,
 * the actions and status bar follow.
 *
 * \code
 * auto *python = new WatchWiring(window, controller, hooks, fileMenu, openAction, runMenu,
 *                                viewMenu);
 * python->watchPython(options); // the lanes fill live; Stop interrupts the program
 * \endcode
 */
class WatchWiring : public QObject {
    Q_OBJECT
public:
    //! What the window does for it.
    struct Window {
        //! The views let go of the record shown (before the controller drops it).
        std::function<void()> releaseViews;
        //! Shows \a record (null: none yet) with its panels.
        std::function<void(const RunRecord *record)> showRecord;
        //! Whether a worker holds the record shown (nothing may replace it then).
        std::function<bool()> busy;
        //! The frame timer at the screen's rate, before a run starts.
        std::function<void()> pollAtScreenRate;
        //! The actions and the status bar after a start.
        std::function<void()> started;
        //! A first frame of QCoro's run beside (the lanes, the clock).
        std::function<void()> frame;
        //! The Parameters panel shows \a params (a side-by-side record's).
        std::function<void(const RunParams &params)> showParams;
        //! A line in the status bar for \a ms.
        std::function<void(const QString &line, int ms)> say;
    };

    WatchWiring(QMainWindow *window, RunController *controller, Window hooks, QMenu *fileMenu,
                QAction *insertBefore, QMenu *runMenu, QMenu *viewMenu);
    ~WatchWiring() override;

    //! See MainWindow::watchPython().
    bool watchPython(const watch::WatchOptions &options);
    //! See MainWindow::runBeside().
    bool runBeside();
    //! Asks what to watch (File → Watch Python program…); tests supply the answer.
    using WatchAsker = std::function<bool(watch::WatchOptions &)>;
    void setAsker(WatchAsker asker) { m_ask = std::move(asker); }

    OutputPanel *output() const { return m_output; }
    //! The script last watched, as given.
    QString lastScript() const { return m_lastWatch.script; }
    //! Run beside it: enabled for a watched program's finished lanes, when a run may start.
    void updateAction(const RunRecord *shown, bool canStart);

    //! Stop was asked while the program runs: says so in the Output panel.
    void noteStop();
    //! The watched program ended: says how in the Output panel.
    void noteEnd(const watch::WatchSnapshot &end);
    //! Whether the run that ended is QCoro's beside a watched program.
    bool besideEnded() const;
    //! Makes the watched lanes and QCoro's run beside them one record (the controller's
    //! opened record) and shows it.
    void showBeside();
    //! Whatever comes next is not a run beside the watched program.
    void forgetBeside();
    //! While QCoro runs beside the watched program: the record the lanes show (both groups,
    //! the second live); null otherwise.
    const RunRecord *liveBeside() const;

private:
    void askAndWatch();

    QMainWindow *m_window;
    RunController *m_controller;
    Window m_hooks;
    OutputPanel *m_output = nullptr;
    QDockWidget *m_outputDock = nullptr;
    QAction *m_besideAction = nullptr;
    watch::WatchOptions m_lastWatch;
    WatchAsker m_ask;
    //! The watched program's lanes (a copy) while QCoro runs its shape beside it.
    std::unique_ptr<RunRecord> m_besideOf;
    //! What the lanes show meanwhile: m_besideOf's group above the live QCoro group.
    //! Declared after m_besideOf: it borrows from it, so it goes first.
    std::unique_ptr<LiveBeside> m_live;
};

} // namespace coroscope
