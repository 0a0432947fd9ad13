// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recordreader.h"

#include "model/memory.h"

#include "recordfields.h"
#include "recordv2.h"

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

using namespace recordfields;

//! The progress callback asked to stop.
struct Cancelled {};

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

/*!
 * Version 2's "source" of a watched Python program: every member required, strings of at
 * most a path's length, arguments an array of them.
 */
ProgramSource readSource(JsonCursor &j, UnknownMembers &unknown, bool &beside) {
    const Path where = at(kTop, "source");
    if (j.peek() != Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    constexpr int kMaxPath = 4096;
    constexpr qsizetype kMaxArguments = 1000;
    ProgramSource s;
    Keys<6> keys({"runtime", "interpreter", "python", "script", "arguments", "beside"});
    readObject(j, where, keys, unknown, [&](int k) {
        switch (k) {
        case 0:
            if (const QString r = string(j, at(where, "runtime")); r != QLatin1String("asyncio"))
                fail(at(where, "runtime"), quoted(r) + QStringLiteral(" is not \"asyncio\""));
            break;
        case 1:
            s.interpreter = string(j, at(where, "interpreter"), kMaxPath);
            break;
        case 2:
            s.pythonVersion = string(j, at(where, "python"));
            break;
        case 3:
            s.script = string(j, at(where, "script"), kMaxPath);
            break;
        case 4: {
            const Path field = at(where, "arguments");
            if (j.peek() != Kind::Array)
                fail(field, j.describe() + QStringLiteral(" is not an array"));
            j.open('[');
            for (bool first = true; j.more(']', first);) {
                if (s.arguments.size() == kMaxArguments)
                    fail(field, QStringLiteral("more than %1 arguments").arg(kMaxArguments));
                s.arguments << string(j, at(field, s.arguments.size()), kMaxPath);
            }
            break;
        }
        case 5: // optional: Coroscope's own run of the same shape follows in runs[1]
            if (const QString b = string(j, at(where, "beside")); b != QLatin1String("qcoro"))
                fail(at(where, "beside"), quoted(b) + QStringLiteral(" is not \"qcoro\""));
            beside = true;
            break;
        }
    });
    keys.require(where, 5); // all but beside
    return s;
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
    std::vector<double> values; // a label's place (null) holds kLabelPlace
    std::vector<qint64> due;
    std::vector<qint64> at;
    std::vector<std::pair<qsizetype, QString>> labels; // version 2's "labels": index, text
};

//! A label's place in a task's values (null in the file): a NaN, which no number is.
constexpr double kLabelPlace = std::numeric_limits<double>::quiet_NaN();
//! The longest label text read (the tracer cuts a label at 40 characters).
constexpr int kMaxLabelChars = 1000;

/*!
 * Version 2's `labels` of a task: [index, text] for each value that is a label (a watched
 * program's text), in the order of the values, each at a null of `values`, every null
 * covered (checked once the task is read, whichever member came first).
 */
void readLabels(JsonCursor &j, const Path &field, const RunParams &p, TaskScratch &s) {
    readList(j, field, p.values, [&](const Path &row) {
        qsizetype index = -1;
        QString text;
        readTuple(j, row, 2, [&](const Path &f, int i) {
            if (i == 0)
                index = qsizetype(integer(j, f, 0, p.values - 1));
            else
                text = string(j, f, kMaxLabelChars);
        });
        if (!s.labels.empty() && index <= s.labels.back().first)
            fail(at(row, qsizetype(0)),
                 QStringLiteral("%1 is not after the label before it (%2): labels "
                                "are in the order of the values")
                     .arg(index)
                     .arg(s.labels.back().first));
        s.labels.emplace_back(index, std::move(text));
    });
}

//! Each label at a null of values, and each null of values a label.
void checkLabels(const Path &where, const TaskScratch &s) {
    const Path field = at(where, "labels");
    size_t next = 0; // the first label not matched yet
    for (size_t i = 0; i < s.values.size(); ++i) {
        if (!std::isnan(s.values[i]))
            continue;
        if (next < s.labels.size() && s.labels[next].first < qsizetype(i))
            break; // a label at a number: reported below
        if (next == s.labels.size() || s.labels[next].first != qsizetype(i))
            fail(at(at(where, "values"), qsizetype(i)),
                 QStringLiteral("is null but labels has no text for it (a null value is a "
                                "label's place)"));
        ++next;
    }
    if (next < s.labels.size()) {
        const qsizetype index = s.labels[next].first;
        fail(at(at(field, qsizetype(next)), qsizetype(0)),
             index >= qsizetype(s.values.size())
                 ? QStringLiteral("%1 is past the task's values (%2)")
                       .arg(index)
                       .arg(s.values.size())
                 : QStringLiteral("%1 is a number's place in values, not a label's (null)")
                       .arg(index));
    }
}

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
    Keys<7> keys({"id", "start_s", "end_s", "values", "due_s", "at_s", "labels"});
    s.values.clear();
    s.due.clear();
    s.at.clear();
    s.labels.clear();
    const bool v2 = unknown.version() >= 2;
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
                if (j.peek() != Kind::Number) {
                    if (v2 && j.null()) // a label's place: its text is in "labels"
                        return kLabelPlace;
                    number(j, at(field, i));
                }
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
        case 6: // optional, version 2: a watched program's labels
            if (v2)
                readLabels(j, at(where, "labels"), p, s);
            else
                j.skip(); // not a member of version 1: skipped as unknown
            break;
        }
    });
    keys.require(where, 6);
    if (v2)
        checkLabels(where, s);

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
    auto label = s.labels.cbegin(); // checkLabels(): one for each null, in order
    for (size_t i = 0; i < s.values.size(); ++i) {
        if (std::isnan(s.values[i]))
            g.recordLabelYield(id, int(i), (label++)->second, s.due[i], s.at[i]);
        else
            g.recordYield(id, int(i), s.values[i], s.due[i], s.at[i]);
    }
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
    enum {
        kSeedMembers = 10,
        VariantKey = kSeedMembers,
        States,
        Outcomes,
        Deliveries,
        Passes,
        CoreWait,
        Count
    };
    Keys<Count> keys({"mode", "status", "wall_s", "ideal_s", "overrun_ms", "lateness_ms",
                      "max_stall_ms", "tasks", "yields", "window_stall_ms", "variant", "states",
                      "outcomes", "deliveries", "scheduler_passes", "run_core_wait_ms"});
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
        default:               // the lab's members of version 2
            if (k == Passes) { // optional, in every group (see writePasses())
                readPasses(j, at(where, "scheduler_passes"), *g);
                break;
            }
            if (k == CoreWait) { // optional, in every group: where the kernel told it
                h.runCoreWaitMs = nonNegative(j, at(where, "run_core_wait_ms"));
                break;
            }
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
    enum { Format, Version, App, Params, SpeedUp, Runs, Source, Count };
    Keys<Count> keys({"format", "version", "app", "params", "speedup", "runs", "source"});
    auto record = std::make_unique<RunRecord>();
    record->app = AppInfo{QString(), QString(), QString()};
    qint64 deferredRuns = -1;
    UnknownMembers unknown;
    LabParamsRead lab;
    bool paramsDone = false;
    bool beside = false; // source.beside: runs[1] is QCoro's run of the same shape
    // Version 2's members of params are checked once the version is known, before the runs.
    // A watched program's lanes: one group of its tasks, no lesson of the lab. Checked
    // before the runs when "source" comes first (as written), else at the end.
    const auto checkSource = [&] {
        if (!record->source)
            return;
        record->params.runtime = Runtime::Asyncio;
        record->params.sideBySide = beside;
        if (record->params.scenario != Scenario::Seed)
            fail(at(kTop, "source"), QStringLiteral("is given but params.scenario is %1")
                                         .arg(scenarioName(record->params.scenario)));
        if (record->params.mode != Mode::Concurrent)
            fail(at(kTop, "source"),
                 QStringLiteral("is given but params.mode is %1, not concurrent")
                     .arg(modeName(record->params.mode)));
    };
    const auto finishParams = [&] {
        if (!std::exchange(paramsDone, true)) {
            finishLabParams(unknown.version(), lab, record->params);
            checkSource();
        }
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
        case Source: // version 2: a watched Python program's record
            if (unknown.version() < 2) {
                j.skip(); // not a member of version 1: skipped as unknown
                break;
            }
            record->source = readSource(j, unknown, beside);
            record->params.runtime = Runtime::Asyncio;
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
    checkSource();
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
