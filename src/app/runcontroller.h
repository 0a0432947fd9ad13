// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "deferredfree.h"
#include "engine/loopstallmeter.h"
#include "engine/runhost.h"
#include "looptimelines.h"
#include "watch/watchhost.h"
#include "yieldtally.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace coroscope {

/*!
 * \brief What the window shows, without the window: the live run or an opened record,
 * the frame timer that polls it, the replay clock and the time the views show.
 *
 * The run lives in a RunHost (its own thread); the controller polls its published prefix
 * at the screen's rate and says so with frame(), never once per yield. A heartbeat on the
 * owner's loop measures its frames' stall while a run goes on. A run id guards the run's
 * end so nothing of an old run reaches a new one. Replay moves the view time on the frame
 * timer; steps move it from one yield to the next. The lesson clock (pause, step, speed)
 * is passed to the run on the virtual clock. No widgets: tested without a window.
 */
class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject *parent = nullptr);
    //! Stops and drops the run (joins its thread).
    ~RunController() override;

    //! Whether start() would start a run now: none going, or one being stopped.
    bool canStart() const;
    /*!
     * Drops what is shown and starts a run of \a params (validated by the caller): on the
     * virtual clock at the lesson speed, not paused. frame() then
     * comes once per frame interval until the run ends with finished().
     */
    void start(const RunParams &params);
    /*!
     * Drops what is shown and watches a Python program (a WatchHost: the program under
     * the tracer, on a thread of its own). Its lanes come as snapshots: watchSnapshot()
     * says record() now holds a newer one (a new record: the views take it anew); frame()
     * comes as for a run; finished() when the program has ended.
     */
    void watch(const watch::WatchOptions &options);
    //! The watched program, while or after it runs (null otherwise).
    const watch::WatchHost *watchHost() const { return m_watch.get(); }
    //! Asks the run to stop, or interrupts the watched program (SIGINT, a kill 2 s
    //! later); finished() follows.
    void stop();
    //! Whether Stop was asked of the live run or watched program.
    bool stopRequested() const;
    //! The next run stops itself after \a seconds, timed on the run's thread.
    void setStopAfter(double seconds) { m_stopAfterS = seconds; }
    //! Shows \a record (complete, e.g. read from a file) instead of any run; \a tally:
    //! its finished tally if indexed already.
    void adopt(std::unique_ptr<RunRecord> record, YieldTally *tally = nullptr);
    //! Drops the run (stopping it) or the opened record; nothing is shown.
    void discard();

    //! idle, running, stopped or finished: the run's as the window shows it (Running until
    //! finished() has been emitted), or the opened record's.
    RunStatus state() const;
    bool isRunning() const { return state() == RunStatus::Running; }
    const RunRecord *record() const;
    RunHost *run() const { return m_run.get(); }
    const RunRecord *opened() const { return m_opened.get(); }
    //! The watched program's newest snapshot (null when none is shown): work off the
    //! window's thread may hold it beyond the next snapshot.
    std::shared_ptr<const RunRecord> watched() const { return m_watched; }
    //! The run's or the record's incremental yield statistics (the owner updates them).
    YieldTally &tally() { return m_tally; }
    const YieldTally &tally() const { return m_tally; }
    //! Where the record ends (its last yield or group end), 1 s with none.
    double endTime() const;
    //! Seconds on the run's clock (frozen at its end); 0 without a run.
    double runTime() const;

    //! The time the views show: the live clock, the replay/scrub position, or -1 for all.
    double viewTime() const;
    //! The replay/scrub position; -1: the whole record.
    double viewPosition() const { return m_viewS; }
    //! Moves the view to \a seconds (clamped to the record); viewTimeChanged() follows.
    void setViewTime(double seconds);
    //! Back to the whole record (no signal: the owner shows the record anew).
    void clearViewTime() { m_viewS = -1; }
    //! A complete record shown: moves the view there (replay stops).
    void scrubTo(double seconds);
    //! Plays the complete record back at \a speed, from the view time (or from 0 at the end).
    bool startReplay(double speed);
    void stopReplay();
    bool isReplaying() const { return m_replaying; }
    /*!
     * Moves the view to the next (\a forward) or previous yield of any task, one event at
     * a time: yields at the same instant move together. False (nothing moved) at either
     * end or without a complete record.
     */
    bool stepYield(bool forward);

    //! The run goes on the virtual clock: pause, step and speed apply.
    bool hasLessonClock() const;
    bool isPaused() const { return m_paused; }
    //! Freezes the virtual clock (no wake-up, no yield) until resume() or a step.
    void pause();
    void resume();
    void setPaused(bool paused) { paused ? pause() : resume(); }
    //! While paused: the next deadline's coroutines run, then the clock stands again.
    void stepToNextWake();
    //! Virtual time at \a x times real time (0.1 – 10).
    void setSpeed(double x);
    double speed() const { return m_speed; }

    //! The poll interval (ms): the screen's refresh.
    void setFrameInterval(int ms) { m_frameTimer.setInterval(ms); }
    int frameInterval() const { return m_frameTimer.interval(); }
    bool framesRunning() const { return m_frameTimer.isActive(); }
    //! Frames so far (the owner updates slower views every so many).
    int frameCount() const { return m_frame; }
    /*!
     * A frame is not drawn while the run's batch of wake-ups is younger than this (its
     * tick is skipped; the next one draws): the run's cores are the batch's. Longer
     * batches (a blocking call, a million lanes) are drawn through.
     */
    static constexpr qint64 kStepAsideNs = 20'000'000;
    /*!
     * Nor is a frame skipped once this long has passed since the last one drawn: batches
     * that each stay young but follow one another (100,000 lanes every 25 ms) must not
     * freeze the window. At worst it draws at about 20 frames a second then.
     */
    static constexpr int kLongestSkipMs = 50;
    /*!
     * Nor is a frame started this soon before the run's next wake-up when its last one
     * woke at least kBigBatch waiters: a frame painted into the batch (10,000 lanes: the
     * window's thread 4.6 ms on the other core, reading the lanes the batch writes) made
     * the batch's own thread run 2.4 ms instead of 0.7 (perf sched).
     */
    static constexpr qint64 kLeadNs = 6'000'000;
    static constexpr int kBigBatch = 1'000;
    //! How young a batch the window steps aside for, and for how long at most (tests).
    void setStepAside(qint64 youngerThanNs, int atMostMs, qint64 leadNs = kLeadNs) {
        m_stepAsideNs = youngerThanNs;
        m_longestSkipMs = atMostMs;
        m_leadNs = leadNs;
    }
    //! Ticks of the current run skipped so.
    int framesSteppedAside() const { return m_steppedAside; }
    //! The live run's Scheduler::passAgeNs() (-1 when no run or no batch is under way).
    qint64 runPassAgeNs() const;
    //! The live run's Scheduler::nextWakeInNs() (-1 when no run or none armed).
    qint64 runNextWakeInNs() const;
    //! The owner's loop during the last run that ended: its longest stall (also in the
    //! record: GroupHealth::windowStallMs) and the most CPU time its thread spent between
    //! two heartbeats (its own work, whatever else the machine runs).
    double ownerStallMs() const { return m_ownerStall.maxStallMs(); }
    double ownerBusyMs() const { return m_ownerStall.maxBusyMs(); }
    //! The same meter whole: its waits for a core too.
    const LoopStallMeter &ownerStall() const { return m_ownerStall; }
    //! The event loop's timelines of the groups shown, computed off the owner's thread
    //! (cleared whenever what is shown is dropped).
    LoopTimelines &loopTimelines() { return m_loops; }

    //! Counts up with every run and record: callbacks check they are still current.
    quint64 generation() const { return m_runId; }

