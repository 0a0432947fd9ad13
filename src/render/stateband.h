// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/taskstates.h"
#include "timeaxis.h"

#include <QRectF>

#include <limits>
#include <span>
#include <vector>

namespace coroscope {

/*!
 * \brief One lane's task states as runs of pixel columns, kept between paints.
 *
 * A frame costs pixels, not intervals: each pixel column shows the state that covers
 * most of its time, so a lane of a million short stretches is a few hundred runs, and a
 * stretch narrower than a column shows once zoomed in. The runs are rebuilt only when
 * the view, the replay position or the record (a new yield, the group's end) changes,
 * from the part of the timeline in view (taskTimeline's window: the yields in view).
 * Terminal states (done, cancelled, failed) are marks at their instants.
 *
 * \code
 * StateBand band;
 * band.update(axis, lane, g, task, params, -1);
 * for (const StateBand::Run &r : band.runs())
 *     style.fill(painter, QRectF(r.x0, top, r.x1 - r.x0, height), r.state);
 * \endcode
 */
class StateBand {
public:
    struct Run {
        double x0 = 0;
        double x1 = 0;
        TaskState state = TaskState::Suspended;
    };
    struct Mark {
        double x = 0;
        TaskState state = TaskState::Done;
    };

    /*!
     * Brings the runs up to date for \a lane (its left and right edge) under \a axis, up
     * to \a cutoffS (< 0: everything recorded). \a clockS (>= 0) is a live run's clock: a
     * group still running shows the lab's states derived up to it (taskTimeline()'s
     * clockNs), rebuilt as it moves. Returns the intervals read: 0 when nothing changed
     * since the last call.
     */
    qint64 update(const TimeAxis &axis, const QRectF &lane, const GroupRecord &g, int task,
                  const RunParams &params, double cutoffS, double clockS = -1);
    const std::vector<Run> &runs() const { return m_runs; }
    const std::vector<Mark> &marks() const { return m_marks; }
    //! Rebuilds from the lane's left edge (a live lane's updates from its settled part on
    //! are not counted).
    int rebuilds() const { return m_rebuilds; }

    /*!
     * The merging itself (pure, for tests): the runs of pixel columns [\a left, \a right)
     * for \a intervals under \a axis, cut at \a cutoffNs. A column takes the state covering
     * most of its time, if its stretches cover at least half of it; columns of one state
     * join into one run.
     */
    static std::vector<Run> toRuns(std::span<const StateInterval> intervals, const TimeAxis &axis,
                                   double left, double right, qint64 cutoffNs);

private:
    struct Key {
        double viewStart = 0, viewEnd = 0, x0 = 0, width = 0, left = 0, right = 0, cutoff = 0,
               clock = -1;
        int count = -1;
        qint64 start = -1, end = -1;
        size_t spans = 0, outcomes = 0; // a live group's lab facts published so far
        bool over = false;
        bool operator==(const Key &) const = default;
        //! The same columns under the same axis: only what the record holds has moved.
        //! The columns settled under \a o hold under this key: same view and cutoff, and
        //! the group as live as then or now over (its settled states stay as they were).
        bool keepsSettledOf(const Key &o) const {
            return viewStart == o.viewStart && viewEnd == o.viewEnd && x0 == o.x0 &&
                   width == o.width && left == o.left && right == o.right && cutoff == o.cutoff &&
                   (over == o.over || over);
        }
    };
    /*!
     * Group time before which the task's timeline can no longer change, read before the
     * record's counts (so what the timeline reads after it is as new or newer); -1 when
     * nothing is settled. Its last value's wake-up, or the start of the stretch it is in
     * now if that began earlier (a span is published once its stretch is over).
     */
    static qint64 settledNs(const GroupRecord &g, int task);
    Key m_key;
    bool m_valid = false;
    int m_rebuilds = 0;
    //! Columns left of it hold settled states (settledNs()): a live lane's next update
    //! reads only the stretches from there on.
    int m_settledColumn = std::numeric_limits<int>::min();
    std::vector<Run> m_runs;
    std::vector<Mark> m_marks;
};

} // namespace coroscope
