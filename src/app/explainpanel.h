// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "watch/watchsnapshot.h"

#include <QStringList>
#include <QTextBrowser>

namespace coroscope {

/*!
 * \brief The Explain tab: what the event loop is doing at the time shown, in plain
 * words, the lesson's "why", and this run's figures once it has ended.
 */
class ExplainPanel : public QTextBrowser {
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget *parent = nullptr);

    //! Shows \a narration (lines at \a t, -1: the end at \a endS) for \a record, or for a
    //! lesson where its tasks are (\a tagCounts, lessonTagCounts() at \a t); no record:
    //! what pressing Run will show.
    void showRecord(const RunRecord *record, double t, double endS, const QStringList &narration,
                    const QHash<QString, int> &tagCounts);
    //! A watched Python program: what its most recently active tasks do, newest first,
    //! and why a long step froze the others.
    void showWatched(const watch::WatchSnapshot &s, const QString &script);
};

} // namespace coroscope
