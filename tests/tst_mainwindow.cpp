// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "app/backgroundwork.h"
#include "app/codepanel.h"
#include "app/densitystrip.h"
#include "app/filefilters.h"
#include "app/lanedelegate.h"
#include "app/lanemodel.h"
#include "app/latenesshistogram.h"
#include "app/lessonclockcontrols.h"
#include "app/lessonsources.h"
#include "app/mainwindow.h"
#include "app/narrator.h"
#include "app/parameterspanel.h"
#include "app/scenariofields.h"
#include "app/statusline.h"
#include "app/steadylabel.h"
#include "app/theme.h"
#include "app/timelineview.h"
#include "app/windowmain.h"
#include "app/yieldtally.h"
#include "datafixtures.h"
#include "export/exportfile.h"
#include "pixelcount.h"
#include "render/chartpalette.h"
#include "render/chartrenderer.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

using namespace coroscope;

// A run's end, whether it came before this line or comes later.
#define WAIT_ENDED(spy) QTRY_VERIFY_WITH_TIMEOUT((spy).count() >= 1, kHangMs)

namespace {

RunParams quick(int tasks = 3, int values = 10, double delay = 0.02) {
    RunParams p;
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = delay;
    p.seed = 17;
    return p;
}

QAction *action(const MainWindow &w, const char *name) {
    auto *a = w.findChild<QAction *>(QLatin1String(name));
    Q_ASSERT(a);
    return a;
}

qint64 yields(const MainWindow &w) {
    qint64 n = 0;
    if (const RunRecord *r = w.record())
        for (const auto &g : r->groups)
            n += g->yields();
    return n;
}

int laneCount(const LaneModel &m, int group, int task) {
    return m.index(task, 0, m.groupIndex(group)).data(LaneModel::CountRole).toInt();
}

// The longest a test waits for an event (a run's end, a label changing) before it calls
// the code hung: generous for the sanitizer builds on a loaded machine. Tests wait for
// the event they mean, never for a span of time.
constexpr int kHangMs = 60'000;

QString settingsFile() {
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/coroscope.ini");
}

//! The colour most of \a lane's state band shows between \a fromS and \a toS, as the
//! window painted it (patterns' ink is the lesser part).
QColor bandColour(TimelineView *view, const QModelIndex &lane, double fromS, double toS) {
    const QImage shot = view->viewport()->grab().toImage();
    const QRectF band = LanePainter::bandRect(view->visualRect(lane));
    const int x0 = int(std::ceil(view->axis().xForTime(fromS))) + 1;
    const int x1 = int(std::floor(view->axis().xForTime(toS))) - 1;
    std::map<QRgb, int> counts;
    const qreal dpr = shot.devicePixelRatio();
    for (int x = x0; x < x1; ++x)
        for (int y = int(std::ceil(band.top())); y < int(band.bottom()); ++y)
            ++counts[shot.pixel(int(x * dpr), int(y * dpr))];
    const QRgb best = test::mostCommon(counts);
    return counts.empty() || counts.at(best) < 4 ? QColor() : QColor(best);
}

/*!
 * Shows \a w, 1400 × 900, set for the blocking lesson on the virtual clock, relative
 * timing: 3 tasks of \a values, task 0 blocking the loop for \a blockForS right after its
 * first value. False if the window was not exposed.
 */
bool showBlockingLesson(MainWindow &w, int values, double delayS, double blockForS) {
    RunParams p = quick(3, values, delayS);
    p.scenario = Scenario::Blocking;
    p.timing = Timing::Relative;
    p.clock = Clock::Virtual;
    resolveLabDefaults(p);
    p.lab.blockTask = 0;
    p.lab.blockAt = 1;
    p.lab.blockForSeconds = blockForS;
    w.parameters()->setParams(p, true);
    w.resize(1400, 900);
    w.show();
    return QTest::qWaitForWindowExposed(&w);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CoroscopeTest"));
        // A settings file of this process's own: another tst_mainwindow running meanwhile
        // (another build's, a sanitizer run) must not restore its mode into these windows.
        QCoreApplication::setApplicationName(
            QStringLiteral("tst_mainwindow-%1").arg(QCoreApplication::applicationPid()));
    }
    void init() { QFile::remove(settingsFile()); }
    void cleanupTestCase() {
        QFile::remove(settingsFile());
        QDir().rmdir(QFileInfo(settingsFile()).absolutePath());
    }

    void everyActionHasATooltipAndAnAccessibleName() {
        MainWindow w;
        for (const char *name : {"actionRun", "actionStop", "actionConcurrent", "actionSequential",
                                 "actionCompare", "actionExportChart", "actionExportData",
                                 "actionOpenRun", "actionQuit", "actionAbout"}) {
            QAction *a = action(w, name);
            QVERIFY2(!a->toolTip().isEmpty(), name);
            QVERIFY2(!a->text().remove(QLatin1Char('&')).isEmpty(), name); // what menus read
        }
        // Toolbar buttons, as a screen reader sees them.
        auto *bar = w.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(bar);
        for (const char *name : {"actionRun", "actionStop", "actionCompare", "actionOpenRun"}) {
            QWidget *button = bar->widgetForAction(action(w, name));
            QVERIFY2(button, name);
            QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(button);
            QVERIFY2(iface, name);
            QCOMPARE(iface->text(QAccessible::Name),
                     action(w, name)->text().remove(QLatin1Char('&')));
            QCOMPARE(iface->text(QAccessible::Description), action(w, name)->toolTip());
        }
        QCOMPARE(action(w, "actionRun")->shortcut(), QKeySequence(QStringLiteral("Ctrl+R")));
        QCOMPARE(action(w, "actionStop")->shortcut(), QKeySequence(Qt::Key_Escape));
        QCOMPARE(action(w, "actionExportChart")->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+E")));
        QCOMPARE(action(w, "actionOpenRun")->shortcut(), QKeySequence(QStringLiteral("Ctrl+O")));
        QCOMPARE(action(w, "actionQuit")->shortcut(), QKeySequence(QStringLiteral("Ctrl+Q")));
        // Modes are exclusive.
        action(w, "actionCompare")->trigger();
        QCOMPARE(w.mode(), Mode::Compare);
        QVERIFY(!action(w, "actionConcurrent")->isChecked());
        action(w, "actionSequential")->trigger();
        QCOMPARE(w.mode(), Mode::Sequential);
        QVERIFY(!action(w, "actionCompare")->isChecked());
    }

    void toolbarTooltipsShowWhenTheWindowIsNotActive() {
        // Under Xvfb with no window manager the window never becomes active.
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QWidget other;
        other.show();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        QVERIFY(!w.isActiveWindow());
        auto *bar = w.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QWidget *run = bar->widgetForAction(action(w, "actionRun"));
        QTest::mouseMove(run, run->rect().center());
        QTest::mouseMove(run, run->rect().center() + QPoint(1, 1));
        QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 5000);
        QCOMPARE(QToolTip::text(), action(w, "actionRun")->toolTip());
        QToolTip::hideText();
    }

    void runButtonStartsARun() {
        MainWindow w;
        w.parameters()->setParams(quick(), true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.state(), RunStatus::Idle);
        auto *toolbar = w.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        auto *button =
            qobject_cast<QToolButton *>(toolbar->widgetForAction(action(w, "actionRun")));
        QVERIFY(button);
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(w.state(), RunStatus::Running);
        QVERIFY(!action(w, "actionRun")->isEnabled());
        QVERIFY(action(w, "actionStop")->isEnabled());
        WAIT_ENDED(ended);
        QCOMPARE(w.state(), RunStatus::Finished);
        QCOMPARE(yields(w), qint64(30));
        QVERIFY(w.findChild<QLabel *>(QStringLiteral("stateLabel"))
                    ->text()
                    .contains(QStringLiteral("finished")));
        QVERIFY(w.findChild<QLabel *>(QStringLiteral("yieldsLabel"))
                    ->text()
                    .contains(QStringLiteral("30 of 30")));
    }

    void ctrlRStartsARun() {
        MainWindow w;
        w.parameters()->setParams(quick(), true);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(w.state(), RunStatus::Running);
        WAIT_ENDED(ended);
        QCOMPARE(w.state(), RunStatus::Finished);
    }

