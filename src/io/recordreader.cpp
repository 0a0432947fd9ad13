// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recordreader.h"

#include "model/memory.h"

#include "jsoncursor.h"
#include "numberformat.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace coroscope {

namespace {

using Kind = JsonCursor::Kind;

// The largest time a record can hold: nanoseconds since the start must fit in qint64.
// About 31 years: any time plus a run's length (at most 3.6e7 s) stays far inside qint64 ns.
constexpr double kMaxSeconds = 1e9;
constexpr qint64 kMaxSecondsWhole = 1'000'000'000;

//! The progress callback asked to stop.
struct Cancelled {};

[[noreturn]] void fail(const QString &field, const QString &why) {
    throw JsonError{field.isEmpty() ? why : field + QStringLiteral(": ") + why};
}

/*!
 * A field's place in the record, "runs[1].tasks[3].at_s[2]", spelled out only for a
 * message: thirty million values pass through the reader.
 */
struct Path {
    const Path *parent = nullptr;
    const char *key = nullptr; //!< a member, or else
    qsizetype index = -1;      //!< an array element (both unset: the top level)

    QString text() const {
        if (!parent)
            return {};
        QString out = parent->text();
        if (key)
            return out.isEmpty() ? QString::fromLatin1(key)
                                 : out + QLatin1Char('.') + QLatin1String(key);
        return out + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    }
};
const Path kTop;

Path at(const Path &parent, const char *key) {
    return {&parent, key, -1};
}
Path at(const Path &parent, qsizetype index) {
    return {&parent, nullptr, index};
}

[[noreturn]] void fail(const Path &field, const QString &why) {
    fail(field.text(), why);
}

QString quoted(const QString &s) {
    constexpr int kShown = 40;
    return QLatin1Char('"') + (s.size() > kShown ? s.left(kShown) + QStringLiteral("…") : s) +
           QLatin1Char('"');
}

QString textOf(std::string_view number) {
    return QString::fromLatin1(number.data(), qsizetype(std::min<size_t>(number.size(), 40)));
}

QString numberText(double d) {
    return QString::fromLatin1(doubleText(d));
}

QString secondsOf(qint64 ns) {
    return QString::fromLatin1(secondsText(ns));
}

// ---- typed values, each named by its field for messages ------------------------------

//! The double a scanned number stands for; false if out of a double's range.
bool toDouble(const JsonCursor::Number &n, double &d) {
    return n.toDouble(d);
}

double number(JsonCursor &j, const Path &field) {
    if (j.peek() != Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a number"));
    const JsonCursor::Number n = j.number();
    double d = 0;
    if (!toDouble(n, d))
        fail(field, textOf(n.text) + QStringLiteral(" is out of range for a double"));
    return d;
}

double nonNegative(JsonCursor &j, const Path &field) {
    const double d = number(j, field);
    if (d < 0)
        fail(field, numberText(d) + QStringLiteral(" is negative"));
    return d;
}

qint64 integer(JsonCursor &j, const Path &field, qint64 lo, qint64 hi) {
    if (j.peek() != Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a whole number"));
    const JsonCursor::Number num = j.number();
    const auto shown = [&num] { return textOf(num.text); }; // only for a message
    qint64 n = 0;
    if (!num.exponent && num.fractionDigits == 0) {
        if (num.wholeDigits > 18) { // beyond qint64 for sure, or too near to tell cheaply
            const auto r = std::from_chars(num.text.data(), num.text.data() + num.text.size(), n);
            if (r.ec != std::errc())
                fail(field,
                     QStringLiteral("%1 is out of range (%2 … %3)").arg(shown()).arg(lo).arg(hi));
        } else {
            n = num.negative ? -qint64(num.whole) : qint64(num.whole);
        }
    } else {
        // 4.0 or 1e3 are whole numbers too, as long as a double holds them exactly.
        double d = 0;
        if (!toDouble(num, d) || d != std::floor(d) || std::fabs(d) > 0x1p53)
            fail(field, shown() + QStringLiteral(" is not a whole number"));
        n = qint64(d);
    }
    if (n < lo || n > hi)
        fail(field, QStringLiteral("%1 is out of range (%2 … %3)").arg(n).arg(lo).arg(hi));
    return n;
}

QString string(JsonCursor &j, const Path &field, int maxLength = 100) {
    if (j.peek() != Kind::String)
        fail(field, j.describe() + QStringLiteral(" is not a string"));
    QString s = QString::fromStdString(j.string());
    if (s.size() > maxLength)
        fail(field, QStringLiteral("is longer than %1 characters").arg(maxLength));
    return s;
}

//! Nanoseconds from seconds held as a double (the fallback for exponents and > 9 decimals).
qint64 nanosecondsOf(double s) {
    const qint64 guess = std::llround(s * 1e9);
    // Below 2^20 s the double's error is under a quarter nanosecond, so rounding is exact.
    // Above it, pick the neighbour whose text reads back as the same double.
    if (s < double(1 << 20))
        return guess;
    for (qint64 d : {0, -1, 1, -2, 2}) {
        const qint64 candidate = guess + d;
        const QByteArray text = secondsText(candidate);
        double back = 0;
        std::from_chars(text.constData(), text.constData() + text.size(), back);
        if (candidate >= 0 && back == s)
            return candidate;
    }
    return guess;
}

/*!
 * A time in seconds since the run's start as nanoseconds, exactly as written (up to 9
 * decimals, straight from the digits the cursor scanned); null gives -1 when \a nullable.
 */
qint64 time(JsonCursor &j, const Path &field, bool nullable = false) {
    const Kind kind = j.peek();
    if (kind != Kind::Number) {
        if (nullable && j.null())
            return -1;
        fail(field, j.describe() + QStringLiteral(" is not a number"));
    }
    const JsonCursor::Number n = j.number();
    const auto shown = [&n] { return textOf(n.text); }; // only for a message
    if (!n.exponent && n.fractionDigits <= 9 && n.wholeDigits <= 10) {
        if (n.negative && (n.whole != 0 || n.fraction9 != 0))
            fail(field, shown() + QStringLiteral(" is negative"));
        const qint64 seconds = qint64(n.whole);
        const qint64 nanos = qint64(n.fraction9);
        if (seconds > kMaxSecondsWhole || (seconds == kMaxSecondsWhole && nanos > 0))
            fail(field,
                 shown() + QStringLiteral(" is too large (at most %1 s)").arg(kMaxSecondsWhole));
        return seconds * 1'000'000'000 + nanos;
    }
    double s = 0;
    if (!toDouble(n, s))
        fail(field, shown() + QStringLiteral(" is out of range for a double"));
    if (s < 0)
        fail(field, shown() + QStringLiteral(" is negative"));
    if (!(s <= kMaxSeconds))
        fail(field, shown() + QStringLiteral(" is too large (at most %1 s)").arg(kMaxSecondsWhole));
    return nanosecondsOf(s);
}

// ---- the record's parts ----------------------------------------------------------------

//! Remembers which keys of an object were seen, refusing repeats.
template<size_t N> class Keys {
public:
    explicit Keys(const std::array<const char *, N> &names)
        : m_names(names) {
        for (size_t i = 0; i < N; ++i)
            m_views[i] = m_names[i];
    }
    //! The key's index, or -1 for a key this reader does not know (skipped).
    int find(std::string_view key, const Path &parent) {
        // The writer's order first: the key after the last one found, then the others.
        for (size_t n = 0, i = m_next; n < N; ++n, i = i + 1 == N ? 0 : i + 1) {
            if (same(key, m_views[i])) {
                if (m_seen[i])
                    fail(at(parent, m_names[i]), QStringLiteral("is given twice"));
                m_seen[i] = true;
                m_next = i + 1 == N ? 0 : i + 1;
                return int(i);
            }
        }
        return -1;
    }
    //! Fails naming the first of the first \a count keys that was not seen.
    void require(const Path &parent, size_t count = N) const {
        for (size_t i = 0; i < count; ++i)
            if (!m_seen[i])
                fail(at(parent, m_names[i]), QStringLiteral("is missing"));
    }
    bool seen(size_t i) const { return m_seen[i]; }
    const char *name(size_t i) const { return m_names[i]; }

private:
    //! Keys are a few letters: compared inline, not through memcmp.
    static bool same(std::string_view a, std::string_view b) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return false;
        return true;
    }

    std::array<const char *, N> m_names;
    std::array<std::string_view, N> m_views; // their lengths, measured once
    std::array<bool, N> m_seen{};
    size_t m_next = 0;
};

/*!
 * Members this reader does not know. Version 1 skips them (older and newer builds of that
 * version added optional members); version 2 refuses them: this build writes every member
 * it reads, and a later change adds a version. The version may come after members it
 * decides about: the first unknown one met before it is kept and refused then.
 */
class UnknownMembers {
public:
    int version() const { return m_version; }
    void setVersion(int version) {
        m_version = version;
        if (version >= 2 && !m_pending.isEmpty())
            fail(m_pending, kWhy());
    }
    //! An unknown member \a key of \a where: refused in version 2, else skipped by the caller.
    void met(const Path &where, std::string_view key) {
        if (m_version == 1 || (m_version == 0 && !m_pending.isEmpty()))
            return;
        const std::string name(key.substr(0, 40));
        const Path field = at(where, name.c_str());
        if (m_version >= 2)
            fail(field, kWhy());
        m_pending = field.text();
    }

private:
    static QString kWhy() { return QStringLiteral("is not a member of record version 2"); }
    int m_version = 0; //!< 0 until the record's version is read
    QString m_pending;
};

/*!
 * The object walk every part of the record shares: refuses a value that is not an
 * object, a repeated key; passes the members it does not know to \a unknown (skipping
 * them, their syntax checked, unless the version refuses them); calls \a member with the
 * index of each known key, the cursor at its value.
 */
template<size_t N, typename Member>
void readObject(JsonCursor &j, const Path &where, Keys<N> &keys, UnknownMembers &unknown,
                Member member) {
    if (j.peek() != Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        const std::string_view key = j.key();
        if (const int k = keys.find(key, where); k >= 0) {
            member(k);
        } else {
            unknown.met(where, key);
            j.skip();
        }
    }
}

// ---- Version 2: the lesson lab's members of params ----------------------------------------

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
constexpr size_t kLabKeyCount = std::size(kLabKeys);

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

ParamKeys paramKeys() {
    std::array<const char *, kParamKeyCount> names{"mode",      "tasks", "values", "delay_s",
                                                   "max_value", "seed",  "timing", "scenario",
                                                   "variant",   "clock"};
    for (size_t i = 0; i < kLabKeyCount; ++i)
        names[FirstLabKey + i] = kLabKeys[i].field;
    return ParamKeys(names);
}

//! Version 2's members of params as read, checked once the version and all of them are known.
struct LabParamsRead {
    std::optional<QString> scenario;
    std::optional<QString> variant;
    std::optional<QString> clock;
    std::array<std::optional<double>, kLabKeyCount> values{};
};

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
        if (!r.values[i])
            fail(at(where, k.field), QStringLiteral("is missing"));
        if (k.whole)
            p.lab.*k.whole = int(*r.values[i]);
        else
            p.lab.*k.real = *r.values[i];
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

RunParams readParams(JsonCursor &j, UnknownMembers &unknown, LabParamsRead &lab) {
    const Path where = at(kTop, "params");
    RunParams p;
    ParamKeys keys = paramKeys();
    readObject(j, where, keys, unknown, [&](int k) {
        if (size_t(k) >= ScenarioKey) {
            if (unknown.version() == 1) // not members of version 1: skipped as unknown
                j.skip();
            else
                readLabParam(j, where, size_t(k), lab);
            return;
        }
        switch (k) {
        case 0: {
            const QString mode = string(j, at(where, "mode"));
            if (auto m = parseMode(mode))
                p.mode = *m;
            else
                fail(at(where, "mode"),
                     quoted(mode) +
                         QStringLiteral(" is not one of concurrent, sequential, compare"));
            break;
        }
        case 1:
            p.tasks =
                int(integer(j, at(where, "tasks"), RunParams::kMinTasks, RunParams::kMaxTasks));
            break;
        case 2:
            p.values =
                int(integer(j, at(where, "values"), RunParams::kMinValues, RunParams::kMaxValues));
            break;
        case 3:
            p.delaySeconds = number(j, at(where, "delay_s"));
            if (p.delaySeconds < RunParams::kMinDelay || p.delaySeconds > RunParams::kMaxDelay)
                fail(at(where, "delay_s"), QStringLiteral("%1 is out of range (0.001 … 3600)")
                                               .arg(numberText(p.delaySeconds)));
            break;
        case 4:
            p.maxValue = number(j, at(where, "max_value"));
            if (p.maxValue <= 0 || p.maxValue > RunParams::kMaxMaxValue)
                fail(at(where, "max_value"),
                     QStringLiteral("%1 must be > 0 and ≤ 1e300").arg(numberText(p.maxValue)));
            break;
        case 5:
            p.seed = quint64(integer(j, at(where, "seed"), 0, qint64(RunParams::kMaxSeed)));
            break;
        case 6: {
            const QString timing = string(j, at(where, "timing"));
            if (auto t = parseTiming(timing))
                p.timing = *t;
            else
                fail(at(where, "timing"),
                     quoted(timing) + QStringLiteral(" is not one of drift-free, relative"));
            break;
        }
        }
    });
    keys.require(where, kSeedParams);
    return p;
}

AppInfo readApp(JsonCursor &j, UnknownMembers &unknown) {
    const Path where = at(kTop, "app");
    AppInfo app{QString(), QString(), QString()};
    Keys<3> keys({"version", "qt", "qcoro"});
    readObject(j, where, keys, unknown, [&](int k) {
        QString &field = k == 0 ? app.version : (k == 1 ? app.qt : app.qcoro);
        field = string(j, at(where, k == 0 ? "version" : (k == 1 ? "qt" : "qcoro")));
    });
    return app;
}

void readLateness(JsonCursor &j, const Path &where, GroupHealth &h, UnknownMembers &unknown) {
    Keys<3> keys({"p50", "p99", "max"});
    readObject(j, where, keys, unknown, [&](int k) {
        switch (k) {
        case 0:
            h.latenessP50Ms = number(j, at(where, "p50"));
            break;
        case 1:
            h.latenessP99Ms = number(j, at(where, "p99"));
            break;
        case 2:
            h.latenessMaxMs = number(j, at(where, "max"));
            break;
        }
    });
    keys.require(where);
}

//! One of a task's arrays, element by element, at most params.values long.
template<typename T, typename Read>
void readArray(JsonCursor &j, const Path &field, int maxCount, std::vector<T> &out, Read read) {
    if (j.peek() != Kind::Array)
        fail(field, j.describe() + QStringLiteral(" is not an array"));
    out.clear();
    j.open('[');
    for (bool first = true; j.more(']', first);) {
        if (qsizetype(out.size()) == maxCount)
            fail(field, QStringLiteral("more than params.values (%1) entries").arg(maxCount));
        out.push_back(read(qsizetype(out.size())));
    }
}

//! Reused between tasks: a million tasks need not allocate three vectors each.
struct TaskScratch {
    std::vector<double> values;
    std::vector<qint64> due;
    std::vector<qint64> at;
};

/*!
 * What the engine guarantees of every task, checked so an edited record cannot show
 * the impossible: a yield is never early (the scheduler spins to its deadline), due and
 * actual times never go back within a task, and a task yields after it started and ends
 * after its last yield.
 */
void checkTaskTimes(const Path &where, qint64 start, qint64 end, const TaskScratch &s) {
    const Path due = at(where, "due_s");
    const Path atS = at(where, "at_s");
    for (size_t i = 0; i < s.at.size(); ++i) {
        const qsizetype n = qsizetype(i);
        if (i > 0 && s.due[i] < s.due[i - 1])
            fail(at(due, n), QStringLiteral("%1 is before due_s[%2] (%3): times in a task go on")
                                 .arg(secondsOf(s.due[i]))
                                 .arg(n - 1)
                                 .arg(secondsOf(s.due[i - 1])));
        if (s.at[i] < s.due[i])
            fail(at(atS, n), QStringLiteral("%1 is before its due time (due_s[%2] = %3): a yield "
                                            "is never early")
                                 .arg(secondsOf(s.at[i]))
                                 .arg(n)
                                 .arg(secondsOf(s.due[i])));
        if (i > 0 && s.at[i] < s.at[i - 1])
            fail(at(atS, n), QStringLiteral("%1 is before at_s[%2] (%3): times in a task go on")
                                 .arg(secondsOf(s.at[i]))
                                 .arg(n - 1)
                                 .arg(secondsOf(s.at[i - 1])));
    }
    if (s.at.empty())
        return;
    if (start > s.at.front())
        fail(at(where, "start_s"), QStringLiteral("%1 is after at_s[0] (%2): a task yields after "
                                                  "it starts")
                                       .arg(secondsOf(start), secondsOf(s.at.front())));
    if (end >= 0 && end < s.at.back())
        fail(at(where, "end_s"),
             QStringLiteral("%1 is before at_s[%2] (%3): a task ends after its last yield")
                 .arg(secondsOf(end))
                 .arg(qsizetype(s.at.size()) - 1)
                 .arg(secondsOf(s.at.back())));
}

void readTask(JsonCursor &j, const Path &where, const RunParams &p, GroupRecord &g,
              std::vector<bool> &seen, TaskScratch &s, UnknownMembers &unknown) {
    int id = -1;
    qint64 start = -1;
    qint64 end = -1;
    Keys<6> keys({"id", "start_s", "end_s", "values", "due_s", "at_s"});
    s.values.clear();
    s.due.clear();
    s.at.clear();
    readObject(j, where, keys, unknown, [&](int k) {
        switch (k) {
        case 0:
            id = int(integer(j, at(where, "id"), 0, p.tasks - 1));
            break;
        case 1:
            start = time(j, at(where, "start_s"), true);
            break;
        case 2:
            end = time(j, at(where, "end_s"), true);
            break;
        case 3: {
            const Path field = at(where, "values");
            readArray(j, field, p.values, s.values, [&](qsizetype i) {
                // The element's name is only built for a message: 30 million pass through.
                if (j.peek() != Kind::Number)
                    number(j, at(field, i));
                const JsonCursor::Number n = j.number();
                double x = -1;
                if (!toDouble(n, x))
                    fail(at(field, i),
                         textOf(n.text) + QStringLiteral(" is out of range for a double"));
                if (x < 0)
                    fail(at(field, i), numberText(x) + QStringLiteral(" is negative"));
                if (x > p.maxValue)
                    fail(at(field, i), QStringLiteral("%1 is above max_value (%2)")
                                           .arg(numberText(x), numberText(p.maxValue)));
                return x;
            });
            break;
        }
        case 4: {
            const Path field = at(where, "due_s");
            readArray(j, field, p.values, s.due,
                      [&](qsizetype i) { return time(j, at(field, i)); });
            break;
        }
        case 5: {
            const Path field = at(where, "at_s");
            readArray(j, field, p.values, s.at, [&](qsizetype i) { return time(j, at(field, i)); });
            break;
        }
        }
    });
    keys.require(where);

    if (seen[size_t(id)])
        fail(at(where, "id"), QStringLiteral("%1 is listed twice").arg(id));
    seen[size_t(id)] = true;
    if (end >= 0 && (start < 0 || end < start))
        fail(at(where, "end_s"), start < 0 ? QStringLiteral("is set but start_s is null")
                                           : QStringLiteral("is before start_s"));
    if (s.due.size() != s.values.size())
        fail(
            at(where, "due_s"),
            QStringLiteral("%1 entries, but values has %2").arg(s.due.size()).arg(s.values.size()));
    if (s.at.size() != s.values.size())
        fail(at(where, "at_s"),
             QStringLiteral("%1 entries, but values has %2").arg(s.at.size()).arg(s.values.size()));
    if (!s.values.empty() && start < 0)
        fail(at(where, "start_s"), QStringLiteral("is null but the task has yielded"));
    checkTaskTimes(where, start, end, s);
    if (start >= 0)
        g.taskStarted(id, start);
    if (end >= 0)
        g.taskEnded(id, end);
    for (size_t i = 0; i < s.values.size(); ++i)
        g.recordYield(id, int(i), s.values[i], s.due[i], s.at[i]);
}

// ---- Version 2: the lesson lab's members of a run -----------------------------------------

//! An array of at most \a maxCount entries, each read by \a readOne with its path.
template<typename ReadOne>
void readList(JsonCursor &j, const Path &field, qsizetype maxCount, ReadOne readOne) {
    if (j.peek() != Kind::Array)
        fail(field, j.describe() + QStringLiteral(" is not an array"));
    j.open('[');
    qsizetype n = 0;
    for (bool first = true; j.more(']', first); ++n) {
        if (n == maxCount)
            fail(field, QStringLiteral("more than %1 entries").arg(maxCount));
        readOne(at(field, n));
    }
}

//! A row written as an array of exactly \a size entries, each read by \a readOne.
template<typename ReadOne>
void readTuple(JsonCursor &j, const Path &field, int size, ReadOne readOne) {
    if (j.peek() != Kind::Array)
        fail(field, j.describe() + QStringLiteral(" is not an array"));
    j.open('[');
    int n = 0;
    for (bool first = true; j.more(']', first); ++n) {
        if (n == size) {
            for (j.skip(), ++n; j.more(']', first); ++n)
                j.skip();
            break;
        }
        readOne(at(field, n), n);
    }
    if (n != size)
        fail(field, QStringLiteral("has %1 entries, not %2").arg(n).arg(size));
}

int lane(JsonCursor &j, const Path &field, const GroupRecord &g, bool orNone) {
    return int(integer(j, field, orNone ? -1 : 0, g.tasks() - 1));
}

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

// ---- a run ------------------------------------------------------------------------------

/*!
 * One run (group) of the record. Its shape is the seed's tasks × values, or the lab's
 * lanes × slots (a queue's workers and its producer, each with room for every item).
 */
std::unique_ptr<GroupRecord> readGroup(JsonCursor &j, const Path &where, GroupKind kind,
                                       const RunParams &params, UnknownMembers &unknown) {
    if (j.peek() != Kind::Object) // before allocating
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    const bool lab = unknown.version() >= 2 && params.scenario != Scenario::Seed;
    RunParams p = params;
    p.tasks = groupLanes(params, kind);
    p.values = groupSlots(params, kind);
    auto g = std::make_unique<GroupRecord>(kind, p.tasks, p.values);
    GroupHealth &h = g->health;
    std::optional<qint64> yields;
    enum { kSeedMembers = 10, VariantKey = kSeedMembers, States, Outcomes, Deliveries, Count };
    Keys<Count> keys({"mode", "status", "wall_s", "ideal_s", "overrun_ms", "lateness_ms",
                      "max_stall_ms", "tasks", "yields", "window_stall_ms", "variant", "states",
                      "outcomes", "deliveries"});
    readObject(j, where, keys, unknown, [&](int k) {
        switch (k) {
        case 0: {
            const QString mode = string(j, at(where, "mode"));
            if (mode != groupName(kind))
                fail(at(where, "mode"),
                     QStringLiteral("%1 should be \"%2\" here (params.mode is %3)")
                         .arg(quoted(mode), groupName(kind), modeName(p.mode)));
            break;
        }
        case 1:
            g->status = readStatus(j, at(where, "status"), unknown.version());
            break;
        case 2:
            h.wallS = nonNegative(j, at(where, "wall_s"));
            break;
        case 3:
            h.idealS = nonNegative(j, at(where, "ideal_s"));
            break;
        case 4:
            // null for a stopped group (no overrun: it did not run its course); version-1
            // files of older builds hold wall − ideal there, which is not shown.
            if (!j.null())
                h.overrunMs = number(j, at(where, "overrun_ms"));
            break;
        case 5:
            readLateness(j, at(where, "lateness_ms"), h, unknown);
            break;
        case 6:
            h.maxStallMs = nonNegative(j, at(where, "max_stall_ms"));
            break;
        case 7: {
            const Path tasksAt = at(where, "tasks");
            if (j.peek() != Kind::Array)
                fail(tasksAt, j.describe() + QStringLiteral(" is not an array"));
            std::vector<bool> seen(size_t(p.tasks), false);
            TaskScratch scratch;
            qsizetype n = 0;
            j.open('[');
            for (bool first = true; j.more(']', first); ++n) {
                if (n == p.tasks)
                    fail(tasksAt, lab ? QStringLiteral("more tasks listed than the run's %1 lanes")
                                            .arg(p.tasks)
                                      : QStringLiteral("more tasks listed than params.tasks (%1)")
                                            .arg(p.tasks));
                readTask(j, at(tasksAt, n), p, *g, seen, scratch, unknown);
            }
            if (n != p.tasks)
                fail(tasksAt, lab ? QStringLiteral("%1 tasks listed, but the run has %2 lanes")
                                        .arg(n)
                                        .arg(p.tasks)
                                  : QStringLiteral("%1 tasks listed, but params.tasks is %2")
                                        .arg(n)
                                        .arg(p.tasks));
            break;
        }
        case 8:
            yields = integer(j, at(where, "yields"), 0, std::numeric_limits<qint64>::max());
            break;
        case 9: // optional: written when a window watched the run
            h.windowStallMs = nonNegative(j, at(where, "window_stall_ms"));
            break;
        default: // the lab's members of version 2
            if (!lab) {
                if (unknown.version() < 2) { // not members of version 1: skipped as unknown
                    j.skip();
                    break;
                }
                fail(at(where, keys.name(size_t(k))),
                     QStringLiteral("is given but params.scenario is seed"));
            }
            if (k == VariantKey) {
                const Path field = at(where, "variant");
                const QString v = string(j, field);
                const QString expected = variantName(params.scenario, int(kind));
                if (v != expected)
                    fail(field,
                         QStringLiteral("%1 should be \"%2\" here").arg(quoted(v), expected));
            } else if (k == States) {
                readStates(j, at(where, "states"), *g);
            } else if (k == Outcomes) {
                readOutcomes(j, at(where, "outcomes"), *g, unknown);
            } else {
                readDeliveries(j, at(where, "deliveries"), *g);
            }
            break;
        }
    });
    keys.require(where, 8); // all but yields and window_stall_ms
    if (lab)
        for (int k : {VariantKey, States, Outcomes, Deliveries})
            if (!keys.seen(size_t(k)))
                fail(at(where, keys.name(size_t(k))), QStringLiteral("is missing"));
    if (g->status == RunStatus::Stopped)
        h.overrunMs = 0;
    if (yields && *yields != g->yields())
        fail(at(where, "yields"),
             QStringLiteral("%1, but the tasks hold %2 values").arg(*yields).arg(g->yields()));
    return g;
}

/*!
 * Maps the cursor's position in the file to the progress shown: the bytes read, except
 * that a `runs` member met before `params` is passed over once (its syntax checked) and
 * read again at the end, each pass counting half of its bytes. Never goes back.
 */
class ProgressMap {
public:
    ProgressMap(const RecordReader::ReadProgress &progress, qint64 total)
        : m_progress(progress)
        , m_total(total) {}

    void chunkRead(qint64 pos) {
        qint64 done = pos;
        if (m_deferFrom >= 0) {
            const qint64 half = m_deferTo >= 0 ? (m_deferTo - m_deferFrom) / 2 : -1;
            if (m_secondPass)
                done = m_total - half + (pos - m_deferFrom) / 2;
            else if (m_deferTo < 0)
                done = m_deferFrom + (pos - m_deferFrom) / 2;
            else
                done = pos - half;
        }
        report(done);
    }
    void deferring(qint64 from) { m_deferFrom = from; }
    void deferredEnds(qint64 to) { m_deferTo = to; }
    void secondPass() { m_secondPass = true; }
    void report(qint64 done) {
        if (!m_progress)
            return;
        if (m_total > 0)
            done = std::min(done, m_total);
        m_done = std::max(m_done, done);
        if (!m_progress(m_done, m_total))
            throw Cancelled{};
    }

private:
    const RecordReader::ReadProgress &m_progress;
    qint64 m_total;
    qint64 m_done = 0;
    qint64 m_deferFrom = -1;
    qint64 m_deferTo = -1;
    bool m_secondPass = false;
};

void readRuns(JsonCursor &j, RunRecord &record, UnknownMembers &unknown) {
    const RunParams &p = record.params;
    // The seed: the mode's runs; the lab: its variant's, or both in compare.
    const std::vector<GroupKind> kinds = groupKinds(p);
    const Path runsAt = at(kTop, "runs");
    if (j.peek() != Kind::Array)
        fail(runsAt, j.describe() + QStringLiteral(" is not an array"));
    // Every task is listed with at least {"id":0,"start_s":null,"end_s":null,"values":[],
    // "due_s":[],"at_s":[]}: a short file cannot make the reader allocate for a million.
    constexpr quint64 kMinTaskBytes = 60;
    quint64 lanes = 0;
    for (GroupKind kind : kinds)
        lanes += quint64(groupLanes(p, kind));
    if (lanes * kMinTaskBytes > quint64(j.totalBytes()))
        fail(at(at(kTop, "params"), "tasks"),
             QStringLiteral("%1 tasks per run cannot be listed in a file of %2 bytes")
                 .arg(lanes / kinds.size())
                 .arg(j.totalBytes()));
    size_t n = 0;
    auto tooFew = [&](size_t count) {
        return QStringLiteral("%1 entries, but params.mode %2 needs %3")
            .arg(count)
            .arg(modeName(p.mode))
            .arg(kinds.size());
    };
    j.open('[');
    for (bool first = true; j.more(']', first); ++n) {
        if (n == kinds.size()) {
            j.skip();
            size_t total = n + 1;
            for (; j.more(']', first); ++total)
                j.skip();
            fail(runsAt, tooFew(total));
        }
        record.groups.push_back(readGroup(j, at(runsAt, qsizetype(n)), kinds[n], p, unknown));
    }
    if (n != kinds.size())
        fail(runsAt, tooFew(n));
}

//! Refuses a record whose groups would not fit in memory, before allocating them.
void checkMemory(const RunParams &p) {
    quint64 need = 0;
    for (GroupKind kind : groupKinds(p))
        need +=
            GroupRecord::bytesNeeded(quint64(groupLanes(p, kind)), quint64(groupSlots(p, kind)));
    if (const QString why = memoryRefusal(
            need, QStringLiteral("a record of %1 tasks × %2 values").arg(p.tasks).arg(p.values));
        !why.isEmpty())
        fail(QStringLiteral("params"), why);
}

/*!
 * The whole record in one pass when `runs` comes after format, version and params (as
 * the writer puts them); otherwise `runs` is passed over and read again at the end, as
 * the groups can only be checked against params.
 */
std::unique_ptr<RunRecord> readRecord(JsonCursor &j, ProgressMap *progress) {
    if (j.atEnd())
        fail(kTop, QStringLiteral("the file is empty"));
    if (j.peek() != Kind::Object) {
        j.skip();
        if (!j.atEnd())
            j.syntax("garbage after the value");
        fail(kTop, QStringLiteral("not a run record (the JSON is not an object)"));
    }
    enum { Format, Version, App, Params, SpeedUp, Runs, Count };
    Keys<Count> keys({"format", "version", "app", "params", "speedup", "runs"});
    auto record = std::make_unique<RunRecord>();
    record->app = AppInfo{QString(), QString(), QString()};
    qint64 deferredRuns = -1;
    UnknownMembers unknown;
    LabParamsRead lab;
    bool paramsDone = false;
    // Version 2's members of params are checked once the version is known, before the runs.
    const auto finishParams = [&] {
        if (!std::exchange(paramsDone, true))
            finishLabParams(unknown.version(), lab, record->params);
    };
    readObject(j, kTop, keys, unknown, [&](int k) {
        switch (k) {
        case Format: {
            const QString format = string(j, at(kTop, "format"));
            if (format != QLatin1String("coroscope-run"))
                fail(QStringLiteral("format"),
                     quoted(format) + QStringLiteral(" is not \"coroscope-run\""));
            break;
        }
        case Version: {
            const qint64 before = j.offset();
            int version = 0;
            if (j.peek() == Kind::Number) {
                const std::string_view v = j.number().text;
                version = v == "1" ? 1 : (v == "2" ? 2 : 0);
            }
            if (version == 0) {
                j.seek(before, j.depth());
                fail(QStringLiteral("version"),
                     j.describe() + QStringLiteral(" is not supported (only 1 and 2)"));
            }
            unknown.setVersion(version);
            break;
        }
        case App:
            record->app = readApp(j, unknown);
            break;
        case Params:
            record->params = readParams(j, unknown, lab);
            break;
        case SpeedUp:
            nonNegative(j, at(kTop, "speedup")); // derived: recomputed from the runs
            break;
        case Runs:
            if (keys.seen(Format) && keys.seen(Version) && keys.seen(Params)) {
                finishParams();
                checkMemory(record->params);
                readRuns(j, *record, unknown);
            } else {
                j.peek();
                deferredRuns = j.offset();
                if (progress)
                    progress->deferring(deferredRuns);
                j.skip();
                if (progress)
                    progress->deferredEnds(j.offset());
            }
            break;
        }
    });
    if (!j.atEnd())
        j.syntax("garbage after the value");
    for (int k : {Format, Version, Params})
        if (!keys.seen(size_t(k)))
            fail(QLatin1String(k == Format ? "format" : (k == Version ? "version" : "params")),
                 QStringLiteral("is missing"));
    finishParams();
    if (deferredRuns >= 0) {
        checkMemory(record->params);
        if (progress)
            progress->secondPass();
        j.seek(deferredRuns, 1);
        readRuns(j, *record, unknown);
    } else if (!keys.seen(Runs)) {
        checkMemory(record->params);
        fail(at(kTop, "runs"), QStringLiteral("is missing"));
    }
    return record;
}

} // namespace

RecordReadResult RecordReader::fromBytes(const QByteArray &bytes) {
    RecordReadResult result;
    try {
        if (bytes.size() > kMaxFileBytes)
            fail(kTop, QStringLiteral("the file is larger than %1 GB").arg(kMaxFileBytes >> 30));
        JsonCursor json(std::string_view(bytes.constData(), size_t(bytes.size())), kMaxDepth);
        result.record = readRecord(json, nullptr);
    } catch (const JsonError &invalid) {
        result.error = invalid.message;
    } catch (const std::bad_alloc &) {
        result.error = QStringLiteral("not enough memory to read the record");
    }
    if (!result.error.isEmpty())
        result.record.reset();
    return result;
}

RecordReadResult RecordReader::read(const QString &path, const ReadProgress &progress) {
    RecordReadResult result;
    const QFileInfo info(path);
    QFile file(path);
    if (info.isDir()) {
        result.error = QStringLiteral("%1: is a folder, not a run record").arg(path);
        return result;
    }
    if (info.exists() && !info.isFile()) { // a FIFO would block in open(), a device never end
        result.error = QStringLiteral("%1: is not a regular file").arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    const qint64 size = file.size();
    if (size > kMaxFileBytes) {
        result.error =
            QStringLiteral("%1: the file is larger than %2 GB").arg(path).arg(kMaxFileBytes >> 30);
        return result;
    }
    // Read in chunks: only one is held at a time besides the record. (Not mapped: a file
    // truncated by another program while mapped would raise SIGBUS.)
    try {
        ProgressMap map(progress, size);
        map.report(0);
        JsonCursor json(&file, size, kMaxDepth);
        json.setByteLimit(kMaxFileBytes);
        json.setChunkRead([&map](qint64 pos) { map.chunkRead(pos); });
        result.record = readRecord(json, &map);
        map.report(size);
    } catch (const Cancelled &) {
        result.cancelled = true;
        result.error = QStringLiteral("cancelled");
    } catch (const JsonError &invalid) {
        result.error = invalid.message;
    } catch (const std::bad_alloc &) {
        result.error = QStringLiteral("not enough memory to read the record");
    }
    if (!result.error.isEmpty()) {
        result.record.reset();
        result.error = path + QStringLiteral(": ") + result.error;
    }
    return result;
}

} // namespace coroscope
