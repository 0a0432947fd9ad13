// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "timeslice.h"

#include <QByteArray>

#include <cstdint>

#if defined(__linux__)
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace coroscope {

namespace {

#if defined(__linux__) && defined(SYS_sched_setattr)
// struct sched_attr of sched_setattr(2); glibc 2.36 has no wrapper.
struct SchedAttr {
    std::uint32_t size = sizeof(SchedAttr);
    std::uint32_t policy = 0;
    std::uint64_t flags = 0;
    std::int32_t nice = 0;
    std::uint32_t priority = 0;
    std::uint64_t runtime = 0; // for SCHED_OTHER: the slice (Linux 6.12 on)
    std::uint64_t deadline = 0;
    std::uint64_t period = 0;
};
static_assert(sizeof(SchedAttr) == 48); // SCHED_ATTR_SIZE_VER0

bool readAttr(SchedAttr &a) {
    return syscall(SYS_sched_getattr, 0, &a, sizeof a, 0) == 0;
}
#endif

} // namespace

bool requestShortTimeSlice() {
#if defined(__linux__) && defined(SYS_sched_setattr)
    if (qgetenv("COROSCOPE_RUN_SLICE") == "default")
        return false;
    SchedAttr a;
    // Only a thread of the normal policy (a run started from a real-time thread keeps its
    // policy), and with its own nice: sched_setattr sets both.
    if (!readAttr(a) || a.policy != SCHED_OTHER)
        return false;
    a.size = sizeof a;
    a.flags = 0;
    a.runtime = std::uint64_t(kRunTimeSliceNs);
    if (syscall(SYS_sched_setattr, 0, &a, 0) != 0)
        return false;
    SchedAttr check;
    return readAttr(check) && check.runtime == std::uint64_t(kRunTimeSliceNs);
#else
    return false;
#endif
}

qint64 currentTimeSliceNs() {
#if defined(__linux__) && defined(SYS_sched_setattr)
    SchedAttr a;
    return readAttr(a) ? qint64(a.runtime) : -1;
#else
    return -1;
#endif
}

} // namespace coroscope
