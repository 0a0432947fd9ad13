// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "engine/run.h"
#include "engine/runhost.h"
#include "filefilters.h"
#include "render/chartexport.h"
#include "render/yielddensity.h"
#include "runcontroller.h"
#include "theme.h"
#include "windowoptions.h"
#include "yieldtally.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QMainWindow>

#include <functional>
#include <memory>

class QActionGroup;
class QLabel;

namespace Ui {
class MainWindow;
}

namespace coroscope {

class BackgroundWork;
class CodeDock;
class CodePanel;
class DensityStrip;
class LaneModel;
class OutputPanel;
class LessonClockControls;
class RecentFiles;
class RecordDrop;
class StatusLine;
class WorkProgress;
class ParametersPanel;
class TimelineView;
class WatchWiring;

/*!
 * \brief Coroscope's window: parameters, the live timeline, results, lateness, the
 * explanation, replay, the lesson clock, export and open.
 *
 * The window wires its parts together: a RunController holds the run (a RunHost, on a
 * thread of its own, so painting never makes it late) or the opened record, polls it at
 * the screen's rate (repaints are coalesced into frames, never one per yield), replays it
 * and keeps the time shown; the panels (parameters, results, explanation, lateness), the
 * replay bar and the lesson clock's controls show it and ask it to act. A run id guards
 * every callback so nothing of an old run reaches a new one or a closed window.
 */
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    //! Pre-fills the controls from the command line; \a given lists the options typed
    //! (e.g. "tasks", "mode"), which win over the saved settings. "seed" given while
    //! options.seedGiven is false means the default: a random seed for each run.
    void applyOptions(const WindowOptions &options, const QStringList &given);
    //! Writes \a files for the record shown (by ending); says what failed in a dialog
    //! (only on stderr when unattended). False if any file could not be written.
    bool writeExports(const QStringList &files);
    //! Unattended (--quit): no dialogs, no saved settings; errors go to stderr.
    void setUnattended(bool on) { m_unattended = on; }
    /*!
     * Asks for a file name as File → Export chart…, Export data… and Open run… do:
     * (caption, suggested path, filters, in/out selected filter) → path, empty if
     * cancelled. The default shows a QFileDialog; tests supply the answer.
     */
    using FileAsker =
        std::function<QString(const QString &, const QString &, const QString &, QString *)>;
    void setFileAsker(FileAsker asker) { m_askFile = std::move(asker); }
    //! Whether the last writeExports() failed for some file.
    bool exportsFailed() const { return m_exportsFailed; }
    //! Files to write when the next run ends (--export).
    void setExportsOnFinish(const QStringList &files) { m_exportsOnFinish = files; }
    //! The next run stops itself after \a seconds (--stop-after), timed on the run's thread.
    void setStopAfter(double seconds) { m_controller->setStopAfter(seconds); }

    //! Starts a run with the panel's parameters; false (and says why) if they cannot run.
    //! A run being stopped is let go first.
    bool startRun();
    //! Asks the run to stop; runEnded() follows once its thread has stopped it.
    void stopRun();
    /*!
     * Run → Run beside it in QCoro: the watched program shown, finished, gets Coroscope's
     * own run of its shape (tasks, values, typical sleep, relative timing); when that ends
     * both are one record, the asyncio lanes above the QCoro ones on one axis, both walls
     * and lateness side by side in Results. False (and says why) if it cannot start.
     */
    bool runBeside();
    /*!
     * Watches a Python program (File → Watch Python program…, `--watch-python` without
     * --headless): it runs under the tracer on a thread of its own, its tasks fill the
     * lanes live (a snapshot at most every 100 ms), its stdout and stderr go to the
     * Output panel, Results and Explain follow; Stop interrupts it and keeps what was
     * recorded. False (and says why) if a run is going on.
     */
    bool watchPython(const watch::WatchOptions &options);
    //! The watched program, while or after it runs (null otherwise).
    const watch::WatchHost *watchHost() const { return m_controller->watchHost(); }
    OutputPanel *outputPanel() const;
    //! Asks what to watch as File → Watch Python program… does; tests supply the answer.
    using WatchAsker = std::function<bool(watch::WatchOptions &)>;
    void setWatchAsker(WatchAsker asker);

    //! Shows a saved run; false with \a error set if the file is refused.
    bool openRun(const QString &path, QString *error = nullptr);
    /*!
     * Opens \a path as File → Open run…, Open Recent and a drop do: the record is read,
     * validated and indexed on a worker while the status bar shows progress and Cancel;
     * the window keeps what it showed until then, and keeps it if the file is refused
     * (said in a dialog, or on stderr when unattended) or the open cancelled.
     * True once the record is shown.
     */
    QCoro::Task<bool> openInBackground(QString path);
    //! An opened record's text panels are still to be shown (they follow one a loop turn).
    bool panelsPending() const { return m_panelStepsLeft > 0; }
    /*!
     * Writes \a files for the record shown on a worker (as writeExports() does, with
     * progress and Cancel); true if every file was written. \a pngScale: 1× or 2×.
     */
    QCoro::Task<bool> exportInBackground(QStringList files, ChartExportOptions chart = {});
    //! The worker behind openInBackground() and exportInBackground(), and its status-bar view.
    BackgroundWork *backgroundWork() const { return m_work; }
    WorkProgress *workProgress() const { return m_workProgress; }
    RecentFiles *recentFiles() const { return m_recent; }

