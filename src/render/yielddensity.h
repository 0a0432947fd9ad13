// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <vector>

namespace coroscope {

/*!
 * \brief How many yields of one group fall into each of \a bins equal time slices —
 * the overview strip shown when lanes outnumber the screen or the page.
 */
struct YieldDensity {
    double startS = 0;
    double endS = 1;
    std::vector<quint32> counts;
    quint32 peak = 0;
    qint64 total = 0;

    //! Counts the yields with actual time in [startS, endS] and ≤ \a untilS (< 0: all).
    static YieldDensity compute(const GroupRecord &g, double startS, double endS, int bins,
                                double untilS = -1);

    /*!
     * Counts the yields \a g recorded since the last compute() or extend() (all of a live
     * group's yields, without \a untilS): what compute() would count now, at the cost of
     * the new yields only. A live group's strip each few frames visited every yield so
     * far, 7 ms at a million.
     */
    void extend(const GroupRecord &g);

private:
    std::vector<int> m_counted; //!< per task: the yields counted so far
    qint64 m_untilNs = 0;
};

} // namespace coroscope
