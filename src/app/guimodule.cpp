#include "guimodule.h"

#include "render/chartexport.h" // exportChart
#include "windowmain.h"

#include <QApplication>
#include <QGuiApplication>

extern "C" {

__attribute__((visibility("default"))) QCoreApplication *
coroscope_gui_create_app(int *argc, char **argv, bool window) {
    if (window)
        return new QApplication(*argc, argv);
    // Charts need fonts, hence a QGuiApplication; offscreen, so no display is needed.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return new QGuiApplication(*argc, argv);
}

__attribute__((visibility("default"))) int
coroscope_gui_run_window(const coroscope::CliOptions *options) {
    return coroscope::runWindow(*options);
}

__attribute__((visibility("default"))) void
coroscope_gui_export_chart(const QString &path, const coroscope::RunRecord &record, QString *why) {
    *why = coroscope::exportChart(path, record);
}
}
