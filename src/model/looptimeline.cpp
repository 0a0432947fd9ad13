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

struct Edge {
    qint64 atNs;
    int delta; // +1 opens, -1 closes
    LoopActivity activity;
    int task;
};

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
    const auto add = [&](qint64 from, qint64 to, LoopActivity a, int task) {
        if (to <= from)
            return;
        edges.push_back({from, +1, a, task});
        edges.push_back({to, -1, a, task});
    };
    qint64 endNs = 0;
    for (int t = 0; t < g.tasks(); ++t) {
        const int n = g.count(t);
        qint64 prev = std::max<qint64>(0, g.startNs(t));
        for (int i = 0; i < n; ++i) {
            const qint64 at = g.atNs(t, i);
            add(std::max(prev, g.dueNs(t, i)), at, LoopActivity::Resuming, t);
            prev = std::max(prev, at);
        }
        endNs = std::max({endNs, prev, g.endNs(t)});
    }
    const bool over = g.isDone(); // the spans are whole (and safe to read) once it is over
    if (over) {
        for (const StateSpan &s : g.spans()) {
            if (s.state == TaskState::Blocked)
                add(s.fromNs, s.toNs, LoopActivity::Blocked, s.task);
            else if (s.state == TaskState::Running)
                add(s.fromNs, s.toNs, LoopActivity::Running, s.task);
            endNs = std::max(endNs, s.toNs);
        }
        endNs = std::max(endNs, std::llround(g.health.wallS * 1e9));
    }
    std::sort(edges.begin(), edges.end(),
              [](const Edge &a, const Edge &b) { return a.atNs < b.atNs; });
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
            taskSum[size_t(edges[i].activity)] += edges[i].delta * edges[i].task;
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