    void lanesGainPointsDuringTheRun() {
        MainWindow w;
        // Long enough (100 s) that the run cannot end before the test stops it, however
        // busy the machine: the mid-run checks never race the run's end.
        w.parameters()->setParams(quick(2, 5000, 0.02), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        const LaneModel &m = *w.laneModel();
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.rowCount(m.groupIndex(0)), 2);
        // Mid-run: the lane gains points while the run still goes on, frame after frame.
        QTRY_VERIFY_WITH_TIMEOUT(laneCount(m, 0, 0) >= 2, kHangMs);
        const int early = laneCount(m, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(laneCount(m, 0, 0) > early, kHangMs);
        QCOMPARE(w.state(), RunStatus::Running);
        QVERIFY(w.timeline()->now() > 0); // the cursor sweeps
        w.stopRun();
        WAIT_ENDED(ended);
        // Once the window has shown the end: every yield recorded is on its lane, and
        // the cursor is gone.
        QCOMPARE(w.state(), RunStatus::Stopped);
        const GroupRecord &g = *w.record()->groups[0];
        QCOMPARE(laneCount(m, 0, 0), g.count(0));
        QCOMPARE(laneCount(m, 0, 1), g.count(1));
        QVERIFY(g.count(0) > early);
        QCOMPARE(w.timeline()->now(), -1.0);
    }

    void aFinishedRunShowsEveryPointAndNoCursor() {
        MainWindow w;
        w.parameters()->setParams(quick(2, 5, 0.01), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        // State, lanes and cursor change together, in the window's own handling of the end.
        QCOMPARE(w.state(), RunStatus::Finished);
        QCOMPARE(laneCount(*w.laneModel(), 0, 0), 5);
        QCOMPARE(laneCount(*w.laneModel(), 0, 1), 5);
        QCOMPARE(w.timeline()->now(), -1.0);
    }

    void theRunLivesOnItsOwnThread() {
        // The window's loop blocked for 300 ms (a long paint, say) does not hold the run:
        // its coroutines and scheduler are on a thread of their own.
        MainWindow w;
        w.parameters()->setParams(quick(2, 1000, 0.02), true); // 20 s: stopped long before
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QVERIFY(w.run()->runThread() != QThread::currentThread());
        QTRY_VERIFY_WITH_TIMEOUT(yields(w) > 0, kHangMs);
        const qint64 before = yields(w);
        QThread::msleep(300); // the window's thread is stuck; the run's goes on
        QVERIFY2(yields(w) > before, "yields kept coming while the window was blocked");
        w.stopRun();
        WAIT_ENDED(ended);
        const GroupRecord &g = *w.record()->groups[0];
        // Two loops, two figures: the window's stall saw the 300 ms block.
        QVERIFY2(g.health.windowStallMs >= 290,
                 qPrintable(QString::number(g.health.windowStallMs)));
        QVERIFY(g.yields() < 2000);
    }

    void compareHoldsBothGroups() {
        MainWindow w;
        w.setMode(Mode::Compare);
        w.parameters()->setParams(quick(3, 3, 0.04), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        const LaneModel &m = *w.laneModel();
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.groupIndex(0).data().toString(), QStringLiteral("Sequential"));
        QCOMPARE(m.groupIndex(1).data().toString(), QStringLiteral("Concurrent"));
        WAIT_ENDED(ended);
        const RunRecord &r = *w.record();
        QCOMPARE(r.groups.size(), size_t(2));
        QCOMPARE(r.group(GroupKind::Sequential)->yields(), qint64(9));
        QCOMPARE(r.group(GroupKind::Concurrent)->yields(), qint64(9));
        const GroupRecord &seq = *r.group(GroupKind::Sequential);
        const GroupRecord &con = *r.group(GroupKind::Concurrent);
        QVERIFY(seq.health.wallS >= 3 * 3 * 0.04);
        QVERIFY(con.health.wallS >= 3 * 0.04);
        // The order of the yields, not a ratio of walls, shows which group overlapped: a
        // busy machine (CI under TSan) can stretch any wall, but not reorder the drift-free
        // deadlines. Sequential: each task starts after the one before it ends.
        // Concurrent: every task's first value (due at 40 ms) comes before any task's last
        // (due at 120 ms); a concurrent group that ran its tasks one by one fails both.
        for (int t = 1; t < 3; ++t)
            QVERIFY2(seq.atNs(t, 0) > seq.atNs(t - 1, 2), qPrintable(QString::number(t)));
        qint64 lastFirstNs = 0, firstLastNs = std::numeric_limits<qint64>::max();
        for (int t = 0; t < 3; ++t) {
            lastFirstNs = std::max(lastFirstNs, con.atNs(t, 0));
            firstLastNs = std::min(firstLastNs, con.atNs(t, 2));
        }
        QVERIFY2(lastFirstNs < firstLastNs,
                 qPrintable(QStringLiteral("last first value at %1 ns, first last value at %2 ns")
                                .arg(lastFirstNs)
                                .arg(firstLastNs)));
        QCOMPARE(r.speedUp(), seq.health.wallS / con.health.wallS);
        // One shared axis: from 0 to the sequential group's ideal time (at least).
        QVERIFY(w.timeline()->axis().domainEnd() >= 0.36);
        QVERIFY(laneCount(m, 0, 2) == 3 && laneCount(m, 1, 2) == 3);
    }

    void stopMidRunKeepsThePoints() {
        MainWindow w;
        w.parameters()->setParams(quick(3, 2000, 0.02), true); // 40 s: stopped long before
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(yields(w) >= 6, kHangMs);
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!action(w, "actionStop")->isEnabled()); // asked once; the run's thread stops it
        WAIT_ENDED(ended);
        QCOMPARE(w.state(), RunStatus::Stopped);
        const qint64 kept = yields(w);
        QVERIFY(kept >= 6);
        QVERIFY(kept < qint64(3) * 2000);
        QTest::qWait(100); // nothing arrives after the stop
        QCOMPARE(yields(w), kept);
        const LaneModel &m = *w.laneModel();
        QCOMPARE(qint64(laneCount(m, 0, 0) + laneCount(m, 0, 1) + laneCount(m, 0, 2)), kept);
        QVERIFY(action(w, "actionRun")->isEnabled());
        QVERIFY(action(w, "actionExportChart")->isEnabled());
    }

    void stoppedRunSpansWhatWasRecorded() {
        // A compare stopped early: replay, Explain, the clock and the slider end at the
        // stop, not at the sequential group's ideal; nothing reads as a negative overrun.
        MainWindow w;
        // Sequential ideal 15 s, concurrent 5 s: the stop comes long before either group
        // could end by itself, on a loaded machine too (at 0.05 s the concurrent group's
        // 0.5 s end came first once, under TSan beside clang-tidy in CI, and read finished).
        RunParams p = quick(3, 10, 0.5);
        w.parameters()->setParams(p, true);
        w.setMode(Mode::Compare);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(yields(w) >= 4, 5000);
        w.stopRun();
        QVERIFY(ended.count() == 1 || ended.wait(2000));
        const RunRecord &r = *w.record();
        double stopS = 0;
        for (const auto &g : r.groups) {
            QCOMPARE(g->status, RunStatus::Stopped);
            stopS = std::max(stopS, g->health.wallS);
            QVERIFY(g->health.overrunMs >= 0);
        }
        QVERIFY2(stopS < 5.0, qPrintable(QString::number(stopS)));
        auto check = [&](const MainWindow &win, const char *what) {
            const QString stop = QString::number(stopS, 'f', 3);
            // Scrubbing past the end lands on the stop.
            const_cast<MainWindow &>(win).scrubTo(1e9);
            QVERIFY2(std::abs(win.viewTime() - stopS) < 1e-6, what);
            auto *explain = win.findChild<QTextBrowser *>(QStringLiteral("explainText"));
            QVERIFY2(explain->toPlainText().contains(QStringLiteral("At ") + stop +
                                                     QStringLiteral(" s")),
                     qPrintable(explain->toPlainText().left(200)));
            auto *clock = win.findChild<QLabel *>(QStringLiteral("clockLabel"));
            QVERIFY2(clock->text().endsWith(stop.rightJustified(6, QLatin1Char('0'))),
                     qPrintable(clock->text() + QLatin1Char(' ') + stop));
            auto *results = win.findChild<QTextBrowser *>(QStringLiteral("resultsText"));
            const QString text = results->toPlainText();
            QVERIFY2(text.contains(QStringLiteral("stopped at ") + stop + QStringLiteral(" s")),
                     qPrintable(text.left(400)));
            QVERIFY2(!text.contains(QStringLiteral("-")) && !text.contains(QStringLiteral("−")),
                     qPrintable(text.left(400)));
            const QString footer = ChartRenderer::resultsLine(*win.record());
            QVERIFY2(footer.contains(QStringLiteral("stopped at ")) &&
                         !footer.contains(QStringLiteral("overrun")),
                     qPrintable(footer));
        };
        check(w, "live");
        // Replay at 4× ends at the stop, well before the 15 s axis would at 4×.
        w.startReplay(4.0);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isReplaying(), 5000);
        QVERIFY(std::abs(w.viewTime() - stopS) < 1e-6);
        // The same once saved and opened again; the record says null, not wall − ideal.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("stopped.json"));
        QCOMPARE(exportRecord(file, r), QString());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (const auto run :
             QJsonDocument::fromJson(f.readAll())[QStringLiteral("runs")].toArray())
            QVERIFY(run.toObject()[QStringLiteral("overrun_ms")].isNull());
        MainWindow opened;
        opened.show();
        QString why;
        QVERIFY2(opened.openRun(file, &why), qPrintable(why));
        check(opened, "opened");
    }

