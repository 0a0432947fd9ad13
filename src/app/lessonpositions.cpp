// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lessonpositions.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace coroscope {

GroupPositions::GroupPositions(const RunParams &p, const GroupRecord &g, qint64 tNs)
    : m_p(p)
    , m_g(g)
    , m_t(tNs)
    , m_over(g.isDone()) {
    const int n = g.tasks();
    if (!m_over) {
        // What each task is doing now first: the spans read after it are at least as new
        // (a stretch that ended meanwhile has its span, and is over).
        m_now.resize(size_t(n));
        for (int t = 0; t < n; ++t)
            m_now[size_t(t)] = g.current(t);
        m_nowOver.assign(size_t(n), false);
    }
    // Later spans lie over earlier ones (as taskTimeline() overlays them).
    m_span.assign(size_t(n), -1);
    const auto &spans = g.spans();
    for (size_t i = 0, count = spans.size(); i < count; ++i) {
        const StateSpan &s = spans[i];
        if (s.task < 0 || s.task >= n)
            continue;
        if (s.fromNs <= tNs && tNs < s.toNs)
            m_span[size_t(s.task)] = int(i);
        if (!m_over) {
            const GroupRecord::Current &c = m_now[size_t(s.task)];
            if (c.known && c.atNs == s.fromNs && c.state == s.state)
                m_nowOver[size_t(s.task)] = true;
        }
    }
    m_outcome.assign(size_t(n), -1);
    const auto &outcomes = g.outcomes();
    for (size_t i = 0, count = outcomes.size(); i < count; ++i)
        if (outcomes[i].task >= 0 && outcomes[i].task < n)
            m_outcome[size_t(outcomes[i].task)] = int(i);
}

int GroupPositions::yieldsBy(int task) const {
    const int n = m_g.count(task);
    int lo = 0;
    int hi = n;
    while (lo < hi) { // the first yield after the moment (times rise per task)
        const int mid = (lo + hi) / 2;
        if (m_g.atNs(task, mid) <= m_t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

LessonPosition GroupPositions::sleeping(int task) const {
    const int k = yieldsBy(task);
    if (k < m_g.count(task) && m_g.dueNs(task, k) <= m_t)
        return {TaskState::Ready, WaitTarget::None};
    return {TaskState::Suspended, WaitTarget::None};
}

LessonPosition GroupPositions::of(int task) const {
    const qint64 start = m_g.startNs(task);
    if (start < 0 || m_t < start) {
        const bool seedSequential =
            m_p.scenario == Scenario::Seed && m_g.kind() == GroupKind::Sequential && task > 0;
        return {TaskState::Waiting, seedSequential ? WaitTarget::Task : WaitTarget::None};
    }
    if (const qint64 end = m_g.endNs(task); end >= 0 && m_t >= end)
        return {TaskState::Done, WaitTarget::None};
    if (const int o = m_outcome[size_t(task)]; o >= 0 && m_g.outcomes()[size_t(o)].atNs <= m_t)
        return {m_g.outcomes()[size_t(o)].state, WaitTarget::None};
    if (m_over && m_g.status == RunStatus::Stopped && m_outcome[size_t(task)] < 0 &&
        m_t >= std::llround(m_g.health.wallS * 1e9))
        return {TaskState::Cancelled, WaitTarget::None}; // the seed's Stop
    if (const int s = m_span[size_t(task)]; s >= 0)
        return {m_g.spans()[size_t(s)].state, m_g.spans()[size_t(s)].on};
    if (!m_over) {
        // The stretch going on: asleep until its next value is due (then owed a resume),
        // or waiting, blocked, offloaded or running since it said so.
        // (A sleep whose value is out already was the one before: the task is past it.)
        const GroupRecord::Current &c = m_now[size_t(task)];
        const int n = m_g.count(task);
        if (c.known && c.state == TaskState::Suspended) {
            if (n == 0 || c.atNs > m_g.dueNs(task, n - 1))
                return {c.atNs > m_t ? TaskState::Suspended : TaskState::Ready, WaitTarget::None};
        } else if (c.known && c.atNs <= m_t && !m_nowOver[size_t(task)]) {
            return {c.state, c.on};
        }
    }
    return sleeping(task);
}

QString lessonTag(const LessonPosition &pos) {
    switch (pos.state) {
    case TaskState::Suspended:
    case TaskState::Ready:
        return QStringLiteral("sleep");
    case TaskState::Waiting:
        switch (pos.on) {
        case WaitTarget::Permit:
            return QStringLiteral("permit");
        case WaitTarget::QueueItem:
            return QStringLiteral("get");
        case WaitTarget::QueueRoom:
            return QStringLiteral("put");
        case WaitTarget::Task:
            return QStringLiteral("turn");
        case WaitTarget::Thread:
            return QStringLiteral("offload");
        case WaitTarget::None:
            return {};
        }
        return {};
    case TaskState::Blocked:
        return QStringLiteral("blocking");
    case TaskState::Offloaded:
        return QStringLiteral("offload");
    case TaskState::Running:
        return QStringLiteral("work");
    case TaskState::Failed:
        return QStringLiteral("raise");
    case TaskState::Done:
    case TaskState::Cancelled:
        return {};
    }
    return {};
}

QHash<QString, int> lessonTagCounts(const RunRecord &r, double tS) {
    // Counted by (state, target) first: a million tasks cost no string per task.
    constexpr size_t kTargets = size_t(WaitTarget::Thread) + 1;
    std::array<qint64, (size_t(TaskState::Failed) + 1) * kTargets> byPosition{};
    for (const auto &g : r.groups) {
        // A live run's clock in the group's own time (a lab compare's second variant).
        const double groupS = g->groupTime(tS);
        const qint64 t =
            groupS < 0 ? std::numeric_limits<qint64>::max() / 2 : std::llround(groupS * 1e9);
        const GroupPositions at(r.params, *g, t);
        for (int task = 0; task < g->tasks(); ++task) {
            const LessonPosition pos = at.of(task);
            ++byPosition[size_t(pos.state) * kTargets + size_t(pos.on)];
        }
    }
    QHash<QString, int> counts;
    for (size_t i = 0; i < byPosition.size(); ++i)
        if (byPosition[i] > 0)
            if (const QString tag = lessonTag({TaskState(i / kTargets), WaitTarget(i % kTargets)});
                !tag.isEmpty())
                counts[tag] += int(byPosition[i]);
    return counts;
}

namespace {
qint64 memoKey(double tS) {
    return tS < 0 ? -1 : std::llround(tS * 1e9);
}
} // namespace

const QHash<QString, int> &LessonCountsMemo::counts(const RunRecord &record, quint64 generation,
                                                    double tS, bool finished) {
    const qint64 key = memoKey(tS);
    if (!finished || !m_valid || m_generation != generation || m_tNs != key) {
        m_counts = lessonTagCounts(record, tS);
        m_valid = finished;
        m_generation = generation;
        m_tNs = key;
    }
    return m_counts;
}

void LessonCountsMemo::remember(quint64 generation, double tS, QHash<QString, int> counts) {
    m_counts = std::move(counts);
    m_valid = true;
    m_generation = generation;
    m_tNs = memoKey(tS);
}

} // namespace coroscope
