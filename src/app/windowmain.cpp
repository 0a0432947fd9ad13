// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "windowmain.h"

#include "model/sidebyside.h"

#include "backgroundwork.h"
#include "engine/loopstallmeter.h"
#include "io/numberformat.h"
#include "mainwindow.h"
#include "parameterspanel.h"

#include <QApplication>
#include <QCoroTimer>
#include <QPointer>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

namespace coroscope {

QStringList parameterOptions() {
    return {QStringLiteral("mode"), QStringLiteral("tasks"), QStringLiteral("values"),
            QStringLiteral("delay"), QStringLiteral("max-value"), QStringLiteral("seed"),
            QStringLiteral("timing"), QStringLiteral("clock"), QStringLiteral("scenario"),
            // the lesson's own options (a lesson's default fits the window's shape)
            QStringLiteral("block-task"), QStringLiteral("block-at"), QStringLiteral("block-for"),
            QStringLiteral("limit"), QStringLiteral("spread"), QStringLiteral("timeout"),
            QStringLiteral("fail-task"), QStringLiteral("fail-at"), QStringLiteral("items"),
            QStringLiteral("capacity"), QStringLiteral("workers"), QStringLiteral("work"),
            QStringLiteral("threads")};
}

namespace {

/*!
 * "X ms (busy Y ms)", and where Linux tells the thread's waits for a core, how much of the
 * longest stall was such a wait and the longest stall less them: whether a stall was the
 * window's own or the machine's (LoopStallMeter).
 */
QByteArray stallText(const LoopStallMeter &meter) {
    QByteArray text =
        millisText(meter.maxStallMs()) + " ms (busy " + millisText(meter.maxBusyMs()) + " ms";
    if (meter.knowsWaits())
        text += ", " + millisText(meter.maxStallWaitMs()) +
                " ms of it waiting for a core; longest less such waits " +
                millisText(meter.maxStallOnCoreMs()) + " ms";
    return text + ")";
}

/*!
 * --open FILE in the window: read, validated and indexed on a worker, then --export
 * written on a worker, so the window's event loop keeps running throughout; with --quit
 * the longest stall it saw meanwhile is printed, then the application exits.
 */
QCoro::Task<> openFromCommandLine(QPointer<MainWindow> window, QString path, QStringList exports,
                                  bool quit, LoopStallMeter *meter) {
    const bool opened = co_await window->openInBackground(path);
    if (!window)
        co_return;
    if (!opened) {
        // Refused (said on stderr by the window): exit status 2. Cancelled by the user:
        // the window stays, empty, unless it is closing or unattended.
        if (!window->backgroundWork()->cancelRequested() || quit)
            QCoreApplication::exit(WindowExitUsage);
        co_return;
    }
    // The text panels follow the lanes one a loop turn: let them land before the export's
    // worker takes the second core (on two cores, a panel's first layout beside the
    // worker's painting took 16-26 ms of wall time instead of about 10).
    while (window && window->panelsPending())
        co_await QCoro::sleepFor(std::chrono::milliseconds(LoopStallMeter::kIntervalMs));
    if (window && !exports.isEmpty())
        co_await window->exportInBackground(exports);
    if (!window || !quit)
        co_return;
    // The record was just taken over; its text panels follow one a loop turn, and each is
    // painted a turn later: let the heartbeat tick on past all of them (50 ms) so the meter
    // sees every step.
    co_await QCoro::sleepFor(std::chrono::milliseconds(25 * LoopStallMeter::kIntervalMs));
    if (!window)
        co_return;
    meter->stop();
    std::printf("window: longest event-loop stall %s while opening%s\n",
                stallText(*meter).constData(), exports.isEmpty() ? "" : " and exporting");
    std::fflush(stdout);
    QCoreApplication::exit(window->exportsFailed() ? WindowExitFailure : WindowExitOk);
}

/*!
 * --run --quit, once the run has ended: its summary and both loops' figures during the run,
 * then, 50 ms later, the window's longest stall from before the run's first turn until then
 * (the turns that make the record and that show the finished run fall outside the run's
 * own meter), then --export written on a worker, then the exit.
 */
QCoro::Task<> finishRunFromCommandLine(QPointer<MainWindow> window, QStringList exports,
                                       std::function<QByteArray(const RunRecord &)> summary,
                                       LoopStallMeter *meter) {
    if (const RunRecord *r = window->record(); r && summary)
        std::fputs(summary(*r).constData(), stdout);
    std::printf("window: longest event-loop stall %s during the run\n",
                stallText(window->controller()->ownerStall()).constData());
    std::fflush(stdout);
    // runEnded() came with the text panels, a frame after the lanes; each is painted a turn
    // later: let the heartbeat tick past those paints.
    co_await QCoro::sleepFor(std::chrono::milliseconds(25 * LoopStallMeter::kIntervalMs));
    if (!window)
        co_return;
    meter->stop();
    std::printf("window: longest event-loop stall %s from the run's start until 50 ms after "
                "its end\n",
                stallText(*meter).constData());
    std::fflush(stdout);
    if (!exports.isEmpty())
        co_await window->exportInBackground(exports);
    if (window)
        QCoreApplication::exit(window->exportsFailed() ? WindowExitFailure : WindowExitOk);
}

} // namespace

QStringList givenOptions(const QStringList &args) {
    QStringList given;
    for (const QString &name : parameterOptions()) {
        const QString option = QStringLiteral("--") + name;
        for (const QString &a : args)
            if (a == option || a.startsWith(option + QLatin1Char('='))) {
                given << name;
                break;
            }
    }
    return given;
}

int runWindow(const WindowOptions &options, std::optional<QStringList> given) {
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.coroscope.Coroscope"));
    MainWindow window;
    window.setUnattended(options.quit);
    // A scripted run (--quit) must not depend on what someone clicked last: every parameter
    // option counts as given, the ones not typed at their defaults (a random seed included).
    // The interactive window starts from the last session's parameters instead.
    window.applyOptions(options, options.quit ? parameterOptions()
                                 : given      ? *given
                                              : givenOptions(QCoreApplication::arguments()));
    window.show();
    // The first paint loads fonts and fills caches: let it happen before a --run or --open
    // starts, so the stall figures measure the run or the open, not the window's start-up.
    QCoreApplication::processEvents();
    window.repaint();
    // --quit leaves with the headless exit status once the run and its exports are done:
    // exit() rather than close(), since the window's own lastWindowClosed quit would say 0.
    // The window's heartbeat: how long its event loop could not run, from here on.
    LoopStallMeter meter;
    meter.start();
    if (!options.openFile.isEmpty()) {
        // An opened run is already complete: its exports follow the open.
        window.setExportsOnFinish({});
        // A refused file: a line on stderr (and a dialog unless --quit), exit status 2.
        // From inside the event loop: a small file may be read before the first await
        // suspends, and exit() before exec() would be lost.
        QTimer::singleShot(0, &window, [&window, &meter, options] {
            openFromCommandLine(&window, options.openFile, options.exports, options.quit, &meter);
        });
    } else if (!options.watchScript.isEmpty()) {
        // A watched Python program in the window: its exports and --quit follow its end.
        watch::WatchOptions w;
        w.script = options.watchScript;
        w.arguments = options.watchArgs;
        w.python = options.python;
        // --side-by-side: the exports wait for the QCoro run beside it (they hold both).
        if (options.sideBySide)
            window.setExportsOnFinish({});
        auto watchOk = std::make_shared<std::optional<bool>>();
        QObject::connect(
            &window, &MainWindow::runEnded, &window,
            [&window, &meter, options, watchOk] {
                using Outcome = watch::PythonWatcher::Outcome;
                if (const watch::WatchHost *host = window.watchHost(); host && !*watchOk) {
                    // The watched program ended.
                    *watchOk = host->last().outcome == Outcome::Finished ||
                               host->last().outcome == Outcome::Stopped;
                    if (options.quit) {
                        std::fputs(watch::watchSummaryText(host->last()).toUtf8().constData(),
                                   stdout);
                        meter.stop();
                        std::printf("window: longest event-loop stall %s while watching\n",
                                    stallText(meter).constData());
                        std::fflush(stdout);
                        if (!**watchOk)
                            std::fprintf(stderr, "coroscope: %s\n", qPrintable(host->last().error));
                    }
                    if (options.sideBySide && **watchOk) {
                        window.setExportsOnFinish(options.exports);
                        if (window.runBeside())
                            return; // runEnded() again once QCoro's run ended
                        std::fprintf(stderr, "coroscope: --side-by-side: Coroscope cannot run "
                                             "this shape\n");
                    }
                } else if (options.sideBySide && window.record()) {
                    const QString both = sideBySideLine(*window.record());
                    if (options.quit && !both.isEmpty())
                        std::printf("side by side: %s\n", qPrintable(both));
                }
                if (!options.quit)
                    return;
                std::fflush(stdout);
                const bool ok = watchOk->value_or(false);
                QCoreApplication::exit(window.exportsFailed() || !ok ? WindowExitFailure
                                                                     : WindowExitOk);
            },
            Qt::QueuedConnection);
        if (options.stopAfterSeconds) {
            auto *stopTimer = new QTimer(&window);
            stopTimer->setSingleShot(true);
            stopTimer->setTimerType(Qt::PreciseTimer);
            QObject::connect(stopTimer, &QTimer::timeout, &window, &MainWindow::stopRun);
            stopTimer->start(std::llround(*options.stopAfterSeconds * 1000.0));
        }
        QTimer::singleShot(0, &window, [&window, w] { window.watchPython(w); });
    } else if (options.run) {
        if (options.quit) {
            // Written after the run's end is shown, on a worker (see finishRunFromCommandLine).
            window.setExportsOnFinish({});
            QObject::connect(
                &window, &MainWindow::runEnded, &window,
                [&window, &options, &meter] {
                    finishRunFromCommandLine(&window, options.exports, options.summary, &meter);
                },
                Qt::QueuedConnection);
        }
        // Timed on the run's own thread, as headless: the window's loop cannot delay it.
        if (options.stopAfterSeconds)
            window.setStopAfter(std::max(0.0, *options.stopAfterSeconds));
        QTimer::singleShot(0, &window, [&window, options] {
            if (!window.startRun()) {
                if (options.quit) {
                    std::fprintf(stderr, "coroscope: %s\n",
                                 qPrintable(window.parameters()->problem()));
                    QCoreApplication::exit(WindowExitUsage);
                }
                return;
            }
        });
    }
    return QApplication::exec();
}

} // namespace coroscope
