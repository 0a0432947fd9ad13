// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchsnapshot.h"

#include "io/numberformat.h"

#include <algorithm>
#include <cmath>

namespace coroscope::watch {

namespace {

QString ms(qint64 ns) {
    return QString::fromLatin1(millisText(double(ns) / 1e6));
}
QString seconds(qint64 ns) {
    return QString::number(double(ns) / 1e9, 'f', 3);
}

//! What a task does now, in plain words, times from \a origin.
QString explainTask(const WatchedTask &t, const QStringList &labels, qint64 origin) {
    QString line = QStringLiteral("task %1").arg(t.id);
    if (!t.name.isEmpty())
        line += QStringLiteral(" (%1)").arg(t.name);
    if (!t.values.empty()) {
        const WatchedValue &v = t.values.back();
        if (v.dueNs >= 0)
            line += QStringLiteral(" resumed %1 ms late,").arg(ms(v.atNs - v.dueNs));
        line += v.label < 0
                    ? QStringLiteral(" yielded %1")
                          .arg(QString::fromLatin1(doubleText(std::round(v.value * 1e4) / 1e4)))
                    : QStringLiteral(" yielded %1").arg(labels.value(v.label));
        line += QStringLiteral(" at %1 s").arg(seconds(v.atNs - origin));
    } else {
        line += QStringLiteral(" has yielded nothing");
    }
    if (t.endNs >= 0) {
        line += QStringLiteral(", %1 at %2 s").arg(taskEndName(t.end), seconds(t.endNs - origin));
        if (t.end == TaskEnd::Failed)
            line += QStringLiteral(": ") + t.failure;
    } else if (t.lastSuspendNs >= 0) {
        switch (t.lastSuspend) {
        case Suspend::Sleep:
            line +=
                t.lastSuspendArg >= 0
                    ? QStringLiteral(", sleeps until %1 s").arg(seconds(t.lastSuspendArg - origin))
                    : QStringLiteral(", sleeps");
            break;
        case Suspend::Task:
            line += QStringLiteral(", waits for task %1").arg(t.lastSuspendArg);
            break;
        default:
            line += QStringLiteral(", waits on a %1").arg(suspendName(t.lastSuspend));
            break;
        }
    }
    if (t.blockingSteps > 0)
        line += QStringLiteral(" (%1 blocking steps, longest %2 ms)")
                    .arg(t.blockingSteps)
                    .arg(ms(t.longestStepNs));
    return line;
}

//! The task's latest activity, for the "recently active" order.
qint64 lastActivity(const WatchedTask &t) {
    qint64 last = std::max(t.createdNs, t.lastSuspendNs);
    if (!t.values.empty())
        last = std::max(last, t.values.back().atNs);
    return std::max(last, t.endNs);
}

} // namespace

WatchSnapshot WatchSnapshot::take(const PythonWatcher &watcher, RunStatus status) {
    const WatchedRun &run = watcher.run();
    WatchSnapshot s;
    qint64 dropped = 0;
    if (std::unique_ptr<RunRecord> record = run.toRecord(status, &dropped)) {
        if (record->source) // a watched run's record always names its source
            record->source->arguments = watcher.options().arguments;
        s.record = std::move(record);
    }
    s.dropped = dropped;
    s.outcome = watcher.outcome();
    s.error = watcher.error();
    s.script = run.script();
    s.pythonVersion = run.pythonVersion();
    s.executable = run.executable();
    s.tasks = qint64(run.tasks().size());
    for (const WatchedTask &t : run.tasks()) {
        if (t.endNs < 0)
            ++s.unfinished;
        else if (t.end == TaskEnd::Failed) {
            ++s.failed;
            if (s.failures.size() < kMaxFailures)
                s.failures << QStringLiteral("task %1 (%2, %3) failed: %4")
                                  .arg(t.id)
                                  .arg(t.name, t.coroutine, t.failure);
        } else if (t.end == TaskEnd::Cancelled)
            ++s.cancelled;
    }
    s.steps = run.steps();
    s.blockingSteps = run.blockingSteps();
    s.longestStepNs = run.longestStepNs();
    s.slowNs = run.slowNs();
    s.numbers = run.numbers();
    s.labels = run.labels().size();
    if (!run.tasks().empty()) {
        const qint64 origin = run.tasks().front().createdNs;
        s.nowS = double(std::max<qint64>(0, run.lastEventNs() - origin)) / 1e9;
        // The most recently active tasks: a partial sort, not a sort of 100,000.
        std::vector<const WatchedTask *> active;
        active.reserve(run.tasks().size());
        for (const WatchedTask &t : run.tasks())
            active.push_back(&t);
        const size_t n = std::min(active.size(), size_t(kExplainTasks));
        std::partial_sort(active.begin(), active.begin() + qptrdiff(n), active.end(),
                          [](const WatchedTask *a, const WatchedTask *b) {
                              return lastActivity(*a) > lastActivity(*b);
                          });
        for (size_t i = 0; i < n; ++i)
            s.explain << explainTask(*active[i], run.labels(), origin);
    }
    return s;
}

QString watchSummaryText(const WatchSnapshot &s, int maxLanes) {
    QString t = QStringLiteral("coroscope " COROSCOPE_VERSION ": watched %1 (Python %2, %3)\n")
                    .arg(s.script, s.pythonVersion, s.executable);
    t += QStringLiteral("tasks %1 (%2 failed, %3 cancelled, %4 unfinished), steps %5, longest "
                        "step %6 ms, blocking steps (over %7 ms) %8, values %9 numbers and %10 "
                        "labels\n")
             .arg(s.tasks)
             .arg(s.failed)
             .arg(s.cancelled)
             .arg(s.unfinished)
             .arg(s.steps)
             .arg(ms(s.longestStepNs), ms(s.slowNs))
             .arg(s.blockingSteps)
             .arg(s.numbers)
             .arg(s.labels);
    if (const RunRecord *record = s.record.get()) {
        const GroupRecord &g = *record->groups.front();
        const GroupHealth &h = g.health;
        t += QStringLiteral("lanes %1 (tasks that yielded values), typical sleep %2 s, %3, wall "
                            "%4 s (from the first task), ideal %5 s, overrun %6 ms, lateness p50 "
                            "%7 / p99 %8 / max %9 ms\n")
                 .arg(g.tasks())
                 .arg(QString::fromLatin1(doubleText(record->params.delaySeconds)),
                      statusName(g.status), QString::number(h.wallS, 'f', 4),
                      QString::fromLatin1(doubleText(h.idealS)),
                      QString::fromLatin1(millisText(h.overrunMs)),
                      QString::fromLatin1(millisText(h.latenessP50Ms)),
                      QString::fromLatin1(millisText(h.latenessP99Ms)),
                      QString::fromLatin1(millisText(h.latenessMaxMs)));
        if (s.dropped > 0)
            t += QStringLiteral("  (%1 values past %2 in one task are not in the lanes)\n")
                     .arg(s.dropped)
                     .arg(RunParams::kMaxValues);
        for (int lane = 0; lane < std::min(g.tasks(), maxLanes); ++lane) {
            t += QStringLiteral("  lane %1: [").arg(lane);
            for (int i = 0; i < g.count(lane); ++i)
                t += QLatin1String(i ? ", " : "") +
                     (g.isLabel(lane, i) ? g.labelText(g.value(lane, i))
                                         : QString::fromLatin1(doubleText(
                                               std::round(g.value(lane, i) * 1e4) / 1e4)));
            t += QStringLiteral("]\n");
        }
        if (g.tasks() > maxLanes)
            t += QStringLiteral("  … %1 more lanes (--export run.csv or run.json holds them all)\n")
                     .arg(g.tasks() - maxLanes);
    }
    for (const QString &f : s.failures)
        t += f + QLatin1Char('\n');
    if (s.failed > s.failures.size())
        t += QStringLiteral("… %1 more failed tasks\n").arg(s.failed - s.failures.size());
    return t;
}

} // namespace coroscope::watch
