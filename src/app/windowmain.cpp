#include "windowmain.h"

#include "mainwindow.h"

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

int runWindow(const CliOptions &options) {
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("coroscope"));
    MainWindow window;
    window.applyOptions(options, givenOptions(QCoreApplication::arguments()));
    window.show();
    if (!options.openFile.isEmpty()) {
        QString why;
        if (!window.openRun(options.openFile, &why)) {
            std::fprintf(stderr, "coroscope: %s\n", qPrintable(why));
            return ExitUsage;
        }
        // An opened run is already complete: its exports can be written now.
        const QStringList exports = options.exports;
        window.setExportsOnFinish({});
        if (!exports.isEmpty())
            QTimer::singleShot(0, &window, [&window, exports] { window.writeExports(exports); });
    } else if (options.run) {
        QTimer::singleShot(0, &window, [&window, options] {
            if (!window.startRun())
                return;
            if (options.stopAfterSeconds)
                QTimer::singleShot(
                    std::chrono::milliseconds(qint64(*options.stopAfterSeconds * 1000)), &window,
                    &MainWindow::stopRun);
        });
    }
    return QApplication::exec();
}

} // namespace coroscope