    void rerunAndModeChangeMidRunAreSafe() {
        MainWindow w;
        w.parameters()->setParams(quick(2, 5000, 0.02), true); // stopped long before its end
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QPointer<RunHost> first = w.run();
        QTRY_VERIFY_WITH_TIMEOUT(yields(w) > 0, kHangMs);
        w.setMode(Mode::Compare); // applies to the next run
        QCOMPARE(w.state(), RunStatus::Running);
        QCOMPARE(w.record()->groups.size(), size_t(1));
        QVERIFY(!w.startRun()); // one run at a time
        w.stopRun();
        QVERIFY(w.startRun());   // a run being stopped is let go at once
        QVERIFY(first.isNull()); // the old run is gone, the new one is shown
        QCOMPARE(w.record()->groups.size(), size_t(2));
        QCOMPARE(w.laneModel()->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(yields(w) > 0, kHangMs);
        w.stopRun();
        WAIT_ENDED(ended);
        QCOMPARE(ended.count(), 1); // the first run's end never reached the window
        QCOMPARE(w.state(), RunStatus::Stopped);
    }

    void closingMidRunIsClean() {
        auto *w = new MainWindow;
        w->setAttribute(Qt::WA_DeleteOnClose);
        QPointer<MainWindow> guard(w);
        w->parameters()->setParams(quick(50, 100, 0.01), true);
        w->show();
        QVERIFY(w->startRun());
        QPointer<RunHost> run = w->run();
        QTRY_VERIFY_WITH_TIMEOUT(yields(*w) > 0, kHangMs);
        QVERIFY(w->close());
        QVERIFY(run.isNull()); // stopped and freed at close
        QTRY_VERIFY(guard.isNull());
        QTest::qWait(60); // no timer fires into the freed window
    }

    void invalidParametersCannotStartARun() {
        MainWindow w;
        RunParams p = quick();
        w.parameters()->setParams(p, true);
        QVERIFY(action(w, "actionRun")->isEnabled());
        // A fixed seed with no number.
        auto *seed = w.findChild<QLineEdit *>(QStringLiteral("seedEdit"));
        QVERIFY(seed);
        seed->clear();
        QVERIFY(!w.parameters()->problem().isEmpty());
        QVERIFY(!action(w, "actionRun")->isEnabled());
        QVERIFY(!w.startRun());
        QVERIFY(!w.run());
        QCOMPARE(w.state(), RunStatus::Idle);
        // A run far too big for memory: a million tasks × 10,000 values.
        p.tasks = RunParams::kMaxTasks;
        p.values = RunParams::kMaxValues;
        w.parameters()->setParams(p, false);
        QVERIFY(w.parameters()->problem().contains(QStringLiteral("memory")));
        QVERIFY(!action(w, "actionRun")->isEnabled());
        QVERIFY(!w.startRun());
        QVERIFY(!w.run());
        // Fixed again: runs.
        w.parameters()->setParams(quick(1, 1, 0.01), false);
        QVERIFY(w.parameters()->problem().isEmpty());
        QVERIFY(w.startRun());
    }

    void settingsSurviveARestart() {
        {
            MainWindow w;
            RunParams p = quick(7, 3, 0.25);
            p.seed = 99;
            p.timing = Timing::Relative;
            w.parameters()->setParams(p, true);
            w.setMode(Mode::Compare);
            w.resize(1111, 777);
            w.show();
            QVERIFY(w.close());
        }
        QVERIFY(QFile::exists(settingsFile()));
        MainWindow again;
        const RunParams p = again.parameters()->params();
        QCOMPARE(p.tasks, 7);
        QCOMPARE(p.values, 3);
        QCOMPARE(p.delaySeconds, 0.25);
        QCOMPARE(p.timing, Timing::Relative);
        QVERIFY(again.parameters()->seedFixed());
        QCOMPARE(p.seed, quint64(99));
        QCOMPARE(again.mode(), Mode::Compare);
        QCOMPARE(again.size(), QSize(1111, 777));
    }

    void commandLineBeatsSettings() {
        {
            MainWindow w;
            w.parameters()->setParams(quick(9, 9, 0.5), false);
            w.close();
        }
        MainWindow w;
        WindowOptions o;
        o.params.tasks = 5;
        o.params.mode = Mode::Sequential;
        w.applyOptions(o, {QStringLiteral("tasks"), QStringLiteral("mode")});
        QCOMPARE(w.parameters()->params().tasks, 5);
        QCOMPARE(w.parameters()->params().values, 9); // not given: from the settings
        QCOMPARE(w.mode(), Mode::Sequential);
    }

    void replayAndScrubFollowTheSlider() {
        MainWindow w;
        w.parameters()->setParams(quick(2, 5, 0.02), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        const GroupRecord &g = *w.record()->groups[0];
        // Just after task 0's third value: three points, and the narration says so.
        w.scrubTo(double(g.atNs(0, 2)) / 1e9 + 0.001);
        QCOMPARE(laneCount(*w.laneModel(), 0, 0), 3);
        const QStringList story = w.narration();
        QVERIFY2(story.join(QLatin1Char('\n')).contains(QStringLiteral("suspended until")),
                 qPrintable(story.join(QLatin1Char('\n'))));
        w.scrubTo(0);
        QCOMPARE(laneCount(*w.laneModel(), 0, 0), 0);
        // Replay at 4×: the lane fills again and ends whole.
        w.startReplay(4.0);
        QVERIFY(w.isReplaying());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isReplaying(), kHangMs);
        QCOMPARE(laneCount(*w.laneModel(), 0, 0), 5);
    }

    // The lesson clock in the window: the Clock field chooses the virtual clock, the
    // status bar says so; Space pauses (the clock label and the lanes stand: no new
    // points), the Step button runs exactly one wake-up (one more point on every lane),
    // Space again resumes to the end.
    void lessonClockPausesAndStepsTheLanes() {
        MainWindow w;
        RunParams p = quick(3, 20, 0.2);
        p.clock = Clock::Virtual;
        w.parameters()->setParams(p, true);
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QAction *pause = action(w, "actionPause");
        QAction *step = action(w, "actionStepWake");
        QVERIFY(!pause->isEnabled()); // no run yet
        QCOMPARE(pause->shortcut(), QKeySequence(Qt::Key_Space));
        QVERIFY(!step->shortcut().isEmpty());
        auto *speed = w.findChild<QComboBox *>(QStringLiteral("lessonSpeedCombo"));
        QVERIFY(speed->isEnabled()); // the next run is virtual: its speed can be chosen
        QCOMPARE(speed->itemData(0).toDouble(), 0.1);
        QCOMPARE(speed->itemData(speed->count() - 1).toDouble(), 10.0);
        auto *stateLabel = w.findChild<QLabel *>(QStringLiteral("stateLabel"));
        auto *clockLabel = w.findChild<QLabel *>(QStringLiteral("clockLabel"));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QCOMPARE(w.run()->clock(), Clock::Virtual);
        QVERIFY(pause->isEnabled());
        QVERIFY2(stateLabel->text().contains(QStringLiteral("virtual clock 1×")),
                 qPrintable(stateLabel->text()));
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(pause->isChecked());
        QVERIFY(w.controller()->isPaused());
        QTRY_VERIFY_WITH_TIMEOUT(stateLabel->text().contains(QStringLiteral("paused")), kHangMs);
        QTest::qWait(100); // the pause reaches the run's thread; the frames go on
        const auto shown = [&w] {
            return laneCount(*w.laneModel(), 0, 0) + laneCount(*w.laneModel(), 0, 1) +
                   laneCount(*w.laneModel(), 0, 2);
        };
        const int before = shown();
        const QString clockBefore = clockLabel->text();
        QTest::qWait(500); // 2.5 wake-ups' worth at 1×, had the clock gone on
        QCOMPARE(shown(), before);
        QCOMPARE(clockLabel->text(), clockBefore);
        QCOMPARE(yields(w), qint64(before));
        QVERIFY2(before + 3 <= 60, qPrintable(QString::number(before)));
        // One step: every lane gets exactly its next point, at the next deadline.
        const int lane0 = laneCount(*w.laneModel(), 0, 0);
        QVERIFY(step->isEnabled());
        step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(shown(), before + 3, kHangMs);
        QCOMPARE(laneCount(*w.laneModel(), 0, 0), lane0 + 1);
        QTRY_COMPARE_WITH_TIMEOUT(qint64(std::llround(w.viewTime() * 1e9)),
                                  (lane0 + 1) * 200'000'000LL, kHangMs);
        QTest::qWait(300);
        QCOMPARE(shown(), before + 3); // and stands again
        // The rest at 10×, resumed with Space.
        speed->setCurrentIndex(speed->count() - 1);
        QCOMPARE(w.controller()->speed(), 10.0);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!w.controller()->isPaused());
        WAIT_ENDED(ended);
        QCOMPARE(yields(w), qint64(60));
        QVERIFY(!pause->isEnabled());
        QVERIFY2(stateLabel->text().contains(QStringLiteral("virtual clock")),
                 qPrintable(stateLabel->text()));
    }

    // --clock virtual fills the Clock field (and wins over the settings); the field is
    // saved with the other parameters.
    void clockOptionFillsTheClockField() {
        {
            MainWindow w;
            WindowOptions o;
            o.params.clock = Clock::Virtual;
            w.applyOptions(o, {QStringLiteral("clock")});
            QCOMPARE(w.parameters()->params().clock, Clock::Virtual);
            w.close(); // saves
        }
        MainWindow w;
        QCOMPARE(w.parameters()->params().clock, Clock::Virtual); // from the settings
        WindowOptions o; // --clock not typed: the settings stay
        w.applyOptions(o, {QStringLiteral("tasks")});
        QCOMPARE(w.parameters()->params().clock, Clock::Virtual);
        w.applyOptions(o, {QStringLiteral("clock")}); // typed: --clock real
        QCOMPARE(w.parameters()->params().clock, Clock::Real);
    }

