// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "watchsnapshot.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

namespace coroscope::watch {

/*!
 * \brief Watches a Python program on a thread of its own, so the window's loop never
 * parses trace lines: a 100,000-task program writes two million of them.
 *
 * The watcher, its QProcess and its pipe live on that thread; so does the WatchedRun they
 * fill. Every kSnapshotMs (longer when making one is slow: never more than a fifth of the
 * thread's time) the thread turns what it learned into a WatchSnapshot and hands it over;
 * snapshotReady() says a newer one waits in takeSnapshot(). stop() is posted to the thread
 * (SIGINT, then a kill 2 s later); finished() follows the last snapshot. Destroying the host
 * kills the program if it still runs and joins the thread.
 */
class WatchHost : public QObject {
    Q_OBJECT
public:
    explicit WatchHost(WatchOptions options, QObject *parent = nullptr);
    ~WatchHost() override;

    //! Starts the thread and the program (returns at once).
    void start();
    //! Interrupts the program (posted to the watcher's thread); finished() follows.
    void stop();
    bool stopRequested() const { return m_stopRequested; }
    bool isFinished() const { return m_finished; }
    //! The script's file name ("main_2.py").
    QString scriptName() const;
    const WatchOptions &options() const { return m_options; }

    //! The newest live snapshot not taken yet, or nullopt (never the final one: that
    //! becomes last() with finished()). Called from the owner's thread.
    std::optional<WatchSnapshot> takeSnapshot();
    //! The last snapshot handed over (taken or not): after finished(), the whole run.
    const WatchSnapshot &last() const { return m_last; }

    static constexpr int kSnapshotMs = 100;

Q_SIGNALS:
    //! A snapshot newer than the last one taken is ready (coalesced: one per turn). The
    //! final one is not announced: it is in last() when finished() is emitted.
    void snapshotReady();
    //! The program wrote \a text on stdout (\a isError false) or stderr.
    void outputReceived(const QByteArray &text, bool isError);
    //! The program has ended (or could not be watched); the final snapshot is ready.
    void finished();

private:
    class Thread;
    void publish(WatchSnapshot s, bool final);
    //! On the owner's thread once the watcher's thread has ended: the final snapshot
    //! becomes last(), and finished().
    void handOverFinal();

    WatchOptions m_options;
    std::unique_ptr<Thread> m_thread;
    QMutex m_mutex;
    std::optional<WatchSnapshot> m_pending; // guarded by m_mutex
    std::optional<WatchSnapshot> m_final;   // guarded by m_mutex
    WatchSnapshot m_last;                   // the owner's thread only
    std::atomic<bool> m_signalled{false};
    bool m_stopRequested = false;
    bool m_finished = false;
};

} // namespace coroscope::watch
