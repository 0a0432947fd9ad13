#include "app/parameterspanel.h"
#include "app/windowmain.h"
#include "cli/cliopts.h"
#include "cli/demo.h"
#include "cli/headless.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
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

int main(int argc, char **argv) {
    // Decide before any QApplication exists: headless runs need no display, and without
    // one QApplication would abort before a bad option could be reported.
    const bool headless = wantsHeadless(argc, argv);
    const bool display = haveDisplay();
    std::unique_ptr<QCoreApplication> app;
    if (!headless && display)
        app = std::make_unique<QApplication>(argc, argv);
    else if (exportsChart(argc, argv)) {
        // Charts need fonts, hence a QGuiApplication; offscreen, so no display is needed.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else
        app = std::make_unique<QCoreApplication>(argc, argv);
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
    if (headless || o.headless)
        return runHeadless(o);
    // The window's fields would round such a value: refuse rather than run something else.
    if (const QString why = ParametersPanel::cannotShow(o.params); !why.isEmpty()) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(why));
        return ExitUsage;
    }
    if (!display) {
        std::fprintf(stderr, "coroscope: no display to open the window on (set DISPLAY, or "
                             "use --headless)\n");
        return ExitFailure;
    }
    return runWindow(o);
}
