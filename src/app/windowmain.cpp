#include "windowmain.h"

#include "mainwindow.h"
#include "parameterspanel.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

namespace coroscope {

QStringList parameterOptions() {
    return {QStringLiteral("mode"),  QStringLiteral("tasks"),     QStringLiteral("values"),
            QStringLiteral("delay"), QStringLiteral("max-value"), QStringLiteral("seed"),
            QStringLiteral("timing")};
}

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

int runWindow(const CliOptions &options, std::optional<QStringList> given) {
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("coroscope"));
    MainWindow window;
    window.setUnattended(options.quit);
    // A scripted run (--quit) must not depend on what someone clicked last: every parameter
    // option counts as given, the ones not typed at their defaults (a random seed included).
    // The interactive window starts from the last session's parameters instead.
    window.applyOptions(options, options.quit ? parameterOptions()
                                 : given      ? *given
                                              : givenOptions(QCoreApplication::arguments()));
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
            QObject::connect(&window, &MainWindow::runEnded, &window, finish, Qt::QueuedConnection);
        QTimer::singleShot(0, &window, [&window, options] {
            if (!window.startRun()) {
                if (options.quit) {
                    std::fprintf(stderr, "coroscope: %s\n",
                                 qPrintable(window.parameters()->problem()));
                    QCoreApplication::exit(ExitUsage);
                }
                return;
            }
            if (options.stopAfterSeconds)
                QTimer::singleShot(
                    std::chrono::milliseconds(qint64(*options.stopAfterSeconds * 1000)), &window,
                    &MainWindow::stopRun);
        });
    }
    return QApplication::exec();
}

} // namespace coroscope
