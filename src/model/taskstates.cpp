// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "taskstates.h"

#include <algorithm>

namespace coroscope {

namespace {

constexpr qint64 kShortestWaitNs = 100'000; // 0.1 ms

QString secs(qint64 ns) {
    return QString::number(double(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
}

//! Puts \a span over \a out, cutting what it covers.
void overlay(std::vector<StateInterval> &out, const StateInterval &span) {
    std::vector<StateInterval> result;
    result.reserve(out.size() + 2);
    for (const StateInterval &s : out) {
        const bool point = s.fromNs == s.toNs;
        if (point || s.toNs <= span.fromNs || s.fromNs >= span.toNs) {
            result.push_back(s);
            continue;
        }
        if (s.fromNs < span.fromNs)
            result.push_back({s.fromNs, span.fromNs, s.state, s.on, s.other});
        if (s.toNs > span.toNs)
            result.push_back({span.toNs, s.toNs, s.state, s.on, s.other});
    }
    result.push_back(span);
    std::stable_sort(result.begin(), result.end(),
                     [](const StateInterval &a, const StateInterval &b) {
                         return a.fromNs != b.fromNs ? a.fromNs < b.fromNs : a.toNs < b.toNs;
                     });
    out.swap(result);
}

} // namespace

std::vector<StateInterval> taskTimeline(const RunParams &p, const GroupRecord &g, int task) {
    std::vector<StateInterval> out;
    const qint64 wallNs = qint64(g.health.wallS * 1e9 + 0.5);
    const qint64 start = g.startNs(task);
    const bool seedSequential =
        p.scenario == Scenario::Seed && g.kind() == GroupKind::Sequential && task > 0;
    if (start < 0) { // never started: the task before it never ended (a stopped run)
        if (seedSequential && wallNs > 0)
            out.push_back({0, wallNs, TaskState::Waiting, WaitTarget::Task, task - 1});
        return out;
    }
    if (seedSequential && start > 0)
        out.push_back({0, start, TaskState::Waiting, WaitTarget::Task, task - 1});
    qint64 prev = start;
    for (int i = 0; i < g.count(task); ++i) {
        const qint64 due = g.dueNs(task, i);
        const qint64 at = g.atNs(task, i);
        if (due > prev)
            out.push_back({prev, due, TaskState::Suspended});
        if (at > std::max(prev, due))
            out.push_back({std::max(prev, due), at, TaskState::Ready});
        prev = std::max(prev, at);
    }
    if (g.endNs(task) >= 0) {
        out.push_back({g.endNs(task), g.endNs(task), TaskState::Done});
    } else if (const TaskOutcome *o = g.outcomeOf(task)) {
        if (o->atNs > prev)
            out.push_back({prev, o->atNs, TaskState::Suspended});
        out.push_back({o->atNs, o->atNs, o->state, WaitTarget::None, o->by});
    } else if (g.status == RunStatus::Stopped) { // the seed's Stop: cancelled mid-sleep
        const qint64 end = std::max(prev, wallNs);
        if (end > prev)
            out.push_back({prev, end, TaskState::Suspended});
        out.push_back({end, end, TaskState::Cancelled});
    }
    for (const StateSpan &s : g.spans())
        if (s.task == task && s.toNs > s.fromNs)
            overlay(out, {s.fromNs, s.toNs, s.state, s.on, s.other});
    return out;
}

TaskState stateAt(const RunParams &p, const GroupRecord &g, int task, qint64 tNs) {
    TaskState state = TaskState::Waiting; // not started yet
    for (const StateInterval &s : taskTimeline(p, g, task)) {
        if (s.fromNs > tNs)
            break;
        if (s.fromNs == s.toNs || tNs < s.toNs)
            state = s.state;
    }
    return state;
}

QString laneName(const RunParams &p, const GroupRecord &g, int lane) {
    if (p.scenario == Scenario::Queue)
        return lane == g.tasks() - 1 ? QStringLiteral("the producer")
                                     : QStringLiteral("worker %1").arg(lane);
    return QStringLiteral("task %1").arg(lane);
}

std::vector<NarrationFact> narrationFacts(const RunParams &p, const GroupRecord &g) {
    std::vector<NarrationFact> facts;
    const auto name = [&](int lane) { return laneName(p, g, lane); };
    for (const StateSpan &s : g.spans()) {
        // A wait that ended in the same instant (a queue handed over at once) tells nothing.
        if (s.state == TaskState::Waiting && s.toNs - s.fromNs < kShortestWaitNs)
            continue;
        const QString from = secs(s.fromNs);
        const QString to = secs(s.toNs);
        QString text;
        switch (s.state) {
        case TaskState::Waiting:
            switch (s.on) {
            case WaitTarget::Permit:
                text = QStringLiteral("%1 waited for a permit of the semaphore (limit %2) from %3 "
                                      "to %4")
                           .arg(name(s.task))
                           .arg(int(g.kind()) == 0 ? p.lab.limit : p.tasks)
                           .arg(from, to);
                break;
            case WaitTarget::QueueRoom:
                text = QStringLiteral("%1 waited for room in the queue (capacity %2) from %3 to %4")
                           .arg(name(s.task))
                           .arg(p.lab.capacity)
                           .arg(from, to);
                break;
            case WaitTarget::QueueItem:
                text = QStringLiteral("%1 waited for an item in the queue from %2 to %3")
                           .arg(name(s.task), from, to);
                break;
            default:
                text = QStringLiteral("%1 waited from %2 to %3").arg(name(s.task), from, to);
            }
            break;
        case TaskState::Blocked:
            text = QStringLiteral("%1 blocked the event loop's thread for %2 at %3: no other task "
                                  "could run until %4")
                       .arg(name(s.task), secs(s.toNs - s.fromNs), from, to);
            break;
        case TaskState::Offloaded:
            text = QStringLiteral("%1 awaited a worker thread from %2 to %3 while the loop ran on")
                       .arg(name(s.task), from, to);
            break;
        case TaskState::Running:
            text =
                QStringLiteral("%1 computed on the loop's thread from %2 to %3; nothing else ran")
                    .arg(name(s.task), from, to);
            break;
        default:
            text = QStringLiteral("%1 was %2 from %3 to %4")
                       .arg(name(s.task), stateName(s.state), from, to);
        }
        facts.push_back({s.fromNs, s.task, text});
    }
    for (const TaskOutcome &o : g.outcomes()) {
        QString text;
        if (o.state == TaskState::Failed) {
            text = QStringLiteral("%1 failed at %2: %3").arg(name(o.task), secs(o.atNs), o.error);
        } else {
            QString by;
            switch (o.cause) {
            case CancelCause::Timeout:
                by = QStringLiteral("the group's timeout (%1 s)").arg(p.lab.timeoutSeconds);
                break;
            case CancelCause::Failure:
                by = QStringLiteral("%1's failure (the task group cancels its siblings)")
                         .arg(name(o.by));
                break;
            case CancelCause::Stop:
                by = QStringLiteral("Stop");
                break;
            case CancelCause::None:
                by = QStringLiteral("its group");
                break;
            }
            text = QStringLiteral("%1 was cancelled at %2 by %3, holding %4 values")
                       .arg(name(o.task), secs(o.atNs), by)
                       .arg(g.count(o.task));
        }
        facts.push_back({o.atNs, o.task, text});
    }
    if (!g.deliveries().empty()) {
        QStringList order;
        for (const Delivery &d : g.deliveries())
            order << QString::number(d.task);
        const bool allAtOnce = g.deliveries().front().atNs == g.deliveries().back().atNs;
        facts.push_back(
            {g.deliveries().back().atNs, -1,
             allAtOnce
                 ? QStringLiteral("gather handed over every result at %1, in submission "
                                  "order: %2")
                       .arg(secs(g.deliveries().back().atNs), order.join(QStringLiteral(", ")))
                 : QStringLiteral("results arrived in completion order: %1 (submitted 0 … %2)")
                       .arg(order.join(QStringLiteral(", ")))
                       .arg(g.tasks() - 1)});
    }
    std::stable_sort(
        facts.begin(), facts.end(),
        [](const NarrationFact &a, const NarrationFact &b) { return a.atNs < b.atNs; });
    return facts;
}

} // namespace coroscope
