// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cmath>
#include <functional>
#include <optional>

namespace coroscope {

struct RunRecord;

/*!
 * \brief What the window is asked to do when it opens: plain values, filled by whoever
 * starts it (the command line converts its own options into these; tests fill them).
 */
struct WindowOptions {
    RunParams params;
    bool seedGiven = false; //!< params.seed was typed; otherwise a random seed per run
    bool run = false;       //!< start a run at once
    bool quit = false;      //!< close once the run (or the open) and its exports are done
    std::optional<double> stopAfterSeconds;
    QStringList exports; //!< files to write once the run ends, or the opened record is shown
    QString openFile;    //!< a record to show instead of running
    //! A Python program to watch instead of running (its arguments, the interpreter).
    QString watchScript;
    QStringList watchArgs;
    //! Once the watched program ended: QCoro's run of its shape beside it (--side-by-side).
    bool sideBySide = false;
    QString python;
    //! With quit and run: the lines printed on stdout once the run ended (the command
    //! line's summary); none if empty.
    std::function<QByteArray(const RunRecord &)> summary;
};

//! The window's exit statuses, the command line's (README, "Exit status").
enum WindowExit { WindowExitOk = 0, WindowExitFailure = 1, WindowExitUsage = 2 };

//! What the window's parameter fields hold: 3 decimals (delays to the millisecond, like
//! the engine's minimum), max value 0.001 … 1e15.
struct WindowFields {
    static constexpr int kDecimals = 3;
    static constexpr double kMinMaxValue = 1e-3;
    static constexpr double kMaxMaxValue = 1e15;
    //! Why the fields cannot hold \a params exactly, naming the option, or empty. The
    //! engine takes more than a field shows (headless). Inline: the binary checks before
    //! it loads the window's module.
    static QString cannotShow(const RunParams &p) {
        const auto exact = [](double v) { return std::round(v * 1e3) / 1e3 == v; };
        if (!exact(p.delaySeconds))
            return QStringLiteral(
                       "--delay: the window's field holds 3 decimals; %1 needs --headless")
                .arg(p.delaySeconds, 0, 'g', 17);
        if (p.maxValue < kMinMaxValue || p.maxValue > kMaxMaxValue || !exact(p.maxValue))
            return QStringLiteral("--max-value: the window's field holds 0.001 … 1e15 with 3 "
                                  "decimals; %1 needs --headless")
                .arg(p.maxValue, 0, 'g', 17);
        return {};
    }
};

} // namespace coroscope
