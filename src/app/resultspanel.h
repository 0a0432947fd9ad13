// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "render/lanepainter.h"
#include "watch/watchsnapshot.h"

#include <QTextBrowser>

namespace coroscope {

class LaneModel;

/*!
 * \brief The Results tab: each group's status, wall time against the ideal, overrun,
 * lateness, both loops' stalls, the speed-up, and the lists the comprehensions collected,
 * as far as the time shown.
 */
class ResultsPanel : public QTextBrowser {
    Q_OBJECT
private:
    LanePainter::LoopSource m_loopSource;

public:
    explicit ResultsPanel(QWidget *parent = nullptr);

    /*!
     * Shows \a record at \a t seconds (-1: all of it; figures of a group appear once it
     * has ended by then); \a endS is where the record ends. The collected lists come from
     * \a lanes, as the lanes show them. No record: "No run yet."
     */
    void showRecord(const RunRecord *record, double t, double endS, const LaneModel &lanes);
    //! Where each group's event-loop timeline comes from (the window's LoopTimelines): an
    //! ended group's idle share shows once its timeline is ready.
    void setLoopSource(LanePainter::LoopSource source) { m_loopSource = std::move(source); }
    //! A watched Python program: the summary `--watch-python` prints (\a script while
    //! nothing was reported yet), and why it failed.
    void showWatched(const watch::WatchSnapshot &s, const QString &script);
};

} // namespace coroscope
