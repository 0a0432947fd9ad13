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
    const qint64 startNs = qint64(startS * 1e9);
    const qint64 endNs = qint64(d.endS * 1e9);
    const qint64 untilNs = untilS < 0 ? endNs : std::min(endNs, qint64(untilS * 1e9));
    const double perNs = double(d.counts.size()) / double(endNs - startNs);
    const size_t last = d.counts.size() - 1;
    for (int t = 0; t < g.tasks(); ++t) {
        const int n = g.count(t);
        for (int i = 0; i < n; ++i) {
            const qint64 at = g.atNs(t, i);
            if (at < startNs || at > untilNs)
                continue;
            ++d.counts[std::min(last, size_t(double(at - startNs) * perNs))];
            ++d.total;
        }
    }
    d.peak = d.counts.empty() ? 0 : *std::max_element(d.counts.begin(), d.counts.end());
    return d;
}

} // namespace coroscope
