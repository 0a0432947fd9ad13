// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "yieldtally.h"

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {
// Past this (≈ 17 minutes) the last fine bin holds the rest: a suspended laptop, say.
constexpr double kMaxRangeMs = 1 << 20;
} // namespace

void YieldTally::reset(const RunRecord *record) {
    m_record = record;
    m_groups.clear();
    m_finished = false;
    if (!record)
        return;
    for (const auto &gp : record->groups) {
        Group g;
        g.record = gp.get();
        g.seen.assign(size_t(gp->tasks()), 0);
        g.state.assign(size_t(gp->tasks()), 0);
        g.fine.assign(kFineBins, 0);
        g.driftSumMs.assign(size_t(gp->values()), 0.0);
        g.driftCount.assign(size_t(gp->values()), 0);
        m_groups.push_back(std::move(g));
    }
}

void YieldTally::add(Group &g, double ms) {
    ++g.total;
    g.maxLatenessMs = std::max(g.maxLatenessMs, ms);
    while (ms >= g.rangeMs && g.rangeMs < kMaxRangeMs) {
        // Twice the range: bin i now holds what bins 2i and 2i + 1 held.
        for (size_t i = 0; i < size_t(kFineBins) / 2; ++i)
            g.fine[i] = g.fine[2 * i] + g.fine[2 * i + 1];
        std::fill(g.fine.begin() + kFineBins / 2, g.fine.end(), 0);
        g.rangeMs *= 2;
    }
    const double bin = ms / g.rangeMs * kFineBins;
    ++g.fine[size_t(std::clamp(bin, 0.0, double(kFineBins - 1)))];
}

void YieldTally::update() {
    if (!m_record || m_finished)
        return;
    const RunParams &p = m_record->params;
    const double delay = p.delaySeconds;
    const auto delayNs = qint64(std::llround(delay * 1e9));
    for (Group &g : m_groups) {
        const GroupRecord &r = *g.record;
        const bool stopped = r.status == RunStatus::Stopped;
        TaskCounts live;
        for (int t = 0; t < r.tasks(); ++t) {
            int &seen = g.seen[size_t(t)];
            quint8 &state = g.state[size_t(t)];
            if (state == 2 && seen == r.values())
                continue; // the common case late in a big run: nothing new here
            // count() grows only after the timing of that yield is recorded.
            const int count = r.count(t);
            for (; seen < count; ++seen) {
                add(g, double(r.latenessNs(t, seen)) / 1e6);
                const qint64 ideal = r.startNs(t) + (seen + 1) * delayNs;
                g.driftSumMs[size_t(seen)] += double(r.atNs(t, seen) - ideal) / 1e6;
                ++g.driftCount[size_t(seen)];
            }
            if (state == 0 && r.startNs(t) >= 0)
                state = 1;
            if (state == 1 && r.endNs(t) >= 0)
                state = 2;
            if (state == 1 && !stopped && seen < r.values()) {
                // Where this task sleeps until: drift-free from its start, relative from
                // its last wake (the narration's "suspended until").
                const double wake =
                    p.timing == Timing::DriftFree
                        ? double(r.startNs(t)) / 1e9 + (seen + 1) * delay
                        : (seen > 0 ? double(r.atNs(t, seen - 1)) : double(r.startNs(t))) / 1e9 +
                              delay;
                live.nextWakeS = std::min(live.nextWakeS, wake);
                ++live.sleeping;
            }
        }
        live.started = live.ended = 0;
        for (quint8 s : g.state) {
            live.started += s >= 1;
            live.ended += s == 2;
        }
        g.live = live;
    }
}

void YieldTally::finish() {
    update();
    m_finished = true;
    for (Group &g : m_groups) {
        const GroupRecord &r = *g.record;
        g.starts.clear();
        g.ends.clear();
        for (int t = 0; t < r.tasks(); ++t) {
            if (r.startNs(t) >= 0)
                g.starts.push_back(r.startNs(t));
            if (r.endNs(t) >= 0)
                g.ends.push_back(r.endNs(t));
        }
        std::sort(g.starts.begin(), g.starts.end());
        std::sort(g.ends.begin(), g.ends.end());
    }
}

double YieldTally::maxLatenessMs() const {
    double m = 0;
    for (const Group &g : m_groups)
        m = std::max(m, g.maxLatenessMs);
    return m;
}

std::vector<quint64> YieldTally::histogram(int gi, double toMs, int bins) const {
    std::vector<quint64> out(size_t(std::max(1, bins)), 0);
    const Group &g = m_groups[size_t(gi)];
    const double fineMs = g.rangeMs / kFineBins;
    for (int i = 0; i < kFineBins; ++i) {
        if (!g.fine[size_t(i)])
            continue;
        // A fine bin's left edge decides; both widths are powers of two, so none straddles.
        const double k = std::floor(i * fineMs / toMs * bins + 1e-9);
        out[size_t(std::clamp(k, 0.0, double(bins - 1)))] += g.fine[size_t(i)];
    }
    return out;
}

std::vector<double> YieldTally::meanDriftMs(int gi) const {
    const Group &g = m_groups[size_t(gi)];
    std::vector<double> out(g.driftSumMs.size(), std::numeric_limits<double>::quiet_NaN());
    for (size_t k = 0; k < out.size(); ++k)
        if (g.driftCount[k])
            out[k] = g.driftSumMs[k] / double(g.driftCount[k]);
    return out;
}

qint64 YieldTally::yieldsAt(int gi, double nowS) const {
    const Group &g = m_groups[size_t(gi)];
    if (!m_finished || nowS < 0)
        return g.total;
    const GroupRecord &r = *g.record;
    if (g.yieldTimes.empty() && r.yields() > 0) {
        g.yieldTimes.reserve(size_t(r.yields()));
        for (int t = 0; t < r.tasks(); ++t)
            for (int i = 0; i < r.count(t); ++i)
                g.yieldTimes.push_back(r.atNs(t, i));
        std::sort(g.yieldTimes.begin(), g.yieldTimes.end());
    }
    // The lanes' own cut (LaneModel: a yield at the moment shown is shown).
    const qint64 cutNs = std::llround((nowS + 1e-9) * 1e9);
    return std::lower_bound(g.yieldTimes.begin(), g.yieldTimes.end(), cutNs) - g.yieldTimes.begin();
}

TaskCounts YieldTally::countsAt(int gi, double nowS) const {
    const Group &g = m_groups[size_t(gi)];
    if (!m_finished || nowS < 0)
        return g.live;
    const auto nowNs = qint64(std::llround(nowS * 1e9));
    TaskCounts c;
    c.started = int(std::upper_bound(g.starts.begin(), g.starts.end(), nowNs) - g.starts.begin());
    c.ended = int(std::upper_bound(g.ends.begin(), g.ends.end(), nowNs) - g.ends.begin());
    const GroupRecord &r = *g.record;
    const bool stoppedNow = r.status == RunStatus::Stopped && nowS >= r.health.wallS;
    c.sleeping = stoppedNow ? 0 : c.started - c.ended;
    return c;
}

} // namespace coroscope
