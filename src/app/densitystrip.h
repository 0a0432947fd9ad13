// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "render/yielddensity.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

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
     * counting every yield again took the window's thread 7 ms at a million. The strip
     * extends what it has meanwhile. The record must stay until dropRecount().
     */
    void recountInBackground(double endS);
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

    TimelineView *m_view;
    std::vector<YieldDensity> m_densities;
    //! One thread, not Qt's global pool: the raster engine hands its fills to that one and
    //! waits for them.
    QThreadPool m_pool;
    QFutureWatcher<std::vector<YieldDensity>> m_recount;
    bool m_recountPending = false; //!< false once dropped: its result is never taken
};

} // namespace coroscope
