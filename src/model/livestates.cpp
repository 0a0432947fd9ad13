// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "livestates.h"

#include <cmath>

namespace coroscope {

namespace {

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

//! When the task resumed before its value \a k: its previous wake, or its start.
qint64 wokeBefore(const GroupRecord &g, int task, int k) {
    return k > 0 ? g.atNs(task, k - 1) : g.startNs(task);
}

} // namespace

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

qint64 liveRaiseNs(const RunParams &p, const GroupRecord &g) {
    const int f = p.lab.failTask;
    const int at = p.lab.failAt;
    if (p.scenario != Scenario::Failure || f < 0 || f >= g.tasks() || g.count(f) != at ||
        g.startNs(f) < 0)
        return -1;
    const qint64 delay = p.delayNs();
    return p.timing == Timing::DriftFree ? qint64(at + 1) * delay : wokeBefore(g, f, at) + delay;
}

} // namespace coroscope