Q_SIGNALS:
    //! A frame of the live run: read the record's published prefix now.
    void frame();
    //! The replay or a scrub or a step moved the view time.
    void viewTimeChanged(double seconds);
    //! Replay started or stopped.
    void replayingChanged(bool on);
    //! The lesson clock was paused, resumed or stepped, or its speed changed.
    void lessonClockChanged();
    //! The run ended (finished or stopped): state() says how, the tally is finished.
    void finished();
    //! A watched program's newer lanes are in record() (a new record); its output:
    void watchSnapshot();
    void watchOutput(const QByteArray &text, bool isError);

private:
    //! Drops \a record on m_free's thread when this is its last owner (see the .cpp).
    void freeElsewhere(std::shared_ptr<const RunRecord> record);
    void onTick();
    //! Whether this tick is skipped for the run (kStepAsideNs, kLeadNs, kLongestSkipMs).
    bool stepsAsideForTheRun() const;
    void onRunFinished(quint64 runId);
    void onWatchSnapshot();
    void onWatchFinished(quint64 runId);

    // First: destroyed last, after everything it may still be handed.
    DeferredFree m_free;
    //! The final tally's thread: not Qt's global pool, whose threads the raster engine's
    //! parallel fills wait for (a tally queued there would delay the window's paint).
    QThreadPool m_tallyPool;
    std::unique_ptr<RunHost> m_run;
    RunStatus m_runState = RunStatus::Idle;
    std::unique_ptr<RunRecord> m_opened;
    std::unique_ptr<watch::WatchHost> m_watch;
    std::shared_ptr<const RunRecord> m_watched; //!< the newest snapshot's lanes
    // After the records, so destroyed before them (its pool threads read them).
    LoopTimelines m_loops;
    YieldTally m_tally;
    LoopStallMeter m_ownerStall; //!< the owner's loop, while a run goes on
    double m_stopAfterS = -1;
    quint64 m_runId = 0;
    QTimer m_frameTimer;
    int m_frame = 0;
    int m_steppedAside = 0;
    qint64 m_stepAsideNs = kStepAsideNs;
    int m_longestSkipMs = kLongestSkipMs;
    qint64 m_leadNs = kLeadNs;
    QElapsedTimer m_sinceDrawn; //!< since the last frame drawn (stepping aside is bounded)
    double m_viewS = -1;
    bool m_replaying = false;
    double m_replaySpeed = 1;
    double m_replayFrom = 0;
    QElapsedTimer m_replayClock;
    bool m_paused = false;
    double m_speed = 1;
};

} // namespace coroscope
