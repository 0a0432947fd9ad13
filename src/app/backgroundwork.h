// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"
#include "render/chartexport.h"
#include "render/yielddensity.h"
#include "yieldtally.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace coroscope {

//! A record read, validated and indexed on a worker, ready for the window to show.
struct LoadedRecord {
    std::unique_ptr<RunRecord> record;
    YieldTally tally; //!< finished: replay counts and the histogram need no pass on the UI
    //! The overview strip's counts per group over [0, ChartRenderer::autoEndS(*record)]
    //! (the axis an opened record starts with): another pass over every yield.
    std::vector<YieldDensity> densities;
    //! Where its tasks are at the end (lessonTagCounts(), -1): a visit of every task.
    QHash<QString, int> tagCounts;
};

//! What BackgroundWork::open() gives back (copyable, as QFuture wants its results).
struct OpenResult {
    std::shared_ptr<LoadedRecord> loaded; //!< set on success
    QString error;                        //!< "<path>: <why>" otherwise
    bool cancelled = false;
};

/*!
 * \brief Runs the window's long work on a worker thread (QtConcurrent::run), one job at a
 * time, with progress and Cancel: reading and validating a record, and writing exports.
 *
 * The window awaits the returned QFuture with QCoro, so its code reads top to bottom and
 * the event loop keeps running meanwhile. Cancel takes effect at the worker's next
 * progress report, within a few milliseconds (the reader and writers report about every
 * 256 KB to 1 MB); a cancelled export leaves any earlier file whole.
 *
 * \code
 * QPointer self(this);
 * const OpenResult r = co_await m_work->open(path);
 * if (!self)
 *     co_return; // the window went away while the worker read
 * \endcode
 */
class BackgroundWork : public QObject {
    Q_OBJECT
public:
    explicit BackgroundWork(QObject *parent = nullptr);
    //! Cancels the job and waits for its worker (a cancel ends it within milliseconds).
    ~BackgroundWork() override;

    //! A job is running, or has ended and finished() is still to come.
    bool busy() const { return m_busy || !m_future.isFinished(); }
    //! No worker runs (finished() may still be pending): a new job may start.
    bool isIdle() const { return m_future.isFinished(); }
    //! Whether cancel() was called for the current (or last) job.
    bool cancelRequested() const { return m_state && m_state->cancel.load(); }
    //! What the job does ("Opening run.json"), empty when idle.
    QString what() const { return m_what; }
    //! Bytes done so far and the total (0 when unknown) of the job in progress.
    qint64 done() const { return m_state ? m_state->done.load() : 0; }
    qint64 total() const { return m_state ? m_state->total.load() : 0; }

    //! Reads, validates and indexes \a path on a worker. Only when isIdle().
    QFuture<OpenResult> open(const QString &path);
    /*!
     * Writes \a record to \a path by its ending on a worker: "" or one line saying why not
     * ("…: cancelled" after cancel()). \a record must stay alive and unchanged until the
     * future finishes (the window allows no run or open meanwhile). \a scale: PNG 1× or 2×.
     */
    QFuture<QString> exportFile(const QString &path, const RunRecord &record,
                                ChartExportOptions chart = {});
    //! Asks the job to stop; the future then finishes within milliseconds.
    void cancel();

Q_SIGNALS:
    void started();
    //! The job's future has finished (its awaiting coroutine resumes on its own).
    void finished();

private:
    struct State {
        std::atomic<qint64> done{0};
        std::atomic<qint64> total{0};
        std::atomic<bool> cancel{false};
    };
    std::shared_ptr<State> begin(const QString &what);
    void track(const QFuture<void> &future);

    std::shared_ptr<State> m_state;
    QFuture<void> m_future;
    QString m_what;
    bool m_busy = false;
    quint64 m_job = 0; //!< a finished watcher of an older job must not end a newer one
};

} // namespace coroscope
