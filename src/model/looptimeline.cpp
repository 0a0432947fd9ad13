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
bool stopped(const std::atomic<bool> *stop) {
    return stop && stop->load(std::memory_order_relaxed);
}

bool sortByTime(std::vector<Edge> &edges, const std::atomic<bool> *stop) {
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
        return true;
    }
    std::vector<Edge> other(edges.size());
    std::vector<size_t> start(65537);
    for (int shift = 0; shift < 64 && (latest >> shift) > 0; shift += 16) {
        if (stopped(stop))
            return false;
        std::fill(start.begin(), start.end(), 0);
        for (const Edge &e : edges)
            ++start[size_t((quint64(e.atNs) >> shift) & 0xffff) + 1];
        for (size_t d = 1; d < start.size(); ++d)
            start[d] += start[d - 1];
        for (const Edge &e : edges)
            other[start[size_t((quint64(e.atNs) >> shift) & 0xffff)]++] = e;
        edges.swap(other);
    }
    return true;
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
    case LoopActivity::Scheduler:
        return QStringLiteral("scheduler");
    }
    return {};
}

namespace {

//! loopTimeline(); false when \a stop was set meanwhile (\a out is then incomplete).
bool computeTimeline(const GroupRecord &g, const std::atomic<bool> *stop,
                     std::vector<LoopInterval> &out) {
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
        if ((t & 1023) == 0 && stopped(stop))
            return false;
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
    // The scheduler's passes: under the tasks' running and blocked spans (their work inside
    // the pass), over the resumes owed (owed ones in a pass are what it is working through).
    for (const SchedulerPass &pass : g.passes()) {
        add(pass.fromNs, pass.toNs, LoopActivity::Scheduler, -1);
        endNs = std::max(endNs, pass.toNs);
    }
    if (over)
        endNs = std::max(endNs, std::llround(g.health.wallS * 1e9));
    if (!sortByTime(edges, stop))
        return false;
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
    std::array<int, 5> open{};
    std::array<qint64, 5> taskSum{};
    qint64 at = 0;
    for (size_t i = 0; i <= edges.size(); ++i) {
        const qint64 next = i < edges.size() ? edges[i].atNs : endNs;
        if (next > at) {
            LoopActivity a = LoopActivity::Idle;
            for (LoopActivity c : {LoopActivity::Blocked, LoopActivity::Running,
                                   LoopActivity::Scheduler, LoopActivity::Resuming})
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
    return true;
}

} // namespace

std::vector<LoopInterval> loopTimeline(const RunParams &, const GroupRecord &g) {
    std::vector<LoopInterval> out;
    computeTimeline(g, nullptr, out);
    return out;
}

std::optional<LoopSnapshot> loopSnapshot(const RunParams &, const GroupRecord &g,
                                         const std::atomic<bool> *stop) {
    LoopSnapshot s;
    // What it is computed from, read first: a group that grows meanwhile is seen as grown
    // since, so it is computed again.
    s.over = g.isDone();
    s.yields = g.yields();
    s.spans = g.spans().size();
    s.passes = g.passes().size();
    if (!computeTimeline(g, stop, s.timeline))
        return std::nullopt;
    s.use = loopUse(s.timeline, &g);
    for (const LoopInterval &i : s.timeline)
        if (i.activity == LoopActivity::Blocked)
            s.busy.push_back({i.fromNs, i.toNs, TaskState::Blocked});
        else if (i.activity == LoopActivity::Running)
            s.busy.push_back({i.fromNs, i.toNs, TaskState::Running});
        else if (i.activity == LoopActivity::Resuming)
            s.busy.push_back({i.fromNs, i.toNs, TaskState::Ready});
        else if (i.activity == LoopActivity::Scheduler)
            s.schedulerBusy.emplace_back(i.fromNs, i.toNs);
    return s;
}

LoopUse loopUse(const std::vector<LoopInterval> &timeline, const GroupRecord *g) {
    LoopUse use;
    if (g) {
        const qint64 end = timeline.empty() ? 0 : timeline.back().toNs;
        for (const SchedulerPass &p : g->passes())
            if (p.fromNs <= end) { // published before the timeline was made
                ++use.passes;
                use.passResumes += p.resumed;
            }
    }
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
        case LoopActivity::Scheduler:
            use.schedulerNs += d;
            break;
        }
    }
    return use;
}

LoopUse loopUse(const RunParams &params, const GroupRecord &g) {
    return loopUse(loopTimeline(params, g), &g);
}

const SchedulerPass *passAt(const GroupRecord &g, qint64 atNs) {
    const PublishedLog<SchedulerPass> &passes = g.passes();
    // In time order: a binary search.
    size_t lo = 0;
    size_t hi = passes.size();
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (passes[mid].toNs <= atNs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < passes.size() && passes[lo].fromNs <= atNs ? &passes[lo] : nullptr;
}

QString loopIdleText(const LoopUse &use) {
    QString text = QStringLiteral("the loop was idle %1 % of the %2")
                       .arg(QString::number(use.idleShare() * 100, 'f', 2), secs(use.wallNs));
    if (use.blockedNs > 0)
        text += QStringLiteral("; blocked %1").arg(secs(use.blockedNs));
    if (use.runningNs > 0)
        text += QStringLiteral("; computing %1").arg(secs(use.runningNs));
    if (use.schedulerNs > 0)
        // Often a few ms of a long run: in ms below a second, so it does not read 0.000 s.
        text += QStringLiteral("; the scheduler %1")
                    .arg(use.schedulerNs < 1'000'000'000
                             ? QString::number(double(use.schedulerNs) / 1e6, 'f', 3) +
                                   QStringLiteral(" ms")
                             : secs(use.schedulerNs));
    return text;
}

} // namespace coroscope
