// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "loopstallmeter.h"

#include <chrono>

namespace coroscope {

static qint64 monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

LoopStallMeter::LoopStallMeter(QObject *parent)
    : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LoopStallMeter::tick);
}

void LoopStallMeter::start() {
    m_maxStallNs = 0;
    m_lastNs = monotonicNs();
    m_timer.start();
}

void LoopStallMeter::tick() {
    const qint64 now = monotonicNs();
    const qint64 late = now - m_lastNs - qint64(kIntervalMs) * 1'000'000;
    if (late > m_maxStallNs)
        m_maxStallNs = late;
    m_lastNs = now;
}

} // namespace coroscope