    Mode mode() const;
    void setMode(Mode mode);
    //! idle, running, stopped or finished (what the status bar shows).
    RunStatus state() const;
    const RunRecord *record() const;
    RunHost *run() const { return m_controller->run(); }
    //! The run or record shown, the frame timer, replay and the time shown (no widgets).
    RunController *controller() const { return m_controller; }
    //! Pause, Step to next wake-up and the speed of the virtual clock.
    LessonClockControls *lessonClock() const { return m_lessonClock; }
    LaneModel *laneModel() const { return m_model; }
    TimelineView *timeline() const;
    ParametersPanel *parameters() const;
    DensityStrip *densityStrip() const { return m_density; }
    //! The Code dock: the lesson's sources, the lines where tasks are now.
    CodePanel *codePanel() const;
    //! The Explain panel's live narration lines at the time shown.
    QStringList narration() const;
    //! The time the lanes show: the live clock, the replay position, or -1 for all.
    double viewTime() const;
    //! Moves the replay/scrub position (seconds); the lanes, results and narration follow.
    void scrubTo(double seconds);
    void startReplay(double speed);
    //! Replay: the view moves to the next (\a forward) or previous yield; false at an end.
    bool stepEvent(bool forward);
    //! "system", "light" or "dark": the palette of the whole application.
    void setTheme(const QString &theme);
    QString theme() const { return m_theme.current(); }
    bool isReplaying() const { return m_controller->isReplaying(); }
    //! The incremental yield statistics behind the lateness view and the narration's counts.
    const YieldTally &tally() const { return m_controller->tally(); }
    //! Brings the Results (0), Lateness (1) or Explain (2) tab to the front.
    void showInsight(int tab);
    //! Lays the docks out for a screen of \a screen logical pixels (the first start, with
    //! no saved layout): side by side from 1400 px wide, else tabbed in one column so the
    //! timeline keeps the width.
    void arrangeDocksFor(const QSize &screen);

Q_SIGNALS:
    //! A run ended (finished or stopped) and its results are shown.
    void runEnded();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void onFrame();
    void onRunFinished();
    //! A watched program's newer lanes: the views take the new record, keeping the scroll.
    void onWatchSnapshot();
    //! The frame timer at the screen's rate (before a run or a watch starts).
    void pollAtScreenRate();
    //! The views let go of the record (before the controller drops it).
    void releaseViews();
    //! \a panels false: the text panels (Results, Explain, histogram, status) are left to
    //! a later updatePanels(), so a big record's showing is split over two loop turns.
    void showRecord(const RunRecord *record, bool panels = true);
    void updatePanels();
    //! Shows \a record, opened from \a path; \a tally and \a tagCounts (at the end): made
    //! on a worker already, if given.
    void adoptRecord(std::unique_ptr<RunRecord> record, const QString &path,
                     YieldTally *tally = nullptr, bool panels = true,
                     QHash<QString, int> *tagCounts = nullptr);
    //! Says why a file could not be opened or written: a dialog, or stderr when unattended.
    void complain(const QString &title, const QString &why);
    void discardRun();
    void updateActions();
    void updateStatusBar();
    void updateResults();
    void updateExplain();
    void updateHistogram();
    void updateTitle();
    //! The lanes, the replay bar and the status bar at the controller's view time.
    void showViewTime(double seconds);
    void stopReplay();
    double endTime() const;
    //! Where the axis ends before any run: the longest ideal of the parameters shown.
    double idleAxisEnd() const;
    //! Where a fitted view of a long shared axis ends, given data up to \a dataS; < 0
    //! when the whole axis is worth showing.
    double fittedEnd(double dataS) const;
    //! Applies the fitted view unless the user has zoomed or panned since the last one.
    void followFit(double dataS);
    //! Asks for a file for \a kind; empty if cancelled. \a filter: the filter chosen.
    QString askFile(FileDialogKind kind, FileFilter *filter);
    void exportChartDialog();
    void exportDataDialog();
    void openRunDialog();
    void showAbout();
    void loadSettings();
    void saveSettings() const;

    std::unique_ptr<Ui::MainWindow> ui;
    RunController *m_controller = nullptr;
    LessonClockControls *m_lessonClock = nullptr;
    int m_panelStepsLeft = 0;          //!< openInBackground()'s panel steps not run yet
    bool m_watchPanelsPending = false; //!< onWatchSnapshot()'s panel update is queued
    QElapsedTimer m_watchPanelsClock;  //!< since the watched program's last panel update
    //! A watched program's text panels at most this often (ms), as a run's (every 15 frames).
    static constexpr qint64 kWatchPanelsMs = 250;
    //! A finished run's text panels follow its lanes' last paint by a frame.
    static constexpr int kPanelsAfterEndMs = 16;
    LaneModel *m_model = nullptr;
    DensityStrip *m_density = nullptr;
    QActionGroup *m_modeGroup = nullptr;
    StatusLine *m_statusLine = nullptr;
    //! The Python side: watching a program, its Output dock, QCoro's run beside it.
    WatchWiring *m_watch = nullptr;
    //! The Code dock: the lesson's sources, where the tasks are, the jumps.
    CodeDock *m_code = nullptr;

    //! The overview strip's counts of a record just opened, made on the worker.
    std::vector<YieldDensity> m_openedDensities;
    qint64 m_lastYields = -1;
    int m_replayFrames = 0;     //!< replay frames, to update the text panels every few
    double m_fitEnd = -1;       //!< the fitted view's end last set; -1: not fitted (whole axis)
    quint64 m_recordsShown = 0; //!< a run's end shows its panels if no record came since
    QStringList m_exportsOnFinish;
    QString m_lastFolder;
    Theme m_theme;
    bool m_unattended = false;
    FileAsker m_askFile;
    bool m_exportsFailed = false;
    BackgroundWork *m_work = nullptr;
    WorkProgress *m_workProgress = nullptr;
    RecentFiles *m_recent = nullptr;
    RecordDrop *m_drop = nullptr;
    bool m_closeWhenIdle = false; //!< closing waits for the worker's cancel
};

} // namespace coroscope
