// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "render/chartpalette.h"

#include <QWidget>

#include <vector>

namespace coroscope {

//! Yield lateness (actual − due) of one group, binned.
struct LatenessBins {
    GroupKind kind = GroupKind::Concurrent;
    double fromMs = 0;
    double binMs = 1;
    std::vector<quint32> counts;
    std::vector<double> meanDriftMs; //!< by value index (from a tally; NaN: none yet)
    quint32 peak = 0;
    qint64 total = 0;

    //! Bins the lateness of the yields up to \a nowS (< 0: all) between 0 and \a toMs.
    static LatenessBins compute(const GroupRecord &g, double toMs, int bins, double nowS = -1);
};

class YieldTally;

/*!
 * \brief A small histogram of yield lateness per group: precise scheduling shows as one
 * bar near 0 ms; relative timing's drift is a lateness that grows with every value.
 */
class LatenessHistogram : public QWidget {
    Q_OBJECT
public:
    explicit LatenessHistogram(QWidget *parent = nullptr);

    //! Scans the record (tests, small records); the window uses setTally().
    void setRecord(const RunRecord *record, double nowS);
    //! Shows what \a tally has counted so far (null: nothing). Costs O(bins), not O(yields).
    void setTally(const YieldTally *tally);
    //! The bins' common range: a power of two ms, at least 1 ms.
    double rangeMs() const { return m_toMs; }
    static constexpr int kBins = 32;
    const std::vector<LatenessBins> &bins() const { return m_bins; }
    QSize sizeHint() const override { return QSize(320, 320); }

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void paintDrift(QPainter &p, const QRect &box) const;

    std::vector<LatenessBins> m_bins;
    double m_toMs = 1;
    ChartPalette m_palette;
};

} // namespace coroscope
