// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "livestates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

qint64 ns(double seconds) {
    return std::llround(seconds * 1e9);
}

//! Alive at \a tNs: started by then and not yet ended.
bool alive(const GroupRecord &g, int task, qint64 tNs) {
    const qint64 start = g.startNs(task);
    const qint64 end = g.endNs(task);
    return start >= 0 && start <= tNs && !(end >= 0 && end <= tNs);
}

//! Yields of \a task at or before \a tNs (times rise per task).
int yieldsBy(const GroupRecord &g, int task, qint64 tNs) {
    int lo = 0;
    for (int hi = g.count(task); lo < hi;) {
        const int mid = lo + (hi - lo) / 2;
        if (g.atNs(task, mid) <= tNs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

//! The first yield of \a task whose stretch [previous wake, wake] reaches \a fromNs.
int firstReaching(const GroupRecord &g, int task, qint64 fromNs) {
    int lo = 0;
    for (int hi = g.count(task); lo < hi;) {
        const int mid = lo + (hi - lo) / 2;
        if (g.atNs(task, mid) < fromNs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

//! When the task resumed before its value \a k: its previous wake, or its start.
qint64 wokeBefore(const GroupRecord &g, int task, int k) {
    return k > 0 ? g.atNs(task, k - 1) : g.startNs(task);
}

//! Appends [from, min(to, clock)) when it is not empty.
void push(std::vector<StateInterval> &out, qint64 from, qint64 to, qint64 clockNs, TaskState s,
          WaitTarget on = WaitTarget::None) {
    to = std::min(to, clockNs);
    if (to > from)
        out.push_back({from, to, s, on, -1});
}

//! When the semaphore let \a task in (FIFO, everyone asked at t = 0 in index order), or
//! -1 while it still waits at \a clockNs.
qint64 permitGranted(const RunParams &p, const GroupRecord &g, int task, int limit,
                     qint64 clockNs) {
    if (g.count(task) > 0) // its first value is due one delay after it got in
        return g.dueNs(task, 0) - p.delayNs();
    // The k-th waiter gets the permit the k-th ending task gives back.
    std::vector<qint64> ends;
    for (int u = 0; u < g.tasks(); ++u)
        if (const qint64 e = g.endNs(u); e >= 0 && e <= clockNs)
            ends.push_back(e);
    const size_t k = size_t(task - limit);
    if (k >= ends.size())
        return -1;
    std::nth_element(ends.begin(), ends.begin() + qsizetype(k), ends.end());
    return ends[k];
}

//! Queue: whether worker \a w holds an item at \a tNs: while items not yet done remain,
//! every live worker has one, the lowest first.
bool holdsItem(const RunParams &p, const GroupRecord &g, int w, qint64 tNs) {
    const int workers = g.tasks() - 1;
    qint64 remaining = p.lab.items;
    for (int u = 0; u < workers; ++u)
        remaining -= yieldsBy(g, u, tNs);
    for (int u = 0; u < workers && remaining > 0; ++u)
        if (alive(g, u, tNs)) {
            if (u == w)
                return true;
            --remaining;
        }
    return false;
}

} // namespace

qint64 liveNextDueNs(const RunParams &p, const GroupRecord &g, int task) {
    const int n = g.count(task);
    if (g.startNs(task) < 0 || n >= p.values)
        return -1;
    const bool driftFree = p.timing == Timing::DriftFree;
    const qint64 delay =
        p.scenario == Scenario::AsCompleted ? labTaskDelayNs(p, task) : p.delayNs();
    switch (p.scenario) {
    case Scenario::Blocking:
    case Scenario::AsCompleted:
    case Scenario::Timeout:
    case Scenario::Failure: // the generator's deadlines count from the group's t = 0
        return driftFree ? qint64(n + 1) * delay : wokeBefore(g, task, n) + delay;
    case Scenario::Bounded: { // from when it got its permit: its first value's due − delay
        if (n == 0)
            return -1;
        const qint64 granted = g.dueNs(task, 0) - delay;
        return driftFree ? granted + qint64(n + 1) * delay : g.atNs(task, n - 1) + delay;
    }
    default:
        return -1;
    }
}

int liveComputingTask(const RunParams &p, const GroupRecord &g, qint64 tNs) {
    qint64 latest = -1;
    int who = -1;
    for (int t = 0; t < g.tasks(); ++t) {
        if (!alive(g, t, tNs))
            continue;
        const int k = yieldsBy(g, t, tNs);
        if (const qint64 resumed = wokeBefore(g, t, k); k < p.values && resumed > latest) {
            latest = resumed;
            who = t;
        }
    }
    const qint64 work = std::llround(p.lab.workMs * 1e6);
    return who >= 0 && tNs < latest + work ? who : -1;
}

std::vector<StateInterval> liveLessonSpans(const RunParams &p, const GroupRecord &g, int task,
                                           qint64 fromNs, qint64 toNs, qint64 clockNs) {
    std::vector<StateInterval> out;
    const qint64 start = g.startNs(task);
    if (start < 0 || start > clockNs)
        return out;
    const LabParams &lab = p.lab;
    const int variant = int(g.kind());
    const int n = g.count(task);
    const bool over = g.endNs(task) >= 0 && g.endNs(task) <= clockNs;
    switch (p.scenario) {
    case Scenario::Blocking:
        // Right after its value blockAt − 1 (or at its start) it makes the call.
        if (task == lab.blockTask && lab.blockAt >= 0 && n >= lab.blockAt) {
            const qint64 from = wokeBefore(g, task, lab.blockAt);
            const qint64 to = from + ns(lab.blockForSeconds);
            if (variant == 0)
                push(out, from, to, clockNs, TaskState::Blocked);
            else
                push(out, from, to, clockNs, TaskState::Offloaded, WaitTarget::Thread);
        }
        break;
    case Scenario::Bounded: {
        const int limit = variant == 0 ? lab.limit : g.tasks();
        if (task < limit)
            break; // a permit was free when it asked
        const qint64 granted = permitGranted(p, g, task, limit, clockNs);
        push(out, start, granted < 0 ? clockNs : granted, clockNs, TaskState::Waiting,
             WaitTarget::Permit);
        break;
    }
    case Scenario::Queue: {
        if (task == g.tasks() - 1) { // the producer: its puts are not published
            push(out, start, over ? g.endNs(task) : clockNs, clockNs, TaskState::Waiting,
                 WaitTarget::QueueRoom);
            break;
        }
        // A worker asks for the next item as it wakes; the item's delay starts when it
        // gets one, so [wake, due − delay) it waited for an item.
        const qint64 delay = p.delayNs();
        for (int k = firstReaching(g, task, fromNs); k < n; ++k) {
            const qint64 asked = wokeBefore(g, task, k);
            if (asked > toNs)
                break;
            push(out, asked, g.dueNs(task, k) - delay, clockNs, TaskState::Waiting,
                 WaitTarget::QueueItem);
        }
        if (!over && !holdsItem(p, g, task, clockNs))
            push(out, wokeBefore(g, task, n), clockNs, clockNs, TaskState::Waiting,
                 WaitTarget::QueueItem);
        break;
    }
    case Scenario::Cpu: {
        // Each value is asked for one work's time before it is due: on the loop it
        // computes until then, offloaded it waits for the thread until it wakes.
        const qint64 work = std::llround(lab.workMs * 1e6);
        for (int k = firstReaching(g, task, fromNs); k < n; ++k) {
            const qint64 asked = g.dueNs(task, k) - work;
            if (asked > toNs)
                break;
            if (variant == 0)
                push(out, asked, g.dueNs(task, k), clockNs, TaskState::Running);
            else
                push(out, asked, g.atNs(task, k), clockNs, TaskState::Offloaded,
                     WaitTarget::Thread);
        }
        if (over || n >= p.values)
            break;
        if (variant == 1)
            push(out, wokeBefore(g, task, n), clockNs, clockNs, TaskState::Offloaded,
                 WaitTarget::Thread);
        else if (liveComputingTask(p, g, clockNs) == task)
            push(out, wokeBefore(g, task, n), clockNs, clockNs, TaskState::Running);
        break;
    }
    default:
        break;
    }
    std::erase_if(out, [&](const StateInterval &s) { return s.toNs < fromNs || s.fromNs > toNs; });
    return out;
}

std::optional<TaskOutcome> liveOutcome(const RunParams &p, const GroupRecord &g, int task,
                                       qint64 clockNs) {
    const LabParams &lab = p.lab;
    const int variant = int(g.kind());
    switch (p.scenario) {
    case Scenario::Timeout:
        // The group's deadline cancels every task still running then.
        if (const qint64 at = ns(lab.timeoutSeconds);
            variant == 1 && clockNs >= at && alive(g, task, at))
            return TaskOutcome{task, TaskState::Cancelled, CancelCause::Timeout, -1, at, {}};
        break;
    case Scenario::Failure: {
        const int f = lab.failTask;
        if (f < 0 || f >= g.tasks() || g.count(f) != lab.failAt || g.startNs(f) < 0)
            break;
        // It raises when its value failAt is due (the generator's own deadline).
        const qint64 delay = p.delayNs();
        const qint64 due =
            p.timing == Timing::DriftFree
                ? qint64(lab.failAt + 1) * delay
                : (lab.failAt > 0 ? g.atNs(f, lab.failAt - 1) : g.startNs(f)) + delay;
        if (clockNs < due)
            break;
        if (task == f)
            return TaskOutcome{task, TaskState::Failed, CancelCause::None, -1, due, {}};
        if (variant == 1 && alive(g, task, due)) // the task group cancels its siblings
            return TaskOutcome{task, TaskState::Cancelled, CancelCause::Failure, f, due, {}};
        break;
    }
    default:
        break;
    }
    return std::nullopt;
}

} // namespace coroscope
