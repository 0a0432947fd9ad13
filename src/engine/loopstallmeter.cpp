// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "loopstallmeter.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <fcntl.h>
#include <unistd.h>

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

// The second figure of a thread's schedstat: nanoseconds spent runnable on a run queue,
// waiting for a core (the first is its CPU time, the third its time slices). -1 if the
// file cannot be read. pread at 0 reads the file afresh: about a microsecond.
static qint64 waitedNs(int fd) {
    char buf[96];
    const ssize_t n = fd < 0 ? -1 : pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *end = nullptr;
    errno = 0;
    std::strtoull(buf, &end, 10); // the CPU time, not needed here
    if (end == buf || errno != 0)
        return -1;
    const char *waitText = end;
    const unsigned long long wait = std::strtoull(waitText, &end, 10);
    if (end == waitText || errno != 0)
        return -1;
    return qint64(wait);
}

LoopStallMeter::LoopStallMeter(QObject *parent)
    : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LoopStallMeter::tick);
}

LoopStallMeter::~LoopStallMeter() {
    if (m_schedstat >= 0)
        ::close(m_schedstat);
}

void LoopStallMeter::start() {
    m_maxStallNs = 0;
    m_maxBusyNs = 0;
    m_maxStallWaitNs = 0;
    m_maxStallOnCoreNs = 0;
    m_totalWaitNs = 0;
    // The calling thread's own file (a restart may come from another thread).
    if (m_schedstat >= 0)
        ::close(m_schedstat);
    m_schedstat = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    m_lastNs = monotonicNs();
    m_lastCpuNs = threadCpuNs();
    m_lastWaitNs = waitedNs(m_schedstat);       // after the clock, as in tick()
    if (m_lastWaitNs < 0 && m_schedstat >= 0) { // no such file, or not in that form
        ::close(m_schedstat);
        m_schedstat = -1;
    }
    m_timer.start();
}

void LoopStallMeter::tick() {
    // The waits read before the clock for this gap and after it for the next: a wait
    // between the reads is left in the stall of one or the other, never taken out of a
    // stall it was not in (the on-core figure never understates the loop's own).
    const qint64 waitedBefore = waitedNs(m_schedstat);
    const qint64 now = monotonicNs();
    const qint64 late = now - m_lastNs - qint64(kIntervalMs) * 1'000'000;
    m_lastNs = now;
    const qint64 cpu = threadCpuNs();
    m_maxBusyNs = std::max(m_maxBusyNs, cpu - m_lastCpuNs);
    m_lastCpuNs = cpu;
    qint64 waited = 0;
    if (waitedBefore >= 0) {
        waited = std::max<qint64>(0, waitedBefore - m_lastWaitNs);
        const qint64 after = std::max(waitedBefore, waitedNs(m_schedstat));
        m_totalWaitNs += after - m_lastWaitNs;
        m_lastWaitNs = after;
    }
    if (late > m_maxStallNs) {
        m_maxStallNs = late;
        m_maxStallWaitNs = waited;
    }
    m_maxStallOnCoreNs = std::max(m_maxStallOnCoreNs, late - waited);
}

} // namespace coroscope
