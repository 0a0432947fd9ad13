// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// Record version 2, the lesson lab's members (internal to src/io/): params' scenario,
// variant, clock and the scenario's options, checked as strictly as the command line
// checks them; a run's states, outcomes, deliveries and the lab's statuses. The reader
// (recordreader.cpp) walks the record and calls these where version 2 adds a member.

#include "recordfields.h"

#include "model/runrecord.h"

#include <optional>

namespace coroscope::recordfields {

//! The lab options params can hold (recordv2.cpp's table of them).
constexpr size_t kLabKeyCount = 13;

//! params' members: the seed's seven (version 1), then version 2's scenario, variant, clock
//! and the lab options of kLabKeys, in that order.
enum ParamKey : size_t {
    kSeedParams = 7,
    ScenarioKey = kSeedParams,
    VariantKey,
    ClockKey,
    FirstLabKey
};
constexpr size_t kParamKeyCount = FirstLabKey + kLabKeyCount;
using ParamKeys = Keys<kParamKeyCount>;

//! Version 2's members of params as read, checked once the version and all of them are known.
struct LabParamsRead {
    std::optional<QString> scenario;
    std::optional<QString> variant;
    std::optional<QString> clock;
    std::array<std::optional<double>, kLabKeyCount> values{};
};

//! The keys of params, version 1's and version 2's.
ParamKeys paramKeys();

//! Reads lab member \a k of params (a ParamKey from ScenarioKey on).
void readLabParam(JsonCursor &j, const Path &where, size_t k, LabParamsRead &r);

/*!
 * Checks version 2's members of params as strictly as the command line checks its
 * options (validateLab(), its messages naming the member instead of the option) and
 * stores them in \a p. Version 1 has none: a version-1 file holding them (never written)
 * keeps the seed's defaults, as version 1 skips members it does not know.
 */
void finishLabParams(int version, const LabParamsRead &r, RunParams &p);

//! `states`: [task, state, from_s, to_s, waits-on, other], what cannot be derived.
void readStates(JsonCursor &j, const Path &field, GroupRecord &g);
//! `outcomes`: {task, state, at_s, cause, by, error} of each cancelled or failed task.
void readOutcomes(JsonCursor &j, const Path &field, GroupRecord &g, UnknownMembers &unknown);
//! `deliveries`: [task, at_s], results handed to the consumer in the order they were.
void readDeliveries(JsonCursor &j, const Path &field, GroupRecord &g);
//! `scheduler_passes` (optional): [from_s, to_s, resumed], the scheduler's passes.
void readPasses(JsonCursor &j, const Path &field, GroupRecord &g);
//! A run's status: version 2 adds the lab's timed-out and failed.
RunStatus readStatus(JsonCursor &j, const Path &field, int version);

} // namespace coroscope::recordfields
