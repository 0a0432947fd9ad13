// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "comprehension.h"
#include "loopstallmeter.h"
#include "model/runrecord.h"
#include "scenarios/labcontext.h"
#include "scheduler.h"

#include <QObject>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>

namespace coroscope {

/*!
 * \brief One run of the comprehensions on the current thread's Qt event loop.
 *
 * Holds the scheduler, the record and the coroutines of each group (one, or two in
 * compare mode, both starting at t = 0). start() returns at once; finished() is emitted
 * when every group is done (queued, on the next turn of the event loop) or synchronously
 * inside stop(). The record can be read at any time, from any thread, for what it has
 * published (see GroupRecord): the window runs the Run on a thread of its own (RunHost)
 * and polls the record at the screen's rate instead of taking a signal per yield.
 * start() and stop() are called on the run's thread; status() and elapsedNs() on any.
 *
 * \code
 * Run run(params);                 // params.validate() and checkFits() passed
 * QObject::connect(&run, &Run::finished, &app, &QCoreApplication::quit);
 * run.start();
 * app.exec();
 * qInfo() << run.record().groups.front()->health.wallS;
 * \endcode
 */
class Run : public QObject {
    Q_OBJECT
public:
    explicit Run(const RunParams &params, QObject *parent = nullptr);
    //! Stops first, so no coroutine outlives the run.
    ~Run() override;

    /*!
     * Why a run of this shape cannot fit in this machine's memory, or an empty string.
     * Checked before anything is allocated.
     */
    static QString checkFits(const RunParams &params);
    //! The memory a run of this shape needs, in bytes (record plus coroutine frames).
    static quint64 bytesNeeded(const RunParams &params);

    void start();
    //! End every in-flight coroutine at once; what was yielded stays, marked stopped.
    void stop();
    /*!
     * Stop when the run's clock reaches \a sinceStartNs after start() (call after start()):
     * exact to the scheduler's precision on the real clock, in virtual time on the virtual
     * one. finished() then comes queued.
     */
    void stopAt(qint64 sinceStartNs);

    const RunRecord &record() const { return m_record; }
    RunStatus status() const { return m_status; }
    //! Nanoseconds since start() (frozen once the run is over); any thread. While the run
    //! goes, as far as its record is published (Scheduler::settledNs()).
    qint64 elapsedNs() const;
    //! Records the window's longest frame stall during the run beside the run loop's
    //! (GroupHealth::windowStallMs). Once the run has ended, on the thread that watched it.
    void noteWindowStall(double ms);
    const Scheduler &scheduler() const { return m_scheduler; }
    //! The lesson clock (pause, step, speed) lives here; call on the run's thread.
    Scheduler &scheduler() { return m_scheduler; }

Q_SIGNALS:
    void finished();

private:
    QCoro::Task<> drive(GroupContext &g);
    //! The lab: one group's scenario program, or (variants in turn) both, one after the other.
    QCoro::Task<> driveLab(LabContext &g);
    QCoro::Task<> driveLabInTurn();
    QCoro::Task<> stopper(qint64 atNs);
    void groupDone(GroupRecord &g, qint64 wallNs, RunStatus status);

    RunRecord m_record;
    Scheduler m_scheduler;
    LoopStallMeter m_stallMeter;
    std::deque<GroupContext> m_contexts;
    std::unique_ptr<Offloader> m_offloader; // the lab's thread pool
    std::deque<LabContext> m_labs;
    std::vector<QCoro::Task<>> m_drivers; // destroyed before the scheduler
    std::optional<QCoro::Task<>> m_stopper;
    // Read by the window's thread while the run goes on.
    std::atomic<RunStatus> m_status{RunStatus::Idle};
    std::atomic<qint64> m_originNs{0};
    std::atomic<qint64> m_endNs{-1};
    int m_groupsRunning = 0;
    bool m_inStop = false;
    bool m_stopFromCoroutine = false; // finished() must then be queued
};

} // namespace coroscope
