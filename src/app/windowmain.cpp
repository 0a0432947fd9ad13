#include "windowmain.h"

#include "mainwindow.h"
#include "parameterspanel.h"

#include "cli/headless.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

namespace coroscope {

QStringList givenOptions(const QStringList &args) {
    QStringList given;
    for (const char *name : {"mode", "tasks", "values", "delay", "max-value", "seed", "timing"}) {
        const QString option = QStringLiteral("--") + QLatin1String(name);
        for (const QString &a : args)
            if (a == option || a.startsWith(option + QLatin1Char('='))) {
                given << QLatin1String(name);
                break;
            }
    }
    return given;
}

int runWindow(const CliOptions &options, std::optional<QStringList> given) {
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("coroscope"));
    MainWindow window;
    window.setUnattended(options.quit);
    window.applyOptions(options, given ? *given : givenOptions(QCoreApplication::arguments()));
    window.show();
    // The first paint loads fonts and fills caches: let it happen before a --run starts,
    // so the run's stall figure measures the run, not the window's start-up.
    QCoreApplication::processEvents();
    // --quit: leave with the headless exit status once the run and its exports are done.
    // exit() rather than close(): the window's own lastWindowClosed quit would say 0.
    const auto finish = [&window] {
        QCoreApplication::exit(window.exportsFailed() ? ExitFailure : ExitOk);
    };
    if (!options.openFile.isEmpty()) {
        QString why;
        if (!window.openRun(options.openFile, &why)) {
            std::fprintf(stderr, "coroscope: %s\n", qPrintable(why));
            return ExitUsage;
        }
        // An opened run is already complete: its exports can be written now.
        const QStringList exports = options.exports;
        window.setExportsOnFinish({});
        if (!exports.isEmpty() || options.quit)
            QTimer::singleShot(0, &window, [&window, exports, quit = options.quit, finish] {
                window.writeExports(exports);
                if (quit)
                    finish();
            });
    } else if (options.run) {
        if (options.quit)
            QObject::connect(
                &window, &MainWindow::runEnded, &window,
                [&window, finish] {
                    // The figures a script wants, both loops' stalls among them.
                    if (const RunRecord *r = window.record())
                        std::fputs(runSummaryLines(*r).constData(), stdout);
                    std::fflush(stdout);
                    finish();
                },
                Qt::QueuedConnection);
        // Timed on the run's own thread, as headless: the window's loop cannot delay it.
        if (options.stopAfterSeconds)
            window.setStopAfter(std::max(0.0, *options.stopAfterSeconds));
        QTimer::singleShot(0, &window, [&window, options] {
            if (!window.startRun()) {
                if (options.quit) {
                    std::fprintf(stderr, "coroscope: %s\n",
                                 qPrintable(window.parameters()->problem()));
                    QCoreApplication::exit(ExitUsage);
                }
                return;
            }
        });
    }
    return QApplication::exec();
}

} // namespace coroscope
