// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "app/guimodule.h"
#include "cli/cliopts.h"
#include "cli/demo.h"
#include "cli/headless.h"
#include "cli/watchheadless.h"
#include "cli/windowopts.h"
#include "export/exportfile.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <csignal>
#include <cstdio>
#include <dlfcn.h>
#include <memory>

using namespace coroscope;

//! Whether a headless run will draw a chart (--export X.png/.svg/.pdf).
static bool exportsChart(int argc, char **argv) {
    for (int i = 1; i < argc; ++i) {
        QByteArray a(argv[i]);
        if (a == "--export" && i + 1 < argc)
            a = argv[++i];
        else if (a.startsWith("--export="))
            a = a.mid(9);
        else
            continue;
        a = a.toLower();
        if (a.endsWith(".png") || a.endsWith(".svg") || a.endsWith(".pdf"))
            return true;
    }
    return false;
}

//! Whether a window could be shown: a display, or a platform chosen explicitly.
static bool haveDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

//! The window and renderer module: next to the binary (build tree), or in
//! ../lib/coroscope/ (installed).
struct GuiModule {
    void *handle = nullptr;
    QString error;
    CoroscopeGuiCreateApp createApp = nullptr;
    CoroscopeGuiRunWindow runWindow = nullptr;
    CoroscopeGuiExportChart exportChart = nullptr;

    bool load() {
        const QString dir = QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget();
        const QString bin = QFileInfo(dir).absolutePath();
        for (const QString &path :
             {bin + QStringLiteral("/libcoroscope_gui.so"),
              bin + QStringLiteral("/../lib/coroscope/libcoroscope_gui.so")}) {
            if (!QFileInfo::exists(path))
                continue;
            handle = dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) {
                error = QString::fromLocal8Bit(dlerror());
                return false;
            }
            createApp =
                reinterpret_cast<CoroscopeGuiCreateApp>(dlsym(handle, "coroscope_gui_create_app"));
            runWindow =
                reinterpret_cast<CoroscopeGuiRunWindow>(dlsym(handle, "coroscope_gui_run_window"));
            exportChart = reinterpret_cast<CoroscopeGuiExportChart>(
                dlsym(handle, "coroscope_gui_export_chart"));
            if (createApp && runWindow && exportChart)
                return true;
            error = path + QStringLiteral(": not a Coroscope window module");
            return false;
        }
        error = QStringLiteral("libcoroscope_gui.so is not next to the binary nor in "
                               "../lib/coroscope/");
        return false;
    }
};

static CoroscopeGuiExportChart g_moduleChart = nullptr;

//! exportRecord()'s chart writer, drawing through the module.
static QString writeChart(const QString &path, const RunRecord &record) {
    QString why;
    g_moduleChart(path, record, &why);
    return why;
}

int main(int argc, char **argv) {
    // Decide before any application object exists: headless runs need no display (and
    // load no GUI library), and without a display QApplication would abort before a bad
    // option could be reported.
    // A reader that goes away (`coroscope … | head -1`) must not take the exports with it:
    // a write to a closed pipe fails with EPIPE instead of killing the process.
    std::signal(SIGPIPE, SIG_IGN);
    const bool headless = wantsHeadless(argc, argv);
    const bool display = haveDisplay();
    const bool window = !headless && display;
    GuiModule gui;
    std::unique_ptr<QCoreApplication> app;
    if (window || (headless && exportsChart(argc, argv))) {
        if (!gui.load()) {
            std::fprintf(stderr, "coroscope: cannot load the window and chart module: %s\n",
                         qPrintable(gui.error));
            return ExitFailure;
        }
        app.reset(gui.createApp(&argc, argv, window));
        g_moduleChart = gui.exportChart;
        setChartWriter(writeChart);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Coroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COROSCOPE_VERSION));

    const CliParse parsed = parseCommandLine(QCoreApplication::arguments());
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "coroscope: %s (see coroscope --help)\n", qPrintable(parsed.error));
        return ExitUsage;
    }
    const CliOptions &o = parsed.options;
    if (o.help) {
        std::fputs(qPrintable(parsed.helpText), stdout);
        return ExitOk;
    }
    if (o.version) {
        std::printf("coroscope %s (Qt %s, QCoro %s)\n", COROSCOPE_VERSION, qVersion(),
                    COROSCOPE_QCORO_VERSION);
        return ExitOk;
    }
    if (o.demo)
        return runDemo(*o.demo, o.params);
    if ((headless || o.headless) && !o.watchScript.isEmpty())
        return runWatchHeadless(o);
    if (headless || o.headless)
        return runHeadless(o);
    // The window's fields would round such a value: refuse rather than run something else.
    if (const QString why = WindowFields::cannotShow(o.params); !why.isEmpty()) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(why));
        return ExitUsage;
    }
    if (!display) {
        std::fprintf(stderr, "coroscope: no display to open the window on (set DISPLAY, or "
                             "use --headless)\n");
        return ExitFailure;
    }
    const WindowOptions windowOpts = windowOptions(o);
    const int status = gui.runWindow(&windowOpts);
    app.reset(); // before the module that made it is unloaded (it never is: no dlclose)
    return status;
}
