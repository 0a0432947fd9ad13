// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recordv2.h"

#include <QStringList>

#include <cstring>
#include <iterator>
#include <utility>
#include <vector>

namespace coroscope::recordfields {

namespace {

using Kind = JsonCursor::Kind;

/*!
 * A lab option as params holds it: its member, the command line's option (validateLab()
 * names that), its scenario, whether it is a whole number, and where LabParams keeps it.
 */
struct LabKey {
    const char *field;
    const char *option;
    Scenario scenario;
    int LabParams::*whole;
    double LabParams::*real;
};
constexpr LabKey kLabKeys[] = {
    {"block_task", "block-task", Scenario::Blocking, &LabParams::blockTask, nullptr},
    {"block_at", "block-at", Scenario::Blocking, &LabParams::blockAt, nullptr},
    {"block_for_s", "block-for", Scenario::Blocking, nullptr, &LabParams::blockForSeconds},
    {"limit", "limit", Scenario::Bounded, &LabParams::limit, nullptr},
    {"spread", "spread", Scenario::AsCompleted, nullptr, &LabParams::spread},
    {"timeout_s", "timeout", Scenario::Timeout, nullptr, &LabParams::timeoutSeconds},
    {"fail_task", "fail-task", Scenario::Failure, &LabParams::failTask, nullptr},
    {"fail_at", "fail-at", Scenario::Failure, &LabParams::failAt, nullptr},
    {"items", "items", Scenario::Queue, &LabParams::items, nullptr},
    {"capacity", "capacity", Scenario::Queue, &LabParams::capacity, nullptr},
    {"workers", "workers", Scenario::Queue, &LabParams::workers, nullptr},
    {"work_ms", "work", Scenario::Cpu, nullptr, &LabParams::workMs},
    {"threads", "threads", Scenario::Cpu, &LabParams::threads, nullptr},
};
static_assert(std::size(kLabKeys) == kLabKeyCount);

int lane(JsonCursor &j, const Path &field, const GroupRecord &g, bool orNone) {
    return int(integer(j, field, orNone ? -1 : 0, g.tasks() - 1));
}

} // namespace

// ---- params ----------------------------------------------------------------------------

ParamKeys paramKeys() {
    std::array<const char *, kParamKeyCount> names{"mode",      "tasks", "values", "delay_s",
                                                   "max_value", "seed",  "timing", "scenario",
                                                   "variant",   "clock"};
    for (size_t i = 0; i < kLabKeyCount; ++i)
        names[FirstLabKey + i] = kLabKeys[i].field;
    return ParamKeys(names);
}

//! Reads lab member \a k of params (a ParamKey from ScenarioKey on).
void readLabParam(JsonCursor &j, const Path &where, size_t k, LabParamsRead &r) {
    switch (k) {
    case ScenarioKey:
        r.scenario = string(j, at(where, "scenario"));
        return;
    case VariantKey:
        r.variant = string(j, at(where, "variant"));
        return;
    case ClockKey:
        r.clock = string(j, at(where, "clock"));
        return;
    default: {
        const LabKey &key = kLabKeys[k - FirstLabKey];
        const Path field = at(where, key.field);
        // Whole options are ints; the ranges proper are validateLab()'s, checked below.
        r.values[k - FirstLabKey] =
            key.whole ? double(integer(j, field, 0, 1'000'000'000)) : nonNegative(j, field);
    }
    }
}

/*!
 * Checks version 2's members of params as strictly as the command line checks its
 * options (validateLab(), its messages naming the member instead of the option) and
 * stores them in \a p. Version 1 has none: a version-1 file holding them (never written)
 * keeps the seed's defaults, as version 1 skips members it does not know.
 */
void finishLabParams(int version, const LabParamsRead &r, RunParams &p) {
    if (version < 2)
        return;
    const Path where = at(kTop, "params");
    if (!r.scenario)
        fail(at(where, "scenario"), QStringLiteral("is missing"));
    const std::optional<Scenario> scenario = parseScenario(*r.scenario);
    if (!scenario)
        fail(at(where, "scenario"),
             quoted(*r.scenario) + QStringLiteral(" is not one of ") + scenarioNames());
    p.scenario = *scenario;
    if (!r.clock)
        fail(at(where, "clock"), QStringLiteral("is missing"));
    if (const std::optional<Clock> clock = parseClock(*r.clock))
        p.clock = *clock;
    else
        fail(at(where, "clock"), quoted(*r.clock) + QStringLiteral(" is not one of real, virtual"));
    if (p.scenario == Scenario::Seed) {
        if (r.variant)
            fail(at(where, "variant"), QStringLiteral("is given but the seed has no variants"));
    } else if (p.mode == Mode::Compare) {
        if (r.variant)
            fail(at(where, "variant"), QStringLiteral("is given but params.mode is compare "
                                                      "(both variants run)"));
    } else {
        if (!r.variant)
            fail(at(where, "variant"), QStringLiteral("is missing"));
        const std::optional<int> v = parseVariant(p.scenario, *r.variant);
        if (!v)
            fail(at(where, "variant"), quoted(*r.variant) + QStringLiteral(" is not one of %1, %2")
                                                                .arg(variantName(p.scenario, 0),
                                                                     variantName(p.scenario, 1)));
        p.variant = *v;
    }
    for (size_t i = 0; i < kLabKeyCount; ++i) {
        const LabKey &k = kLabKeys[i];
        if (k.scenario != p.scenario) {
            if (r.values[i])
                fail(at(where, k.field),
                     QStringLiteral("belongs to scenario %1, not %2")
                         .arg(scenarioName(k.scenario), scenarioName(p.scenario)));
            continue;
        }
        const std::optional<double> value = r.values[i];
        if (!value)
            fail(at(where, k.field), QStringLiteral("is missing"));
        if (k.whole)
            p.lab.*k.whole = int(*value);
        else
            p.lab.*k.real = *value;
    }
    const QString why = validateLab(p);
    if (why.isEmpty())
        return;
    for (const LabKey &k : kLabKeys) {
        const QString option = QStringLiteral("--%1: ").arg(QLatin1String(k.option));
        if (why.startsWith(option))
            fail(at(where, k.field), why.mid(option.size()));
    }
    for (const auto &[option, field] : {std::pair{"--mode: ", "mode"}, {"--clock: ", "clock"}})
        if (why.startsWith(QLatin1String(option)))
            fail(at(where, field), why.mid(qsizetype(strlen(option))));
    fail(where, why);
}

// ---- a run's members ---------------------------------------------------------------------

//! `states`: [task, state, from_s, to_s, waits-on, other], what cannot be derived.
void readStates(JsonCursor &j, const Path &field, GroupRecord &g) {
    // At most one span before each value and one after the last, per lane.
    readList(j, field, qsizetype(g.tasks()) * (g.values() + 1), [&](const Path &row) {
        StateSpan span;
        readTuple(j, row, 6, [&](const Path &f, int i) {
            switch (i) {
            case 0:
                span.task = lane(j, f, g, false);
                break;
            case 1: {
                const QString name = string(j, f);
                const std::optional<TaskState> st = parseState(name);
                if (!st || (*st != TaskState::Waiting && *st != TaskState::Blocked &&
                            *st != TaskState::Offloaded && *st != TaskState::Running))
                    fail(f,
                         quoted(name) + QStringLiteral(" is not one of running, waiting, blocked, "
                                                       "offloaded (the states a record stores)"));
                span.state = *st;
                break;
            }
            case 2:
                span.fromNs = time(j, f);
                break;
            case 3:
                span.toNs = time(j, f);
                if (span.toNs < span.fromNs)
                    fail(f, QStringLiteral("is before the span's start"));
                break;
            case 4: {
                const QString name = string(j, f);
                const std::optional<WaitTarget> w = parseWaitTarget(name);
                if (!w)
                    fail(f, quoted(name) + QStringLiteral(" is not one of none, task, permit, "
                                                          "queue-item, queue-room, thread"));
                span.on = *w;
                break;
            }
            case 5:
                span.other = lane(j, f, g, true);
                break;
            }
        });
        g.addSpan(span);
    });
}

//! `outcomes`: {task, state, at_s, cause, by, error} of each cancelled or failed task.
void readOutcomes(JsonCursor &j, const Path &field, GroupRecord &g, UnknownMembers &unknown) {
    readList(j, field, g.tasks(), [&](const Path &row) {
        TaskOutcome o;
        Keys<6> keys({"task", "state", "at_s", "cause", "by", "error"});
        readObject(j, row, keys, unknown, [&](int k) {
            switch (k) {
            case 0:
                o.task = lane(j, at(row, "task"), g, false);
                break;
            case 1: {
                const QString name = string(j, at(row, "state"));
                if (name == stateName(TaskState::Cancelled))
                    o.state = TaskState::Cancelled;
                else if (name == stateName(TaskState::Failed))
                    o.state = TaskState::Failed;
                else
                    fail(at(row, "state"),
                         quoted(name) + QStringLiteral(" is not one of cancelled, failed"));
                break;
            }
            case 2:
                o.atNs = time(j, at(row, "at_s"));
                break;
            case 3: {
                const QString name = string(j, at(row, "cause"));
                const std::optional<CancelCause> c = parseCause(name);
                if (!c)
                    fail(at(row, "cause"),
                         quoted(name) +
                             QStringLiteral(" is not one of none, stop, timeout, failure"));
                o.cause = *c;
                break;
            }
            case 4:
                o.by = lane(j, at(row, "by"), g, true);
                break;
            case 5:
                o.error = string(j, at(row, "error"), 1000);
                break;
            }
        });
        keys.require(row);
        if (g.outcomeOf(o.task))
            fail(at(row, "task"), QStringLiteral("%1 has two outcomes").arg(o.task));
        if ((o.state == TaskState::Failed) != (o.cause == CancelCause::None))
            fail(at(row, "cause"), o.state == TaskState::Failed
                                       ? QStringLiteral("a failed task has cause \"none\"")
                                       : QStringLiteral("a cancelled task needs a cause"));
        g.addOutcome(o);
    });
}

//! `deliveries`: [task, at_s], results handed to the consumer in the order they were.
void readDeliveries(JsonCursor &j, const Path &field, GroupRecord &g) {
    readList(j, field, g.tasks(), [&](const Path &row) {
        Delivery d;
        readTuple(j, row, 2, [&](const Path &f, int i) {
            if (i == 0)
                d.task = lane(j, f, g, false);
            else
                d.atNs = time(j, f);
        });
        g.addDelivery(d);
    });
}

void readPasses(JsonCursor &j, const Path &field, GroupRecord &g) {
    // Bounded for memory's sake: a run makes a few hundred a second (PassRecord), so this
    // is more than a day's worth.
    constexpr qsizetype kMaxPasses = 16'000'000;
    qint64 lastTo = 0;
    readList(j, field, kMaxPasses, [&](const Path &row) {
        SchedulerPass pass;
        readTuple(j, row, 3, [&](const Path &f, int i) {
            if (i == 0) {
                pass.fromNs = time(j, f);
                if (pass.fromNs < lastTo)
                    fail(f, QStringLiteral("is before the previous pass's end"));
            } else if (i == 1) {
                pass.toNs = time(j, f);
                if (pass.toNs < pass.fromNs)
                    fail(f, QStringLiteral("is before the pass's start"));
            } else {
                pass.resumed = qint32(integer(j, f, 1, std::numeric_limits<qint32>::max()));
            }
        });
        lastTo = pass.toNs;
        g.addPass(pass);
    });
}

//! A run's status: version 2 adds the lab's timed-out and failed.
RunStatus readStatus(JsonCursor &j, const Path &field, int version) {
    const QString status = string(j, field);
    std::vector<RunStatus> known{RunStatus::Finished, RunStatus::Stopped};
    if (version >= 2)
        known.insert(known.end(), {RunStatus::TimedOut, RunStatus::Failed});
    QStringList names;
    for (RunStatus s : known) {
        if (status == statusName(s))
            return s;
        names << statusName(s);
    }
    fail(field,
         quoted(status) + QStringLiteral(" is not one of ") + names.join(QStringLiteral(", ")));
}

} // namespace coroscope::recordfields
