// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "timerfd.h"

#include <QSocketNotifier>

#include <ctime>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>

namespace coroscope {

qint64 TimerFd::monotonicNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

TimerFd::TimerFd(QObject *parent)
    : QObject(parent)
    , m_fd(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {
    if (m_fd < 0)
        return;
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TimerFd::onReadable);
}

TimerFd::~TimerFd() {
    if (m_fd >= 0) {
        delete m_notifier; // before the descriptor it watches goes
        ::close(m_fd);
    }
}

void TimerFd::armAt(qint64 monotonicNs) {
    if (m_fd < 0)
        return;
    // it_value 0 would disarm: a deadline at or before the clock's start fires at once.
    const qint64 at = monotonicNs > 0 ? monotonicNs : 1;
    itimerspec spec{};
    spec.it_value.tv_sec = time_t(at / 1'000'000'000);
    spec.it_value.tv_nsec = long(at % 1'000'000'000);
    timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &spec, nullptr);
    m_armed = true;
}

void TimerFd::disarm() {
    if (m_fd < 0 || !m_armed)
        return;
    const itimerspec off{};
    timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &off, nullptr);
    m_armed = false;
}

void TimerFd::onReadable() {
    quint64 expirations = 0;
    // Reading clears the readiness. EAGAIN: re-armed for later after it fired; nothing is due.
    if (::read(m_fd, &expirations, sizeof expirations) != qint64(sizeof expirations))
        return;
    m_armed = false;
    Q_EMIT fired();
}

} // namespace coroscope
