// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "render/yielddensity.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <vector>

namespace coroscope {

class TimelineView;

/*!
 * \brief The overview above the lanes when they outnumber the screen: yields per time
 * slice across all tasks of each group, on the timeline's axis.
 */
class DensityStrip : public QWidget {
    Q_OBJECT
public:
    explicit DensityStrip(TimelineView *view, QWidget *parent = nullptr);
    ~DensityStrip() override;

    //! Recount the yields up to \a nowS (< 0: all); a pass over the record, so not per frame.
    //! Bins from the axis's domain start to \a endS (< 0: the domain's end).
    void recompute(double nowS, double endS = -1);
    //! A live run's recount: the yields recorded since the last count only, while the
    //! record and the domain stay the same (recompute(-1) otherwise).
    void extendLive();
    //! Counts made elsewhere (an opened record's, on the worker); used when they span the
    //! view's domain, recounted otherwise.
    void setDensities(std::vector<YieldDensity> densities);
    /*!
     * A finished record's count from the domain's start to \a endS, on a thread of the
     * strip's own: the last values of a run that kept its axis land past its end, and
     * counting every yield again took the window's thread 7 ms at a million. Meanwhile
     * the strip extends what it has (Meanwhile::Extend: a live run's, extended every few
     * frames, so only the last few yields), or keeps showing it (Meanwhile::Keep: a
     * watched program's strip is counted from its first snapshot only, so extending it
     * visits nearly every yield: 7.7 ms at 100,000 tasks). The record must stay until
     * dropRecount(), unless \a keep owns it (a watched program's snapshot, which the next
     * one replaces): the count then holds it until it ends, whatever the strip shows.
     * Another one asked for while one runs is not started.
     */
    enum class Meanwhile { Extend, Keep };
    void recountInBackground(double endS, Meanwhile meanwhile = Meanwhile::Extend,
                             std::shared_ptr<const RunRecord> keep = {});
    //! Waits for a recount in progress and drops its result: its record is about to go.
    void dropRecount();
    //! A recount runs, or its result has not been taken yet.
    bool isRecounting() const { return m_recountPending; }
    void clear();
    const std::vector<YieldDensity> &densities() const { return m_densities; }
    QSize sizeHint() const override;

    //! Time slices over the whole domain: the axis then zooms without recounting.
    static constexpr int kBins = 2000;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void takeRecount();
    //! Drops \a record on m_pool's thread: freeing a big snapshot takes tens of ms.
    void letGo(std::shared_ptr<const RunRecord> record);

    TimelineView *m_view;
    std::vector<YieldDensity> m_densities;
    //! One thread, not Qt's global pool: the raster engine hands its fills to that one and
    //! waits for them.
    QThreadPool m_pool;
    QFutureWatcher<std::vector<YieldDensity>> m_recount;
    bool m_recountPending = false; //!< false once dropped: its result is never taken
    //! A watched snapshot's count asked for while an older one's ran: started after it.
    struct Next {
        double endS = 0;
        std::shared_ptr<const RunRecord> keep;
    };
    Next m_next;
};

} // namespace coroscope
