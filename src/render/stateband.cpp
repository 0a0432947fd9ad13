// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "stateband.h"

#include "statestyle.h"

#include <array>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

constexpr size_t kStates = StateStyle::kAll.size();

//! When two states cover a column equally, the rarer, more telling one shows.
int weight(TaskState s) {
    switch (s) {
    case TaskState::Blocked:
        return 5;
    case TaskState::Running:
        return 4;
    case TaskState::Offloaded:
        return 3;
    case TaskState::Waiting:
        return 2;
    case TaskState::Ready:
        return 1;
    default:
        return 0;
    }
}

} // namespace

std::vector<StateBand::Run> StateBand::toRuns(std::span<const StateInterval> intervals,
                                              const TimeAxis &axis, double left, double right,
                                              qint64 cutoffNs) {
    std::vector<Run> runs;
    const int first = int(std::floor(left));
    const int columns = int(std::ceil(right)) - first;
    if (columns <= 0)
        return runs;
    // Time each state covers in each column, in pixels (a column is 1 wide).
    std::vector<std::array<float, kStates>> cover(size_t(columns), std::array<float, kStates>{});
    for (const StateInterval &s : intervals) {
        if (s.fromNs >= s.toNs || StateStyle::isTerminal(s.state) || s.fromNs >= cutoffNs)
            continue;
        const double x0 = std::max(double(first), axis.xForTime(double(s.fromNs) / 1e9));
        const double x1 = std::min(double(first + columns),
                                   axis.xForTime(double(std::min(s.toNs, cutoffNs)) / 1e9));
        if (x1 <= x0)
            continue;
        const int c0 = int(std::floor(x0)) - first;
        const int c1 = std::min(columns - 1, int(std::ceil(x1)) - first - 1);
        for (int c = c0; c <= c1; ++c) {
            const double from = std::max(x0, double(first + c));
            const double to = std::min(x1, double(first + c + 1));
            cover[size_t(c)][size_t(s.state)] += float(to - from);
        }
    }
    for (int c = 0; c < columns; ++c) {
        const auto &cv = cover[size_t(c)];
        float total = 0;
        size_t best = 0;
        for (size_t k = 0; k < kStates; ++k) {
            total += cv[k];
            if (cv[k] > cv[best] ||
                (cv[k] == cv[best] && weight(TaskState(k)) > weight(TaskState(best))))
                best = k;
        }
        if (total < 0.5f)
            continue;
        const double x = double(first + c);
        if (!runs.empty() && runs.back().x1 == x && runs.back().state == TaskState(best))
            runs.back().x1 = x + 1;
        else
            runs.push_back({x, x + 1, TaskState(best)});
    }
    return runs;
}

qint64 StateBand::update(const TimeAxis &axis, const QRectF &lane, const GroupRecord &g, int task,
                         const RunParams &params, double cutoffS, double clockS) {
    Key key;
    key.viewStart = axis.viewStart();
    key.viewEnd = axis.viewEnd();
    key.x0 = axis.x0();
    key.width = axis.width();
    key.left = lane.left();
    key.right = lane.right();
    key.cutoff = cutoffS;
    key.count = g.count(task);
    key.start = g.startNs(task);
    key.end = g.endNs(task);
    key.over = g.isDone();
    key.spans = g.spans().size();
    key.outcomes = g.outcomes().size();
    // A live group's derived states reach the clock: they change as it moves.
    key.clock = key.over ? -1 : clockS;
    if (m_valid && key == m_key)
        return 0;
    m_key = key;
    m_valid = true;
    ++m_rebuilds;
    const qint64 cutoffNs =
        cutoffS < 0 ? std::numeric_limits<qint64>::max() : std::llround(cutoffS * 1e9);
    const qint64 fromNs = std::llround(axis.timeForX(lane.left()) * 1e9);
    const qint64 toNs = std::llround(axis.timeForX(lane.right()) * 1e9);
    const qint64 clockNs = key.clock < 0 ? -1 : std::llround(key.clock * 1e9);
    const std::vector<StateInterval> timeline =
        taskTimeline(params, g, task, fromNs, toNs, clockNs);
    m_runs = toRuns(timeline, axis, lane.left(), lane.right(), cutoffNs);
    m_marks.clear();
    for (const StateInterval &s : timeline)
        if (StateStyle::isTerminal(s.state) && s.fromNs <= cutoffNs)
            m_marks.push_back({axis.xForTime(double(s.fromNs) / 1e9), s.state});
    return qint64(timeline.size());
}

} // namespace coroscope