    void theRealClockIsTheDefaultAndSaysSo() {
        MainWindow w;
        QCOMPARE(w.parameters()->params().clock, Clock::Real);
        w.parameters()->setParams(quick(2, 30, 0.02), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QCOMPARE(w.run()->clock(), Clock::Real);
        QVERIFY(!action(w, "actionPause")->isEnabled());
        QVERIFY(!action(w, "actionStepWake")->isEnabled());
        QVERIFY(!w.findChild<QComboBox *>(QStringLiteral("lessonSpeedCombo"))->isEnabled());
        auto *stateLabel = w.findChild<QLabel *>(QStringLiteral("stateLabel"));
        QVERIFY2(stateLabel->text().contains(QStringLiteral("real clock")),
                 qPrintable(stateLabel->text()));
        QTest::keyClick(&w, Qt::Key_Space); // nothing to pause
        QVERIFY(!w.controller()->isPaused());
        WAIT_ENDED(ended);
        QCOMPARE(yields(w), qint64(60));
    }

    // Replay's steps: back from the end to the last yield (the yields label loses what
    // happened at that instant), forward again; the buttons work on a complete record only.
    void replayStepsOneEventAtATime() {
        MainWindow w;
        w.parameters()->setParams(quick(2, 4, 0.02), true);
        w.show();
        auto *back = w.findChild<QToolButton *>(QStringLiteral("stepBackButton"));
        auto *forward = w.findChild<QToolButton *>(QStringLiteral("stepForwardButton"));
        QVERIFY(back && forward);
        QVERIFY(!back->isEnabled());
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QVERIFY(!back->isEnabled()); // not while running
        WAIT_ENDED(ended);
        QVERIFY(back->isEnabled() && forward->isEnabled());
        const GroupRecord &g = *w.record()->groups[0];
        std::vector<qint64> times;
        for (int task = 0; task < 2; ++task)
            for (int i = 0; i < 4; ++i)
                times.push_back(g.atNs(task, i));
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        auto *yieldsLabel = w.findChild<QLabel *>(QStringLiteral("yieldsLabel"));
        QCOMPARE(yieldsLabel->text(), QStringLiteral("Yields: 8 of 8"));
        QTest::mouseClick(back, Qt::LeftButton);
        QCOMPARE(qint64(std::llround(w.viewTime() * 1e9)), times.back());
        // The last instant's yields are still shown (at or before the time shown).
        QCOMPARE(yieldsLabel->text(), QStringLiteral("Yields: 8 of 8"));
        QTest::mouseClick(back, Qt::LeftButton);
        QCOMPARE(qint64(std::llround(w.viewTime() * 1e9)), times[times.size() - 2]);
        int expected = 0;
        for (int task = 0; task < 2; ++task)
            for (int i = 0; i < 4; ++i)
                expected += g.atNs(task, i) <= times[times.size() - 2];
        QCOMPARE(yieldsLabel->text(), QStringLiteral("Yields: %1 of 8").arg(expected));
        QVERIFY(expected < 8);
        QCOMPARE(laneCount(*w.laneModel(), 0, 0) + laneCount(*w.laneModel(), 0, 1), expected);
        QTest::mouseClick(forward, Qt::LeftButton);
        QCOMPARE(qint64(std::llround(w.viewTime() * 1e9)), times.back());
        QCOMPARE(laneCount(*w.laneModel(), 0, 0) + laneCount(*w.laneModel(), 0, 1), 8);
        // The slider and its label follow the steps.
        auto *timeLabel = w.findChild<QLabel *>(QStringLiteral("replayTimeLabel"));
        QCOMPARE(timeLabel->text(),
                 QString::number(double(times.back()) / 1e9, 'f', 3) + QStringLiteral(" s"));
    }

    // The Scenario picker: every lesson of the engine's table with its one-line summary;
    // picking one shows its options at the engine's defaults for the run's shape, valid,
    // so Run is enabled; a value this run cannot take is said under the fields and greys
    // Run out. The seed stays the default.
    void scenarioPickerShowsEachLessonAndItsOptions() {
        MainWindow w;
        w.show();
        auto *combo = w.findChild<QComboBox *>(QStringLiteral("scenarioCombo"));
        auto *summary = w.findChild<QLabel *>(QStringLiteral("scenarioSummary"));
        QVERIFY(combo && summary);
        QCOMPARE(combo->count(), int(scenarios().size()));
        QCOMPARE(w.parameters()->params().scenario, Scenario::Seed);
        QCOMPARE(summary->text(), scenarioSummary(Scenario::Seed));
        w.parameters()->setParams(quick(4, 6, 0.5), true);
        for (int i = 0; i < combo->count(); ++i) {
            const Scenario s = scenarios()[i];
            combo->setCurrentIndex(i);
            const RunParams p = w.parameters()->params();
            QCOMPARE(p.scenario, s);
            QCOMPARE(combo->currentText(), scenarioName(s));
            QCOMPARE(summary->text(), scenarioSummary(s));
            QVERIFY(!summary->text().isEmpty());
            QVERIFY2(w.parameters()->problem().isEmpty(), qPrintable(w.parameters()->problem()));
            QVERIFY(action(w, "actionRun")->isEnabled());
            if (s != Scenario::Seed) {
                QCOMPARE(p.variant, defaultVariant(s));
                QCOMPARE(p.timing, Timing::Relative); // as the command line's default
                RunParams resolved = p;
                resolved.lab = LabParams{};
                resolveLabDefaults(resolved);
                QCOMPARE(p.lab.limit, resolved.lab.limit);
                QCOMPARE(p.lab.blockAt, resolved.lab.blockAt);
                QCOMPARE(p.lab.workers, resolved.lab.workers);
            }
        }
        // Bounded: a limit above the tasks is the engine's problem, said in words.
        combo->setCurrentIndex(int(scenarios().indexOf(Scenario::Bounded)));
        auto *limit = w.findChild<QSpinBox *>(QStringLiteral("limitSpin"));
        QVERIFY(limit && limit->isVisibleTo(&w));
        QVERIFY(!w.findChild<QSpinBox *>(QStringLiteral("workersSpin"))->isVisibleTo(&w));
        limit->setValue(5);
        QVERIFY2(w.parameters()->problem().contains(QStringLiteral("--limit")),
                 qPrintable(w.parameters()->problem()));
        QVERIFY(!action(w, "actionRun")->isEnabled());
        QVERIFY(!w.startRun());
        limit->setValue(2);
        QVERIFY(action(w, "actionRun")->isEnabled());
        // Sequential is the seed's mode: a lesson runs a variant or compares both.
        w.setMode(Mode::Sequential);
        QVERIFY(!action(w, "actionRun")->isEnabled());
        w.setMode(Mode::Compare);
        QVERIFY(action(w, "actionRun")->isEnabled());
        QVERIFY(!w.findChild<QComboBox *>(QStringLiteral("variantCombo"))->isEnabled());
    }

    void runningALessonFromThePicker() {
        MainWindow w;
        w.parameters()->setParams(quick(4, 2, 0.02), true);
        w.show();
        auto *combo = w.findChild<QComboBox *>(QStringLiteral("scenarioCombo"));
        combo->setCurrentIndex(int(scenarios().indexOf(Scenario::Bounded)));
        w.findChild<QSpinBox *>(QStringLiteral("limitSpin"))->setValue(2);
        w.setMode(Mode::Compare);
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        const RunRecord &r = *w.record();
        QCOMPARE(r.params.scenario, Scenario::Bounded);
        QCOMPARE(r.params.lab.limit, 2);
        QCOMPARE(r.groups.size(), size_t(2));
        QCOMPARE(yields(w), qint64(16));
        // limited: ⌈4/2⌉ windows of 2 × 20 ms; unlimited: one window.
        QCOMPARE(r.params.idealSeconds(GroupKind::Sequential), 0.08);
        QVERIFY(r.groups[0]->health.wallS >= 0.08);
        const QString results =
            w.findChild<QTextBrowser *>(QStringLiteral("resultsText"))->toPlainText();
        QVERIFY(results.contains(QStringLiteral("Limited")));
        // The speed-up names the variants it divides, not the seed's modes.
        QVERIFY2(results.contains(QStringLiteral("(limited ÷ unlimited wall time)")),
                 qPrintable(results));
    }

    // A lab compare runs its variants one after the other, each from its own t = 0, drawn
    // on one axis from a common t = 0: while the second runs, its lanes, bands and the now
    // cursor stand at its own time, not the run's (which counts the first variant's too).
    // Before, its band ran on to the run's clock: "ready" far past its last value.
    void compareSecondVariantRunsInItsOwnTime() {
        MainWindow w;
        RunParams p = quick(3, 4, 0.5);
        p.scenario = Scenario::Blocking;
        p.mode = Mode::Compare;
        p.timing = Timing::Relative;
        p.clock = Clock::Virtual;
        resolveLabDefaults(p);
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 1.0;
        w.parameters()->setParams(p, true);
        action(w, "actionCompare")->trigger();
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *speed = w.findChild<QComboBox *>(QStringLiteral("lessonSpeedCombo"));
        speed->setCurrentIndex(0);
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(w.controller()->isPaused());
        const RunRecord &r = *w.record();
        QCOMPARE(r.groups.size(), size_t(2));
        const GroupRecord &second = *r.groups[1];
        // Wake-up by wake-up until the second variant has its first values.
        for (int step = 0; step < 100 && !(second.status == RunStatus::Running &&
                                           second.count(0) >= 1 && second.count(1) >= 1);
             ++step) {
            // One step at a time: the step is posted to the run's thread, and a second
            // trigger before the first has moved the clock (a loaded sanitizer build) went
            // a wake-up past the second variant's first values (CI, 2026-12-01).
            const double before = w.controller()->runTime();
            action(w, "actionStepWake")->trigger();
            (void)QTest::qWaitFor([&] { return w.controller()->runTime() != before; }, 5000);
            QTest::qWait(20);
        }
        QVERIFY(r.groups[0]->isDone());
        QCOMPARE(second.status.load(), RunStatus::Running);
        const double offsetS = double(second.runOffsetNs()) / 1e9;
        QVERIFY2(offsetS >= r.groups[0]->health.wallS,
                 qPrintable(QStringLiteral("%1 s").arg(offsetS)));
        TimelineView *view = w.timeline();
        QTRY_VERIFY_WITH_TIMEOUT(view->now() >= offsetS + 0.5, kHangMs);
        QTest::qWait(100); // a frame or two at that clock
        const double cursor = view->cursorTime();
        QCOMPARE(cursor, view->now() - offsetS);
        QVERIFY(cursor < 1.0); // the first value at 0.5 s, the second due at 1.0 s
        // The second variant's task 1: asleep until its value at 0.5 s, nothing drawn past
        // the cursor (its clock).
        const LaneModel &m = *w.laneModel();
        const QModelIndex lane = m.index(1, LaneModel::TimelineColumn, m.groupIndex(1));
        QVERIFY(lane.isValid());
        view->scrollTo(lane);
        QTest::qWait(50);
        const ChartPalette &pal = view->chartPalette();
        const QColor past = bandColour(view, lane, cursor + 0.3, cursor + 1.5);
        QVERIFY2(past != pal.stateColor(TaskState::Ready) &&
                     past != pal.stateColor(TaskState::Suspended),
                 qPrintable(past.name()));
        QCOMPARE(bandColour(view, lane, 0.05, 0.45), pal.stateColor(TaskState::Suspended));
        speed->setCurrentIndex(speed->count() - 1);
        QTest::keyClick(&w, Qt::Key_Space);
        WAIT_ENDED(ended);
        // Results tells what the loop's one thread did in each variant, once the timelines
        // (computed off the window's thread) are ready: idle, and the block's second.
        auto *results = w.findChild<QTextBrowser *>(QStringLiteral("resultsText"));
        QTRY_VERIFY_WITH_TIMEOUT(
            results->toPlainText().contains(QStringLiteral("Event loop, Block: ")) &&
                results->toPlainText().contains(QStringLiteral("Event loop, Offload: ")),
            kHangMs);
        const QString text = results->toPlainText();
        QVERIFY2(QRegularExpression(QStringLiteral("Event loop, Block: the loop was idle "
                                                   "[0-9.]+ % of the [0-9.]+ s; blocked 1\\.000 s"))
                     .match(text)
                     .hasMatch(),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Event loop, Offload: the loop was idle ")),
                 qPrintable(text));
    }

    // A live lab run's bands show what the code panel says, before the group ends: the
    // blocking lesson on the virtual clock, paused and stepped to the wake-up whose task
    // then makes the blocking call, shows that lane blocked (and its hover says why); the
    // bounded lesson shows the tasks past the limit waiting for a permit.
    void liveBandsShowTheLessonsStates() {
        MainWindow w;
        QVERIFY(showBlockingLesson(w, 6, 0.5, 1.0));
        // At 0.1× the pause lands long before the first wake-up, however loaded the machine.
        auto *speed = w.findChild<QComboBox *>(QStringLiteral("lessonSpeedCombo"));
        speed->setCurrentIndex(0);
        auto *stateLabel = w.findChild<QLabel *>(QStringLiteral("stateLabel"));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(w.controller()->isPaused());
        QTRY_VERIFY_WITH_TIMEOUT(stateLabel->text().contains(QStringLiteral("paused")), kHangMs);
        TimelineView *view = w.timeline();
        const LaneModel &m = *w.laneModel();
        const GroupRecord &g = *w.record()->groups.at(0);
        QCOMPARE(g.count(0), 0);
        // Step to the first wake-up (0.5 s): task 0 yields, then blocks the loop for 1 s.
        action(w, "actionStepWake")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(g.count(0) >= 1 && w.controller()->runTime() >= 1.5, kHangMs);
        QCOMPARE(w.state(), RunStatus::Running);
        QVERIFY(!g.isDone());
        const QModelIndex lane0 = m.index(0, LaneModel::TimelineColumn, m.groupIndex(0));
        const QModelIndex lane1 = m.index(1, LaneModel::TimelineColumn, m.groupIndex(0));
        const ChartPalette &pal = view->chartPalette();
        QTRY_COMPARE_WITH_TIMEOUT(bandColour(view, lane0, 0.6, 1.4),
                                  pal.stateColor(TaskState::Blocked), kHangMs);
        // The others were due at 1.0 s and could not be resumed: ready, not blocked.
        QCOMPARE(bandColour(view, lane1, 1.05, 1.4), pal.stateColor(TaskState::Ready));
        const QRect r0 = view->visualRect(lane0);
        const QString tip = view->toolTipAt(QPoint(qRound(view->axis().xForTime(1.0)),
                                                   int(LanePainter::bandRect(r0).center().y())));
        QVERIFY2(tip.contains(QStringLiteral("blocked since 0.500 s (for 1.000 s)")),
                 qPrintable(tip));
        QVERIFY(!g.isDone()); // all of it before the group ended
        speed->setCurrentIndex(speed->count() - 1);
        QTest::keyClick(&w, Qt::Key_Space);
        WAIT_ENDED(ended);
        // The finished record's band says the same there.
        QTRY_COMPARE_WITH_TIMEOUT(bandColour(view, lane0, 0.6, 1.4),
                                  pal.stateColor(TaskState::Blocked), kHangMs);

        // Bounded, 4 tasks, 2 permits: at the first wake-up tasks 2 and 3 wait for one.
        RunParams b = quick(4, 3, 0.4);
        b.scenario = Scenario::Bounded;
        b.timing = Timing::Relative;
        b.clock = Clock::Virtual;
        resolveLabDefaults(b);
        b.lab.limit = 2;
        w.parameters()->setParams(b, true);
        ended.clear();
        speed->setCurrentIndex(0);
        QVERIFY(w.startRun());
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(w.controller()->isPaused());
        QTRY_VERIFY_WITH_TIMEOUT(stateLabel->text().contains(QStringLiteral("paused")), kHangMs);
        const GroupRecord &bg = *w.record()->groups.at(0);
        QCOMPARE(bg.count(0), 0);
        action(w, "actionStepWake")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(bg.count(0) >= 1 && w.controller()->runTime() >= 0.4, kHangMs);
        QVERIFY(!bg.isDone());
        for (int task : {2, 3})
            QTRY_COMPARE_WITH_TIMEOUT(
                bandColour(view, m.index(task, LaneModel::TimelineColumn, m.groupIndex(0)), 0.02,
                           0.38),
                pal.stateColor(TaskState::Waiting), kHangMs);
        QVERIFY(bandColour(view, m.index(0, LaneModel::TimelineColumn, m.groupIndex(0)), 0.02,
                           0.38) != pal.stateColor(TaskState::Waiting));
        const QRect r3 = view->visualRect(m.index(3, LaneModel::TimelineColumn, m.groupIndex(0)));
        const QString waitTip = view->toolTipAt(QPoint(
            qRound(view->axis().xForTime(0.2)), int(LanePainter::bandRect(r3).center().y())));
        QVERIFY2(
            waitTip.contains(QStringLiteral("for a permit: 2 of 2 taken by task 0 and task 1")),
            qPrintable(waitTip));
        QVERIFY(!bg.isDone());
        speed->setCurrentIndex(speed->count() - 1);
        QTest::keyClick(&w, Qt::Key_Space);
        WAIT_ENDED(ended);
    }

    // The lesson lab's code panel: during a bounded run (4 tasks, 2 permits) two tasks
    // sleep and two wait at the semaphore; the panel marks both lines with their counts.
    void codePanelHighlightsTheAwaitedLineDuringTheRun() {
        MainWindow w;
        RunParams p = quick(4, 3, 0.4);
        p.scenario = Scenario::Bounded;
        p.timing = Timing::Relative;
        resolveLabDefaults(p);
        p.lab.limit = 2;
        w.parameters()->setParams(p, true);
        w.show();
        CodePanel *code = w.codePanel();
        QCOMPARE(code->scenario(), Scenario::Bounded); // the picker's, before any run
        const QHash<QString, int> tags = lessonTags(code->text(0));
        QVERIFY(tags.contains(QStringLiteral("permit")) && tags.contains(QStringLiteral("sleep")));
        QVERIFY(code->highlighted(0).isEmpty());
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        // Two windows of 3 × 0.4 s: the first 1.2 s, tasks 2 and 3 wait for a permit.
        QTRY_VERIFY_WITH_TIMEOUT(code->highlighted(0).value(tags[QStringLiteral("permit")]) ==
                                     QStringLiteral("2 tasks"),
                                 kHangMs);
        QCOMPARE(w.state(), RunStatus::Running);
        QCOMPARE(code->highlighted(0).value(tags[QStringLiteral("sleep")]),
                 QStringLiteral("2 tasks"));
        // The Python tab marks its own lines the same way.
        const QHash<QString, int> pyTags = lessonTags(code->text(1));
        QCOMPARE(code->highlighted(1).value(pyTags[QStringLiteral("permit")]),
                 QStringLiteral("2 tasks"));
        WAIT_ENDED(ended);
        QVERIFY(code->highlighted(0).isEmpty()); // all done: no task is at a line
        // Replay: the highlights follow the slider.
        w.scrubTo(0.6);
        QCOMPARE(code->highlighted(0).value(tags[QStringLiteral("permit")]),
                 QStringLiteral("2 tasks"));
        QCOMPARE(code->highlighted(0).value(tags[QStringLiteral("sleep")]),
                 QStringLiteral("2 tasks"));
        // Selecting a waiting lane jumps to the line it waits at; a sleeping one to its sleep.
        LaneModel *m = w.laneModel();
        w.timeline()->setCurrentIndex(m->index(3, 0, m->groupIndex(0)));
        QCOMPARE(code->cursorLine(code->currentTab()),
                 lessonTags(code->text(code->currentTab()))[QStringLiteral("permit")]);
        w.timeline()->setCurrentIndex(m->index(0, 0, m->groupIndex(0)));
        QCOMPARE(code->cursorLine(code->currentTab()),
                 lessonTags(code->text(code->currentTab()))[QStringLiteral("sleep")]);
    }

    // A click on a dot jumps the code panel to the line its task was at when it yielded:
    // in the blocking lesson the dot before the call is at the blocking line, a later dot
    // of the same lane at the sleep; a drag across the lane is a pan, no jump.
    void clickingADotJumpsTheCode() {
        MainWindow w;
        QVERIFY(showBlockingLesson(w, 4, 0.2, 0.4));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        CodePanel *code = w.codePanel();
        TimelineView *view = w.timeline();
        const LaneModel &m = *w.laneModel();
        const RunRecord &r = *w.record();
        const GroupRecord &g = *r.groups.at(0);
        const auto dot = [&](int task, int k) {
            const QRectF plot = LanePainter::plotRect(
                view->visualRect(m.index(task, LaneModel::TimelineColumn, m.groupIndex(0))));
            return QPoint(qRound(view->axis().xForTime(double(g.atNs(task, k)) / 1e9)),
                          qRound(TimeAxis::yForValue(g.value(task, k), r.params.maxValue,
                                                     plot.top(), plot.height())));
        };
        const auto line = [&](const char *tag) {
            return lessonTags(code->text(code->currentTab()))[QLatin1String(tag)];
        };
        QVERIFY(line("blocking") != line("sleep"));
        QSignalSpy clicked(view, &TimelineView::dotClicked);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, dot(0, 0));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(1).toInt(), 0);
        QCOMPARE(code->cursorLine(code->currentTab()), line("blocking"));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, dot(0, 2));
        QCOMPARE(code->cursorLine(code->currentTab()), line("sleep"));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, dot(0, 0));
        QCOMPARE(code->cursorLine(code->currentTab()), line("blocking"));
        // Another lane's first dot: that task sleeps on (its next value is due).
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, dot(1, 0));
        QCOMPARE(clicked.count(), 4);
        QCOMPARE(code->cursorLine(code->currentTab()), line("sleep"));
        // Pressed on a dot, released far away: a pan, not a click.
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, dot(0, 0));
        QTest::mouseMove(view->viewport(), dot(0, 0) + QPoint(60, 0));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, dot(0, 0) + QPoint(60, 0));
        QCOMPARE(clicked.count(), 4);
        QCOMPARE(code->cursorLine(code->currentTab()), line("sleep"));
    }

    void scenarioMenuSetsThePicker() {
        MainWindow w;
        w.show();
        auto *menu = w.findChild<QMenu *>(QStringLiteral("menuScenario"));
        QVERIFY(menu && w.menuBar()->actions().contains(menu->menuAction()));
        QList<QAction *> items;
        for (QAction *a : menu->actions())
            if (!a->isSeparator())
                items << a;
        QCOMPARE(items.size(), int(scenarios().size()));
        QCOMPARE(items.front()->text(), QStringLiteral("seed")); // the seed first
        QVERIFY(items.front()->isChecked());
        for (int i = 0; i < items.size(); ++i) {
            QCOMPARE(items[i]->toolTip(), scenarioSummary(scenarios()[i]));
            QCOMPARE(items[i]->statusTip(), scenarioSummary(scenarios()[i]));
        }
        auto *combo = w.findChild<QComboBox *>(QStringLiteral("scenarioCombo"));
        action(w, "actionScenario_blocking")->trigger();
        QCOMPARE(w.parameters()->params().scenario, Scenario::Blocking);
        QCOMPARE(combo->currentText(), QStringLiteral("blocking"));
        QCOMPARE(w.state(), RunStatus::Idle); // choosing is not running
        QVERIFY(!w.record());
        QCOMPARE(w.codePanel()->scenario(), Scenario::Blocking);
        QCOMPARE(w.codePanel()->sources().front().path,
                 QStringLiteral("src/engine/scenarios/blocking.cpp"));
        // And back: the picker moves the menu's check mark.
        combo->setCurrentIndex(int(scenarios().indexOf(Scenario::Queue)));
        QVERIFY(action(w, "actionScenario_queue")->isChecked());
        QVERIFY(!action(w, "actionScenario_blocking")->isChecked());
    }

    // The status line's labels change every frame, and a label's setText() asks its parent
    // to lay out again (up to the main window's docks) unless its size is fixed: counted
    // over 200 frames' worth of clock texts, a plain label against one set by
    // setSteadyText(), which fixes its size and grows it only when a text needs more room.
    void steadyLabelsDoNotLayTheWindowOutEachFrame() {
        QMainWindow w;
        w.setCentralWidget(new QWidget(&w));
        auto *plain = new QLabel(&w);
        auto *steady = new QLabel(&w);
        w.statusBar()->addWidget(plain);
        w.statusBar()->addWidget(steady);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        struct Requests : QObject {
            int n = 0;
            bool eventFilter(QObject *, QEvent *e) override {
                n += e->type() == QEvent::LayoutRequest;
                return false;
            }
        } requests;
        w.installEventFilter(&requests);
        w.statusBar()->installEventFilter(&requests);
        auto frames = [&](auto set) {
            QCoreApplication::processEvents();
            requests.n = 0;
            for (int i = 1; i <= 200; ++i) {
                set(StatusLine::clockText(i * 0.0167));
                QCoreApplication::processEvents();
            }
            return requests.n;
        };
        const int byPlain = frames([&](const QString &t) { plain->setText(t); });
        const int bySteady = frames([&](const QString &t) { setSteadyText(steady, t); });
        qInfo("layout requests over 200 frames: %d by setText, %d by setSteadyText", byPlain,
              bySteady);
        QVERIFY2(byPlain >= 100, "the plain label did not ask: the count proves nothing");
        QVERIFY2(bySteady <= 2, qPrintable(QString::number(bySteady)));
        QCOMPARE(steady->text(), StatusLine::clockText(200 * 0.0167));
        QVERIFY(steady->width() >= steady->sizeHint().width());
    }

    void failureScenarioShowsTheErrorInResults() {
        MainWindow w;
        RunParams p = quick(3, 4, 0.02);
        p.scenario = Scenario::Failure;
        p.variant = 1; // task group
        p.timing = Timing::Relative;
        resolveLabDefaults(p);
        p.lab.failTask = 1;
        p.lab.failAt = 1;
        w.parameters()->setParams(p, true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        const QString results =
            w.findChild<QTextBrowser *>(QStringLiteral("resultsText"))->toPlainText();
        QVERIFY2(results.contains(QStringLiteral("task 1 could not read value 1")),
                 qPrintable(results));
        QVERIFY(results.contains(QStringLiteral("cancelled by task 1's failure")));
        // The table's figures too, for a group that failed: its status and its wall.
        QVERIFY2(results.contains(QStringLiteral("Status\nfailed")), qPrintable(results));
        QVERIFY2(QRegularExpression(QStringLiteral("Wall time\\s+0\\.[0-9]{4} s"))
                     .match(results)
                     .hasMatch(),
                 qPrintable(results));
        const QString explain =
            w.findChild<QTextBrowser *>(QStringLiteral("explainText"))->toPlainText();
        QVERIFY2(explain.contains(QStringLiteral("a task group ties its children together"),
                                  Qt::CaseInsensitive),
                 qPrintable(explain));
        QVERIFY(explain.contains(QStringLiteral("task 1 failed at")));
        // The failing task ends at the raise: the code panel marks that line.
        const QHash<QString, int> tags = lessonTags(w.codePanel()->text(0));
        QCOMPARE(w.codePanel()->highlighted(0).value(tags[QStringLiteral("raise")]),
                 QStringLiteral("1 task"));
    }

    void boundedResultsShowTheFormulaAndTheMeasuredWall() {
        MainWindow w;
        RunParams p = quick(4, 2, 0.05);
        p.scenario = Scenario::Bounded;
        p.timing = Timing::Relative;
        resolveLabDefaults(p);
        p.lab.limit = 2;
        w.parameters()->setParams(p, true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        const QString results =
            w.findChild<QTextBrowser *>(QStringLiteral("resultsText"))->toPlainText();
        QVERIFY2(results.contains(QStringLiteral(
                     "⌈4 tasks / 2 permits⌉ = 2 windows × 2 values × 0.05 s = 0.2 s")),
                 qPrintable(results));
        const double wall = w.record()->groups.front()->health.wallS;
        QVERIFY(wall >= 0.2);
        QVERIFY2(results.contains(QStringLiteral("Measured wall: %1 s").arg(wall, 0, 'f', 3)),
                 qPrintable(results));
    }

    void commandLineScenarioPrefillsThePicker() {
        MainWindow w;
        WindowOptions o;
        o.params = quick(4, 10, 0.5);
        o.params.scenario = Scenario::Failure;
        o.params.variant = 1;
        o.params.timing = Timing::Relative;
        resolveLabDefaults(o.params);
        o.params.lab.failTask = 3;
        w.applyOptions(o, {QStringLiteral("scenario"), QStringLiteral("tasks"),
                           QStringLiteral("values"), QStringLiteral("fail-task")});
        const RunParams p = w.parameters()->params();
        QCOMPARE(p.scenario, Scenario::Failure);
        QCOMPARE(p.variant, 1);
        QCOMPARE(p.lab.failTask, 3);
        QCOMPARE(p.lab.failAt, 5);
        QCOMPARE(p.timing, Timing::Relative);
        QCOMPARE(w.findChild<QComboBox *>(QStringLiteral("scenarioCombo"))->currentText(),
                 QStringLiteral("failure"));
        // Options not typed fit the window's shape, not the command line's defaults:
        // 3 values from the settings, so the block comes at value 1, not 5.
        w.parameters()->setParams(quick(4, 3, 0.5), true);
        WindowOptions lesson;
        lesson.params.scenario = Scenario::Blocking;
        resolveLabDefaults(lesson.params); // for 10 values: block at 5
        w.applyOptions(lesson, {QStringLiteral("scenario")});
        QCOMPARE(w.parameters()->params().lab.blockAt, 1);
        QVERIFY2(w.parameters()->problem().isEmpty(), qPrintable(w.parameters()->problem()));
        w.close();
        MainWindow next; // not kept: the next window starts with the seed
        QCOMPARE(next.parameters()->params().scenario, Scenario::Seed);
    }

    void replayLabelsFollowTheKnob() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.json"));
        {
            Run run(quick(2, 5, 0.02));
            QSignalSpy finished(&run, &Run::finished);
            run.start();
            QVERIFY(finished.wait(5000));
            QCOMPARE(exportRecord(file, run.record()), QString());
        }
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openRun(file));
        auto *slider = w.findChild<QSlider *>(QStringLiteral("replaySlider"));
        auto *timeLabel = w.findChild<QLabel *>(QStringLiteral("replayTimeLabel"));
        auto *yieldsLabel = w.findChild<QLabel *>(QStringLiteral("yieldsLabel"));
        // Opened: the knob at the end, and the label says the end, not 0.
        const double end = ChartRenderer::recordedEndS(*w.record());
        QCOMPARE(slider->value(), slider->maximum());
        QCOMPARE(timeLabel->text(), QString::number(end, 'f', 3) + QStringLiteral(" s"));
        QCOMPARE(yieldsLabel->text(), QStringLiteral("Yields: 10 of 10"));
        // Scrubbed just after task 0's third value: the status bar counts what the lanes show.
        const GroupRecord &g = *w.record()->groups[0];
        w.scrubTo(double(g.atNs(0, 2)) / 1e9 + 1e-4);
        const int shown = laneCount(*w.laneModel(), 0, 0) + laneCount(*w.laneModel(), 0, 1);
        QVERIFY(shown >= 3 && shown < 10);
        QCOMPARE(yieldsLabel->text(), QStringLiteral("Yields: %1 of 10").arg(shown));
        // A click on the groove at three quarters jumps there (not one page step).
        w.scrubTo(end);
        QCOMPARE(slider->value(), slider->maximum());
        QTest::mouseClick(slider, Qt::LeftButton, {},
                          QPoint(slider->width() * 3 / 4, slider->height() / 2));
        QVERIFY2(slider->value() > slider->maximum() * 65 / 100 &&
                     slider->value() < slider->maximum() * 85 / 100,
                 qPrintable(QString::number(slider->value())));
        QVERIFY(std::abs(w.viewTime() - end * slider->value() / slider->maximum()) < 1e-9);
    }

    void idleAxisShowsWhatTheParametersWouldTake() {
        MainWindow w;
        w.parameters()->setParams(quick(3, 5, 0.2), false); // one window: 1 s
        w.setMode(Mode::Concurrent);
        QCOMPARE(w.timeline()->axis().domainEnd(), 1.0);
        w.setMode(Mode::Compare); // the sequential group: 3 s
        QCOMPARE(w.timeline()->axis().domainEnd(), 3.0);
        action(w, "actionSequential")->trigger();
        w.parameters()->setParams(quick(4, 10, 1.0), false);
        QCOMPARE(w.timeline()->axis().domainEnd(), 40.0);
    }

    void groupHeadersAreNeverCutMidWord() {
        const QFontMetrics fm(QApplication::font());
        const QString description = QStringLiteral("all comprehensions at once, one event loop");
        const QString figures = QStringLiteral("ideal 1 s · wall 1.002 s");
        const QString counts = QStringLiteral("4 tasks · 12 of 40 yields");
        const QString full =
            description + QStringLiteral(" · ") + figures + QStringLiteral(" · ") + counts;
        QCOMPARE(LaneDelegate::groupHeaderLine(description, figures, counts, fm,
                                               fm.horizontalAdvance(full) + 2),
                 full);
        // Too narrow for all: the description goes first, the counts stay whole.
        for (const int width : {fm.horizontalAdvance(full) - 10,
                                fm.horizontalAdvance(figures + QStringLiteral(" · ") + counts),
                                fm.horizontalAdvance(counts) + 12}) {
            const QString line =
                LaneDelegate::groupHeaderLine(description, figures, counts, fm, width);
            QVERIFY2(fm.horizontalAdvance(line) <= width, qPrintable(line));
            QVERIFY2(line.contains(counts), qPrintable(line));
        }
    }

    void smallScreensKeepTheTimelineWide_data() {
        QTest::addColumn<QSize>("screen");
        QTest::addColumn<double>("share"); // of the window's width, at least
        QTest::newRow("projector 1024x768") << QSize(1024, 768) << 0.55;
        QTest::newRow("laptop 1366x768") << QSize(1366, 768) << 0.65;
        QTest::newRow("1600x1000 at scale 2") << QSize(800, 500) << 0.5;
        QTest::newRow("desktop 1920x1080") << QSize(1920, 1080) << 0.5;
    }
    void smallScreensKeepTheTimelineWide() {
        QFETCH(QSize, screen);
        QFETCH(double, share);
        MainWindow w;
        w.arrangeDocksFor(screen); // as on a first start on that screen
        const QSize size = screen * 0.92;
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.size(), size); // no minimum holds the window wider than the screen
        const int timeline = w.timeline()->width();
        QVERIFY2(timeline >= share * size.width(),
                 qPrintable(QStringLiteral("%1 of %2").arg(timeline).arg(size.width())));
        QVERIFY(w.timeline()->height() >= 160);
        // Both docks stay reachable: side by side on a wide screen, tabbed on a small one.
        auto *params = w.findChild<QDockWidget *>(QStringLiteral("parametersDock"));
        auto *insight = w.findChild<QDockWidget *>(QStringLiteral("insightDock"));
        QVERIFY(!params->isHidden() && !insight->isHidden());
        QCOMPARE(w.tabifiedDockWidgets(params).contains(insight), screen.width() < 1400);
    }

    void hoverTellsTheYield() {
        MainWindow w;
        w.parameters()->setParams(quick(2, 4, 0.02), true);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        TimelineView *view = w.timeline();
        const LaneModel &m = *w.laneModel();
        const QModelIndex lane = m.index(1, LaneModel::TimelineColumn, m.groupIndex(0));
        const QRect rect = view->visualRect(lane);
        QVERIFY(rect.isValid());
        const GroupRecord &g = *w.record()->groups[0];
        const QRectF plot = LanePainter::plotRect(rect);
        const QPoint dot(
            qRound(view->axis().xForTime(double(g.atNs(1, 2)) / 1e9)),
            qRound(TimeAxis::yForValue(g.value(1, 2), 10.0, plot.top(), plot.height())));
        const QString tip = view->toolTipAt(dot);
        QVERIFY2(tip.contains(QStringLiteral("task 1, value #2")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("lateness")));
        QVERIFY(tip.contains(QString::number(g.value(1, 2), 'f', 4)));
        QVERIFY(view->toolTipAt(QPoint(rect.left() + 1, rect.top() + 1)).isEmpty());
    }

    void zoomAndPan() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        TimelineView *view = w.timeline();
        const double span = view->axis().viewSpan();
        const QRect tl = view->timelineRect();
        QPoint centre(tl.center().x(), 60);
        QWheelEvent zoomIn(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120),
                           Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view->viewport(), &zoomIn);
        QVERIFY(view->axis().viewSpan() < span * 0.9);
        const double start = view->axis().viewStart();
        view->panBy(100);
        QVERIFY(view->axis().viewStart() > start);
        view->resetZoom();
        QCOMPARE(view->axis().viewSpan(), span);
    }

    void openedRunShowsAndReplays() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.json"));
        RunParams p = quick(2, 4, 0.01);
        p.mode = Mode::Compare;
        {
            Run run(p);
            QSignalSpy finished(&run, &Run::finished);
            run.start();
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
            QCOMPARE(exportRecord(file, run.record()), QString());
        }
        MainWindow w;
        w.show();
        QString why;
        QVERIFY2(w.openRun(file, &why), qPrintable(why));
        QCOMPARE(w.state(), RunStatus::Finished);
        QCOMPARE(w.mode(), Mode::Compare);
        QCOMPARE(w.laneModel()->rowCount(), 2);
        QCOMPARE(laneCount(*w.laneModel(), 1, 1), 4);
        QVERIFY(action(w, "actionExportChart")->isEnabled());
        w.scrubTo(0);
        QCOMPARE(laneCount(*w.laneModel(), 1, 1), 0);
        // A malformed file is refused, and the window keeps what it had.
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"format\": \"something else\"}");
        }
        QVERIFY(!w.openRun(bad, &why));
        QVERIFY(!why.isEmpty());
        QCOMPARE(w.laneModel()->rowCount(), 2);
        QCOMPARE(w.state(), RunStatus::Finished);
    }

    // QTreeView lays out all rows of an expanded group at once (about 100 ns a row): a
    // record over TimelineView::kAutoExpandLanes opens with its groups collapsed.
    void hugeRecordsOpenCollapsed_data() {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<bool>("expanded");
        QTest::newRow("small") << 100 << true;
        QTest::newRow("at the limit") << TimelineView::kAutoExpandLanes << true;
        QTest::newRow("over the limit") << TimelineView::kAutoExpandLanes + 1 << false;
    }
    void hugeRecordsOpenCollapsed() {
        QFETCH(int, tasks);
        QFETCH(bool, expanded);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.json"));
        QCOMPARE(exportRecord(file, test::bigRecord(tasks, 1)), QString());
        MainWindow w;
        w.show();
        QString why;
        QVERIFY2(w.openRun(file, &why), qPrintable(why));
        const LaneModel &m = *w.laneModel();
        QCOMPARE(m.rowCount(m.groupIndex(0)), tasks);
        QCOMPARE(w.timeline()->isExpanded(m.groupIndex(0)), expanded);
        // Collapsed or not, the overview strip counts every yield.
        QVERIFY(w.densityStrip()->isVisible());
        QCOMPARE(w.densityStrip()->densities().at(0).total, qint64(tasks));
    }

    void openingARunMidRunIsSafe() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.json"));
        {
            Run run(quick(3, 2, 0.01));
            QSignalSpy finished(&run, &Run::finished);
            run.start();
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
            QCOMPARE(exportRecord(file, run.record()), QString());
        }
        MainWindow w;
        w.parameters()->setParams(quick(2, 50, 0.02), true);
        w.show();
        QVERIFY(w.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(laneCount(*w.laneModel(), 0, 0) >= 1, kHangMs);
        QString why;
        QVERIFY2(w.openRun(file, &why), qPrintable(why)); // the running run is let go
        QCOMPARE(w.state(), RunStatus::Finished);
        QCOMPARE(w.record()->params.tasks, 3);
        QTest::qWait(100); // a stale wakeup or result of the old run would land here
        QCOMPARE(w.record()->params.tasks, 3);
        QCOMPARE(laneCount(*w.laneModel(), 0, 2), 2);
        QVERIFY(w.startRun()); // and a new run starts cleanly after it
        QCOMPARE(w.state(), RunStatus::Running);
    }

    void darkPaletteReachesTheLanes() {
        MainWindow w;
        w.show();
        w.setTheme(QStringLiteral("dark"));
        QTRY_VERIFY(w.timeline()->chartPalette().dark);
        w.setTheme(QStringLiteral("light"));
        QTRY_VERIFY(!w.timeline()->chartPalette().dark);
        w.setTheme(QStringLiteral("system"));
        QCOMPARE(w.theme(), QStringLiteral("system"));
    }

    // The window's dark palette is the chart's: fields on the lanes' background, the
    // chart's text and accent, no second copy of the colours.
    void darkWindowPaletteIsTheCharts() {
        const ChartPalette c = ChartPalette::darkPalette();
        const QPalette p = Theme::darkPalette(QPalette());
        QCOMPARE(p.color(QPalette::Base), c.background);
        QCOMPARE(p.color(QPalette::Text), c.text);
        QCOMPARE(p.color(QPalette::WindowText), c.text);
        QCOMPARE(p.color(QPalette::AlternateBase), c.laneAlternate);
        QCOMPARE(p.color(QPalette::PlaceholderText), c.mutedText);
        QCOMPARE(p.color(QPalette::Link), c.concurrent);
        // The chrome between the background and the separators; text stays readable.
        const int window = p.color(QPalette::Window).lightness();
        QVERIFY(window > c.background.lightness() && window < c.laneSeparator.lightness());
        QVERIFY(c.text.lightness() - window > 150);
        QCOMPARE(Theme::normalized(QStringLiteral("purple")), QStringLiteral("system"));
    }

    // Every file dialog's filters, endings and chart scale come from one table.
    void fileFiltersComeFromOneTable() {
        for (auto kind :
             {FileDialogKind::ExportChart, FileDialogKind::ExportData, FileDialogKind::OpenRun}) {
            const QString all = filterString(kind);
            QVERIFY(!all.isEmpty());
            QCOMPARE(all.split(QStringLiteral(";;")).first(), defaultFilter(kind));
            for (const FileFilter &f : fileFilters())
                if (f.kind == kind) {
                    QVERIFY2(f.text.contains(QLatin1Char('*') + f.suffix), qPrintable(f.text));
                    QCOMPARE(filterFor(kind, f.text).text, f.text);
                }
        }
        QCOMPARE(filterFor(FileDialogKind::ExportChart,
                           QStringLiteral("PNG image, 2× for high-DPI (*.png)"))
                     .scale,
                 2.0);
        QCOMPARE(filterFor(FileDialogKind::ExportData, QStringLiteral("nonsense")).suffix,
                 QStringLiteral(".json"));
        QCOMPARE(filterFor(FileDialogKind::ExportData, QStringLiteral("Chrome trace for Perfetto "
                                                                      "(*.trace.json)"))
                     .suffix,
                 QStringLiteral(".trace.json"));
    }

    void manyLanesShowTheDensityStrip() {
        MainWindow w;
        w.parameters()->setParams(quick(20'000, 2, 0.02), true);
        w.resize(1400, 900);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QVERIFY(w.densityStrip()->isVisible());
        WAIT_ENDED(ended);
        QCOMPARE(yields(w), qint64(40'000));
        const auto &d = w.densityStrip()->densities();
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(d[0].total, qint64(40'000));
        // Scrolling to the last lane paints it, not the 19,999 before it.
        const LaneModel &m = *w.laneModel();
        w.timeline()->scrollTo(m.index(19'999, 0, m.groupIndex(0)));
        QVERIFY(w.timeline()
                    ->visualRect(m.index(19'999, 1, m.groupIndex(0)))
                    .intersects(w.timeline()->viewport()->rect()));
    }

    void aRunEndingWithinAPixelKeepsItsAxisAndItsStripsCount() {
        // Moving the axis at the end maps every lane anew and recounts every yield (a 30-45
        // ms turn after 100 dense lanes): a run ending within a pixel of the axis's end
        // keeps it, and its overview strip extends its count instead of recounting.
        MainWindow w;
        w.parameters()->setParams(quick(300, 10, 0.1), true); // 1 s, drift-free
        w.resize(700, 400); // a few ms a pixel: the last value's lateness stays inside one
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QVERIFY(w.densityStrip()->isVisible());
        const TimeAxis &axis = w.timeline()->axis();
        QCOMPARE(axis.domainEnd(), 1.0); // the ideal end
        // The axis the run's last frame left (it grows while the run's clock passes its end
        // by more than a pixel, as a loaded machine can make it) and a pixel of it.
        double liveEnd = axis.domainEnd();
        double livePixelS = 1 / axis.pixelsPerSecond();
        connect(w.timeline(), &TimelineView::axisChanged, this, [&] {
            if (w.state() == RunStatus::Running) {
                liveEnd = axis.domainEnd();
                livePixelS = 1 / axis.pixelsPerSecond();
            }
        });
        WAIT_ENDED(ended);
        const RunRecord &r = *w.record();
        const double end = ChartRenderer::recordedEndS(r);
        QVERIFY(end > 1.0); // the last value comes after its deadline
        qInfo("the record ends %.3f ms after the ideal end; the live axis ended at %.4f s, a "
              "pixel of it %.3f ms",
              (end - 1) * 1e3, liveEnd, livePixelS * 1e3);
        // Either rule may apply (how late the end came depends on the machine); the axis is
        // where the one that applies says.
        if (std::abs(end - liveEnd) <= livePixelS)
            QCOMPARE(axis.domainEnd(), liveEnd);
        else
            QCOMPARE(axis.domainEnd(), end);
        // The strip holds what a fresh count would: every yield, the last ones too (they
        // land after the ideal end, past an axis that stayed: counted again on the strip's
        // own thread).
        QTRY_VERIFY(!w.densityStrip()->isRecounting());
        const auto &d = w.densityStrip()->densities();
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(d[0].startS, axis.domainStart());
        QVERIFY(d[0].endS >= end);
        const YieldDensity fresh =
            YieldDensity::compute(*r.groups[0], d[0].startS, d[0].endS, int(d[0].counts.size()));
        QCOMPARE(d[0].counts, fresh.counts);
        QCOMPARE(d[0].total, fresh.total);
        QCOMPARE(d[0].total, qint64(3'000));
        qint64 counted = 0;
        for (quint32 c : d[0].counts)
            counted += c;
        QCOMPARE(counted, qint64(3'000));
        // A recount is taken once its thread is done; one dropped (its record about to go)
        // never is, and the strip keeps what it counted on the window's thread.
        DensityStrip *strip = w.densityStrip();
        const double later = axis.domainEnd() + 0.5;
        strip->recountInBackground(later);
        QTRY_VERIFY(!strip->isRecounting());
        QCOMPARE(strip->densities()[0].endS, later);
        QCOMPARE(strip->densities()[0].total, qint64(3'000));
        strip->recountInBackground(later + 0.5);
        strip->dropRecount();
        QVERIFY(!strip->isRecounting());
        QTest::qWait(50);
        QCOMPARE(strip->densities()[0].endS, axis.domainEnd());
    }

    void repaintsAreCoalescedIntoFrames() {
        // 10,000 live lanes yield 100,000 values in half a second; the timeline paints
        // once per frame at most, whatever the yields.
        struct PaintCounter : QObject {
            int paints = 0;
            bool eventFilter(QObject *, QEvent *e) override {
                paints += e->type() == QEvent::Paint;
                return false;
            }
        } counter;
        MainWindow w;
        w.parameters()->setParams(quick(10'000, 10, 0.05), true);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.timeline()->viewport()->installEventFilter(&counter);
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        const double ms = double(clock.elapsed());
        const int frames = int(ms / 16) + 2;
        qInfo("%d timeline paints in %.0f ms for %lld yields (at most %d frames)", counter.paints,
              ms, yields(w), frames);
        QVERIFY2(counter.paints <= frames, qPrintable(QString::number(counter.paints)));
        QVERIFY(counter.paints >= 3); // and it did paint while running
    }

    void explainAtTheEndOfACompareTellsBothGroups() {
        MainWindow w;
        w.parameters()->setParams(quick(4, 3, 0.01), true);
        w.setMode(Mode::Compare);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        QVERIFY(ended.wait(5000));
        const auto tells = [](const QStringList &story) {
            const QString all = story.join(QLatin1Char('\n'));
            QVERIFY2(all.contains(QStringLiteral("Sequential task 3 resumed")), qPrintable(all));
            QVERIFY2(all.contains(QStringLiteral("Sequential: all 4 comprehensions returned")),
                     qPrintable(all));
            QVERIFY2(all.contains(QStringLiteral("Concurrent task 0 resumed")), qPrintable(all));
        };
        tells(w.narration()); // with the window's exact counts
        tells(Narrator::narrate(*w.record(), ChartRenderer::recordedEndS(*w.record()))); // without
    }

    void quitClosesAfterTheRunAndItsExports() {
        QTemporaryDir dir;
        WindowOptions o;
        o.params = quick(3, 4, 0.02);
        o.seedGiven = true;
        o.run = true;
        o.quit = true;
        o.exports = {dir.filePath(QStringLiteral("w.json")), dir.filePath(QStringLiteral("w.csv"))};
        // A hang must fail the test, not block it.
        QTimer hang; // scoped: a pending exit must not end a later test's event loop
        hang.setSingleShot(true);
        QObject::connect(&hang, &QTimer::timeout, qApp, [] { QCoreApplication::exit(99); });
        hang.start(10000);
        const QStringList given{QStringLiteral("tasks"), QStringLiteral("values"),
                                QStringLiteral("delay")};
        QCOMPARE(runWindow(o, given), int(WindowExitOk));
        QVERIFY(QFileInfo(o.exports[0]).size() > 0);
        QVERIFY(QFileInfo(o.exports[1]).size() > 0);
        // An export that cannot be written: exit status 1, and no dialog waits for a click.
        o.exports = {dir.filePath(QStringLiteral("missing/folder/w.json"))};
        QCOMPARE(runWindow(o, given), int(WindowExitFailure));
    }

    void scriptedRunIgnoresTheLastSession() {
        // The last session: compare mode, a fixed seed, other sizes.
        {
            MainWindow w;
            RunParams p = quick(9, 7, 0.5);
            p.seed = 11;
            p.timing = Timing::Relative;
            w.parameters()->setParams(p, true);
            w.setMode(Mode::Compare);
            w.close();
        }
        QVERIFY(QFile::exists(settingsFile()));
        QTemporaryDir dir;
        WindowOptions o;
        o.params = quick(2, 3, 0.02); // as parsed: the options typed, defaults for the rest
        o.run = true;
        o.quit = true;
        o.exports = {dir.filePath(QStringLiteral("q.json"))};
        QTimer hang; // scoped: a pending exit must not end a later test's event loop
        hang.setSingleShot(true);
        QObject::connect(&hang, &QTimer::timeout, qApp, [] { QCoreApplication::exit(99); });
        hang.start(10000);
        QCOMPARE(runWindow(o, QStringList{QStringLiteral("tasks"), QStringLiteral("values"),
                                          QStringLiteral("delay")}),
                 int(WindowExitOk));
        QFile f(o.exports[0]);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject params =
            QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("params")].toObject();
        QCOMPARE(params[QStringLiteral("mode")].toString(), QStringLiteral("concurrent"));
        QCOMPARE(params[QStringLiteral("timing")].toString(), QStringLiteral("drift-free"));
        QCOMPARE(params[QStringLiteral("tasks")].toInt(), 2);
        QCOMPARE(params[QStringLiteral("values")].toInt(), 3);
        QCOMPARE(params[QStringLiteral("max_value")].toDouble(), 10.0);
        // Not the saved seed: a random one, as no --seed was typed (2^-63 odds of 11 again).
        QVERIFY(params[QStringLiteral("seed")].toInteger() != 11);
        // The interactive window still starts from the last session.
        MainWindow again;
        QCOMPARE(again.mode(), Mode::Compare);
        QCOMPARE(again.parameters()->params().seed, quint64(11));
    }

    void explainNarratesTheRunLive() {
        MainWindow w;
        // 50 s if left alone: the live narration is checked while the run surely goes on
        // (however busy the machine), then the test stops it.
        w.parameters()->setParams(quick(3, 1000, 0.05), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        action(w, "actionShowTab2")->trigger();
        auto *explain = w.findChild<QTextBrowser *>(QStringLiteral("explainText"));
        QVERIFY(explain->isVisible());
        // During the run: the tasks, suspended, and the idle loop's sleepers, in plain words.
        QTRY_VERIFY_WITH_TIMEOUT(
            yields(w) >= 3 && explain->toPlainText().contains(QStringLiteral("3 coroutines sleep")),
            kHangMs);
        QCOMPARE(ended.count(), 0);
        const QString live = explain->toPlainText();
        QVERIFY2(live.contains(QStringLiteral("task 0")), qPrintable(live));
        QVERIFY2(live.contains(QStringLiteral("suspended")), qPrintable(live));
        QVERIFY2(live.contains(QStringLiteral("one window")), qPrintable(live));
        w.stopRun();
        WAIT_ENDED(ended);
        // After the stop: what each list holds, and nothing left asleep.
        const QString after = explain->toPlainText();
        QVERIFY2(after.contains(QStringLiteral("comprehension is complete with")),
                 qPrintable(after));
        QVERIFY2(after.contains(QStringLiteral("returned its list")), qPrintable(after));
        QVERIFY2(!after.contains(QStringLiteral("coroutines sleep")), qPrintable(after));
    }

    void histogramCountsEveryYield() {
        MainWindow w;
        w.parameters()->setParams(quick(5, 8, 0.01), true);
        w.setMode(Mode::Compare);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        auto *h = w.findChild<LatenessHistogram *>(QStringLiteral("latenessView"));
        QCOMPARE(h->bins().size(), size_t(2));
        for (size_t g = 0; g < 2; ++g) {
            const LatenessBins &b = h->bins()[g];
            QCOMPARE(b.total, w.record()->groups[g]->yields());
            QCOMPARE(std::accumulate(b.counts.begin(), b.counts.end(), qint64(0)), qint64(40));
            QCOMPARE(b.meanDriftMs.size(), size_t(8));
        }
        // The tally and a full scan of the record agree bin for bin.
        const auto scanned =
            LatenessBins::compute(*w.record()->groups[1], h->rangeMs(), LatenessHistogram::kBins);
        QCOMPARE(scanned.counts, h->bins()[1].counts);
    }

    void tallyIsExactAndIncrementalPastAHundredThousandTasks() {
        // A record made by hand: 150,000 tasks, each started, one value yielded 2 ms late.
        RunRecord r;
        r.params = quick(150'000, 2, 1.0);
        r.groups.push_back(std::make_unique<GroupRecord>(GroupKind::Concurrent, 150'000, 2));
        GroupRecord &g = *r.groups[0];
        g.status = RunStatus::Running;
        for (int t = 0; t < g.tasks(); ++t) {
            g.taskStarted(t, 0);
            g.recordYield(t, 0, 1.0, 1'000'000'000, 1'002'000'000);
        }
        YieldTally tally;
        tally.reset(&r);
        tally.update();
        QCOMPARE(tally.total(0), qint64(150'000));
        TaskCounts c = tally.countsAt(0, -1);
        QCOMPARE(c.started, 150'000);
        QCOMPARE(c.sleeping, 150'000);
        QCOMPARE(c.nextWakeS, 2.0);
        const std::vector<TaskCounts> counts{c};
        const QString story = Narrator::narrate(r, 1.5, &counts).join(QLatin1Char('\n'));
        QVERIFY2(story.contains(QStringLiteral("150,000 coroutines sleep")), qPrintable(story));
        // The last 50,000 yield their second value and end; only those are visited.
        for (int t = 100'000; t < g.tasks(); ++t) {
            g.recordYield(t, 1, 2.0, 2'000'000'000, 2'000'500'000);
            g.taskEnded(t, 2'000'500'000);
        }
        tally.update();
        QCOMPARE(tally.total(0), qint64(200'000));
        c = tally.countsAt(0, -1);
        QCOMPARE(c.ended, 50'000);
        QCOMPARE(c.sleeping, 100'000);
        const auto bins = tally.histogram(0, 4.0, 4); // 1 ms bins
        QCOMPARE(bins, (std::vector<quint64>{50'000, 0, 150'000, 0}));
        // Drift of value 2 (index 1) from start + 2 × delay: 0.5 ms.
        QCOMPARE(tally.meanDriftMs(0)[1], 0.5);
        // Complete: counts at earlier moments come from the sorted ends.
        g.status = RunStatus::Stopped;
        g.health.wallS = 3;
        tally.finish();
        QCOMPARE(tally.countsAt(0, 1.0).ended, 0);
        QCOMPARE(tally.countsAt(0, 2.5).ended, 50'000);
        QCOMPARE(tally.countsAt(0, 2.5).sleeping, 100'000);
        QCOMPARE(tally.countsAt(0, 3.0).sleeping, 0);
    }

    void fileMenuExportsAndOpensThroughItsDialogs() {
        QTemporaryDir dir;
        MainWindow w;
        w.parameters()->setParams(quick(2, 3, 0.01), true);
        w.show();
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.startRun());
        WAIT_ENDED(ended);
        // The dialogs' answers: a name without an ending and the filter chosen.
        QString answer;
        QString chosenFilter;
        QStringList captions;
        w.setFileAsker([&](const QString &caption, const QString &, const QString &filters,
                           QString *selected) {
            captions << caption;
            const QStringList all = filters.split(QStringLiteral(";;"));
            for (const QString &f : all)
                if (f.contains(chosenFilter))
                    *selected = f;
            return answer;
        });
        const auto exportAs = [&](const char *actionName, const QString &name,
                                  const QString &filter) {
            answer = dir.filePath(name);
            chosenFilter = filter;
            action(w, actionName)->trigger();
            // Exports run on a worker (BackgroundWork): the next one waits for it.
            QTRY_VERIFY_WITH_TIMEOUT(!w.backgroundWork()->busy(), 10000);
        };
        exportAs("actionExportData", QStringLiteral("run"), QStringLiteral("*.json"));
        exportAs("actionExportData", QStringLiteral("rows"), QStringLiteral("*.csv"));
        exportAs("actionExportData", QStringLiteral("trace"), QStringLiteral("*.trace.json"));
        exportAs("actionExportChart", QStringLiteral("chart"), QStringLiteral("*.svg"));
        exportAs("actionExportChart", QStringLiteral("big.png"), QStringLiteral("2×"));
        for (const char *f : {"run.json", "rows.csv", "trace.trace.json", "chart.svg", "big.png"})
            QVERIFY2(QFileInfo(dir.filePath(QLatin1String(f))).size() > 0, f);
        QVERIFY(QFile(dir.filePath(QStringLiteral("rows.csv"))).open(QIODevice::ReadOnly));
        exportAs("actionExportChart", QStringLiteral("one.png"), QStringLiteral("PNG image ("));
        QCOMPARE(QImage(dir.filePath(QStringLiteral("big.png"))).width(),
                 2 * QImage(dir.filePath(QStringLiteral("one.png"))).width());
        // Cancelled: nothing written, nothing changes.
        const QStringList written = QDir(dir.path()).entryList(QDir::Files);
        answer.clear();
        action(w, "actionExportData")->trigger();
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), written);
        // Open run… reads back what Export data wrote.
        const qint64 before = yields(w);
        answer = dir.filePath(QStringLiteral("run.json"));
        action(w, "actionOpenRun")->trigger();
        QTRY_VERIFY(w.record() && !w.run()); // read on a worker
        QCOMPARE(yields(w), before);
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Opened")));
        QCOMPARE(captions.count(QStringLiteral("Open run")), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
