// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>
#include <QTimer>

namespace coroscope {

/*!
 * \brief Measures how long the event loop could not run anything: the lateness of a
 * 2 ms heartbeat.
 *
 * Whatever holds the loop (a slice of resumes, the window painting, the machine
 * preempting the process) delays the next tick; the longest delay is the stall.
 * Accurate to the heartbeat's interval.
 *
 * Beside it, the busy figure: the most CPU time the loop's thread used between two
 * ticks. That is the part of a stall our own code caused; a busy machine preempting the
 * process lengthens the stall but not the busy time, so tests can bound it under load.
 *
 * And where Linux tells it (/proc/thread-self/schedstat), how long the thread waited for a
 * core: runnable, but the kernel ran something else. Each gap's stall less that wait is
 * what the stall would have been had the thread had a core whenever it wanted one; the
 * longest such is maxStallOnCoreMs(). A stall above 16 ms whose on-core figure is under it
 * was the machine's, not ours; one whose on-core figure is over it was ours (work, or a
 * wait of our own making: a lock, a pool thread).
 *
 * \code
 * LoopStallMeter meter;
 * meter.start();
 * ... // run things on the event loop
 * qInfo() << meter.maxStallMs();
 * \endcode
 */
class LoopStallMeter : public QObject {
    Q_OBJECT
public:
    explicit LoopStallMeter(QObject *parent = nullptr);
    ~LoopStallMeter() override;
    LoopStallMeter(const LoopStallMeter &) = delete;
    LoopStallMeter &operator=(const LoopStallMeter &) = delete;

    //! Starts (again) from zero. Call it on the loop's thread: the figures are its.
    void start();
    void stop() { m_timer.stop(); }
    double maxStallMs() const { return double(m_maxStallNs) / 1e6; }
    //! The most CPU time (ms) the loop's thread spent between two ticks.
    double maxBusyMs() const { return double(m_maxBusyNs) / 1e6; }
    //! Whether the kernel tells the thread's waits for a core (the two figures below).
    bool knowsWaits() const { return m_schedstat >= 0; }
    //! How long (ms) the thread waited for a core within its longest stall's gap.
    double maxStallWaitMs() const { return double(m_maxStallWaitNs) / 1e6; }
    //! The longest stall (ms) less the thread's waits for a core within its gap.
    double maxStallOnCoreMs() const { return double(m_maxStallOnCoreNs) / 1e6; }
    //! All the thread's waits for a core (ms) from start() to the last tick.
    double totalWaitMs() const { return double(m_totalWaitNs) / 1e6; }

    static constexpr int kIntervalMs = 2;

private:
    void tick();

    QTimer m_timer;
    qint64 m_lastNs = 0;
    qint64 m_maxStallNs = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_maxBusyNs = 0;
    int m_schedstat = -1; //!< the loop thread's /proc/thread-self/schedstat, or -1
    qint64 m_lastWaitNs = 0;
    qint64 m_maxStallWaitNs = 0;
    qint64 m_maxStallOnCoreNs = 0;
    qint64 m_totalWaitNs = 0;
};

} // namespace coroscope
