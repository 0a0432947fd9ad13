// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QString>
#include <QStringList>

namespace coroscope {

/*!
 * \brief The lesson lab's own Results and Explain text, from the record alone (no
 * widgets: the panels only show it).
 *
 * A group's recorded facts (outcomes, errors, deliveries) are read once it is over; while
 * it runs, what its yields, starts and ends already tell.
 *
 * \code
 * panel->setHtml(lessonResultsHtml(record, -1)); // "⌈4 / 2⌉ windows × 10 values × 1 s = 20 s"
 * \endcode
 */

//! Per group of a lab record: the lesson's formula against the measured wall, each task's
//! status and how many values it holds, the completion order (as-completed), the error
//! (failure), at \a tS seconds (-1: the end). Empty for the seed.
QString lessonResultsHtml(const RunRecord &record, double tS);

//! The formula of \a slot's variant with this run's figures, ending in its result:
//! "⌈4 tasks / 2 permits⌉ = 2 windows × 10 values × 1 s = 20 s".
QString lessonFormula(const RunParams &params, GroupKind slot);

//! A task's status at \a tNs: "done", "timed out", "cancelled by task 1's failure",
//! "failed: …", "running", "not started".
QString lessonTaskStatus(const RunParams &params, const GroupRecord &g, int task, qint64 tNs);

//! The lesson's "why", in one paragraph with this run's figures (groups that are over).
QString lessonWhy(const RunRecord &record);

//! Where the tasks are at \a tS (-1: the end), in plain words, one line per place
//! ("2 tasks wait for a permit of the semaphore (acquire)"), from lessonTagCounts().
QStringList lessonNowLines(const RunRecord &record, double tS);
//! The same from counts made already (the window's LessonCountsMemo).
QStringList lessonNowLines(const RunRecord &record, const QHash<QString, int> &counts);

//! The narration facts (who waited on whom, blocked, cancelled, failed) that happened by
//! \a tS (-1: all), each group's in time order, named by variant in compare.
QStringList lessonFacts(const RunRecord &record, double tS);

} // namespace coroscope
