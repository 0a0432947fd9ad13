// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QtGlobal>

namespace coroscope {

/*!
 * \brief CLOCK_MONOTONIC read cheaply many times in a row: within one scheduler pass, the
 * time stamp counter's ticks since an exact reading taken at the pass's start.
 *
 * A pass over 100,000 due waiters reads the clock once a resume (each wake time is
 * recorded). clock_gettime() costs 31 ns here (an AMD EPYC VM; the vDSO orders its TSC
 * read with a fence, so it also waits for the resume's cache misses to land), a bare
 * `rdtsc` 12 ns. So each pass starts with anchor(): one clock_gettime() and one TSC read
 * side by side; now() then adds the ticks since, scaled by the TSC's rate measured
 * against CLOCK_MONOTONIC over this clock's life (at least 100 ms apart: the rate is then
 * known to about 10^-6, a few ns over a 4 ms slice). Until then, and where there is no
 * invariant TSC the kernel itself uses as its clock source (not x86-64, another clock
 * source, or `COROSCOPE_PASS_CLOCK=exact`), now() is clock_gettime().
 *
 * now() never runs backwards: it never returns less than it returned before.
 * One thread (the scheduler's).
 */
class PassClock {
public:
    PassClock();

    //! Takes an exact reading (returned) and makes it the base of now() until the next.
    qint64 anchor();
    //! CLOCK_MONOTONIC in ns: the anchor plus the TSC's ticks since, or exact (see above).
    qint64 now();
    //! True once now() counts ticks (the rate is known).
    bool counting() const { return m_nsPerTick > 0; }
    //! Whether this machine's TSC is used at all (see above).
    bool available() const { return m_available; }

    static constexpr qint64 kCalibrationNs = 100'000'000;

private:
    bool m_available = false;
    double m_nsPerTick = 0;
    quint64 m_firstTicks = 0;
    qint64 m_firstNs = 0;
    quint64 m_anchorTicks = 0;
    qint64 m_anchorNs = 0;
    qint64 m_lastNs = 0;
};

} // namespace coroscope
