// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "guimodule.h"

#include "render/chartexport.h" // exportChart
#include "windowmain.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>

#include <unistd.h>

namespace {

/*!
 * Qt's platform start-up looks into the session's runtime directory, and without
 * XDG_RUNTIME_DIR (a cron job, a container, ssh without a login session) it warns on
 * stderr and improvises one. Coroscope gives itself a private one instead, as the
 * specification asks (mode 0700, owned by the user), so a normal run prints nothing
 * that is not Coroscope's own. An existing directory owned by someone else is not used.
 */
void ensureRuntimeDir() {
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QString dir =
        QDir::tempPath() + QStringLiteral("/coroscope-runtime-%1").arg(uint(::getuid()));
    if (!QDir().mkpath(dir))
        return;
    const QFileInfo info(dir);
    if (info.ownerId() != ::getuid() || info.isSymLink())
        return; // Qt then says what is wrong itself
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
}

} // namespace

extern "C" {

__attribute__((visibility("default"))) QCoreApplication *
coroscope_gui_create_app(int *argc, char **argv, bool window) {
    ensureRuntimeDir();
    if (window)
        return new QApplication(*argc, argv);
    // Charts need fonts, hence a QGuiApplication; offscreen, so no display is needed.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return new QGuiApplication(*argc, argv);
}

__attribute__((visibility("default"))) int
coroscope_gui_run_window(const coroscope::WindowOptions *options) {
    return coroscope::runWindow(*options);
}

__attribute__((visibility("default"))) void
coroscope_gui_export_chart(const QString &path, const coroscope::RunRecord &record, QString *why) {
    *why = coroscope::exportChart(path, record);
}
}
