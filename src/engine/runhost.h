// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "run.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace coroscope {

/*!
 * \brief A Run on a thread of its own, driven from the thread that owns the host (the
 * window's).
 *
 * The run's scheduler, timers and every coroutine live on that thread, which runs its own
 * Qt event loop, so painting (or anything else on the owner's loop) never makes the run
 * late. The owner reads the record's published prefix whenever it likes (GroupRecord's
 * accessors are safe from any thread) and posts commands to the run's thread; finished()
 * arrives on the owner's thread. Destroying the host stops the run, destroys it on its
 * own thread and joins the thread.
 *
 * \code
 * RunHost host(params);                  // params validated, Run::checkFits() passed
 * connect(&host, &RunHost::finished, &window, &Window::showResults);
 * host.start();                          // or host.start(6'500'000'000): --stop-after 6.5
 * // every frame: host.record().groups[0]->count(task), host.elapsedNs(), ...
 * host.stop();                           // posted; finished() follows
 * \endcode
 */
class RunHost : public QObject {
    Q_OBJECT
public:
    //! Starts the run's thread and creates the Run there. Blocks until it exists (its
    //! record is allocated on that thread, as large as the run).
    explicit RunHost(const RunParams &params, QObject *parent = nullptr);
    //! Stops the run if it still goes, destroys it on its thread, joins the thread.
    ~RunHost() override;

    /*!
     * Starts the run on its thread. With \a stopAfterNs ≥ 0 the run stops itself that
     * long after its start (Run::stopAt, a deadline on its own scheduler, as headless
     * --stop-after: as exact as there; 0 stops it at once). \a paused (virtual clock):
     * start with the lesson clock paused.
     */
    void start(qint64 stopAfterNs = -1, bool paused = false);
    //! Asks the run to stop (posted to its thread); finished() follows.
    void stop();
    bool stopRequested() const { return m_stopRequested; }

    /*!
     * The lesson clock, posted to the run's thread like stop(); on the virtual clock only
     * (the real clock cannot be paused: these do nothing there), while the run goes.
     * pause() freezes virtual time, stepToNextWake() (while paused) resumes the next
     * deadline's coroutines and stays paused, setSpeed() paces virtual time at 0.1–10×
     * real time (0: jump over idle time again). elapsedNs() follows, as published at
     * each wake-up.
     */
    void pause();
    void resume();
    void stepToNextWake();
    void setSpeed(double x);
    Clock clock() const { return m_clock; }

    //! Idle; Running from start() until finished() is emitted; then Finished or Stopped.
    RunStatus status() const { return m_status; }
    //! Readable for its published prefix at any time; whole once finished() was emitted.
    const RunRecord &record() const { return m_run->record(); }
    //! The run's clock: ns since its start, frozen at its end; while it goes, no later
    //! than what the record has published (a live lane drawn up to it is never ahead).
    qint64 elapsedNs() const { return m_run->elapsedNs(); }
    //! Scheduler::passAgeNs(): how long the batch of wake-ups under way has gone, or -1.
    qint64 passAgeNs() const { return m_run->scheduler().passAgeNs(); }
    //! Scheduler::nextWakeInNs() and lastWoken(): a big batch coming.
    qint64 nextWakeInNs() const { return m_run->scheduler().nextWakeInNs(); }
    int lastWoken() const { return m_run->scheduler().lastWoken(); }
    //! After finished(): records the owner's longest event-loop stall during the run.
    void noteWindowStall(double ms);
    //! The thread the run lives on (not the owner's).
    QThread *runThread() const;

Q_SIGNALS:
    //! The run ended (finished or stopped); emitted on the owner's thread.
    void finished();

private:
    class Thread;
    void onRunFinished();

    std::unique_ptr<Thread> m_thread;
    Run *m_run = nullptr;        //!< lives on m_thread
    QObject *m_driver = nullptr; //!< the run's end of start/stop, on m_thread
    RunStatus m_status = RunStatus::Idle;
    bool m_stopRequested = false;
    Clock m_clock = Clock::Real;
    /*
     * The two ends of the run's thread, ordered in code ThreadSanitizer sees (Qt orders
     * them too, but inside its own uninstrumented library): the owner's last reads of the
     * record, and its quit(), happen before the run's thread frees the record and closes
     * its event dispatcher (m_quitPosted); the thread's last writes happen before the
     * owner goes on (m_handoff).
     */
    std::atomic<bool> m_quitPosted{false};
    std::atomic<int> m_handoff{0};
};

} // namespace coroscope
