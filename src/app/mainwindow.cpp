// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "mainwindow.h"

#include "backgroundwork.h"
#include "densitystrip.h"
#include "lanemodel.h"
#include "latenesshistogram.h"
#include "narrator.h"
#include "parameterspanel.h"
#include "recentfiles.h"
#include "recorddrop.h"
#include "render/chartexport.h"
#include "render/chartrenderer.h"
#include "sliderjump.h"
#include "timelineview.h"
#include "ui_mainwindow.h"
#include "workprogress.h"

#include "export/exportfile.h"
#include "io/numberformat.h"
#include "io/recordreader.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCoroFuture>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>

#include <algorithm>
#include <cmath>
#include <tuple>

static void initResources() {
    Q_INIT_RESOURCE(coroscope);
}

namespace coroscope {

namespace {

QString settingsPath() {
    // Through QStandardPaths so tests (setTestModeEnabled) never touch the user's settings.
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/coroscope.ini");
}

QString clockText(double s) {
    const int minutes = int(s / 60);
    return QStringLiteral("%1:%2")
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(QString::number(s - minutes * 60, 'f', 3).rightJustified(6, QLatin1Char('0')));
}

QString ms(double v) {
    return QString::number(v, 'f', 3) + QStringLiteral(" ms");
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , ui(std::make_unique<Ui::MainWindow>()) {
    initResources();
    installChartWriter(); // File → Export chart… and --export go through exportRecord()
    ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    // Qt shows tooltips only in the active window; with no window manager (Xvfb, a kiosk,
    // a projector's bare X session) the window is never activated, so hover said nothing.
    setAttribute(Qt::WA_AlwaysShowToolTips);

    m_model = new LaneModel(this);
    ui->timelineView->setLaneModel(m_model);
    m_density = new DensityStrip(ui->timelineView, ui->centralWidget);
    ui->centralLayout->insertWidget(ui->centralLayout->indexOf(ui->timelineView), m_density);
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

    ui->replaySpeedCombo->setCurrentIndex(1);
    ui->replayButton->setIcon(QIcon(QStringLiteral(":/icons/run.svg")));
    connect(ui->replayButton, &QToolButton::toggled, this, [this](bool on) {
        static constexpr double speeds[] = {0.25, 1.0, 4.0};
        if (on)
            startReplay(speeds[std::clamp(ui->replaySpeedCombo->currentIndex(), 0, 2)]);
        else
            stopReplay();
    });
    jumpOnGrooveClick(ui->replaySlider);
    connect(ui->replaySlider, &QSlider::valueChanged, this, [this](int v) {
        if (state() == RunStatus::Running || !record())
            return;
        stopReplay();
        setViewTime(endTime() * v / ui->replaySlider->maximum());
    });

    m_clockLabel = new QLabel(this);
    m_clockLabel->setObjectName(QStringLiteral("clockLabel"));
    m_clockLabel->setAccessibleName(QStringLiteral("Elapsed time"));
    m_clockLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yieldsLabel = new QLabel(this);
    m_yieldsLabel->setObjectName(QStringLiteral("yieldsLabel"));
    m_yieldsLabel->setAccessibleName(QStringLiteral("Yields so far"));
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_stateLabel->setAccessibleName(QStringLiteral("Run state"));
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_clockLabel);
    statusBar()->addWidget(m_yieldsLabel);

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
    m_recent = new RecentFiles(settingsPath(), ui->menuFile, ui->actionOpenRun, this);
    m_drop = new RecordDrop(this);
    connect(m_recent, &RecentFiles::openRequested, this,
            [this](const QString &path) { openInBackground(path); });
    connect(m_drop, &RecordDrop::dropped, this,
            [this](const QString &path) { openInBackground(path); });

    // One frame timer: the record is polled at the screen's rate, never per yield.
    m_frameTimer.setInterval(16);
    connect(&m_frameTimer, &QTimer::timeout, this, &MainWindow::onFrame);

    // Save dialogs for a caption that says so; the open dialog for "Open run".
    m_askFile = [this](const QString &caption, const QString &path, const QString &filters,
                       QString *selected) {
        return caption == QLatin1String("Open run")
                   ? QFileDialog::getOpenFileName(this, caption, path, filters, selected)
                   : QFileDialog::getSaveFileName(this, caption, path, filters, selected);
    };
    ui->explainText->setOpenLinks(false);
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
    m_model->setRecord(nullptr);
    ui->latenessView->setTally(nullptr);
    m_tally.reset(nullptr);
    m_run.reset();
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
}

RunStatus MainWindow::state() const {
    if (m_run)
        return m_runState;
    if (m_opened)
        return m_opened->groups.empty() ? RunStatus::Idle : m_opened->groups.front()->status.load();
    return RunStatus::Idle;
}

const RunRecord *MainWindow::record() const {
    if (m_run)
        return &m_run->record();
    return m_opened.get();
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
    ui->parametersPanel->setParams(p, seedFixed);
    m_clock = o.params.clock;
    if (given.contains(QStringLiteral("mode")))
        setMode(o.params.mode);
    m_exportsOnFinish = o.exports;
}

bool MainWindow::startRun() {
    // One run at a time; one being stopped (or just ended, its end not shown yet) is let go.
    // A worker may be writing the record shown: it stays until the worker is done.
    if ((state() == RunStatus::Running && m_run->status() == RunStatus::Running &&
         !m_run->stopRequested()) ||
        m_work->busy())
        return false;
    RunParams p = ui->parametersPanel->params();
    p.mode = mode();
    p.clock = m_clock;
    if (const QString why = ui->parametersPanel->problem(); !why.isEmpty()) {
        ui->parametersPanel->showProblem(why);
        statusBar()->showMessage(QStringLiteral("Cannot run: ") + why, 8000);
        return false;
    }
    if (!ui->parametersPanel->seedFixed())
        p.seed = randomSeed();

    discardRun();
    const quint64 id = ++m_runId;
    m_run = std::make_unique<RunHost>(p);
    // The id keeps a late signal of an older run from touching this one.
    connect(
        m_run.get(), &RunHost::finished, this, [this, id] { onRunFinished(id); },
        Qt::QueuedConnection);
    const double stopAfter = std::exchange(m_stopAfterS, -1);
    m_windowStall.start();
    m_runState = RunStatus::Running;
    m_run->start(stopAfter >= 0 ? qint64(stopAfter * 1e9 + 0.5) : -1);
    showRecord(&m_run->record());
    // One poll per screen refresh (60 Hz: 16 ms); a yield never asks for a paint itself.
    if (const QScreen *s = screen(); s && s->refreshRate() > 0)
        m_frameTimer.setInterval(std::clamp(int(1000 / s->refreshRate()), 8, 33));
    m_frameTimer.start();
    saveSettings();
    updateActions();
    onFrame();
    return true;
}

void MainWindow::stopRun() {
    if (m_run && m_runState == RunStatus::Running) {
        m_run->stop(); // the run's thread stops it; onRunFinished() follows
        updateActions();
        updateStatusBar();
    }
    stopReplay();
}

void MainWindow::discardRun() {
    stopReplay();
    m_frameTimer.stop();
    m_windowStall.stop();
    // Views first: they must not see the record of a run being destroyed.
    m_model->setRecord(nullptr);
    m_tally.reset(nullptr);
    ui->latenessView->setTally(nullptr);
    m_run.reset(); // stops the run and joins its thread
    m_opened.reset();
    m_viewS = -1;
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
    adoptRecord(std::move(result.loaded->record), path, &result.loaded->tally, false);
    // The lanes first, the text panels a loop turn later: each turn stays short (a million
    // tasks: about 12 ms, then 8 ms, instead of 20 ms at once on a 2-core machine). A timer
    // with the window as context, not a suspended coroutine: a window closed meanwhile
    // drops it, and no frame is left waiting.
    QTimer::singleShot(0, this, [this, shown = m_opened.get()] {
        if (m_opened.get() == shown)
            updatePanels();
    });
    saveSettings();
    co_return true;
}

QCoro::Task<bool> MainWindow::exportInBackground(QStringList files, ChartExportOptions chart) {
    const RunRecord *r = record();
    if (!r || !m_work->isIdle() || state() == RunStatus::Running) {
        m_exportsFailed = !files.isEmpty();
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
                             YieldTally *tally, bool panels) {
    discardRun();
    ++m_runId;
    m_opened = std::move(record);
    if (tally) // indexed on the worker: showRecord() keeps it
        m_tally = std::move(*tally);
    ui->parametersPanel->setParams(m_opened->params, true);
    setMode(m_opened->params.mode);
    m_lastFolder = QFileInfo(path).absolutePath();
    showRecord(m_opened.get(), panels);
    if (!m_unattended)
        m_recent->add(path);
    statusBar()->showMessage(QStringLiteral("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::showRecord(const RunRecord *r, bool panels) {
    m_model->setRecord(r);
    // An opened record is complete; a new run's is still empty (its run starts next). A
    // record opened in the background comes with its finished tally already.
    if (!r || m_tally.record() != r) {
        m_tally.reset(r);
        if (r && r == m_opened.get())
            m_tally.finish();
    }
    m_lastYields = -1;
    m_viewS = -1;
    TimelineView *view = ui->timelineView;
    view->setDomain(r ? ChartRenderer::autoEndS(*r) : idleAxisEnd(), false);
    view->setNow(r && state() == RunStatus::Running ? 0.0 : -1.0);
    m_fitEnd = -1;
    if (r && r == m_opened.get()) {
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
        if (r == m_opened.get() && !m_openedDensities.empty())
            m_density->setDensities(std::move(m_openedDensities)); // counted on the worker
        else
            m_density->recompute(-1);
    }
    m_openedDensities.clear();
    ui->replaySlider->blockSignals(true);
    ui->replaySlider->setValue(r && state() != RunStatus::Running ? ui->replaySlider->maximum()
                                                                  : 0);
    ui->replaySlider->blockSignals(false);
    // The label says where the knob is: the end of a complete record, 0 before a run.
    ui->replayTimeLabel->setText(
        QString::number(r && state() != RunStatus::Running ? endTime() : 0.0, 'f', 3) +
        QStringLiteral(" s"));
    updateTitle();
    updateActions();
    if (panels)
        updatePanels();
}

void MainWindow::updatePanels() {
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
    const RunRecord *r = record();
    if (!r)
        return 1;
    return ChartRenderer::recordedEndS(*r);
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
    if (state() == RunStatus::Running)
        return double(m_run->elapsedNs()) / 1e9;
    return m_viewS;
}

void MainWindow::onFrame() {
    ++m_frame;
    const RunRecord *r = record();
    if (!r) {
        m_frameTimer.stop();
        return;
    }
    if (m_replaying) {
        const double t = m_replayFrom + m_replayClock.nsecsElapsed() / 1e9 * m_replaySpeed;
        if (t >= endTime()) {
            setViewTime(endTime());
            stopReplay();
        } else {
            setViewTime(t);
        }
        return;
    }
    if (state() != RunStatus::Running)
        return;
    const double nowS = double(m_run->elapsedNs()) / 1e9;
    TimelineView *view = ui->timelineView;
    view->setNow(nowS);
    if (nowS > view->axis().domainEnd())
        view->setDomain(nowS * 1.05, true);
    followFit(nowS);
    qint64 yields = 0;
    for (const auto &g : r->groups)
        yields += g->yields();
    if (yields != m_lastYields) {
        m_lastYields = yields;
        m_model->refresh();
    }
    ui->replaySlider->blockSignals(true);
    ui->replaySlider->setValue(int(ui->replaySlider->maximum() * std::min(1.0, nowS / endTime())));
    ui->replaySlider->blockSignals(false);
    ui->replayTimeLabel->setText(QString::number(nowS, 'f', 3) + QStringLiteral(" s"));
    updateStatusBar();
    // Text panels a few times a second (reading changes faster is no use); the tally
    // visits only the yields recorded since its last update.
    if (m_frame % 15 == 0) {
        m_tally.update();
        updateResults();
        updateExplain();
        updateHistogram();
        if (m_density->isVisible())
            m_density->recompute(-1);
    }
}

void MainWindow::onRunFinished(quint64 runId) {
    if (runId != m_runId || !m_run)
        return;
    m_windowStall.stop();
    m_run->noteWindowStall(m_windowStall.maxStallMs());
    m_runState = m_run->status();
    m_frameTimer.stop();
    m_model->refresh();
    m_tally.finish();
    ui->timelineView->setNow(-1);
    ui->timelineView->setDomain(endTime(), true);
    double last = 0;
    for (const auto &g : m_run->record().groups)
        last = std::max({last, double(g->lastYieldNs()) / 1e9, g->health.wallS});
    followFit(last);
    if (m_density->isVisible())
        m_density->recompute(-1);
    ui->replaySlider->blockSignals(true);
    ui->replaySlider->setValue(ui->replaySlider->maximum());
    ui->replaySlider->blockSignals(false);
    ui->replayTimeLabel->setText(QString::number(endTime(), 'f', 3) + QStringLiteral(" s"));
    updateResults();
    updateExplain();
    updateHistogram();
    updateStatusBar();
    updateActions();
    if (!m_exportsOnFinish.isEmpty()) {
        const QStringList files = std::exchange(m_exportsOnFinish, {});
        writeExports(files);
    }
    Q_EMIT runEnded();
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

void MainWindow::setViewTime(double s) {
    const double end = endTime();
    m_viewS = std::clamp(s, 0.0, end);
    // At the end the whole record shows, including yields that landed after the last tick.
    const double cutoff = m_viewS >= end ? -1 : m_viewS;
    m_model->setNow(cutoff);
    ui->timelineView->setNow(cutoff);
    ui->replaySlider->blockSignals(true);
    ui->replaySlider->setValue(int(std::lround(ui->replaySlider->maximum() * m_viewS / end)));
    ui->replaySlider->blockSignals(false);
    ui->replayTimeLabel->setText(QString::number(m_viewS, 'f', 3) + QStringLiteral(" s"));
    if (m_density->isVisible())
        m_density->update();
    updateStatusBar();
    if (!m_replaying || ++m_frame % 8 == 0) {
        updateResults();
        updateExplain();
    }
}

void MainWindow::scrubTo(double seconds) {
    if (!record() || state() == RunStatus::Running)
        return;
    stopReplay();
    setViewTime(seconds);
}

void MainWindow::startReplay(double speed) {
    if (!record() || state() == RunStatus::Running) {
        ui->replayButton->setChecked(false);
        return;
    }
    m_replaySpeed = speed;
    // From the slider's place, or from the start when it is at the end.
    m_replayFrom = m_viewS < 0 || m_viewS >= endTime() - 1e-9 ? 0.0 : m_viewS;
    m_replaying = true;
    m_replayClock.start();
    ui->replayButton->blockSignals(true);
    ui->replayButton->setChecked(true);
    ui->replayButton->blockSignals(false);
    setViewTime(m_replayFrom);
    m_frameTimer.start();
}

void MainWindow::stopReplay() {
    if (!m_replaying)
        return;
    m_replaying = false;
    if (state() != RunStatus::Running)
        m_frameTimer.stop();
    ui->replayButton->blockSignals(true);
    ui->replayButton->setChecked(false);
    ui->replayButton->blockSignals(false);
    updateResults();
    updateExplain();
}

void MainWindow::updateActions() {
    const bool running = state() == RunStatus::Running;
    const QString why = ui->parametersPanel->problem();
    // Run while a stop is under way lets the stopping run go and starts anew.
    ui->actionRun->setEnabled((!running || m_run->stopRequested()) && why.isEmpty());
    ui->actionRun->setToolTip(why.isEmpty() ? QStringLiteral("Start the comprehensions (Ctrl+R)")
                                            : QStringLiteral("Cannot run: ") + why);
    ui->actionStop->setEnabled(running && !m_run->stopRequested());
    const bool haveData = record() && !running;
    // While a worker reads or writes, nothing may replace the record it works on.
    const bool busy = m_work->busy();
    ui->actionRun->setEnabled(ui->actionRun->isEnabled() && !busy);
    ui->actionOpenRun->setEnabled(!busy);
    m_recent->setEnabled(!busy);
    m_drop->setEnabled(!busy);
    ui->actionExportChart->setEnabled(haveData && !busy);
    ui->actionExportData->setEnabled(haveData && !busy);
    ui->replayButton->setEnabled(haveData);
    ui->replaySpeedCombo->setEnabled(haveData);
    ui->replaySlider->setEnabled(haveData);
}

void MainWindow::updateStatusBar() {
    const RunStatus s = state();
    QString text = statusName(s);
    if (s == RunStatus::Running && m_run->stopRequested())
        text = QStringLiteral("stopping");
    if (m_opened)
        text = QStringLiteral("opened (%1)").arg(text);
    if (m_replaying)
        text += QStringLiteral(", replay");
    if (m_work && m_work->busy()) // "opening run.json…": the window is not idle
        text = m_work->what().replace(0, 1, m_work->what().left(1).toLower()) + QStringLiteral("…");
    m_stateLabel->setText(QStringLiteral("State: ") + text);
    const RunRecord *r = record();
    double t = 0;
    if (s == RunStatus::Running)
        t = double(m_run->elapsedNs()) / 1e9;
    else if (m_viewS >= 0)
        t = m_viewS;
    else if (r)
        t = m_run ? double(m_run->elapsedNs()) / 1e9 : endTime();
    m_clockLabel->setText(clockText(t));
    qint64 yields = 0;
    qint64 total = 0;
    // Replaying or scrubbed: the yields up to the moment shown, as the lanes show them.
    const bool atMoment = s != RunStatus::Running && m_viewS >= 0 && m_tally.record() == r;
    if (r)
        for (size_t g = 0; g < r->groups.size(); ++g) {
            yields += atMoment ? m_tally.yieldsAt(int(g), m_viewS) : r->groups[g]->yields();
            total += qint64(r->groups[g]->tasks()) * r->groups[g]->values();
        }
    m_yieldsLabel->setText(
        QStringLiteral("Yields: %1 of %2").arg(countText(yields), countText(total)));
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
    const RunRecord *r = record();
    if (!r) {
        ui->resultsText->setHtml(QStringLiteral("<p>No run yet.</p>"));
        return;
    }
    const double t = viewTime();
    QString html = QStringLiteral("<table cellpadding='3' cellspacing='0' width='100%'>");
    html += QStringLiteral("<tr><th align='left'></th>");
    for (const auto &g : r->groups)
        html += QStringLiteral("<th align='right'>%1</th>")
                    .arg(ChartRenderer::groupTitle(r->params, g->kind()));
    html += QStringLiteral("</tr>");
    auto row = [&](const QString &name, auto cell) {
        html += QStringLiteral("<tr><td>%1</td>").arg(name);
        for (const auto &g : r->groups) {
            const bool done =
                (g->status == RunStatus::Finished || g->status == RunStatus::Stopped) &&
                (t < 0 || t >= g->health.wallS);
            html += QStringLiteral("<td align='right'>%1</td>")
                        .arg(done ? cell(*g) : QStringLiteral("…"));
        }
        html += QStringLiteral("</tr>");
    };
    row(QStringLiteral("Status"), [](const GroupRecord &g) { return statusName(g.status); });
    row(QStringLiteral("Wall time"), [](const GroupRecord &g) {
        return QString::number(g.health.wallS, 'f', 4) + QStringLiteral(" s");
    });
    html += QStringLiteral("<tr><td>Ideal</td>");
    for (const auto &g : r->groups)
        html +=
            QStringLiteral("<td align='right'>%1 s</td>").arg(r->params.idealSeconds(g->kind()));
    html += QStringLiteral("</tr>");
    row(QStringLiteral("Overrun"), [](const GroupRecord &g) {
        // Stopped: no overrun (it did not run its course), just when it stopped.
        return g.status == RunStatus::Stopped
                   ? QStringLiteral("stopped at %1 s").arg(QString::number(g.health.wallS, 'f', 3))
                   : ms(g.health.overrunMs);
    });
    row(QStringLiteral("Lateness p50"),
        [](const GroupRecord &g) { return ms(g.health.latenessP50Ms); });
    row(QStringLiteral("Lateness p99"),
        [](const GroupRecord &g) { return ms(g.health.latenessP99Ms); });
    row(QStringLiteral("Lateness max"),
        [](const GroupRecord &g) { return ms(g.health.latenessMaxMs); });
    // Two loops, two figures: the run's own (its timing) and the window's (its frames).
    row(QStringLiteral("Run loop stall"),
        [](const GroupRecord &g) { return ms(g.health.maxStallMs); });
    row(QStringLiteral("Window stall"), [](const GroupRecord &g) {
        return g.health.windowStallMs < 0 ? QStringLiteral("— (headless)")
                                          : ms(g.health.windowStallMs);
    });
    html += QStringLiteral("</table>");
    const double speedUp = r->speedUp();
    if (speedUp > 0 && (t < 0 || t >= endTime() - 1e-9))
        html += QStringLiteral("<p style='font-size:large'><b>Speed-up: %1×</b> (sequential ÷ "
                               "concurrent wall time)</p>")
                    .arg(QString::number(speedUp, 'f', 2));

    // The comprehensions' results, as far as the time shown.
    constexpr int kListed = 12;
    html += QStringLiteral("<h4>Collected lists</h4>");
    for (const auto &g : r->groups) {
        const int tasks = std::min(g->tasks(), kListed);
        html += QStringLiteral("<p><b>%1</b><br/>")
                    .arg(ChartRenderer::groupTitle(r->params, g->kind()));
        const QModelIndex parent = m_model->groupIndex(int(&g - &r->groups.front()));
        for (int task = 0; task < tasks; ++task) {
            const QList<double> values =
                m_model->index(task, 0, parent).data(LaneModel::ValuesRole).value<QList<double>>();
            QStringList items;
            for (int i = 0; i < std::min<qsizetype>(values.size(), 20); ++i)
                items << valueText(values[i], r->params.maxValue);
            if (values.size() > 20)
                items << QStringLiteral("…");
            html += QStringLiteral("task %1: [%2]<br/>")
                        .arg(task)
                        .arg(items.join(QStringLiteral(", ")));
        }
        if (g->tasks() > kListed)
            html += QStringLiteral("<i>… %1 more (File → Export data holds them all)</i>")
                        .arg(countText(g->tasks() - kListed));
        html += QStringLiteral("</p>");
    }
    ui->resultsText->setHtml(html);
}

QStringList MainWindow::narration() const {
    const RunRecord *r = record();
    if (!r)
        return {};
    const double t = viewTime();
    std::vector<TaskCounts> counts;
    for (int g = 0; g < m_tally.groups(); ++g)
        counts.push_back(m_tally.countsAt(g, state() == RunStatus::Running ? -1 : t));
    return Narrator::narrate(*r, t < 0 ? endTime() : t, m_tally.record() == r ? &counts : nullptr);
}

void MainWindow::updateExplain() {
    const RunRecord *r = record();
    QString html;
    if (!r) {
        html = QStringLiteral("<p>Press <b>Run</b>. Each task is an async comprehension, "
                              "<code>[i async for i in async_generator()]</code> in Python, a "
                              "QCoro task collecting an async generator with QCORO_FOREACH here. "
                              "This panel tells what the event loop is doing while they run.</p>");
    } else {
        const double t = viewTime();
        html += QStringLiteral("<p><b>At %1 s</b></p><ul>")
                    .arg(QString::number(t < 0 ? endTime() : t, 'f', 3));
        for (const QString &line : narration())
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        html += QStringLiteral("</ul><p>%1</p>").arg(Narrator::whyParagraph(*r).toHtmlEscaped());
        const GroupRecord *seq = r->group(GroupKind::Sequential);
        const GroupRecord *conc = r->group(GroupKind::Concurrent);
        if (r->speedUp() > 0 && (t < 0 || t >= endTime() - 1e-9))
            html += QStringLiteral("<p><b>In this run</b> the concurrent group took %1 s and the "
                                   "sequential %2 s: the same %3 sleeps, %4× sooner, because "
                                   "they overlapped.</p>")
                        .arg(QString::number(conc->health.wallS, 'f', 3),
                             QString::number(seq->health.wallS, 'f', 3),
                             countText(qint64(r->params.tasks) * r->params.values),
                             QString::number(r->speedUp(), 'f', 2));
        if (r->params.timing == Timing::Relative)
            html += QStringLiteral("<p><i>Relative timing: each sleep counts from the moment the "
                                   "coroutine resumed, like asyncio.sleep in a loop, so every "
                                   "small delay adds up. Watch the Lateness tab: the drift "
                                   "grows with every value.</i></p>");
        else
            html +=
                QStringLiteral("<p><i>Drift-free timing: the k-th value is due at start + k × "
                               "delay, so a late wake-up never pushes the next one back.</i></p>");
    }
    ui->explainText->setHtml(html);
}

void MainWindow::updateHistogram() {
    ui->latenessView->setTally(record() ? &m_tally : nullptr);
}

void MainWindow::showInsight(int tab) {
    ui->insightDock->show();
    ui->insightDock->raise();
    ui->insightTabs->setCurrentIndex(std::clamp(tab, 0, ui->insightTabs->count() - 1));
}

void MainWindow::exportChartDialog() {
    const RunRecord *r = record();
    if (!r)
        return;
    const QString png = QStringLiteral("PNG image (*.png)");
    const QString png2 = QStringLiteral("PNG image, 2× for high-DPI (*.png)");
    const QString svg = QStringLiteral("SVG drawing (*.svg)");
    const QString pdf = QStringLiteral("PDF document (*.pdf)");
    QString filter = png;
    QString path = m_askFile(QStringLiteral("Export chart"),
                             m_lastFolder + QStringLiteral("/coroscope-chart.png"),
                             QStringList{png, png2, svg, pdf}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == svg   ? QStringLiteral(".svg")
                : filter == pdf ? QStringLiteral(".pdf")
                                : QStringLiteral(".png");
    m_lastFolder = QFileInfo(path).absolutePath();
    saveSettings();
    // The chart frames what the lanes frame: the fitted view or the one the user chose.
    const TimeAxis &axis = ui->timelineView->axis();
    ChartExportOptions chart;
    chart.scale = filter == png2 ? 2.0 : 1.0;
    chart.startS = axis.viewStart();
    chart.endS = axis.viewEnd();
    chart.viewNote =
        m_fitEnd >= 0 && axis.viewEnd() == m_fitEnd && axis.viewStart() == 0
            ? QStringLiteral("Fitted to where the run happened, as the window shows it")
            : QStringLiteral("The view chosen in the window");
    exportInBackground({path}, chart);
}

void MainWindow::exportDataDialog() {
    const RunRecord *r = record();
    if (!r)
        return;
    const QString json = QStringLiteral("Run record, reopens in Coroscope (*.json)");
    const QString csv = QStringLiteral("CSV, one row per yield (*.csv)");
    const QString trace = QStringLiteral("Chrome trace for Perfetto (*.trace.json)");
    QString filter = json;
    QString path = m_askFile(QStringLiteral("Export data"),
                             m_lastFolder + QStringLiteral("/coroscope-run.json"),
                             QStringList{json, csv, trace}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == csv     ? QStringLiteral(".csv")
                : filter == trace ? QStringLiteral(".trace.json")
                                  : QStringLiteral(".json");
    m_lastFolder = QFileInfo(path).absolutePath();
    saveSettings();
    exportInBackground({path});
}

void MainWindow::openRunDialog() {
    QString filter = QStringLiteral("Coroscope run (*.json)");
    const QString path = m_askFile(QStringLiteral("Open run"), m_lastFolder, filter, &filter);
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
    m_theme = theme == QLatin1String("light") || theme == QLatin1String("dark")
                  ? theme
                  : QStringLiteral("system");
    if (auto *a = findChild<QAction *>(QStringLiteral("actionTheme_") + m_theme))
        a->setChecked(true);
    if (m_theme == QLatin1String("system")) {
        if (m_themed) {
            QApplication::setStyle(QStyleFactory::create(m_systemStyle));
            QApplication::setPalette(QApplication::style()->standardPalette());
        }
        return;
    }
    if (!m_themed)
        m_systemStyle = QApplication::style()->name();
    m_themed = true;
    // Fusion draws every widget from the palette, so both themes look whole.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = QApplication::style()->standardPalette();
    if (m_theme == QLatin1String("dark")) {
        const QColor window(0x2b, 0x2e, 0x33), base(0x1e, 0x20, 0x24), text(0xe8, 0xea, 0xed);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, window);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, window);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::ToolTipBase, base);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa7, 0xb0));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x6a, 0xb0, 0xff));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x76, 0x7e));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x76, 0x7e));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x76, 0x7e));
    }
    QApplication::setPalette(p);
}

