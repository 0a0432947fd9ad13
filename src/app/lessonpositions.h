// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QHash>
#include <QString>

#include <vector>

namespace coroscope {

//! Where a task's coroutine is at a moment: its state and what it waits for.
struct LessonPosition {
    TaskState state = TaskState::Waiting;
    WaitTarget on = WaitTarget::None;
};

/*!
 * \brief The positions of one group's tasks at one moment, worked out once for all tasks
 * (a frame asks for thousands).
 *
 * Read from what the run records and publishes as it happens, the same facts the lanes'
 * bands show (taskTimeline()): the spans of the stretches over (waiting, blocked,
 * offloaded, running), the outcomes (cancelled, failed), and, while the group runs, each
 * task's current stretch (GroupRecord::current(), read first so the spans read after it
 * are at least as new). So a blocking call, a permit or queue wait, a timeout or a raise
 * shows at the line the task is actually at, live as in the finished record.
 *
 * \code
 * const GroupPositions at(record.params, group, 2'500'000'000);
 * QString where = lessonTag(at.of(3)); // "permit": task 3 waits for the semaphore
 * \endcode
 */
class GroupPositions {
public:
    GroupPositions(const RunParams &params, const GroupRecord &g, qint64 tNs);
    LessonPosition of(int task) const;

private:
    //! Yields of \a task at or before the moment.
    int yieldsBy(int task) const;
    //! Suspended until its next value is due, ready once it is.
    LessonPosition sleeping(int task) const;

    const RunParams &m_p;
    const GroupRecord &m_g;
    const qint64 m_t;
    bool m_over = false;
    std::vector<int> m_span;    //!< the span covering the moment, per task, or -1
    std::vector<int> m_outcome; //!< the task's outcome, or -1
    //! Live: each task's current stretch, read before the spans.
    std::vector<GroupRecord::Current> m_now;
    //! Live: the current stretch has its span already (it is over).
    std::vector<bool> m_nowOver;
};

//! The code panel's tag for \a pos ("sleep", "permit", …; see lessonTags()), or empty
//! for a task that is at no line (not started, done, cancelled).
QString lessonTag(const LessonPosition &pos);

//! How many tasks are at each tag at \a tS seconds (-1: the end), over every group.
QHash<QString, int> lessonTagCounts(const RunRecord &record, double tS);

/*!
 * \brief lessonTagCounts() of one finished record at one moment, counted once.
 *
 * The window asks for the same counts several times a loop turn (the code panel, Explain,
 * each panel update after an open), and a million tasks cost about 5 ms a visit plus a
 * task-sized allocation: opening the 1,000,000-task record spent 22 ms of one loop turn
 * here. A record still running changes between asks and is counted afresh each time; every
 * new record (run, open, side by side) has a new generation, so nothing stale is kept.
 */
class LessonCountsMemo {
public:
    //! The counts of \a record (identified by \a generation, the window's record number) at
    //! \a tS; remembered when \a finished.
    const QHash<QString, int> &counts(const RunRecord &record, quint64 generation, double tS,
                                      bool finished);
    //! Takes counts made elsewhere (an open's worker) for \a generation at \a tS.
    void remember(quint64 generation, double tS, QHash<QString, int> counts);

private:
    bool m_valid = false;
    quint64 m_generation = 0;
    qint64 m_tNs = 0;
    QHash<QString, int> m_counts;
};

} // namespace coroscope
