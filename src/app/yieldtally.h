// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <limits>
#include <vector>

namespace coroscope {

//! How many tasks of one group have started and ended by a moment, and the earliest
//! wake-up still pending (infinity when unknown or none).
struct TaskCounts {
    int started = 0;
    int ended = 0;
    int sleeping = 0;
    double nextWakeS = std::numeric_limits<double>::infinity();
};

/*!
 * \brief Running statistics of a record's yields, kept incrementally: each update()
 * visits only the yields recorded since the previous one, so the lateness histogram and
 * the narration's counts stay exact at a million tasks without rescanning the record.
 *
 * Lateness goes into fine bins over [0, range) whose range doubles (merging pairs of
 * bins) when a later yield needs more room, so the bins never depend on data yet to come.
 * Once the record is complete, finish() sorts the start and end times so counts at any
 * replay moment are two binary searches.
 *
 * \code
 * YieldTally tally;
 * tally.reset(&run.record());
 * // every few frames while the run goes on
 * tally.update();
 * tally.histogram(0, 8.0, 32); // group 0's lateness in 32 bins over [0, 8 ms)
 * \endcode
 */
class YieldTally {
public:
    static constexpr int kFineBins = 1024;

    //! Forgets everything; \a record may be null. The record must outlive the tally's use.
    void reset(const RunRecord *record);
    //! Visits the yields, starts and ends recorded since the last call: O(tasks + new yields).
    void update();
    //! The record is complete: counts at earlier moments (replay) become available.
    void finish();

    const RunRecord *record() const { return m_record; }
    int groups() const { return int(m_groups.size()); }
    //! Yields visited so far in group \a g (equals its yields() after update()).
    qint64 total(int g) const { return m_groups[size_t(g)].total; }
    //! The worst lateness seen so far over all groups, in ms.
    double maxLatenessMs() const;
    //! Group \a g's lateness in \a bins equal bins over [0, toMs); the last bin also holds
    //! everything later, the first everything early. \a toMs should be a power of two ms.
    std::vector<quint64> histogram(int g, double toMs, int bins) const;
    //! Group \a g's mean drift (ms) of the k-th value from its drift-free due time
    //! start + (k + 1) × delay, over the tasks that have yielded it: flat for drift-free
    //! timing, growing with k for relative timing. Empty entries are NaN.
    std::vector<double> meanDriftMs(int g) const;
    //! Counts at \a nowS: live (nowS < 0 or past the last update) or, after finish(), at any
    //! moment. The next wake is known live only.
    TaskCounts countsAt(int g, double nowS) const;
    //! Yields of group \a g at or before \a nowS (after finish(); else all seen so far).
    //! The first call sorts the group's yield times (8 bytes a yield, kept until reset()).
    qint64 yieldsAt(int g, double nowS) const;

private:
    struct Group {
        const GroupRecord *record = nullptr;
        std::vector<int> seen;     //!< yields visited, per task
        std::vector<quint8> state; //!< 0 waiting, 1 started, 2 ended
        qint64 total = 0;
        double rangeMs = 1; //!< the fine bins span [0, rangeMs)
        std::vector<quint64> fine;
        double maxLatenessMs = 0;
        std::vector<double> driftSumMs; //!< per value index
        std::vector<qint64> driftCount;
        TaskCounts live;
        std::vector<qint64> starts, ends;       //!< sorted, after finish()
        mutable std::vector<qint64> yieldTimes; //!< sorted, on the first yieldsAt()
    };
    void add(Group &g, double latenessMs);

    const RunRecord *m_record = nullptr;
    std::vector<Group> m_groups;
    bool m_finished = false;
};

} // namespace coroscope