void MainWindow::loadSettings() {
    QSettings s(settingsPath(), QSettings::IniFormat);
    RunParams p;
    p.tasks = s.value(QStringLiteral("params/tasks"), p.tasks).toInt();
    p.values = s.value(QStringLiteral("params/values"), p.values).toInt();
    p.delaySeconds = s.value(QStringLiteral("params/delay"), p.delaySeconds).toDouble();
    p.maxValue = s.value(QStringLiteral("params/maxValue"), p.maxValue).toDouble();
    p.seed = s.value(QStringLiteral("params/seed"), 0).toULongLong();
    p.timing = parseTiming(s.value(QStringLiteral("params/timing")).toString())
                   .value_or(Timing::DriftFree);
    // A damaged settings file must not start the window in a state that cannot run.
    if (!p.validate().isEmpty())
        p = RunParams{};
    ui->parametersPanel->setParams(p, s.value(QStringLiteral("params/seedFixed"), false).toBool());
    setMode(
        parseMode(s.value(QStringLiteral("params/mode")).toString()).value_or(Mode::Concurrent));
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
    addDockWidget(Qt::RightDockWidgetArea, ui->insightDock);
    addDockWidget(Qt::RightDockWidgetArea, ui->parametersDock);
    tabifyDockWidget(ui->insightDock, ui->parametersDock);
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
    QSettings s(settingsPath(), QSettings::IniFormat);
    const RunParams p = ui->parametersPanel->params();
    s.setValue(QStringLiteral("params/tasks"), p.tasks);
    s.setValue(QStringLiteral("params/values"), p.values);
    s.setValue(QStringLiteral("params/delay"), p.delaySeconds);
    s.setValue(QStringLiteral("params/maxValue"), p.maxValue);
    s.setValue(QStringLiteral("params/seed"), p.seed);
    s.setValue(QStringLiteral("params/seedFixed"), ui->parametersPanel->seedFixed());
    s.setValue(QStringLiteral("params/timing"), timingName(p.timing));
    s.setValue(QStringLiteral("params/mode"), modeName(mode()));
    s.setValue(QStringLiteral("lastFolder"), m_lastFolder);
    s.setValue(QStringLiteral("view/theme"), m_theme);
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
