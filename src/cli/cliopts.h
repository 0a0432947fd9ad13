// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace coroscope {

//! Exit statuses of the command line (README, "Exit status").
enum ExitStatus { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

//! Everything the command line asked for, checked.
struct CliOptions {
    RunParams params;
    bool seedGiven = false;
    bool headless = false;
    bool run = false;
    bool quit = false; //!< window: close once the run (or --open) and its exports are done
    bool json = false;
    std::optional<double> stopAfterSeconds;
    QStringList exports;
    QString openFile;
    std::optional<int> demo;
    QString watchScript;     //!< --watch-python: the Python program to watch
    QStringList watchArgs;   //!< its arguments (after --)
    QString python;          //!< --python: the interpreter (default python3 on PATH)
    bool sideBySide = false; //!< --side-by-side: then Coroscope's own run of the same shape
    bool help = false;
    bool version = false;
};

//! The outcome of parsing: options, or one line saying what is wrong.
struct CliParse {
    CliOptions options;
    QString error; //!< non-empty: print it on stderr and exit with ExitUsage
    QString helpText;
};

/*!
 * \brief Parses and range-checks the command line (QCommandLineParser underneath).
 *
 * \a args includes the program name, as QCoreApplication::arguments() does. Every value
 * is checked against the limits of RunParams; the first problem found is reported with
 * the option's name.
 */
CliParse parseCommandLine(const QStringList &args);

//! Whether the arguments ask for no window (--headless, --demo, --json, --help, --version,
//! or --open with --export: a re-export).
bool wantsHeadless(int argc, char **argv);

//! The endings --export understands, longest first (".trace.json" before ".json").
QStringList exportSuffixes();

} // namespace coroscope
