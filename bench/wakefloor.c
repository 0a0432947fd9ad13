// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The machine's own floor for precise wake-ups, without Qt, QCoro or Coroscope: one thread
// sleeps until absolute deadlines PERIOD_US apart on an absolute-deadline timerfd (what
// Coroscope's scheduler arms, src/engine/timerfd.h), COUNT times, and prints how late each
// wake-up was: p50, p99, max in ms, and the CPU seconds used. If this program's p99 is above
// a target, no scheduler on this machine can meet it.
//   cc -O2 -o wakefloor bench/wakefloor.c && ./wakefloor [PERIOD_US=2000] [COUNT=5000]
// COUNT 0: until SIGTERM or SIGINT, for a probe beside something else (bench/window.py runs
// one beside each window case: a thread that does nothing, in the same seconds on the same
// machine, so a window's stall can be read against what no work at all would have seen).
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int64_t nowNs(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int byValue(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static volatile sig_atomic_t stopAsked = 0;

static void askStop(int sig) {
    (void)sig;
    stopAsked = 1;
}

int main(int argc, char **argv) {
    const int64_t periodNs = (argc > 1 ? atoll(argv[1]) : 2000) * 1000;
    const int asked = argc > 2 ? atoi(argv[2]) : 5000;
    if (periodNs <= 0 || asked < 0) {
        fprintf(stderr, "wakefloor: PERIOD_US must be positive and COUNT 0 or more\n");
        return 2;
    }
    // Until stopped: room for an hour of wake-ups.
    const int room = asked > 0 ? asked : (int)(3600 * 1000000000LL / periodNs);
    if (asked == 0) {
        // No SA_RESTART: the signal ends the read() below with EINTR.
        struct sigaction stop = {0};
        stop.sa_handler = askStop;
        sigaction(SIGTERM, &stop, NULL);
        sigaction(SIGINT, &stop, NULL);
    }
    int64_t *late = malloc(sizeof *late * (size_t)room);
    const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (!late || fd < 0) {
        perror("wakefloor");
        return 1;
    }
    const int64_t start = nowNs();
    int count = 0;
    while (count < room && !stopAsked) {
        const int64_t due = start + (count + 1) * periodNs;
        struct itimerspec when = {{0, 0}, {due / 1000000000, due % 1000000000}};
        uint64_t expirations;
        if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &when, NULL) != 0) {
            perror("wakefloor");
            return 1;
        }
        if (read(fd, &expirations, sizeof expirations) != sizeof expirations) {
            if (errno == EINTR && stopAsked)
                break;
            perror("wakefloor");
            return 1;
        }
        late[count++] = nowNs() - due;
    }
    if (count == 0) {
        fprintf(stderr, "wakefloor: stopped before the first wake-up\n");
        return 1;
    }
    struct rusage use;
    getrusage(RUSAGE_SELF, &use);
    qsort(late, (size_t)count, sizeof *late, byValue);
    printf("wake-ups %d, period %.3f ms: late p50 %.3f ms, p99 %.3f ms, max %.3f ms; CPU %.2f s\n",
           count, periodNs / 1e6, late[count / 2] / 1e6, late[(count * 99) / 100] / 1e6,
           late[count - 1] / 1e6,
           use.ru_utime.tv_sec + use.ru_stime.tv_sec +
               (use.ru_utime.tv_usec + use.ru_stime.tv_usec) / 1e6);
    free(late);
    return 0;
}
