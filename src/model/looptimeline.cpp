// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "looptimeline.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace coroscope {

namespace {

QString secs(qint64 ns) {
    return QString::number(double(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
}

//! From this many edges on, sortByTime() sorts by radix.
constexpr size_t kRadixSortFrom = 4096;

struct Edge {
    qint64 atNs;
    int delta; // +1 opens, -1 closes
    LoopActivity activity;
    int task;
};

/*!
 * Sorts \a edges by time: least significant 16 bits first, as many passes as the latest
 * time needs (three for a run under 78 hours). A comparison sort of a 10,000-task run's
 * 200,000 edges held the window's thread about 50 ms in the paint after the run ended (the
 * loop's lane is drawn then); this is linear. The order of edges at the same instant does
 * not matter: the walk below applies all of them before it emits the next stretch.
 */
void sortByTime(std::vector<Edge> &edges) {
    qint64 latest = 0;
    qint64 earliest = 0;
    for (const Edge &e : edges) {
        latest = std::max(latest, e.atNs);
        earliest = std::min(earliest, e.atNs);
    }
    // Small groups (a class's four tasks) sort faster by comparison; times before the
    // origin (none are recorded) would need a biased key.
    if (edges.size() < kRadixSortFrom || earliest < 0) {
        std::sort(edges.begin(), edges.end(),
                  [](const Edge &a, const Edge &b) { return a.atNs < b.atNs; });
        return;
    }
    std::vector<Edge> other(edges.size());
    std::vector<size_t> start(65537);
    for (int shift = 0; shift < 64 && (latest >> shift) > 0; shift += 16) {
        std::fill(start.begin(), start.end(), 0);
        for (const Edge &e : edges)
            ++start[size_t((quint64(e.atNs) >> shift) & 0xffff) + 1];
        for (size_t d = 1; d < start.size(); ++d)
            start[d] += start[d - 1];
        for (const Edge &e : edges)
            other[start[size_t((quint64(e.atNs) >> shift) & 0xffff)]++] = e;
        edges.swap(other);
    }
}

} // namespace

QString loopActivityName(LoopActivity a) {
    switch (a) {
    case LoopActivity::Idle:
        return QStringLiteral("idle");
    case LoopActivity::Resuming:
        return QStringLiteral("resuming");
    case LoopActivity::Running:
        return QStringLiteral("running");
    case LoopActivity::Blocked:
        return QStringLiteral("blocked");
    }
    return {};
}

std::vector<LoopInterval> loopTimeline(const RunParams &, const GroupRecord &g) {
    std::vector<Edge> edges;
    edges.reserve(size_t(2 * g.yields()) + 2 * g.spans().size());
    const auto add = [&](qint64 from, qint64 to, LoopActivity a, int task) {
        if (to <= from)
            return;
        edges.push_back({from, +1, a, task});
        edges.push_back({to, -1, a, task});
    };
    qint64 endNs = 0;
    const bool over = g.isDone();
    // The spans published so far (a live group's too: they are added as each stretch ends).
    // A task whose work is offloaded past its value's due time is not owed a resume by the
    // loop meanwhile: the worker has it (the cpu lesson's offload variant showed its whole
    // 2 s as the loop resuming). Those stretches are cut out of its resumes.
    std::vector<std::vector<std::pair<qint64, qint64>>> offloaded;
    for (const StateSpan &sp : g.spans())
        if (sp.state == TaskState::Offloaded && sp.task >= 0 && sp.task < g.tasks()) {
            offloaded.resize(size_t(g.tasks()));
            offloaded[size_t(sp.task)].emplace_back(sp.fromNs, sp.toNs);
        }
    for (auto &spans : offloaded)
        std::sort(spans.begin(), spans.end());
    const auto addResume = [&](qint64 from, qint64 to, int task) {
        if (!offloaded.empty())
            for (const auto &[awayFrom, awayTo] : offloaded[size_t(task)]) {
                if (awayTo <= from || awayFrom >= to)
                    continue;
                add(from, awayFrom, LoopActivity::Resuming, task);
                from = std::max(from, awayTo);
            }
        add(from, to, LoopActivity::Resuming, task);
    };
    for (int t = 0; t < g.tasks(); ++t) {
        const int n = g.count(t);
        qint64 prev = std::max<qint64>(0, g.startNs(t));
        for (int i = 0; i < n; ++i) {
            const qint64 at = g.atNs(t, i);
            addResume(std::max(prev, g.dueNs(t, i)), at, t);
            prev = std::max(prev, at);
        }
        endNs = std::max({endNs, prev, g.endNs(t)});
    }
    for (const StateSpan &s : g.spans()) {
        if (s.state == TaskState::Blocked)
            add(s.fromNs, s.toNs, LoopActivity::Blocked, s.task);
        else if (s.state == TaskState::Running)
            add(s.fromNs, s.toNs, LoopActivity::Running, s.task);
        endNs = std::max(endNs, s.toNs);
    }
    if (over)
        endNs = std::max(endNs, std::llround(g.health.wallS * 1e9));
    sortByTime(edges);
    std::vector<LoopInterval> out;
    const auto emit = [&](qint64 from, qint64 to, LoopActivity a, int task) {
        if (to <= from)
            return;
        if (!out.empty() && out.back().toNs == from && out.back().activity == a &&
            out.back().task == task)
            out.back().toNs = to;
        else
            out.push_back({from, to, a, task});
    };
    // Open stretches per activity, and the sum of their tasks: with one open, the sum is it.
    std::array<int, 4> open{};
    std::array<qint64, 4> taskSum{};
    qint64 at = 0;
    for (size_t i = 0; i <= edges.size(); ++i) {
        const qint64 next = i < edges.size() ? edges[i].atNs : endNs;
        if (next > at) {
            LoopActivity a = LoopActivity::Idle;
            for (LoopActivity c :
                 {LoopActivity::Blocked, LoopActivity::Running, LoopActivity::Resuming})
                if (open[size_t(c)] > 0) {
                    a = c;
                    break;
                }
            const int task =
                a != LoopActivity::Idle && open[size_t(a)] == 1 ? int(taskSum[size_t(a)]) : -1;
            emit(at, next, a, task);
            at = next;
        }
        if (i < edges.size()) {
            open[size_t(edges[i].activity)] += edges[i].delta;
            taskSum[size_t(edges[i].activity)] += qint64(edges[i].delta) * edges[i].task;
        }
    }
    return out;
}

LoopUse loopUse(const std::vector<LoopInterval> &timeline) {
    LoopUse use;
    for (const LoopInterval &s : timeline) {
        const qint64 d = s.toNs - s.fromNs;
        use.wallNs += d;
        switch (s.activity) {
        case LoopActivity::Idle:
            use.idleNs += d;
            break;
        case LoopActivity::Resuming:
            use.resumingNs += d;
            break;
        case LoopActivity::Running:
            use.runningNs += d;
            break;
        case LoopActivity::Blocked:
            use.blockedNs += d;
            break;
        }
    }
    return use;
}

LoopUse loopUse(const RunParams &params, const GroupRecord &g) {
    return loopUse(loopTimeline(params, g));
}

QString loopIdleText(const LoopUse &use) {
    QString text = QStringLiteral("the loop was idle %1 % of the %2")
                       .arg(QString::number(use.idleShare() * 100, 'f', 2), secs(use.wallNs));
    if (use.blockedNs > 0)
        text += QStringLiteral("; blocked %1").arg(secs(use.blockedNs));
    if (use.runningNs > 0)
        text += QStringLiteral("; computing %1").arg(secs(use.runningNs));
    return text;
}

} // namespace coroscope
