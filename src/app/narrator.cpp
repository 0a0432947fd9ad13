// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "narrator.h"

#include "io/numberformat.h"
#include "render/lanepainter.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

QString sec(double s) {
    return QString::number(s, 'f', 3) + QStringLiteral(" s");
}

QString lateText(double ms) {
    if (ms < 0.05)
        return QStringLiteral("on time");
    return QStringLiteral("%1 ms late").arg(QString::number(ms, 'f', 1));
}

} // namespace

QStringList Narrator::narrate(const RunRecord &r, double nowS,
                              const std::vector<TaskCounts> *counts) {
    QStringList lines;
    const RunParams &p = r.params;
    const double delay = p.delaySeconds;
    double nextWake = std::numeric_limits<double>::infinity();
    qint64 sleeping = 0;
    qint64 done = 0;
    for (size_t gi = 0; gi < r.groups.size(); ++gi) {
        const GroupRecord &g = *r.groups[gi];
        const TaskCounts *c = counts && gi < counts->size() ? &(*counts)[gi] : nullptr;
        const bool concurrent = g.kind() == GroupKind::Concurrent;
        const QString group =
            concurrent ? QStringLiteral("Concurrent") : QStringLiteral("Sequential");
        // The tasks looked at one by one. With exact counts, only those that can be
        // narrated (and, in replay, a sample for the timer's next deadline); without,
        // the first 100,000 (a frame's budget).
        int from = 0;
        int to = std::min(g.tasks(), 100'000);
        if (c) {
            const bool wakeKnown = std::isfinite(c->nextWakeS) || c->sleeping == 0;
            if (!concurrent) {
                // One at a time: the running one is the last started.
                from = std::max(0, c->started - kTasksNarrated);
                to = std::min(g.tasks(), c->started + 1);
            } else {
                to = std::min(g.tasks(), wakeKnown ? kTasksNarrated : 10'000);
            }
        }
        int narrated = 0;
        int waiting = 0;
        int endedHere = 0;
        for (int t = from; t < to; ++t) {
            const int k = LanePainter::firstAtOrAfter(g, t, nowS + 1e-9);
            const double start = g.startNs(t) >= 0 ? double(g.startNs(t)) / 1e9 : -1;
            const double end = g.endNs(t) >= 0 ? double(g.endNs(t)) / 1e9 : -1;
            const bool started = start >= 0 && start <= nowS;
            const bool ended = end >= 0 && end <= nowS;
            const bool stopped = !ended && g.status == RunStatus::Stopped && nowS >= g.health.wallS;
            // Where the task waits next: drift-free from its start, relative from its last wake.
            double wake = -1;
            if (started && !ended && !stopped && k < g.values()) {
                wake = p.timing == Timing::DriftFree
                           ? start + (k + 1) * delay
                           : (k > 0 ? double(g.atNs(t, k - 1)) / 1e9 : start) + delay;
                nextWake = std::min(nextWake, wake);
                sleeping += !c;
            }
            done += ended && !c;
            waiting += !started;
            endedHere += ended;
            // Sequential: narrate the running task and its neighbours, not the first four;
            // between two tasks and at the end, the one that returned last (so the end of a
            // compare tells both groups).
            const bool lastReturned = !concurrent && ended &&
                                      (t + 1 == g.tasks() || g.startNs(t + 1) < 0 ||
                                       double(g.startNs(t + 1)) / 1e9 > nowS);
            const bool interesting =
                concurrent ? t < kTasksNarrated
                           : (started && !ended) || (stopped && started) || lastReturned;
            if (!interesting || narrated >= kTasksNarrated)
                continue;
            ++narrated;
            QString line = QStringLiteral("%1 task %2 ").arg(group).arg(t);
            if (!started) {
                line += QStringLiteral("has not started yet");
            } else if (stopped) {
                line += QStringLiteral("was stopped after %1 of %2 values; what it yielded stays "
                                       "in the record")
                            .arg(k)
                            .arg(g.values());
            } else if (k == 0) {
                line += QStringLiteral("started at %1 and is suspended in its first sleep until "
                                       "%2")
                            .arg(sec(start), sec(wake));
            } else {
                const double at = double(g.atNs(t, k - 1)) / 1e9;
                const double late = double(g.atNs(t, k - 1) - g.dueNs(t, k - 1)) / 1e6;
                line +=
                    QStringLiteral("resumed at %1 (%2), yielded %3 (value %4 of %5)")
                        // One arg() call: a '%1' in a label stays text.
                        .arg(sec(at), lateText(late), yieldText(g, g.value(t, k - 1), p.maxValue),
                             QString::number(k), QString::number(g.values()));
                if (wake >= 0)
                    line += QStringLiteral(" and is suspended until %1").arg(sec(wake));
                else
                    line += QStringLiteral("; its comprehension is complete with %1 values").arg(k);
            }
            lines << line;
        }
        if (c) {
            sleeping += c->sleeping;
            done += c->ended;
            nextWake = std::min(nextWake, c->nextWakeS);
            waiting = g.tasks() - c->started;
        }
        if (!concurrent) {
            const int returned = c ? c->ended : endedHere;
            if (waiting == 0 && returned == g.tasks())
                lines << QStringLiteral("Sequential: all %1 returned their lists, one after "
                                        "another")
                             .arg(countText(g.tasks(), QStringLiteral("comprehension"),
                                            QStringLiteral("comprehensions")));
            else if (waiting > 0 && g.status != RunStatus::Stopped)
                lines << QStringLiteral("Sequential: %1 more comprehension%2 wait%3 for the one "
                                        "before to finish")
                             .arg(countText(waiting),
                                  waiting == 1 ? QString() : QStringLiteral("s"),
                                  waiting == 1 ? QStringLiteral("s") : QString());
        } else if (g.tasks() > kTasksNarrated) {
            const int others = g.tasks() - kTasksNarrated;
            const bool allDone = c ? c->ended == g.tasks()
                                   : g.status == RunStatus::Finished && nowS >= g.health.wallS;
            lines << (allDone ? QStringLiteral("… and the other %1 concurrent comprehensions "
                                               "have returned their lists too")
                              : QStringLiteral("… and %1 more concurrent tasks, suspended the "
                                               "same way"))
                         .arg(countText(others));
        }
    }
    if (sleeping > 0) {
        QString line =
            QStringLiteral("The event loop is idle: %1 coroutine%2 sleep%3 on the "
                           "scheduler's heap, costing no CPU")
                .arg(countText(sleeping), sleeping == 1 ? QString() : QStringLiteral("s"),
                     sleeping == 1 ? QStringLiteral("s") : QString());
        if (std::isfinite(nextWake))
            line += QStringLiteral("; its single precise timer is armed for %1, when the due "
                                   "ones resume in deadline order")
                        .arg(sec(nextWake));
        lines << line;
    } else if (done > 0) {
        lines << QStringLiteral("Nothing is left to wait for: every comprehension has returned "
                                "its list");
    }
    return lines;
}

QString Narrator::whyParagraph(const RunRecord &r) {
    const RunParams &p = r.params;
    const QString one = QString::number(p.values * p.delaySeconds, 'g', 6);
    const QString all = QString::number(double(p.tasks) * p.values * p.delaySeconds, 'g', 6);
    return QStringLiteral(
               "Why the concurrent group finishes in one window: a comprehension spends almost "
               "all of its life suspended at co_await, waiting for its next value. A suspended "
               "coroutine holds no thread and burns no CPU: its frame waits in memory while the "
               "scheduler keeps its deadline. So one event loop can keep all %1 comprehensions "
               "waiting at the same time; their sleeps overlap, and the whole group takes "
               "values × delay = %2 s. The sequential group starts each comprehension only after "
               "the previous one has collected its last value, so the same sleeps add up: "
               "tasks × values × delay = %3 s.")
        .arg(countText(p.tasks), one, all);
}

} // namespace coroscope
