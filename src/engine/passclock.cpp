// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "passclock.h"

#include "timerfd.h"

#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <cmath>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace coroscope {

namespace {

quint64 ticks() {
#if defined(__x86_64__)
    return __rdtsc();
#else
    return 0;
#endif
}

// The kernel keeps CLOCK_MONOTONIC on the TSC only when it is invariant (constant rate,
// running in every power state, in step across cores): then so may we.
bool tscIsTheClockSource() {
#if defined(__x86_64__)
    if (qgetenv("COROSCOPE_PASS_CLOCK") == "exact")
        return false;
    QFile f(QStringLiteral("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
    return f.open(QIODevice::ReadOnly) && f.readAll().trimmed() == "tsc";
#else
    return false;
#endif
}

} // namespace

PassClock::PassClock()
    : m_available(tscIsTheClockSource()) {}

qint64 PassClock::anchor() {
    const qint64 ns = TimerFd::monotonicNs();
    if (!m_available) {
        m_lastNs = std::max(m_lastNs, ns);
        return ns;
    }
    const quint64 t = ticks();
    if (m_firstNs == 0) {
        m_firstNs = ns;
        m_firstTicks = t;
    } else if (ns - m_firstNs >= kCalibrationNs && t > m_firstTicks) {
        // Over the whole life of the clock: the longer the baseline, the smaller the error
        // of the two readings it rests on.
        m_nsPerTick = double(ns - m_firstNs) / double(t - m_firstTicks);
    }
    m_anchorNs = ns;
    m_anchorTicks = t;
    m_lastNs = std::max(m_lastNs, ns);
    return ns;
}

qint64 PassClock::now() {
    qint64 ns;
    if (m_nsPerTick > 0) {
        const quint64 t = ticks();
        ns = m_anchorNs + (t > m_anchorTicks ? qint64(double(t - m_anchorTicks) * m_nsPerTick) : 0);
    } else {
        ns = TimerFd::monotonicNs();
    }
    m_lastNs = std::max(m_lastNs, ns);
    return m_lastNs;
}

} // namespace coroscope
