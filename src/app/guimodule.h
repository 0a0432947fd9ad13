// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// The window and the chart renderer live in a module (libcoroscope_gui.so) that main()
// loads with dlopen only when it needs them, so a headless run maps no GUI library:
// Qt Gui, Widgets and Svg alone add about 10 MB to every process's resident memory.

#include "app/windowoptions.h"
#include "model/runrecord.h"

class QCoreApplication;

extern "C" {

//! The application object: a QApplication for the window, or an offscreen
//! QGuiApplication for drawing charts without a display.
using CoroscopeGuiCreateApp = QCoreApplication *(*)(int *argc, char **argv, bool window);
QCoreApplication *coroscope_gui_create_app(int *argc, char **argv, bool window);

//! Runs the window until it closes; returns the exit status.
using CoroscopeGuiRunWindow = int (*)(const coroscope::WindowOptions *options);
int coroscope_gui_run_window(const coroscope::WindowOptions *options);

//! Draws \a record into \a path (.png .svg .pdf); \a why gets "" or one line saying why not.
using CoroscopeGuiExportChart = void (*)(const QString &path, const coroscope::RunRecord &record,
                                         QString *why);
void coroscope_gui_export_chart(const QString &path, const coroscope::RunRecord &record,
                                QString *why);
}
