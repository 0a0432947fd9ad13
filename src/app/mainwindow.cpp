// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "mainwindow.h"
#include <QElapsedTimer>
#include <cstdio>

#include "backgroundwork.h"
#include "codedock.h"
#include "codepanel.h"
#include "densitystrip.h"
#include "explainpanel.h"
#include "lanemodel.h"
#include "latenesshistogram.h"
#include "lessonclockcontrols.h"
#include "lessonpositions.h"
#include "narrator.h"
#include "outputpanel.h"
#include "parameterspanel.h"
#include "recentfiles.h"
#include "recorddrop.h"
#include "render/chartexport.h"
#include "render/chartrenderer.h"
#include "replaybar.h"
#include "resultspanel.h"
#include "scenariofields.h"
#include "scenariomenu.h"
#include "statelegendbar.h"
#include "statusline.h"
#include "timelineview.h"
#include "ui_mainwindow.h"
#include "watchwiring.h"
#include "windowsettings.h"
#include "workprogress.h"

#include "export/exportfile.h"
#include "io/numberformat.h"
#include "io/recordreader.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoroFuture>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

static void initResources() {
    Q_INIT_RESOURCE(coroscope);
}

namespace coroscope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , ui(std::make_unique<Ui::MainWindow>()) {
    initResources();
    installChartWriter(); // File → Export chart… and --export go through exportRecord()
    ui->setupUi(this);
    m_controller = new RunController(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    // Qt shows tooltips only in the active window; with no window manager (Xvfb, a kiosk,
    // a projector's bare X session) the window is never activated, so hover said nothing.
    setAttribute(Qt::WA_AlwaysShowToolTips);

    m_model = new LaneModel(this);
    ui->timelineView->setLaneModel(m_model);
    m_density = new DensityStrip(ui->timelineView, ui->centralWidget);
    ui->centralLayout->insertWidget(ui->centralLayout->indexOf(ui->timelineView), m_density);
    // The key to the lanes' state bands, right under them.
    ui->centralLayout->insertWidget(ui->centralLayout->indexOf(ui->timelineView) + 1,
                                    new StateLegendBar(ui->centralWidget));
    m_density->hide();

    // Every action says what it does, to the eye (tooltip) and to a screen reader: menu
    // items read their action's text; toolbar buttons get a name and the tooltip.
    for (QAction *a : ui->mainToolBar->actions()) {
        if (QWidget *button = ui->mainToolBar->widgetForAction(a); button && !a->isSeparator()) {
            button->setAccessibleName(a->text().remove(QLatin1Char('&')));
            button->setAccessibleDescription(a->toolTip());
        }
    }
    m_modeGroup = new QActionGroup(this);
    m_modeGroup->setExclusive(true);
    for (QAction *a : {ui->actionConcurrent, ui->actionSequential, ui->actionCompare})
        m_modeGroup->addAction(a);
    ui->actionConcurrent->setChecked(true);
    ui->actionStop->setShortcutContext(Qt::ApplicationShortcut);

    connect(ui->actionRun, &QAction::triggered, this, [this] { startRun(); });
    connect(ui->actionStop, &QAction::triggered, this, &MainWindow::stopRun);
    connect(m_modeGroup, &QActionGroup::triggered, this, [this] {
        // A new mode applies to the next run; the running one goes on undisturbed.
        ui->parametersPanel->setMode(mode());
        if (!record())
            ui->timelineView->setDomain(idleAxisEnd(), false);
        updateActions(); // a lesson cannot run sequential
    });
    connect(ui->actionExportChart, &QAction::triggered, this, &MainWindow::exportChartDialog);
    connect(ui->actionExportData, &QAction::triggered, this, &MainWindow::exportDataDialog);
    connect(ui->actionOpenRun, &QAction::triggered, this, &MainWindow::openRunDialog);
    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(ui->actionResetZoom, &QAction::triggered, ui->timelineView, &TimelineView::resetZoom);
    // The three tabs by keyboard: a presenter switches without reaching for the mouse.
    ui->menuView->addSeparator();
    for (const auto &[tab, text, key] :
         {std::tuple{0, "&Results", "Ctrl+1"}, std::tuple{1, "&Lateness histogram", "Ctrl+2"},
          std::tuple{2, "&Explain", "Ctrl+3"}}) {
        QAction *a = ui->menuView->addAction(QString::fromUtf8(text));
        const QString plain = a->text().remove(QLatin1Char('&'));
        a->setObjectName(QStringLiteral("actionShowTab%1").arg(tab));
        a->setShortcut(QKeySequence(QLatin1String(key)));
        a->setToolTip(QStringLiteral("Show the %1 tab (%2)").arg(plain, QLatin1String(key)));
        connect(a, &QAction::triggered, this, [this, tab = tab] { showInsight(tab); });
    }
    // Light and dark on demand: a projector often wants the other one than the desktop.
    auto *themes = new QActionGroup(this);
    ui->menuView->addSeparator();
    for (const auto &[key, text] :
         {std::pair{"system", "Follow the &system palette"}, std::pair{"light", "&Light palette"},
          std::pair{"dark", "&Dark palette"}}) {
        QAction *a = ui->menuView->addAction(QString::fromUtf8(text));
        a->setObjectName(QStringLiteral("actionTheme_") + QLatin1String(key));
        a->setCheckable(true);
        a->setData(QLatin1String(key));
        a->setToolTip(QStringLiteral("Colours: ") + a->text().remove(QLatin1Char('&')));
        themes->addAction(a);
    }
    connect(themes, &QActionGroup::triggered, this, [this](QAction *a) {
        setTheme(a->data().toString());
        saveSettings();
    });
    connect(ui->actionFastDemo, &QAction::triggered, this, [this] {
        RunParams p = ui->parametersPanel->params();
        p.delaySeconds = 0.1;
        ui->parametersPanel->setParams(p, ui->parametersPanel->seedFixed());
    });
    connect(ui->parametersPanel, &ParametersPanel::changed, this, &MainWindow::updateActions);
    // Before any run the axis shows what the parameters would take, not a fixed 10 s.
    connect(ui->parametersPanel, &ParametersPanel::changed, this, [this] {
        if (!record())
            ui->timelineView->setDomain(idleAxisEnd(), false);
    });
    connect(ui->timelineView, &TimelineView::axisChanged, m_density, qOverload<>(&QWidget::update));
    // The fitted-view hint goes once the user takes the view (QLabel skips equal text).
    connect(ui->timelineView, &TimelineView::axisChanged, this, &MainWindow::updateTitle);

    // Replay: the controller moves the view time, the bar shows it and asks.
    ReplayBar *replay = ui->replayBar;
    connect(replay, &ReplayBar::playRequested, this, &MainWindow::startReplay);
    connect(replay, &ReplayBar::stopRequested, this, &MainWindow::stopReplay);
    connect(replay, &ReplayBar::scrubbed, this, [this](double fraction) {
        if (state() == RunStatus::Running || !record())
            return;
        m_controller->scrubTo(endTime() * fraction);
    });
    connect(replay, &ReplayBar::stepRequested, this, &MainWindow::stepEvent);
    connect(m_controller, &RunController::viewTimeChanged, this, &MainWindow::showViewTime);
    connect(m_controller, &RunController::replayingChanged, this, [this](bool on) {
        ui->replayBar->setPlaying(on);
        m_replayFrames = 0;
        if (!on) {
            updateResults();
            updateExplain();
        }
        updateStatusBar();
    });

    // The lesson clock: pause, step and speed on the virtual clock, in the toolbar and
    // the Run menu.
    m_lessonClock = new LessonClockControls(m_controller, ui->mainToolBar, this);
    QAction *before = ui->actionConcurrent;
    ui->mainToolBar->insertAction(before, m_lessonClock->pauseAction());
    ui->mainToolBar->insertAction(before, m_lessonClock->stepAction());
    ui->mainToolBar->insertWidget(before, m_lessonClock->speedCombo());
    ui->mainToolBar->insertSeparator(before);
    ui->menuRun->insertAction(before, m_lessonClock->pauseAction());
    ui->menuRun->insertAction(before, m_lessonClock->stepAction());
    ui->menuRun->insertSeparator(before);
    for (QAction *a : {m_lessonClock->pauseAction(), m_lessonClock->stepAction()})
        if (QWidget *button = ui->mainToolBar->widgetForAction(a)) {
            button->setAccessibleName(a->text().remove(QLatin1Char('&')));
            button->setAccessibleDescription(a->toolTip());
        }
    connect(m_controller, &RunController::lessonClockChanged, this, &MainWindow::updateStatusBar);

    m_statusLine = new StatusLine(statusBar(), this);

    // Opening and exporting run on a worker, shown with progress and Cancel; records
    // also come from File → Open Recent and from a drop on the window.
    m_work = new BackgroundWork(this);
    m_workProgress = new WorkProgress(m_work, this);
    statusBar()->addPermanentWidget(m_workProgress);
    for (auto signal : {&BackgroundWork::started, &BackgroundWork::finished}) {
        connect(m_work, signal, this, &MainWindow::updateActions);
        connect(m_work, signal, this, &MainWindow::updateStatusBar);
    }
    connect(m_work, &BackgroundWork::finished, this, [this] {
        if (m_closeWhenIdle) // the coroutine's own close() may have come while still busy
            close();
    });
    m_recent = new RecentFiles(WindowSettings::path(), ui->menuFile, ui->actionOpenRun, this);
    m_drop = new RecordDrop(this);
    connect(m_recent, &RecentFiles::openRequested, this,
            [this](const QString &path) { openInBackground(path); });
    connect(m_drop, &RecordDrop::dropped, this,
            [this](const QString &path) { openInBackground(path); });

    // One frame timer (the controller's): the record is polled at the screen's rate,
    // never per yield.
    connect(m_controller, &RunController::frame, this, &MainWindow::onFrame);
    connect(m_controller, &RunController::finished, this, &MainWindow::onRunFinished);
    connect(m_controller, &RunController::watchSnapshot, this, &MainWindow::onWatchSnapshot);
    // The event loop's lanes: computed on a pool thread, drawn when ready.
    LoopTimelines *loops = &m_controller->loopTimelines();
    ui->timelineView->setLoopSource(
        [loops](const GroupRecord &g, const RunParams &p) { return loops->latest(g, p); });
    ui->resultsText->setLoopSource(
        [loops](const GroupRecord &g, const RunParams &p) { return loops->latest(g, p); });
    // While frames run, the next frame paints it (the timeline paints once a frame at most);
    // an ended run's Results gain the loop's idle share.
    connect(loops, &LoopTimelines::updated, this, [this] {
        if (!m_controller->framesRunning()) {
            ui->timelineView->viewport()->update();
            updateResults();
        }
    });

    // Save dialogs for a caption that says so; the open dialog for "Open run".
    m_askFile = [this](const QString &caption, const QString &path, const QString &filters,
                       QString *selected) {
        return caption == QLatin1String("Open run")
                   ? QFileDialog::getOpenFileName(this, caption, path, filters, selected)
                   : QFileDialog::getSaveFileName(this, caption, path, filters, selected);
    };
    // Small screens (a 1024×768 projector, scale 2): the timeline keeps its room; the
    // parameters scroll rather than hold the window taller than the screen; each dock can
    // be closed and comes back from the View menu.
    ui->timelineView->setMinimumSize(360, 160);
    auto *scroll = new QScrollArea(ui->parametersDock);
    scroll->setObjectName(QStringLiteral("parametersScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(ui->parametersPanel);
    ui->parametersDock->setWidget(scroll);
    ui->menuView->addSeparator();
    ui->menuView->addAction(ui->parametersDock->toggleViewAction());
    ui->menuView->addAction(ui->insightDock->toggleViewAction());
    // Watching a Python program and QCoro's run beside it (File, Run menus, Output dock).
    WatchWiring::Window hooks;
    hooks.releaseViews = [this] { releaseViews(); };
    hooks.showRecord = [this](const RunRecord *r) { showRecord(r); };
    hooks.busy = [this] { return m_work->busy(); };
    hooks.pollAtScreenRate = [this] { pollAtScreenRate(); };
    hooks.started = [this] {
        updateActions();
        updateStatusBar();
    };
    hooks.frame = [this] { onFrame(); };
    hooks.showParams = [this](const RunParams &p) { ui->parametersPanel->setParams(p, true); };
    hooks.say = [this](const QString &line, int ms) { statusBar()->showMessage(line, ms); };
    m_watch = new WatchWiring(this, m_controller, std::move(hooks), ui->menuFile, ui->actionOpenRun,
                              ui->menuRun, ui->menuView);
    // The lesson's code, as compiled and in Python, with the lines where tasks are now.
    m_code = new CodeDock(this, m_controller, ui->parametersPanel, ui->timelineView, ui->menuView);
    // The Scenario menu sets the Parameters panel's picker: one place holds the choice.
    auto *lessons = new ScenarioMenu(ui->parametersPanel->scenarioFields()->scenarioCombo(), this);
    menuBar()->insertMenu(ui->menuView->menuAction(), lessons);
    ui->parametersDock->toggleViewAction()->setToolTip(
        QStringLiteral("Show or hide the parameters"));
    ui->insightDock->toggleViewAction()->setToolTip(
        QStringLiteral("Show or hide the results, lateness and explanation"));
    loadSettings();
    ui->parametersPanel->setMode(mode());
    showRecord(nullptr);
}

MainWindow::~MainWindow() {
    // The views let go of the record before the run that holds it is destroyed.
    releaseViews();
    m_controller->discard();
}

TimelineView *MainWindow::timeline() const {
    return ui->timelineView;
}

ParametersPanel *MainWindow::parameters() const {
    return ui->parametersPanel;
}

Mode MainWindow::mode() const {
    if (ui->actionSequential->isChecked())
        return Mode::Sequential;
    if (ui->actionCompare->isChecked())
        return Mode::Compare;
    return Mode::Concurrent;
}

void MainWindow::setMode(Mode m) {
    (m == Mode::Sequential ? ui->actionSequential
     : m == Mode::Compare  ? ui->actionCompare
                           : ui->actionConcurrent)
        ->setChecked(true);
    ui->parametersPanel->setMode(m);
    if (!record())
        ui->timelineView->setDomain(idleAxisEnd(), false);
    updateActions(); // a lesson cannot run sequential
}

RunStatus MainWindow::state() const {
    return m_controller->state();
}

const RunRecord *MainWindow::record() const {
    return m_controller->record();
}

void MainWindow::applyOptions(const WindowOptions &o, const QStringList &given) {
    RunParams p = ui->parametersPanel->params();
    bool seedFixed = ui->parametersPanel->seedFixed();
    if (given.contains(QStringLiteral("tasks")))
        p.tasks = o.params.tasks;
    if (given.contains(QStringLiteral("values")))
        p.values = o.params.values;
    if (given.contains(QStringLiteral("delay")))
        p.delaySeconds = o.params.delaySeconds;
    if (given.contains(QStringLiteral("max-value")))
        p.maxValue = o.params.maxValue;
    if (given.contains(QStringLiteral("timing")))
        p.timing = o.params.timing;
    if (o.seedGiven) {
        p.seed = o.params.seed;
        seedFixed = true;
    } else if (given.contains(QStringLiteral("seed"))) {
        seedFixed = false; // "given" without a value: the default, a new random seed per run
    }
    if (given.contains(QStringLiteral("clock")))
        p.clock = o.params.clock;
    if (given.contains(QStringLiteral("scenario"))) {
        // The lesson and the options typed for it; the others get their defaults for the
        // window's shape (its tasks and values may come from the settings), as the
        // command line resolves them for its own. Its default timing too, unless typed.
        p.scenario = o.params.scenario;
        p.variant = o.params.variant;
        p.lab = LabParams{};
        const LabParams &typed = o.params.lab;
        for (const auto &[name, member] : {std::pair{"block-task", &LabParams::blockTask},
                                           {"block-at", &LabParams::blockAt},
                                           {"limit", &LabParams::limit},
                                           {"fail-task", &LabParams::failTask},
                                           {"fail-at", &LabParams::failAt},
                                           {"items", &LabParams::items},
                                           {"capacity", &LabParams::capacity},
                                           {"workers", &LabParams::workers},
                                           {"threads", &LabParams::threads}})
            if (given.contains(QLatin1String(name)))
                p.lab.*member = typed.*member;
        for (const auto &[name, member] : {std::pair{"block-for", &LabParams::blockForSeconds},
                                           {"spread", &LabParams::spread},
                                           {"timeout", &LabParams::timeoutSeconds},
                                           {"work", &LabParams::workMs}})
            if (given.contains(QLatin1String(name)))
                p.lab.*member = typed.*member;
        if (p.scenario != Scenario::Seed)
            resolveLabDefaults(p);
        if (!given.contains(QStringLiteral("timing")))
            p.timing = o.params.timing;
    }
    ui->parametersPanel->setParams(p, seedFixed);
    if (given.contains(QStringLiteral("mode")))
        setMode(o.params.mode);
    m_exportsOnFinish = o.exports;
}

bool MainWindow::runBeside() {
    return m_watch->runBeside();
}

OutputPanel *MainWindow::outputPanel() const {
    return m_watch->output();
}

CodePanel *MainWindow::codePanel() const {
    return m_code->panel();
}

void MainWindow::setWatchAsker(WatchAsker asker) {
    m_watch->setAsker(std::move(asker));
}

void MainWindow::pollAtScreenRate() {
    // One poll per screen refresh (60 Hz: 16 ms); a yield never asks for a paint itself.
    if (const QScreen *s = screen(); s && s->refreshRate() > 0)
        m_controller->setFrameInterval(std::clamp(int(1000 / s->refreshRate()), 8, 33));
}

bool MainWindow::startRun() {
    // One run at a time; one being stopped (or just ended, its end not shown yet) is let go.
    // A worker may be writing the record shown: it stays until the worker is done.
    if (!m_controller->canStart() || m_work->busy())
        return false;
    RunParams p = ui->parametersPanel->params();
    p.mode = mode();
    if (const QString why = ui->parametersPanel->problem(); !why.isEmpty()) {
        ui->parametersPanel->showProblem(why);
        statusBar()->showMessage(QStringLiteral("Cannot run: ") + why, 8000);
        return false;
    }
    if (!ui->parametersPanel->seedFixed())
        p.seed = randomSeed();

    releaseViews();
    pollAtScreenRate();
    m_controller->start(p);
    // The lanes in this turn, the text panels in the next: at 100,000 lanes the code
    // panel's counts and Results' layout took 8 ms beside the lanes' 4 in one turn.
    showRecord(&m_controller->run()->record(), false);
    QTimer::singleShot(0, this, [this] { updatePanels(); });
    saveSettings();
    updateActions();
    onFrame();
    return true;
}

bool MainWindow::watchPython(const watch::WatchOptions &options) {
    return m_watch->watchPython(options);
}

void MainWindow::onWatchSnapshot() {
    const RunRecord *r = record();
    if (m_model->record() == nullptr) {
        showRecord(r, false); // the first lanes
    } else {
        // Same program, more of it: new lanes are inserted, the view keeps its place.
        m_model->followRecord(r);
        m_lastYields = -1;
    }
    // The text panels a loop turn later: a snapshot of 100,000 tasks hands its lanes over,
    // the lanes repaint, and Results and Explain lay their text out; in one turn that was
    // 10-13 ms of the window's thread. Coalesced: one panel update however many snapshots,
    // and at most every kWatchPanelsMs, as a run's: each update relays the Results text and
    // repaints its scroll bars, whose antialiased lines Qt 6.4's raster engine hands to its
    // thread pool and waits for (the window thread's wakes of the pool halved without them).
    if (!m_watchPanelsPending) {
        m_watchPanelsPending = true;
        const qint64 since =
            m_watchPanelsClock.isValid() ? m_watchPanelsClock.elapsed() : kWatchPanelsMs;
        QTimer::singleShot(int(std::max<qint64>(0, kWatchPanelsMs - since)), this, [this] {
            m_watchPanelsPending = false;
            m_watchPanelsClock.start();
            updateTitle(); // the lanes' count and shape grow with the program
            // The overview strip counted again on its own thread (each snapshot is a new
            // record, so nothing is extended): a million yields took 7 ms.
            if (m_density->isVisible() && m_controller->isRunning()) // the end: onRunFinished()
                m_density->recountInBackground(ui->timelineView->axis().domainEnd(),
                                               DensityStrip::Meanwhile::Keep,
                                               m_controller->watched());
            updateResults();
            updateExplain();
            updateStatusBar();
        });
    }
}

void MainWindow::stopRun() {
    m_watch->noteStop();
    if (m_controller->isRunning()) {
        m_controller->stop(); // the run's thread stops it; onRunFinished() follows
        updateActions();
        updateStatusBar();
    }
    stopReplay();
}

void MainWindow::releaseViews() {
    // Views first: they must not see the record of a run being destroyed.
    m_density->dropRecount(); // its thread may be reading that record
    m_model->setRecord(nullptr);
    m_watch->forgetBeside();
    ui->latenessView->setTally(nullptr);
}

void MainWindow::discardRun() {
    releaseViews();
    m_controller->discard();
}

bool MainWindow::openRun(const QString &path, QString *error) {
    if (m_work->busy()) {
        if (error)
            *error = QStringLiteral("%1: the window is busy (%2)").arg(path, m_work->what());
        return false;
    }
    RecordReadResult result = RecordReader::read(path);
    if (!result.record) {
        // The window keeps what it had.
        if (error)
            *error = result.error;
        return false;
    }
    adoptRecord(std::move(result.record), path);
    return true;
}

QCoro::Task<bool> MainWindow::openInBackground(QString path) {
    if (!m_work->isIdle())
        co_return false;
    const QPointer<MainWindow> self(this);
    OpenResult result = co_await m_work->open(path);
    if (!self)
        co_return false;
    if (m_closeWhenIdle) {
        close();
        co_return false;
    }
    if (!result.loaded) {
        // The window keeps what it had.
        if (result.cancelled)
            statusBar()->showMessage(QStringLiteral("Opening cancelled"), 5000);
        else
            complain(QStringLiteral("Cannot open the run"), result.error);
        co_return false;
    }
    m_openedDensities = std::move(result.loaded->densities);
    adoptRecord(std::move(result.loaded->record), path, &result.loaded->tally, false,
                &result.loaded->tagCounts);
    // The lanes first, then the text panels one a loop turn: each turn stays short (a
    // million tasks: the lanes about 12 ms; Results, Explain and the code panel lay out and
    // shape their text for the first time, 5-10 ms each, 27 ms in one turn). Timers with
    // the window as context, not a suspended coroutine: a window closed meanwhile drops
    // them, and no frame is left waiting.
    const quint64 shown = m_controller->generation();
    const std::function<void()> steps[] = {
        [this] { m_code->update(); },
        [this] { updateResults(); },
        [this] {
            updateExplain();
            updateHistogram();
            updateStatusBar();
        },
    };
    m_panelStepsLeft = int(std::size(steps));
    int turn = 0;
    for (const auto &step : steps)
        QTimer::singleShot(++turn, this, [this, shown, step] {
            --m_panelStepsLeft;
            if (m_controller->generation() == shown)
                step();
        });
    saveSettings();
    co_return true;
}

QCoro::Task<bool> MainWindow::exportInBackground(QStringList files, ChartExportOptions chart) {
    const RunRecord *r = record();
    QString refused;
    if (!r)
        refused = QStringLiteral("no run is shown");
    else if (!m_work->isIdle())
        refused = QStringLiteral("the window is busy: %1").arg(m_work->what());
    else if (state() == RunStatus::Running)
        refused = QStringLiteral("a run is in progress");
    if (!refused.isEmpty()) {
        m_exportsFailed = !files.isEmpty();
        // A script's --export must never fail without a word on stderr.
        if (m_exportsFailed)
            complain(QStringLiteral("Export failed"),
                     QStringLiteral("%1: not written (%2)")
                         .arg(files.join(QStringLiteral(", ")), refused));
        co_return !m_exportsFailed;
    }
    const QPointer<MainWindow> self(this);
    QStringList errors;
    bool cancelled = false;
    for (const QString &file : std::as_const(files)) {
        // The record stays: Run, Open and drops wait while the worker is busy.
        const QString why = co_await m_work->exportFile(file, *r, chart);
        if (!self)
            co_return false;
        cancelled = m_work->cancelRequested();
        if (!why.isEmpty())
            errors << why;
        if (cancelled || m_closeWhenIdle)
            break;
    }
    m_exportsFailed = !errors.isEmpty();
    if (m_closeWhenIdle)
        close();
    else if (cancelled)
        statusBar()->showMessage(QStringLiteral("Export cancelled: an earlier file is left as "
                                                "it was"),
                                 8000);
    else if (!errors.isEmpty())
        complain(QStringLiteral("Export failed"), errors.join(QLatin1Char('\n')));
    else
        statusBar()->showMessage(QStringLiteral("Wrote %1").arg(files.join(QStringLiteral(", "))),
                                 8000);
    co_return !m_exportsFailed;
}

void MainWindow::complain(const QString &title, const QString &why) {
    std::fprintf(stderr, "coroscope: %s\n", qPrintable(why));
    // A benchmark or script waiting for the window to close must not meet a dialog.
    if (!m_unattended)
        QMessageBox::warning(this, title, why);
}

void MainWindow::adoptRecord(std::unique_ptr<RunRecord> record, const QString &path,
                             YieldTally *tally, bool panels, QHash<QString, int> *tagCounts) {
    releaseViews();
    m_controller->adopt(std::move(record), tally);
    if (tagCounts) // before the panels ask (setting the parameters updates the code panel)
        m_code->rememberEndCounts(std::move(*tagCounts));
    const RunRecord *opened = m_controller->opened();
    ui->parametersPanel->setParams(opened->params, true);
    setMode(opened->params.mode);
    m_lastFolder = QFileInfo(path).absolutePath();
    showRecord(opened, panels);
    if (!m_unattended)
        m_recent->add(path);
    statusBar()->showMessage(QStringLiteral("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::showRecord(const RunRecord *r, bool panels) {
    ++m_recordsShown;
    m_model->setRecord(r);
    m_lastYields = -1;
    m_controller->clearViewTime();
    TimelineView *view = ui->timelineView;
    const bool running = r && state() == RunStatus::Running;
    view->setDomain(r ? ChartRenderer::autoEndS(*r) : idleAxisEnd(), false);
    view->setNow(running ? 0.0 : -1.0);
    m_fitEnd = -1;
    const bool opened = r && r == m_controller->opened();
    if (opened) {
        double last = 0;
        for (const auto &g : r->groups)
            last = std::max({last, double(g->lastYieldNs()) / 1e9, g->health.wallS});
        followFit(last);
    } else {
        followFit(0);
    }
    // The overview strip earns its room only when the lanes outnumber the screen.
    int lanes = 0;
    if (r)
        for (const auto &g : r->groups)
            lanes += g->tasks();
    const bool many = lanes > view->viewport()->height() / std::max(1, view->laneHeight());
    m_density->setVisible(r && many);
    if (r && many) {
        if (opened && !m_openedDensities.empty())
            m_density->setDensities(std::move(m_openedDensities)); // counted on the worker
        else
            m_density->recompute(-1);
    }
    m_openedDensities.clear();
    // The knob says where the view is: the end of a complete record, 0 before a run.
    if (r && !running)
        ui->replayBar->setFraction(1.0, endTime());
    else
        ui->replayBar->setFraction(0.0, 0.0);
    updateTitle();
    updateActions();
    if (panels)
        updatePanels();
}

void MainWindow::updatePanels() {
    m_code->update();
    updateResults();
    updateExplain();
    updateHistogram();
    updateStatusBar();
}

double MainWindow::idleAxisEnd() const {
    // The longest ideal of the modes the next run would show.
    RunParams p = ui->parametersPanel->params();
    p.mode = mode();
    if (!p.validate().isEmpty())
        return 10.0;
    return p.idealSeconds(p.mode == Mode::Concurrent ? GroupKind::Concurrent
                                                     : GroupKind::Sequential);
}

double MainWindow::endTime() const {
    return m_controller->endTime();
}

double MainWindow::fittedEnd(double dataS) const {
    const RunRecord *r = record();
    if (!r)
        return -1;
    // The shared axis runs to the longest ideal (sequential: tasks × values × delay). When
    // one task's window would be a sliver of it, start with the part where things happen
    // (the exported charts frame by the same rule).
    return ChartRenderer::fittedEndS(r->params, ui->timelineView->axis().domainEnd(), dataS);
}

void MainWindow::followFit(double dataS) {
    TimelineView *view = ui->timelineView;
    const TimeAxis &axis = view->axis();
    // The user zoomed, panned or asked for the whole axis: the view is theirs now.
    const bool untouched =
        m_fitEnd < 0 ? !axis.isZoomed()
                     : axis.viewStart() == axis.domainStart() &&
                           std::abs(axis.viewEnd() - m_fitEnd) <= 1e-9 * std::max(1.0, m_fitEnd);
    const double end = fittedEnd(dataS);
    if (!untouched || end < 0 || (m_fitEnd >= 0 && end <= m_fitEnd))
        return;
    view->setView(axis.domainStart(), end);
    m_fitEnd = view->axis().viewEnd();
    updateTitle();
}

double MainWindow::viewTime() const {
    return m_controller->viewTime();
}

void MainWindow::onFrame() {
    const RunRecord *r = record();
    if (!r || state() != RunStatus::Running)
        return;
    const double nowS = m_controller->runTime();
    TimelineView *view = ui->timelineView;
    view->setNow(nowS);
    // Only past the axis by more than a pixel: a run late by its lateness (the seed's last
    // values come a few µs after the ideal end) stays on it. Moving the axis maps every
    // lane anew (a million points with 100 dense lanes: a 24 ms turn at the run's end).
    if (view->axis().isPixelPastDomainEnd(nowS))
        view->setDomain(nowS * 1.05, true);
    followFit(nowS);
    qint64 yields = 0;
    for (const auto &g : r->groups)
        yields += g->yields();
    if (yields != m_lastYields) {
        m_lastYields = yields;
        m_model->refresh();
    }
    ui->replayBar->setFraction(std::min(1.0, nowS / endTime()), nowS);
    updateStatusBar();
    // Every frame for a class-sized run, with the text panels for a big one (it visits every
    // task); past 100,000 lanes (tens of ms a visit) only when it ends or the slider moves.
    qint64 lanes = 0;
    for (const auto &g : r->groups)
        lanes += g->tasks();
    if (lanes <= 20'000 || (lanes <= 100'000 && m_controller->frameCount() % 15 == 0))
        m_code->update();
    // Text panels a few times a second (reading changes faster is no use); the tally
    // visits only the yields recorded since its last update. A watched program's panels
    // follow its snapshots instead, and its tally is made once, at its end.
    // Each in a frame of its own: together they held one loop turn 15-20 ms with 100 dense
    // lanes (the tally, Results' layout, the strip's count, the histogram), apart a few ms
    // each.
    if (!m_controller->watchHost()) {
        switch (m_controller->frameCount() % 15) {
        case 3: // the yields since the last tally: 100,000 a second at 100,000 lanes
            m_controller->tally().update();
            break;
        case 4:
            updateResults();
            break;
        case 6:
            updateExplain();
            break;
        case 9:
            updateHistogram();
            break;
        case 12:
            if (m_density->isVisible())
                m_density->extendLive();
            break;
        default:
            break;
        }
    }
}

void MainWindow::onRunFinished() {
    if (const watch::WatchHost *w = m_controller->watchHost()) {
        const watch::WatchSnapshot &end = w->last();
        m_watch->noteEnd(end);
        if (!record()) { // nothing to show: it could not be watched, or made no task
            if (!m_unattended && end.outcome == watch::PythonWatcher::Outcome::Error)
                QMessageBox::warning(this, QStringLiteral("Cannot watch"), end.error);
            updatePanels();
            updateActions();
            Q_EMIT runEnded();
            return;
        }
    }
    if (m_watch->besideEnded()) {
        m_watch->showBeside(); // the watched lanes above, QCoro's below, on one axis
        if (!m_exportsOnFinish.isEmpty())
            writeExports(std::exchange(m_exportsOnFinish, {}));
        Q_EMIT runEnded();
        return;
    }
    m_model->refresh();
    ui->timelineView->setNow(-1);
    // A run that ends within a pixel of the axis's end (the seed's and the dense lanes' last
    // values come µs to ms after the ideal end) keeps its axis: moving it maps every lane
    // anew, a 24 ms turn right after 100 dense lanes end.
    const TimeAxis &axis = ui->timelineView->axis();
    const bool axisKept = axis.isWithinPixelOfDomainEnd(endTime());
    if (!axisKept)
        ui->timelineView->setDomain(endTime(), true);
    double last = 0;
    for (const auto &g : record()->groups)
        last = std::max({last, double(g->lastYieldNs()) / 1e9, g->health.wallS});
    followFit(last);
    // The overview strip counts only the yields since its last count, unless some landed
    // past its end (the last values of a run that kept its axis): then it counts all of
    // them again to the record's end, on a thread of its own (7 ms at a million yields).
    // A watched program's strip is counted on that thread as it goes (each snapshot is a
    // new record): its end too, whatever the axis.
    if (m_density->isVisible()) {
        if (m_controller->watchHost())
            m_density->recountInBackground(std::max(axis.domainEnd(), endTime()),
                                           DensityStrip::Meanwhile::Keep, m_controller->watched());
        else if (ChartRenderer::dataEndS(*record()) <= axis.domainEnd())
            m_density->extendLive();
        else
            m_density->recountInBackground(std::max(axis.domainEnd(), endTime()));
    }
    ui->replayBar->setFraction(1.0, endTime());
    // The text panels a frame later: with 100 dense lanes Results' layout (4-9 ms) and the
    // lanes' last paint (2-10 ms) made one 17-22 ms turn. Not a zero timer: Qt dispatches
    // the ready timers and posted events (the paint) in one pass of its loop, so the two
    // still met. Run stays disabled until then; a record shown meanwhile (a run started by
    // other means, a file opened) takes over.
    const quint64 shown = m_recordsShown;
    QTimer::singleShot(kPanelsAfterEndMs, this, [this, shown] {
        if (m_recordsShown != shown)
            return;
        updateResults();
        updateExplain();
        updateHistogram();
        updateStatusBar();
        updateActions();
        m_code->update();
        if (!m_exportsOnFinish.isEmpty()) {
            const QStringList files = std::exchange(m_exportsOnFinish, {});
            writeExports(files);
        }
        Q_EMIT runEnded();
    });
}

bool MainWindow::writeExports(const QStringList &files) {
    const RunRecord *r = record();
    m_exportsFailed = !r && !files.isEmpty();
    if (!r)
        return !m_exportsFailed;
    QStringList errors;
    for (const QString &file : files)
        if (const QString why = exportRecord(file, *r); !why.isEmpty())
            errors << why;
    m_exportsFailed = !errors.isEmpty();
    if (!errors.isEmpty()) {
        for (const QString &e : std::as_const(errors))
            std::fprintf(stderr, "coroscope: %s\n", qPrintable(e));
        // A benchmark or script waiting for the window to close must not meet a dialog.
        if (!m_unattended)
            QMessageBox::warning(this, QStringLiteral("Export failed"),
                                 errors.join(QLatin1Char('\n')));
    } else {
        statusBar()->showMessage(QStringLiteral("Wrote %1").arg(files.join(QStringLiteral(", "))),
                                 8000);
    }
    return !m_exportsFailed;
}

void MainWindow::showViewTime(double s) {
    // At the end the whole record shows, including yields that landed after the last tick.
    const double end = endTime();
    const double cutoff = s >= end ? -1 : s;
    m_model->setNow(cutoff);
    ui->timelineView->setNow(cutoff);
    ui->replayBar->setPosition(s, end);
    if (m_density->isVisible())
        m_density->update();
    updateStatusBar();
    m_code->update();
    if (!m_controller->isReplaying() || ++m_replayFrames % 8 == 0) {
        updateResults();
        updateExplain();
    }
}

void MainWindow::scrubTo(double seconds) {
    m_controller->scrubTo(seconds);
}

bool MainWindow::stepEvent(bool forward) {
    return m_controller->stepYield(forward);
}

void MainWindow::startReplay(double speed) {
    if (!m_controller->startReplay(speed))
        ui->replayBar->setPlaying(false);
}

void MainWindow::stopReplay() {
    m_controller->stopReplay();
}

void MainWindow::updateActions() {
    const bool running = state() == RunStatus::Running;
    const QString why = ui->parametersPanel->problem();
    // Run while a stop is under way lets the stopping run go and starts anew.
    ui->actionRun->setEnabled(m_controller->canStart() && why.isEmpty());
    ui->actionRun->setToolTip(why.isEmpty() ? QStringLiteral("Start the comprehensions (Ctrl+R)")
                                            : QStringLiteral("Cannot run: ") + why);
    ui->actionStop->setEnabled(running && !m_controller->stopRequested());
    const bool haveData = record() && !running;
    // While a worker reads or writes, nothing may replace the record it works on.
    const bool busy = m_work->busy();
    ui->actionRun->setEnabled(ui->actionRun->isEnabled() && !busy);
    ui->actionOpenRun->setEnabled(!busy);
    m_recent->setEnabled(!busy);
    m_drop->setEnabled(!busy);
    ui->actionExportChart->setEnabled(haveData && !busy);
    ui->actionExportData->setEnabled(haveData && !busy);
    m_watch->updateAction(haveData && !busy ? record() : nullptr, m_controller->canStart());
    ui->replayBar->setAvailable(haveData);
    m_lessonClock->setNextRunVirtual(ui->parametersPanel->params().clock == Clock::Virtual);
    m_lessonClock->update();
}

void MainWindow::updateStatusBar() {
    if (m_statusLine) // not during construction
        m_statusLine->update(*m_controller, m_work);
}

void MainWindow::updateTitle() {
    const RunRecord *r = record();
    if (!r) {
        ui->titleLabel->setText(QStringLiteral(
            "<b>Press Run</b> (Ctrl+R) to start the comprehensions. Each dot is a value an async "
            "generator yielded, placed at the moment it arrived; its height is the value."));
        return;
    }
    QString text = QStringLiteral("<b>%1</b> &nbsp; <span style='color:gray'>%2</span>")
                       .arg(ChartRenderer::title(*r).toHtmlEscaped(),
                            ChartRenderer::parametersLine(*r).toHtmlEscaped());
    const TimeAxis &axis = ui->timelineView->axis();
    if (m_fitEnd >= 0 && axis.isZoomed() && axis.viewEnd() == m_fitEnd)
        text += QStringLiteral("<br/><i>The view follows the run on the shared axis (0 – %1 s): "
                               "<b>Ctrl+0</b> or a double-click on the lanes shows all of it, "
                               "Ctrl+wheel zooms.</i>")
                    .arg(countText(std::llround(axis.domainEnd())));
    ui->titleLabel->setText(text);
}

void MainWindow::updateResults() {
    if (const watch::WatchHost *w = m_controller->watchHost())
        ui->resultsText->showWatched(w->last(), m_watch->lastScript());
    else
        ui->resultsText->showRecord(record(), viewTime(), endTime(), *m_model);
}

QStringList MainWindow::narration() const {
    const RunRecord *r = record();
    if (!r)
        return {};
    const double t = viewTime();
    const YieldTally &tally = m_controller->tally();
    std::vector<TaskCounts> counts;
    counts.reserve(size_t(tally.groups()));
    for (int g = 0; g < tally.groups(); ++g)
        counts.push_back(tally.countsAt(g, state() == RunStatus::Running ? -1 : t));
    return Narrator::narrate(*r, t < 0 ? endTime() : t, tally.record() == r ? &counts : nullptr);
}

void MainWindow::updateExplain() {
    if (const watch::WatchHost *w = m_controller->watchHost())
        ui->explainText->showWatched(w->last(), w->scriptName());
    else if (const RunRecord *r = record(); r && r->params.scenario != Scenario::Seed)
        ui->explainText->showRecord(r, viewTime(), endTime(), narration(), m_code->tagCounts(*r));
    else
        ui->explainText->showRecord(record(), viewTime(), endTime(), narration(), {});
}

void MainWindow::updateHistogram() {
    ui->latenessView->setTally(record() ? &m_controller->tally() : nullptr);
}

void MainWindow::showInsight(int tab) {
    ui->insightDock->show();
    ui->insightDock->raise();
    ui->insightTabs->setCurrentIndex(std::clamp(tab, 0, ui->insightTabs->count() - 1));
}

QString MainWindow::askFile(FileDialogKind kind, FileFilter *filter) {
    QString selected = defaultFilter(kind);
    const QString start = kind == FileDialogKind::OpenRun
                              ? m_lastFolder
                              : m_lastFolder + QLatin1Char('/') + suggestedName(kind);
    QString path = m_askFile(dialogCaption(kind), start, filterString(kind), &selected);
    *filter = filterFor(kind, selected);
    if (path.isEmpty())
        return path;
    // A name typed without an ending gets the chosen filter's.
    if (kind != FileDialogKind::OpenRun && QFileInfo(path).suffix().isEmpty())
        path += filter->suffix;
    return path;
}

void MainWindow::exportChartDialog() {
    if (!record())
        return;
    FileFilter filter = filterFor(FileDialogKind::ExportChart, {});
    const QString path = askFile(FileDialogKind::ExportChart, &filter);
    if (path.isEmpty())
        return;
    m_lastFolder = QFileInfo(path).absolutePath();
    saveSettings();
    // The chart frames what the lanes frame: the fitted view or the one the user chose.
    const TimeAxis &axis = ui->timelineView->axis();
    ChartExportOptions chart;
    chart.scale = filter.scale;
    chart.startS = axis.viewStart();
    chart.endS = axis.viewEnd();
    chart.viewNote =
        m_fitEnd >= 0 && axis.viewEnd() == m_fitEnd && axis.viewStart() == 0
            ? QStringLiteral("Fitted to where the run happened, as the window shows it")
            : QStringLiteral("The view chosen in the window");
    exportInBackground({path}, chart);
}

void MainWindow::exportDataDialog() {
    if (!record())
        return;
    FileFilter filter = filterFor(FileDialogKind::ExportData, {});
    const QString path = askFile(FileDialogKind::ExportData, &filter);
    if (path.isEmpty())
        return;
    m_lastFolder = QFileInfo(path).absolutePath();
    saveSettings();
    exportInBackground({path});
}

void MainWindow::openRunDialog() {
    FileFilter filter = filterFor(FileDialogKind::OpenRun, {});
    const QString path = askFile(FileDialogKind::OpenRun, &filter);
    if (!path.isEmpty())
        openInBackground(path);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, QStringLiteral("About Coroscope"),
        QStringLiteral("<h3>Coroscope %1</h3><p>Async comprehension, made visible: QCoro "
                       "coroutines on the Qt event loop drive async generators, and every value "
                       "lands live on its task's lane.</p><p>Qt %2 (built with %3)<br/>QCoro "
                       "%4</p>")
            .arg(QStringLiteral(COROSCOPE_VERSION), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR), QStringLiteral(COROSCOPE_QCORO_VERSION)));
}

void MainWindow::setTheme(const QString &theme) {
    const QString applied = m_theme.apply(theme);
    if (auto *a = findChild<QAction *>(QStringLiteral("actionTheme_") + applied))
        a->setChecked(true);
}

void MainWindow::loadSettings() {
    QSettings s(WindowSettings::path(), QSettings::IniFormat);
    bool seedFixed = false;
    const RunParams p = WindowSettings::readParams(s, &seedFixed);
    ui->parametersPanel->setParams(p, seedFixed);
    setMode(p.mode);
    m_lastFolder = s.value(QStringLiteral("lastFolder"),
                           QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                       .toString();
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: most of the screen, the timeline wants the width.
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            resize(screen->availableSize() * 0.92);
    }
    setTheme(s.value(QStringLiteral("view/theme"), QStringLiteral("system")).toString());
    if (!restoreState(s.value(QStringLiteral("window/state")).toByteArray()))
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            arrangeDocksFor(screen->availableSize());
}

void MainWindow::arrangeDocksFor(const QSize &screen) {
    if (screen.width() >= 1400) {
        // Room for both: parameters left, results right.
        addDockWidget(Qt::LeftDockWidgetArea, ui->parametersDock);
        addDockWidget(Qt::RightDockWidgetArea, ui->insightDock);
        resizeDocks({ui->parametersDock, ui->insightDock}, {300, 380}, Qt::Horizontal);
        return;
    }
    // A projector or a laptop: one column of tabs on the right, the timeline takes the rest.
    // The Code dock joins the tabs too: under the timeline it would take the height a
    // small screen does not have (800 × 500 at scale 2).
    addDockWidget(Qt::RightDockWidgetArea, ui->insightDock);
    addDockWidget(Qt::RightDockWidgetArea, ui->parametersDock);
    addDockWidget(Qt::RightDockWidgetArea, m_code->dock());
    tabifyDockWidget(ui->insightDock, ui->parametersDock);
    tabifyDockWidget(ui->insightDock, m_code->dock());
    ui->parametersDock->raise();
    // As wide as the parameters want (no sideways scrolling), at most 36 % of the screen.
    const int want = ui->parametersPanel->sizeHint().width() + 24;
    resizeDocks({ui->insightDock}, {std::clamp(want, 230, int(screen.width() * 0.36))},
                Qt::Horizontal);
}

void MainWindow::saveSettings() const {
    // An unattended run (a benchmark, a script) leaves the user's settings alone.
    if (m_unattended)
        return;
    QSettings s(WindowSettings::path(), QSettings::IniFormat);
    RunParams p = ui->parametersPanel->params();
    p.mode = mode();
    WindowSettings::writeParams(s, p, ui->parametersPanel->seedFixed());
    s.setValue(QStringLiteral("lastFolder"), m_lastFolder);
    s.setValue(QStringLiteral("view/theme"), m_theme.current());
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (m_work->busy()) {
        // The worker may be reading or writing the record shown: cancel, and close once
        // it has stopped (milliseconds; the awaiting coroutine calls close() again).
        m_closeWhenIdle = true;
        m_work->cancel();
        event->ignore();
        return;
    }
    saveSettings();
    // Closing mid-run: stop and drop the run now, while every view is still alive.
    discardRun();
    event->accept();
}

} // namespace coroscope
