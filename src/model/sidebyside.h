// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "runrecord.h"

#include <QString>

#include <memory>

namespace coroscope {

/*!
 * \brief A watched Python program beside Coroscope's own run of the same shape, on one axis.
 *
 * The watched record's lanes (tasks, values, typical sleep) become the parameters of a
 * QCoro run (relative timing, as asyncio sleeps count from the wake-up); once it ran, the
 * two groups make one record: `runs[0]` the asyncio tasks, `runs[1]` the QCoro ones,
 * `params.sideBySide` set. It saves, opens, replays and exports like any record.
 *
 * \code
 * RunParams p = sideBySideParams(watched);          // run it, then:
 * auto both = sideBySideRecord(watched, run.record());
 * qInfo() << sideBySideLine(*both);   // "asyncio 1.0130 s, p99 late 2.10 ms; QCoro …"
 * \endcode
 */
RunParams sideBySideParams(const RunRecord &watched);

//! Whether \a r is a watched program's record that can get a QCoro run beside it.
bool canRunBeside(const RunRecord &r);

//! One record of \a watched's group (copied) and \a qcoro's first group (copied).
std::unique_ptr<RunRecord> sideBySideRecord(const RunRecord &watched, const RunRecord &qcoro);

/*!
 * \brief Both groups on one axis while QCoro's run beside the watched program goes on: a
 * record that borrows the watched group and the run's live group (the run writes it; the
 * views read it as they read any live run, below each task's published count).
 *
 * It owns neither group: it must not outlive the watched record or the run, and nothing
 * may take its groups (the views only read them). When the run ends, sideBySideRecord()
 * makes the record of both that is kept.
 *
 * \code
 * LiveBeside live(watched, host.record()); // views show live.record() while it runs
 * \endcode
 */
class LiveBeside {
public:
    LiveBeside(const RunRecord &watched, const RunRecord &qcoro);
    //! Lets go of the borrowed groups without freeing them.
    ~LiveBeside();
    LiveBeside(const LiveBeside &) = delete;
    LiveBeside &operator=(const LiveBeside &) = delete;

    const RunRecord &record() const { return m_record; }

private:
    RunRecord m_record;
};

//! Group \a g's name in files (CSV's mode column, a trace's process): groupLabel() of its
//! kind, and in a side-by-side record "asyncio" and "qcoro".
QString groupLabel(const RunRecord &r, const GroupRecord &g);

//! Whether \a g is the QCoro group of a side-by-side record (the second).
bool isBesideGroup(const RunRecord &r, const GroupRecord &g);

//! "asyncio" or "QCoro": who ran group \a index of \a r.
Runtime groupRuntime(const RunRecord &r, size_t index);

//! Both walls and lateness next to each other: "asyncio 10.0130 s, p99 late 2.10 ms;
//! QCoro 10.0001 s, p99 late 0.04 ms". Empty unless \a r is side by side and both ended.
QString sideBySideLine(const RunRecord &r);

} // namespace coroscope
