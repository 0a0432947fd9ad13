// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lessonpositions.h"

#include "model/livestates.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace coroscope {

GroupPositions::GroupPositions(const RunParams &p, const GroupRecord &g, qint64 tNs,
                               PositionSource source)
    : m_p(p)
    , m_g(g)
    , m_t(tNs)
    , m_variant(int(g.kind())) {
    const int n = g.tasks();
    m_recorded = source == PositionSource::Auto && g.isDone();
    if (m_recorded) {
        // Later spans lie over earlier ones (as taskTimeline() overlays them).
        m_span.assign(size_t(n), -1);
        const auto &spans = g.spans();
        for (size_t i = 0; i < spans.size(); ++i) {
            const StateSpan &s = spans[i];
            if (s.fromNs <= tNs && tNs < s.toNs && s.task >= 0 && s.task < n)
                m_span[size_t(s.task)] = int(i);
        }
        m_outcome.assign(size_t(n), -1);
        const auto &outcomes = g.outcomes();
        for (size_t i = 0; i < outcomes.size(); ++i)
            if (outcomes[i].task >= 0 && outcomes[i].task < n)
                m_outcome[size_t(outcomes[i].task)] = int(i);
        return;
    }
    const LabParams &lab = p.lab;
    switch (p.scenario) {
    case Scenario::Bounded: {
        // The semaphore serves its waiters first come, first served, and every task asked
        // at t = 0 in index order: the first free permits go to the lowest waiting tasks.
        const int limit = m_variant == 0 ? lab.limit : n;
        m_holds.assign(size_t(n), 0);
        int free = limit;
        for (int t = 0; t < n; ++t)
            if (alive(t) && yieldsBy(t) > 0) {
                m_holds[size_t(t)] = 1;
                --free;
            }
        for (int t = 0; t < n && free > 0; ++t)
            if (alive(t) && !m_holds[size_t(t)]) {
                m_holds[size_t(t)] = 1;
                --free;
            }
        break;
    }
    case Scenario::Queue: {
        // Lanes 0 … W−1 are the workers, the last the producer. Items not yet done are in
        // the queue or in a worker's hands: while there are enough, every worker has one.
        const int workers = n - 1;
        qint64 remaining = lab.items;
        for (int w = 0; w < workers; ++w)
            remaining -= yieldsBy(w);
        m_holds.assign(size_t(n), 0);
        for (int w = 0; w < workers && remaining > 0; ++w)
            if (alive(w)) {
                m_holds[size_t(w)] = 1;
                --remaining;
            }
        break;
    }
    case Scenario::Cpu:
        if (m_variant == 0) // as the lanes' bands tell it
            m_computing = liveComputingTask(p, g, tNs);
        break;
    case Scenario::Failure:
        if (const qint64 raised = liveRaiseNs(p, g); raised >= 0 && tNs >= raised)
            m_failedAtNs = raised;
        break;
    default:
        break;
    }
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

bool GroupPositions::alive(int task) const {
    const qint64 start = m_g.startNs(task);
    const qint64 end = m_g.endNs(task);
    return start >= 0 && start <= m_t && !(end >= 0 && end <= m_t);
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
    return m_recorded ? recorded(task) : published(task);
}

LessonPosition GroupPositions::recorded(int task) const {
    if (const int o = m_outcome[size_t(task)]; o >= 0 && m_g.outcomes()[size_t(o)].atNs <= m_t)
        return {m_g.outcomes()[size_t(o)].state, WaitTarget::None};
    if (m_g.status == RunStatus::Stopped && m_outcome[size_t(task)] < 0 &&
        m_t >= std::llround(m_g.health.wallS * 1e9))
        return {TaskState::Cancelled, WaitTarget::None}; // the seed's Stop
    if (const int s = m_span[size_t(task)]; s >= 0)
        return {m_g.spans()[size_t(s)].state, m_g.spans()[size_t(s)].on};
    return sleeping(task);
}

LessonPosition GroupPositions::published(int task) const {
    const LabParams &lab = m_p.lab;
    const int n = m_g.tasks();
    switch (m_p.scenario) {
    case Scenario::Blocking:
        if (task == lab.blockTask && yieldsBy(task) == lab.blockAt) {
            // Right after its value blockAt − 1 (or at its start) it makes the call.
            const qint64 from =
                lab.blockAt > 0 ? m_g.atNs(task, lab.blockAt - 1) : m_g.startNs(task);
            if (m_t >= from && m_t < from + std::llround(lab.blockForSeconds * 1e9))
                return m_variant == 0 ? LessonPosition{TaskState::Blocked, WaitTarget::None}
                                      : LessonPosition{TaskState::Offloaded, WaitTarget::Thread};
        }
        break;
    case Scenario::Bounded:
        if (!m_holds[size_t(task)])
            return {TaskState::Waiting, WaitTarget::Permit};
        break;
    case Scenario::Queue:
        if (task == n - 1)
            return {TaskState::Waiting, WaitTarget::QueueRoom};
        if (!m_holds[size_t(task)])
            return {TaskState::Waiting, WaitTarget::QueueItem};
        break;
    case Scenario::Cpu:
        if (m_variant == 1)
            return {TaskState::Offloaded, WaitTarget::Thread};
        if (task == m_computing)
            return {TaskState::Running, WaitTarget::None};
        break;
    case Scenario::Timeout:
        if (m_variant == 1 && m_t >= std::llround(lab.timeoutSeconds * 1e9))
            return {TaskState::Cancelled, WaitTarget::None};
        break;
    case Scenario::Failure:
        if (m_failedAtNs >= 0) {
            if (task == lab.failTask)
                return {TaskState::Failed, WaitTarget::None};
            if (m_variant == 1)
                return {TaskState::Cancelled, WaitTarget::None}; // the task group's siblings
        }
        break;
    default:
        break;
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

QHash<QString, int> lessonTagCounts(const RunRecord &r, double tS, PositionSource source) {
    // Counted by (state, target) first: a million tasks cost no string per task.
    constexpr size_t kTargets = size_t(WaitTarget::Thread) + 1;
    std::array<qint64, (size_t(TaskState::Failed) + 1) * kTargets> byPosition{};
    for (const auto &g : r.groups) {
        const qint64 t = tS < 0 ? std::numeric_limits<qint64>::max() / 2 : std::llround(tS * 1e9);
        const GroupPositions at(r.params, *g, t, source);
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
