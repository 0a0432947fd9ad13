// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/labparams.h"

#include <QHash>
#include <QList>
#include <QString>

namespace coroscope {

//! One file of a lesson's code, as the code panel shows it.
struct LessonSource {
    QString path; //!< in the repository: "src/engine/scenarios/bounded.cpp"
    bool python = false;

    //! The tab's title: the file's name ("bounded.cpp").
    QString title() const;
    //! Its resource (":/lesson/src/engine/scenarios/bounded.cpp").
    QString resource() const;
    //! The text compiled into the binary: the very file that was built.
    QString text() const;
};

/*!
 * \brief The code of lesson \a s: its C++ program first (the file that runs), then its
 * Python asyncio equivalent. The seed: the engine's comprehension.cpp and the seed's
 * three Python files (generator, comprehension, runtime).
 */
QList<LessonSource> lessonSources(Scenario s);

/*!
 * \brief The lines a lesson's code marks for the code panel: tag → line (0-based).
 *
 * A marker is a comment that ends a line and holds only "lesson: TAG", e.g.
 * `co_await g.sleepUntil(due); // lesson: sleep` or `async with permits:  # lesson: permit`.
 * The tags (sleep, permit, blocking, offload, work, get, put, raise, turn) are where a
 * task can be: lessonTagAt() says which one a task is at. A tag used twice keeps its first
 * line; \a duplicates (if given) receives the others' tags.
 */
QHash<QString, int> lessonTags(const QString &text, QStringList *duplicates = nullptr);

} // namespace coroscope
