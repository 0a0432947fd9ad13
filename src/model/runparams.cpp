// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runparams.h"

#include <QLocale>
#include <QRandomGenerator>

#include <cmath>

namespace coroscope {

double RunParams::idealSeconds(GroupKind kind) const {
    if (scenario != Scenario::Seed)
        return labIdealSeconds(*this, int(kind));
    const double one = values * delaySeconds;
    return kind == GroupKind::Concurrent ? one : one * tasks;
}

QString RunParams::validate() const {
    if (tasks < kMinTasks || tasks > kMaxTasks)
        return QStringLiteral("--tasks: %1 is out of range (%2 … %3)")
            .arg(countText(tasks), countText(kMinTasks), countText(kMaxTasks));
    if (values < kMinValues || values > kMaxValues)
        return QStringLiteral("--values: %1 is out of range (%2 … %3)")
            .arg(countText(values), countText(kMinValues), countText(kMaxValues));
    if (!std::isfinite(delaySeconds) || delaySeconds < kMinDelay || delaySeconds > kMaxDelay)
        return QStringLiteral("--delay: %1 is out of range (0.001 … 3600 seconds)")
            .arg(delaySeconds);
    if (!std::isfinite(maxValue) || maxValue <= 0 || maxValue > kMaxMaxValue)
        return QStringLiteral("--max-value: %1 must be a finite number > 0").arg(maxValue);
    if (scenario == Scenario::Seed && mode != Mode::Concurrent &&
        idealSeconds(GroupKind::Sequential) > kMaxRunSeconds)
        return QStringLiteral("--tasks × --values × --delay: the sequential group would take "
                              "%1 s, more than %2 s (about 31 years)")
            .arg(idealSeconds(GroupKind::Sequential))
            .arg(kMaxRunSeconds);
    if (seed > kMaxSeed)
        return QStringLiteral("--seed: %1 is out of range (0 … %2)").arg(seed).arg(kMaxSeed);
    return validateLab(*this);
}

QString modeName(Mode m) {
    switch (m) {
    case Mode::Concurrent:
        return QStringLiteral("concurrent");
    case Mode::Sequential:
        return QStringLiteral("sequential");
    case Mode::Compare:
        return QStringLiteral("compare");
    }
    return {};
}

QString timingName(Timing t) {
    return t == Timing::DriftFree ? QStringLiteral("drift-free") : QStringLiteral("relative");
}

QString groupName(GroupKind g) {
    return g == GroupKind::Concurrent ? QStringLiteral("concurrent") : QStringLiteral("sequential");
}

QString clockName(Clock c) {
    return c == Clock::Real ? QStringLiteral("real") : QStringLiteral("virtual");
}

std::optional<Clock> parseClock(const QString &s) {
    for (Clock c : {Clock::Real, Clock::Virtual})
        if (s == clockName(c))
            return c;
    return std::nullopt;
}

std::optional<Mode> parseMode(const QString &s) {
    for (Mode m : {Mode::Concurrent, Mode::Sequential, Mode::Compare})
        if (s == modeName(m))
            return m;
    return std::nullopt;
}

std::optional<Timing> parseTiming(const QString &s) {
    for (Timing t : {Timing::DriftFree, Timing::Relative})
        if (s == timingName(t))
            return t;
    return std::nullopt;
}

std::optional<GroupKind> parseGroup(const QString &s) {
    for (GroupKind g : {GroupKind::Sequential, GroupKind::Concurrent})
        if (s == groupName(g))
            return g;
    return std::nullopt;
}

QString countText(qint64 n) {
    return QLocale(QLocale::English).toString(n);
}

QString countText(qint64 n, const QString &one, const QString &many) {
    return countText(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

quint64 randomSeed() {
    return QRandomGenerator::system()->generate64() & RunParams::kMaxSeed;
}

} // namespace coroscope
