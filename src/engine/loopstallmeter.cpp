// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "loopstallmeter.h"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace coroscope {

static qint64 monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// CPU time of the calling thread: the meter ticks on the loop's thread.
static qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

LoopStallMeter::LoopStallMeter(QObject *parent)
    : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LoopStallMeter::tick);
}

void LoopStallMeter::start() {
    m_maxStallNs = 0;
    m_maxBusyNs = 0;
    m_lastNs = monotonicNs();
    m_lastCpuNs = threadCpuNs();
    m_timer.start();
}

void LoopStallMeter::tick() {
    const qint64 now = monotonicNs();
    const qint64 late = now - m_lastNs - qint64(kIntervalMs) * 1'000'000;
    if (late > m_maxStallNs)
        m_maxStallNs = late;
    m_lastNs = now;
    const qint64 cpu = threadCpuNs();
    m_maxBusyNs = std::max(m_maxBusyNs, cpu - m_lastCpuNs);
    m_lastCpuNs = cpu;
}

} // namespace coroscope
