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

    void start();
    void stop() { m_timer.stop(); }
    double maxStallMs() const { return double(m_maxStallNs) / 1e6; }
    //! The most CPU time (ms) the loop's thread spent between two ticks.
    double maxBusyMs() const { return double(m_maxBusyNs) / 1e6; }

    static constexpr int kIntervalMs = 2;

private:
    void tick();

    QTimer m_timer;
    qint64 m_lastNs = 0;
    qint64 m_maxStallNs = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_maxBusyNs = 0;
};

} // namespace coroscope
