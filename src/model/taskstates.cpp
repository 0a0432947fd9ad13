// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "taskstates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

constexpr qint64 kShortestWaitNs = 100'000; // 0.1 ms

QString secs(qint64 ns) {
    return QString::number(double(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
}

bool earlier(const StateInterval &a, const StateInterval &b) {
    return a.fromNs != b.fromNs ? a.fromNs < b.fromNs : a.toNs < b.toNs;
}

//! Puts the recorded \a spans (one task's, in time order) over the derived \a out, cutting
//! what they cover. One pass over both: a queue worker may have a million waits.
void overlay(std::vector<StateInterval> &out, const std::vector<StateInterval> &spans) {
    if (spans.empty())
        return;
    std::vector<StateInterval> result;
    result.reserve(out.size() + 2 * spans.size());
    size_t first = 0;
    for (const StateInterval &d : out) {
        if (d.fromNs == d.toNs) {
            result.push_back(d);
            continue;
        }
        while (first < spans.size() && spans[first].toNs <= d.fromNs)
            ++first;
        qint64 cur = d.fromNs;
        for (size_t k = first; k < spans.size() && spans[k].fromNs < d.toNs; ++k) {
            if (spans[k].fromNs > cur)
                result.push_back({cur, spans[k].fromNs, d.state, d.on, d.other});
            cur = std::max(cur, spans[k].toNs);
        }
        if (cur < d.toNs)
            result.push_back({cur, d.toNs, d.state, d.on, d.other});
    }
    result.insert(result.end(), spans.begin(), spans.end());
    std::stable_sort(result.begin(), result.end(), earlier);
    out.swap(result);
}

//! Who cancelled a task, in words: "the group's timeout (6 s)", "task 1's failure (…)".
QString cancelledBy(const RunParams &p, const GroupRecord &g, CancelCause cause, int by) {
    switch (cause) {
    case CancelCause::Timeout:
        return QStringLiteral("the group's timeout (%1 s)").arg(p.lab.timeoutSeconds);
    case CancelCause::Failure:
        return QStringLiteral("%1's failure (the task group cancels its siblings)")
            .arg(laneName(p, g, by));
    case CancelCause::Stop:
        return QStringLiteral("Stop");
    case CancelCause::None:
        break;
    }
    return QStringLiteral("its group");
}

//! "task 0", "task 0 and task 1", "task 0, task 1 and task 2", "task 0, task 1, … and 7 more".
QString nameList(const RunParams &p, const GroupRecord &g, const std::vector<int> &lanes) {
    constexpr size_t kNamed = 4;
    QStringList names;
    for (size_t i = 0; i < lanes.size() && i < kNamed; ++i)
        names << laneName(p, g, lanes[i]);
    if (lanes.size() > kNamed)
        return names.join(QStringLiteral(", ")) +
               QStringLiteral(" and %1 more").arg(lanes.size() - kNamed);
    if (names.size() <= 1)
        return names.join(QString());
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

//! The lanes of \a g other than \a task that hold a semaphore permit at \a tNs: started,
//! not over, and not waiting for a permit themselves.
std::vector<int> permitHolders(const GroupRecord &g, int task, qint64 tNs) {
    std::vector<bool> waiting(size_t(g.tasks()), false);
    if (!g.isDone()) {
        // Live: a task says it waits for a permit as it asks; its span comes when it got one.
        for (int u = 0; u < g.tasks(); ++u) {
            const GroupRecord::Current c = g.current(u);
            waiting[size_t(u)] = c.known && c.state == TaskState::Waiting &&
                                 c.on == WaitTarget::Permit && c.atNs <= tNs;
        }
    }
    for (const StateSpan &s : g.spans()) {
        if (s.state != TaskState::Waiting || s.on != WaitTarget::Permit)
            continue;
        waiting[size_t(s.task)] = s.fromNs <= tNs && tNs < s.toNs;
    }
    std::vector<int> holders;
    for (int u = 0; u < g.tasks(); ++u) {
        if (u == task || waiting[size_t(u)] || g.startNs(u) < 0 || g.startNs(u) > tNs)
            continue;
        if (g.endNs(u) >= 0 && g.endNs(u) <= tNs)
            continue;
        if (const TaskOutcome *o = g.outcomeOf(u); o && o->atNs <= tNs)
            continue;
        holders.push_back(u);
    }
    return holders;
}

} // namespace

std::vector<StateInterval> taskTimeline(const RunParams &p, const GroupRecord &g, int task) {
    return taskTimeline(p, g, task, std::numeric_limits<qint64>::min(),
                        std::numeric_limits<qint64>::max());
}

std::vector<StateInterval> taskTimeline(const RunParams &p, const GroupRecord &g, int task,
                                        qint64 fromNs, qint64 toNs, qint64 clockNs) {
    std::vector<StateInterval> out;
    // A live group (clockNs given) tells what it has published: its yields, the lab's
    // spans and outcomes so far (PublishedLog) and what each task is doing now. That last
    // is read first, so what is read after it is at least as new.
    const bool over = g.isDone();
    const bool live = !over && clockNs >= 0;
    const GroupRecord::Current now = live ? g.current(task) : GroupRecord::Current{};
    // Health is whole once the group is over (and written by the run's thread before).
    const qint64 wallNs = over ? std::llround(g.health.wallS * 1e9) : 0;
    const qint64 start = g.startNs(task);
    const bool seedSequential =
        p.scenario == Scenario::Seed && g.kind() == GroupKind::Sequential && task > 0;
    if (start < 0) { // not started: the task before it has not ended (or never did: Stop)
        if (const qint64 until = over   ? wallNs
                                 : live ? clockNs
                                        : 0;
            seedSequential && until > 0 && fromNs <= until)
            out.push_back({0, until, TaskState::Waiting, WaitTarget::Task, task - 1});
        return out;
    }
    if (seedSequential && start > 0)
        out.push_back({0, start, TaskState::Waiting, WaitTarget::Task, task - 1});
    // Only the yields whose stretch [previous wake, wake] reaches into [fromNs, toNs].
    const int n = g.count(task);
    int i = 0;
    for (int hi = n; i < hi;) {
        const int mid = i + (hi - i) / 2;
        if (g.atNs(task, mid) < fromNs)
            i = mid + 1;
        else
            hi = mid;
    }
    qint64 prev = i > 0 ? std::max(start, g.atNs(task, i - 1)) : start;
    bool cut = false;
    for (; i < n; ++i) {
        if (prev > toNs) {
            cut = true;
            break;
        }
        const qint64 due = g.dueNs(task, i);
        const qint64 at = g.atNs(task, i);
        if (due > prev)
            out.push_back({prev, due, TaskState::Suspended});
        if (at > std::max(prev, due))
            out.push_back({std::max(prev, due), at, TaskState::Ready});
        prev = std::max(prev, at);
    }
    const TaskOutcome *outcome = over || live ? g.outcomeOf(task) : nullptr;
    if (live && outcome && outcome->atNs > clockNs)
        outcome = nullptr; // published after the clock the caller read
    // A live task's stretch going on now (waiting, blocked, offloaded, running), up to the
    // clock, unless its span is out already (the stretch is over).
    std::optional<StateInterval> going;
    if (cut) {
        // nothing: the rest, the end included, lies after the window
    } else if (g.endNs(task) >= 0) {
        out.push_back({g.endNs(task), g.endNs(task), TaskState::Done});
    } else if (outcome) {
        if (outcome->atNs > prev)
            out.push_back({prev, outcome->atNs, TaskState::Suspended});
        out.push_back(
            {outcome->atNs, outcome->atNs, outcome->state, WaitTarget::None, outcome->by});
    } else if (over && g.status == RunStatus::Stopped) { // the seed's Stop: cancelled mid-sleep
        const qint64 end = std::max(prev, wallNs);
        if (end > prev)
            out.push_back({prev, end, TaskState::Suspended});
        out.push_back({end, end, TaskState::Cancelled});
    } else if (live && now.known && now.state == TaskState::Suspended) {
        // Between values: asleep until the next one is due (the sleep it said it began
        // after its last value), then waiting for the loop to resume it (a blocked or busy
        // loop keeps the lane ready), up to the clock.
        if (const qint64 due = now.atNs; n == 0 || due > g.dueNs(task, n - 1)) {
            if (std::min(due, clockNs) > prev)
                out.push_back({prev, std::min(due, clockNs), TaskState::Suspended});
            if (clockNs > std::max(prev, due))
                out.push_back({std::max(prev, due), clockNs, TaskState::Ready});
        }
    } else if (live && now.known && now.atNs >= prev && now.atNs < clockNs) {
        going = StateInterval{now.atNs, clockNs, now.state, now.on, -1};
    }
    if (over || live) {
        std::vector<StateInterval> spans;
        for (const StateSpan &s : g.spans()) {
            if (s.task != task)
                continue;
            if (going && s.fromNs == going->fromNs && s.state == going->state)
                going.reset(); // that stretch is over: here it is, whole
            const qint64 to = live ? std::min(s.toNs, clockNs) : s.toNs;
            if (to > s.fromNs && to >= fromNs && s.fromNs <= toNs)
                spans.push_back({s.fromNs, to, s.state, s.on, s.other});
        }
        if (going && going->toNs >= fromNs && going->fromNs <= toNs)
            spans.push_back(*going);
        if (live && outcome) // nothing after the task's end
            std::erase_if(spans, [&](StateInterval &s) {
                s.toNs = std::min(s.toNs, outcome->atNs);
                return s.toNs <= s.fromNs;
            });
        std::stable_sort(spans.begin(), spans.end(), earlier);
        overlay(out, spans);
    }
    std::erase_if(out, [&](const StateInterval &s) { return s.toNs < fromNs || s.fromNs > toNs; });
    return out;
}

const StateInterval *intervalAt(const std::vector<StateInterval> &timeline, qint64 tNs) {
    const StateInterval *found = nullptr;
    for (const StateInterval &s : timeline) {
        if (s.fromNs > tNs)
            break;
        if (s.fromNs == s.toNs || tNs < s.toNs)
            found = &s;
    }
    return found;
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

QString stateReason(const RunParams &p, const GroupRecord &g, int task, const StateInterval &s,
                    qint64 tNs, qint64 clockNs) {
    // A live group's outcomes are published as they happen (the error's text with it).
    const TaskOutcome *o = g.isDone() || clockNs >= 0 ? g.outcomeOf(task) : nullptr;
    switch (s.state) {
    case TaskState::Running:
        return QStringLiteral("computing on the loop's thread until %1; no other task runs")
            .arg(secs(s.toNs));
    case TaskState::Suspended:
        return QStringLiteral("awaiting its timer until %1; the loop is free for the others")
            .arg(secs(s.toNs));
    case TaskState::Ready:
        if (!g.isDone() && clockNs >= 0 && s.toNs >= clockNs)
            return QStringLiteral("due since %1, not yet resumed: the loop has not got to it")
                .arg(secs(s.fromNs));
        return QStringLiteral("due, not yet resumed: the loop resumed it at %1, %2 ms late")
            .arg(secs(s.toNs))
            .arg(QString::number(double(s.toNs - s.fromNs) / 1e6, 'f', 3));
    case TaskState::Waiting:
        switch (s.on) {
        case WaitTarget::Permit: {
            const int limit = int(g.kind()) == 0 ? p.lab.limit : p.tasks;
            const std::vector<int> holders = permitHolders(g, task, tNs);
            QString text =
                QStringLiteral("for a permit: %1 of %2 taken").arg(holders.size()).arg(limit);
            if (!holders.empty())
                text += QStringLiteral(" by ") + nameList(p, g, holders);
            return text;
        }
        case WaitTarget::Task:
            return QStringLiteral("for %1 to finish: one comprehension after another")
                .arg(laneName(p, g, s.other));
        case WaitTarget::QueueItem:
            return QStringLiteral("for an item: the queue is empty");
        case WaitTarget::QueueRoom:
            return QStringLiteral("for room: the queue is full (capacity %1)").arg(p.lab.capacity);
        case WaitTarget::Thread:
            return QStringLiteral("for a worker thread");
        case WaitTarget::None:
            break;
        }
        return QStringLiteral("until %1").arg(secs(s.toNs));
    case TaskState::Blocked:
        return QStringLiteral("a blocking call holds the loop's thread until %1: no task can run")
            .arg(secs(s.toNs));
    case TaskState::Offloaded:
        return QStringLiteral("awaiting a worker thread until %1; the loop runs the others")
            .arg(secs(s.toNs));
    case TaskState::Done:
        return QStringLiteral("collected %1 values").arg(g.count(task));
    case TaskState::Cancelled: {
        const QString by =
            o ? cancelledBy(p, g, o->cause, o->by) : cancelledBy(p, g, CancelCause::Stop, -1);
        return QStringLiteral("by %1, holding %2 values").arg(by).arg(g.count(task));
    }
    case TaskState::Failed:
        return o ? o->error : QString();
    }
    return {};
}

QString stateDescription(const RunParams &p, const GroupRecord &g, int task, qint64 tNs,
                         qint64 clockNs) {
    const std::vector<StateInterval> timeline =
        taskTimeline(p, g, task, std::numeric_limits<qint64>::min(),
                     std::numeric_limits<qint64>::max(), clockNs);
    const StateInterval *s = intervalAt(timeline, tNs);
    if (!s)
        return g.startNs(task) < 0 || tNs < g.startNs(task) ? QStringLiteral("not started yet")
                                                            : QString();
    const QString reason = stateReason(p, g, task, *s, tNs, clockNs);
    QString head;
    if (s->fromNs == s->toNs)
        head = QStringLiteral("%1 at %2").arg(stateName(s->state), secs(s->fromNs));
    else
        head = QStringLiteral("%1 since %2 (for %3)")
                   .arg(stateName(s->state), secs(s->fromNs), secs(s->toNs - s->fromNs));
    return reason.isEmpty() ? head : head + QStringLiteral(": ") + reason;
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
            const QString by = cancelledBy(p, g, o.cause, o.by);
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
