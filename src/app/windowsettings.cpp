// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "windowsettings.h"

#include <QSettings>
#include <QStandardPaths>

namespace coroscope::WindowSettings {

QString path() {
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/coroscope.ini");
}

RunParams readParams(const QSettings &s, bool *seedFixed) {
    RunParams p;
    p.tasks = s.value(QStringLiteral("params/tasks"), p.tasks).toInt();
    p.values = s.value(QStringLiteral("params/values"), p.values).toInt();
    p.delaySeconds = s.value(QStringLiteral("params/delay"), p.delaySeconds).toDouble();
    p.maxValue = s.value(QStringLiteral("params/maxValue"), p.maxValue).toDouble();
    p.seed = s.value(QStringLiteral("params/seed"), 0).toULongLong();
    p.timing = parseTiming(s.value(QStringLiteral("params/timing")).toString())
                   .value_or(Timing::DriftFree);
    p.clock = parseClock(s.value(QStringLiteral("params/clock")).toString()).value_or(Clock::Real);
    p.mode =
        parseMode(s.value(QStringLiteral("params/mode")).toString()).value_or(Mode::Concurrent);
    *seedFixed = s.value(QStringLiteral("params/seedFixed"), false).toBool();
    // A damaged settings file must not start the window in a state that cannot run.
    if (!p.validate().isEmpty()) {
        const Mode mode = p.mode;
        p = RunParams{};
        p.mode = mode;
    }
    return p;
}

void writeParams(QSettings &s, const RunParams &p, bool seedFixed) {
    s.setValue(QStringLiteral("params/tasks"), p.tasks);
    s.setValue(QStringLiteral("params/values"), p.values);
    s.setValue(QStringLiteral("params/delay"), p.delaySeconds);
    s.setValue(QStringLiteral("params/maxValue"), p.maxValue);
    s.setValue(QStringLiteral("params/seed"), p.seed);
    s.setValue(QStringLiteral("params/seedFixed"), seedFixed);
    s.setValue(QStringLiteral("params/timing"), timingName(p.timing));
    s.setValue(QStringLiteral("params/clock"), clockName(p.clock));
    s.setValue(QStringLiteral("params/mode"), modeName(p.mode));
}

} // namespace coroscope::WindowSettings
