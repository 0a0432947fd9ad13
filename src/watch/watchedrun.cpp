// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchedrun.h"

#include <algorithm>
#include <cmath>

namespace coroscope::watch {

namespace {
constexpr size_t kSleepSamples = 4096;
constexpr int kMaxLabels = 100'000; // labels past this are kept as "…" (memory stays bounded)

//! 1, 2, 5 × a power of ten at or above x (x > 0).
double roundCeiling(double x) {
    const double p = std::pow(10.0, std::floor(std::log10(x)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= x)
            return m * p;
    return 10 * p;
}
} // namespace

WatchedTask *WatchedRun::task(qint64 id, QString &error) {
    if (id < 1 || id > qint64(m_tasks.size())) {
        error = QStringLiteral("task %1 was never created").arg(id);
        return nullptr;
    }
    WatchedTask &t = m_tasks[size_t(id - 1)];
    if (t.endNs >= 0) {
        error = QStringLiteral("task %1 already ended").arg(id);
        return nullptr;
    }
    return &t;
}

QString WatchedRun::apply(const TraceEvent &e) {
    using K = TraceEvent::Kind;
    if (!m_header && e.kind != K::Header)
        return QStringLiteral("the trace does not start with its header");
    if (m_header && e.kind == K::Header)
        return QStringLiteral("a second header");
    if (m_ended)
        return QStringLiteral("an event after the script's end");
    QString error;
    switch (e.kind) {
    case K::Header:
        m_header = true;
        m_pythonVersion = e.text;
        m_executable = e.text2;
        m_script = e.text3;
        m_slowNs = e.arg;
        return {};
    case K::Task: {
        if (e.id != qint64(m_tasks.size()) + 1)
            return QStringLiteral("task %1 created out of order (expected %2)")
                .arg(e.id)
                .arg(m_tasks.size() + 1);
        if (e.arg >= e.id)
            return QStringLiteral("task %1's parent %2 does not exist yet").arg(e.id).arg(e.arg);
        WatchedTask t;
        t.id = e.id;
        t.parent = e.arg;
        t.createdNs = e.t0;
        t.name = e.text;
        t.coroutine = e.text2;
        t.where = e.text3;
        m_tasks.push_back(std::move(t));
        break;
    }
    case K::Name:
        if (WatchedTask *t = task(e.id, error))
            t->name = e.text;
        break;
    case K::Step:
    case K::Done: {
        WatchedTask *t = task(e.id, error);
        if (!t)
            break;
        if (e.t0 < t->createdNs)
            return QStringLiteral("task %1 ran before it was created").arg(e.id);
        if (e.kind == K::Step && e.suspend == Suspend::Task && (e.arg > qint64(m_tasks.size())))
            return QStringLiteral("task %1 waits on task %2, which does not exist")
                .arg(e.id)
                .arg(e.arg);
        const qint64 d = e.t1 - e.t0;
        if (t->firstStepNs < 0)
            t->firstStepNs = e.t0;
        ++t->steps;
        ++m_steps;
        t->busyNs += d;
        t->longestStepNs = std::max(t->longestStepNs, d);
        m_longestStepNs = std::max(m_longestStepNs, d);
        if (e.kind == K::Done) {
            t->endNs = e.t1;
            t->end = e.taskEnd;
            t->failure = e.text;
        } else {
            t->lastSuspend = e.suspend;
            t->lastSuspendArg = e.arg;
            t->lastSuspendNs = e.t1;
            if (e.suspend == Suspend::Sleep) {
                if (e.arg < e.t0)
                    return QStringLiteral("task %1 sleeps until before its step began").arg(e.id);
                if (m_sleepSamples.size() < kSleepSamples)
                    m_sleepSamples.push_back(e.arg - e.t1);
            }
        }
        m_lastNs = std::max(m_lastNs, e.t1);
        break;
    }
    case K::Blocking:
        // Reported after its step (S or D): the task may already have ended.
        if (e.id < 1 || e.id > qint64(m_tasks.size()))
            return QStringLiteral("task %1 was never created").arg(e.id);
        ++m_tasks[size_t(e.id - 1)].blockingSteps;
        ++m_blockingSteps;
        break;
    case K::Yield: {
        WatchedTask *t = task(e.id, error);
        if (!t)
            break;
        if (e.t0 < t->createdNs)
            return QStringLiteral("task %1 yielded before it was created").arg(e.id);
        WatchedValue v;
        v.atNs = e.t0;
        v.dueNs = e.arg;
        if (e.isNumber) {
            v.value = e.value;
            ++m_numbers;
        } else {
            v.label = qint32(m_labels.size());
            m_labels.append(m_labels.size() < kMaxLabels ? e.text : QStringLiteral("…"));
        }
        t->values.push_back(v);
        m_lastNs = std::max(m_lastNs, e.t0);
        break;
    }
    case K::Exit:
        m_ended = true;
        m_scriptEnd = e.scriptEnd;
        m_exitCode = int(std::min<qint64>(e.arg, 255));
        m_endText = e.text;
        m_lastNs = std::max(m_lastNs, e.t0);
        break;
    }
    return error;
}

double WatchedRun::typicalSleepSeconds() const {
    if (m_sleepSamples.empty())
        return 0;
    std::vector<qint64> s = m_sleepSamples;
    std::nth_element(s.begin(), s.begin() + qptrdiff(s.size() / 2), s.end());
    return double(s[s.size() / 2]) / 1e9;
}

std::unique_ptr<RunRecord> WatchedRun::toRecord(RunStatus status, qint64 *dropped) const {
    if (dropped)
        *dropped = 0;
    if (m_tasks.empty())
        return nullptr;
    std::vector<const WatchedTask *> lanes;
    for (const WatchedTask &t : m_tasks)
        if (!t.values.empty())
            lanes.push_back(&t);
    if (lanes.empty())
        for (const WatchedTask &t : m_tasks)
            lanes.push_back(&t);
    if (lanes.size() > size_t(RunParams::kMaxTasks))
        lanes.resize(size_t(RunParams::kMaxTasks));

    auto record = std::make_unique<RunRecord>();
    RunParams &p = record->params;
    p.mode = Mode::Concurrent;
    p.timing = Timing::Relative;
    p.runtime = Runtime::Asyncio;
    record->source = ProgramSource{m_executable, m_pythonVersion, m_script, {}};
    p.seed = 0;
    p.tasks = int(lanes.size());
    int values = 1;
    double maxValue = 0;
    for (const WatchedTask *t : lanes)
        for (const WatchedValue &v : t->values)
            if (v.label < 0)
                maxValue = std::max(maxValue, v.value);
    for (const WatchedTask *t : lanes)
        values = int(std::clamp<qint64>(qint64(t->values.size()), values, RunParams::kMaxValues));
    p.values = values;
    p.maxValue = maxValue > 0 ? std::min(roundCeiling(maxValue), RunParams::kMaxMaxValue) : 1.0;
    const double sleep = typicalSleepSeconds();
    p.delaySeconds = sleep > 0 ? std::clamp(std::round(sleep * 1e3) / 1e3, RunParams::kMinDelay,
                                            RunParams::kMaxDelay)
                               : 1.0;

    // The first task's creation is t = 0 (the interpreter's start-up is not the program's).
    const qint64 origin = m_tasks.front().createdNs;
    const auto rel = [origin](qint64 ns) { return std::max<qint64>(0, ns - origin); };
    auto group = std::make_unique<GroupRecord>(GroupKind::Concurrent, p.tasks, p.values);
    qint64 wallEnd = 0;
    for (int lane = 0; lane < p.tasks; ++lane) {
        const WatchedTask &t = *lanes[size_t(lane)];
        group->taskStarted(lane, rel(t.firstStepNs >= 0 ? t.firstStepNs : t.createdNs));
        int index = 0;
        for (const WatchedValue &v : t.values) {
            if (index == p.values) {
                if (dropped)
                    ++*dropped;
                continue;
            }
            const qint64 at = rel(v.atNs);
            const qint64 due = v.dueNs >= 0 ? rel(v.dueNs) : at;
            if (v.label >= 0) // a label keeps its place among the numbers
                group->recordLabelYield(lane, index++, m_labels[v.label], due, at);
            else
                group->recordYield(lane, index++, v.value, due, at);
        }
        const qint64 end = t.endNs >= 0 ? rel(t.endNs) : rel(m_lastNs);
        if (t.endNs >= 0)
            group->taskEnded(lane, end);
        wallEnd = std::max(wallEnd, end);
    }
    group->computeHealth(p, wallEnd, double(m_longestStepNs) / 1e6, status);
    record->groups.push_back(std::move(group));
    return record;
}

} // namespace coroscope::watch
