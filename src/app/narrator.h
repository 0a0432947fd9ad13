// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "yieldtally.h"

#include <QStringList>

namespace coroscope {

/*!
 * \brief Plain-words narration of what the event loop is doing at a moment of a run,
 * derived from the record alone (so it works live, in replay and for opened runs).
 *
 * \code
 * narrate(record, 3.2) // "task 2 yielded 7.31 at 3.000 s (0.3 ms late) and is suspended
 * until 4.000 s", … \endcode
 */
class Narrator {
public:
    //! Tasks narrated one by one per group; the rest are summed up.
    static constexpr int kTasksNarrated = 4;

    //! One line per narrated task and one about the event loop, at time \a nowS.
    //! \a counts (one per group, from a YieldTally) make the totals exact at any size;
    //! without them the totals come from scanning the record.
    static QStringList narrate(const RunRecord &record, double nowS,
                               const std::vector<TaskCounts> *counts = nullptr);
    //! Why the concurrent group finishes in one window (and the sequential does not).
    static QString whyParagraph(const RunRecord &record);
};

} // namespace coroscope
