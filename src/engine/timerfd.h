// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>
#include <QtGlobal>

class QSocketNotifier;

namespace coroscope {

/*!
 * \brief A one-shot alarm at an absolute time of CLOCK_MONOTONIC, to the nanosecond, on the
 * Qt event loop of its thread (Linux timerfd watched by a QSocketNotifier).
 *
 * QTimer counts whole milliseconds and its deadlines are relative; a timerfd armed with
 * TFD_TIMER_ABSTIME wakes the loop once the kernel's clock reaches the deadline, with no
 * busy wait and no rounding. A deadline in the past fires on the loop's next turn.
 *
 * \code
 * TimerFd alarm;
 * if (alarm.isValid()) {
 *     QObject::connect(&alarm, &TimerFd::fired, [] { qInfo() << "due"; });
 *     alarm.armAt(TimerFd::monotonicNs() + 1'500'000); // 1.5 ms from now
 * }
 * \endcode
 */
class TimerFd : public QObject {
    Q_OBJECT
public:
    explicit TimerFd(QObject *parent = nullptr);
    ~TimerFd() override;

    //! False where the kernel has no timerfd (then use a QTimer).
    bool isValid() const { return m_fd >= 0; }
    //! Fire once when CLOCK_MONOTONIC reaches \a monotonicNs (replaces any earlier arming).
    void armAt(qint64 monotonicNs);
    void disarm();
    bool isArmed() const { return m_armed; }

    //! CLOCK_MONOTONIC now, in ns (the clock std::chrono::steady_clock reads on Linux).
    static qint64 monotonicNs();

Q_SIGNALS:
    void fired();

private:
    void onReadable();

    int m_fd = -1;
    bool m_armed = false;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace coroscope
