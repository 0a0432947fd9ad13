// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "yielddensity.h"

#include <algorithm>

namespace coroscope {

YieldDensity YieldDensity::compute(const GroupRecord &g, double startS, double endS, int bins,
                                   double untilS) {
    YieldDensity d;
    d.startS = startS;
    d.endS = std::max(endS, startS + 1e-9);
    d.counts.assign(size_t(std::max(1, bins)), 0);
    const qint64 endNs = qint64(d.endS * 1e9);
    d.m_untilNs = untilS < 0 ? endNs : std::min(endNs, qint64(untilS * 1e9));
    d.m_counted.assign(size_t(g.tasks()), 0);
    d.extend(g);
    return d;
}

void YieldDensity::extend(const GroupRecord &g) {
    const qint64 startNs = qint64(startS * 1e9);
    const qint64 endNs = qint64(endS * 1e9);
    const double perNs = double(counts.size()) / double(endNs - startNs);
    const size_t last = counts.size() - 1;
    m_counted.resize(size_t(g.tasks()), 0);
    for (int t = 0; t < g.tasks(); ++t) {
        const int n = g.count(t);
        for (int i = m_counted[size_t(t)]; i < n; ++i) {
            const qint64 at = g.atNs(t, i);
            if (at < startNs || at > m_untilNs)
                continue;
            ++counts[std::min(last, size_t(double(at - startNs) * perNs))];
            ++total;
        }
        m_counted[size_t(t)] = n;
    }
    peak = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
}

} // namespace coroscope
