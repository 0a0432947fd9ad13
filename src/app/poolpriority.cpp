// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "poolpriority.h"

#include <QCoreApplication>
#include <QThread>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace coroscope {

void givePoolThreadWay(PoolWay way) {
    static thread_local int current = -1; // the way this thread gives now
    if (current == int(way) || QThread::currentThread() == QCoreApplication::instance()->thread())
        return;
    current = int(way);
#ifdef __linux__
    setpriority(PRIO_PROCESS, id_t(gettid()), 10); // refused: left as it is
    const sched_param none{};
    // Both keep the nice value.
    pthread_setschedparam(pthread_self(), way == PoolWay::Idle ? SCHED_IDLE : SCHED_BATCH, &none);
#endif
}

} // namespace coroscope
