// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "labparams.h"

#include <QString>
#include <QtGlobal>

#include <cmath>
#include <optional>
#include <vector>

namespace coroscope {

//! Which runner(s) a run uses.
enum class Mode { Concurrent, Sequential, Compare };
//! How each sleep's deadline is computed (see README, "Timing modes").
enum class Timing { DriftFree, Relative };
//! One group of comprehensions inside a run: compare runs both.
enum class GroupKind { Sequential, Concurrent };
//! What the scheduler's time is (see README, "Clocks"): the machine's monotonic clock, or a
//! virtual one that jumps over idle time.
enum class Clock { Real, Virtual };
//! Who ran the tasks: Coroscope's own QCoro run, or a watched Python asyncio program.
enum class Runtime { QCoro, Asyncio };

/*!
 * \brief The parameters of a run, with the documented limits.
 *
 * Defaults are the seed's: 4 tasks, 10 values, 1 s delay, values in [0, 10].
 */
struct RunParams {
    Mode mode = Mode::Concurrent;
    int tasks = 4;
    int values = 10;
    double delaySeconds = 1.0;
    double maxValue = 10.0;
    quint64 seed = 0;
    Timing timing = Timing::DriftFree;
    Clock clock = Clock::Real;
    //! Asyncio: the lanes are a watched program's (tasks, values and delay read from it).
    Runtime runtime = Runtime::QCoro;
    //! With Asyncio: a second group follows the watched one, Coroscope's own QCoro run of
    //! the same shape (see sidebyside.h).
    bool sideBySide = false;
    //! The lab: which program runs, its variant outside compare, its own parameters.
    Scenario scenario = Scenario::Seed;
    int variant = 0;
    LabParams lab;

    static constexpr int kMinTasks = 1;
    static constexpr int kMaxTasks = 1'000'000;
    static constexpr int kMinValues = 1;
    static constexpr int kMaxValues = 10'000;
    static constexpr double kMinDelay = 0.001;
    static constexpr double kMaxDelay = 3600.0;
    static constexpr double kMaxMaxValue = 1e300; // finite, leaves room for arithmetic
    //! Longest ideal run: keeps every time in nanoseconds far inside 64 bits.
    static constexpr double kMaxRunSeconds = 1e9;
    static constexpr quint64 kMaxSeed = 9'223'372'036'854'775'807ULL; // exact in JSON (qint64)

    qint64 delayNs() const { return std::llround(delaySeconds * 1e9); }
    //! Ideal duration of one group: values x delay (concurrent) or tasks times that; in
    //! the lab, the scenario's own formula for the variant in that slot (labparams.cpp).
    double idealSeconds(GroupKind kind) const;

    //! The first broken limit as "--option: why", or an empty string when valid.
    QString validate() const;
};

QString modeName(Mode m);
QString timingName(Timing t);
QString groupName(GroupKind g);
QString clockName(Clock c);
std::optional<Mode> parseMode(const QString &s);
std::optional<Timing> parseTiming(const QString &s);
std::optional<GroupKind> parseGroup(const QString &s);
std::optional<Clock> parseClock(const QString &s);

// ---- The lesson lab's parameters (labparams.cpp) -----------------------------------------

//! Fills every lab parameter not given (negative) with its default for this run's shape.
void resolveLabDefaults(RunParams &p);
//! The first broken lab limit as "--option: why", or an empty string.
QString validateLab(const RunParams &p);
//! The scenario's own ideal duration for \a variant, so wall − ideal is time lost.
double labIdealSeconds(const RunParams &p, int variant);
//! The groups a run records, in order (compare: both; else the mode's or variant's slot).
std::vector<GroupKind> groupKinds(const RunParams &p);
//! Lanes (coroutines with a lane) and value slots per lane of the group in \a slot.
int groupLanes(const RunParams &p, GroupKind slot);
int groupSlots(const RunParams &p, GroupKind slot);
//! A group's name: the seed's "sequential"/"concurrent", or the lab variant's name.
QString groupLabel(const RunParams &p, GroupKind slot);
//! A task's own delay: the run's, or in as-completed spread per task from the seed.
qint64 labTaskDelayNs(const RunParams &p, int task);

//! A fresh random seed within [0, RunParams::kMaxSeed].
quint64 randomSeed();

//! A count as every message and label writes it, in thousands: "1,000,000", "10,000", "4".
QString countText(qint64 n);
//! A count with its noun: "1 task", "4 tasks", "10,000 values".
QString countText(qint64 n, const QString &one, const QString &many);

} // namespace coroscope
