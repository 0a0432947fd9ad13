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
    const bool sameView = m_valid && key.keepsSettledOf(m_key);
    m_key = key;
    m_valid = true;
    const qint64 clockNs = key.clock < 0 ? -1 : std::llround(key.clock * 1e9);
    // Without a live clock a live lane shows only what its yields tell, and the clock the
    // caller read may be older than the record it reads now: nothing after it is settled.
    const qint64 settled = key.over || clockNs < 0 ? -1 : std::min(settledNs(g, task), clockNs);
    const qint64 cutoffNs =
        cutoffS < 0 ? std::numeric_limits<qint64>::max() : std::llround(cutoffS * 1e9);
    const qint64 toNs = std::llround(axis.timeForX(lane.right()) * 1e9);
    // A live lane under the same view: the columns left of the settled one stay as they
    // are, the rest is read again (a dense lane's whole timeline each frame held the window
    // thread 5-10 ms a frame at 100 lanes x 10,000 values).
    double left = lane.left();
    const bool fromSettled = sameView && m_settledColumn > left;
    if (fromSettled) {
        left = m_settledColumn;
        std::erase_if(m_runs, [&](const Run &r) { return r.x0 >= left; });
        if (!m_runs.empty() && m_runs.back().x1 > left)
            m_runs.back().x1 = left;
        std::erase_if(m_marks, [&](const Mark &m) { return m.x >= left; });
    } else {
        ++m_rebuilds;
        m_runs.clear();
        m_marks.clear();
        m_settledColumn = std::numeric_limits<int>::min();
    }
    const qint64 fromNs = std::llround(axis.timeForX(left) * 1e9);
    const std::vector<StateInterval> timeline =
        taskTimeline(params, g, task, fromNs, toNs, clockNs);
    for (const Run &r : toRuns(timeline, axis, left, lane.right(), cutoffNs)) {
        if (!m_runs.empty() && m_runs.back().x1 == r.x0 && m_runs.back().state == r.state)
            m_runs.back().x1 = r.x1;
        else
            m_runs.push_back(r);
    }
    for (const StateInterval &s : timeline)
        if (StateStyle::isTerminal(s.state) && s.fromNs <= cutoffNs)
            if (const double x = axis.xForTime(double(s.fromNs) / 1e9); !fromSettled || x >= left)
                m_marks.push_back({x, s.state});
    // Whole columns before the settled time no longer change.
    if (settled >= 0 && cutoffS < 0) {
        const double x = std::min(axis.xForTime(double(settled) / 1e9), lane.right());
        if (x >= lane.left())
            m_settledColumn = std::max(m_settledColumn, int(std::floor(x)));
    }
    return qint64(timeline.size());
}

qint64 StateBand::settledNs(const GroupRecord &g, int task) {
    const GroupRecord::Current now = g.current(task); // first: see its comment
    const qint64 start = g.startNs(task);
    const int n = g.count(task);
    if (!now.known || start < 0)
        return -1;
    qint64 settled = n > 0 ? std::max(start, g.atNs(task, n - 1)) : start;
    // Between values (Suspended) the task is in no stretch of its own; otherwise the one it
    // is in may have begun before its last value (work on the loop that yields as it goes).
    if (now.state != TaskState::Suspended)
        settled = std::min(settled, now.atNs);
    return settled;
}

} // namespace coroscope
