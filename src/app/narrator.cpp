#include "narrator.h"

#include "render/lanepainter.h"

#include <QLocale>

#include <algorithm>
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

QStringList Narrator::narrate(const RunRecord &r, double nowS) {
    QStringList lines;
    const RunParams &p = r.params;
    const double delay = p.delaySeconds;
    const QLocale locale(QLocale::English);
    double nextWake = std::numeric_limits<double>::infinity();
    int sleeping = 0;
    int done = 0;
    for (const auto &gp : r.groups) {
        const GroupRecord &g = *gp;
        const QString group = g.kind() == GroupKind::Sequential ? QStringLiteral("Sequential")
                                                                : QStringLiteral("Concurrent");
        int narrated = 0;
        // Past this many tasks the counts below come from the first ones (a frame's budget).
        const int scan = std::min(g.tasks(), 100'000);
        for (int t = 0; t < scan; ++t) {
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
                ++sleeping;
            }
            done += ended;
            // Sequential: narrate the running task and its neighbours, not the first four.
            const bool interesting = g.kind() == GroupKind::Concurrent
                                         ? t < kTasksNarrated
                                         : (started && !ended) || (stopped && started);
            if (!interesting || narrated >= kTasksNarrated)
                continue;
            ++narrated;
            QString line = QStringLiteral("%1 task %2 ").arg(group).arg(t);
            if (stopped) {
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
                    QStringLiteral("yielded %1 at %2 (%3)")
                        .arg(QString::number(g.value(t, k - 1), 'f', 2), sec(at), lateText(late));
                if (wake >= 0)
                    line += QStringLiteral(" and is suspended until %1").arg(sec(wake));
                else
                    line += QStringLiteral("; its comprehension is complete with %1 values").arg(k);
            }
            lines << line;
        }
        if (g.kind() == GroupKind::Sequential) {
            int waiting = 0;
            for (int t = 0; t < scan; ++t)
                waiting += g.startNs(t) < 0 || double(g.startNs(t)) / 1e9 > nowS;
            if (waiting > 0 && g.status != RunStatus::Stopped)
                lines << QStringLiteral("Sequential: %1 more comprehension%2 wait%3 for the one "
                                        "before to finish")
                             .arg(locale.toString(waiting),
                                  waiting == 1 ? QString() : QStringLiteral("s"),
                                  waiting == 1 ? QStringLiteral("s") : QString());
        } else if (g.tasks() > kTasksNarrated) {
            lines << QStringLiteral("… and %1 more concurrent tasks, all on the same deadlines")
                         .arg(locale.toString(g.tasks() - kTasksNarrated));
        }
    }
    if (sleeping > 0) {
        lines << QStringLiteral("The event loop is idle: %1 coroutine%2 sleep%3 on the "
                                "scheduler's heap; its single precise timer is armed for %4, "
                                "when the due ones resume in deadline order")
                     .arg(locale.toString(sleeping),
                          sleeping == 1 ? QString() : QStringLiteral("s"),
                          sleeping == 1 ? QStringLiteral("s") : QString(), sec(nextWake));
    } else if (done > 0) {
        lines << QStringLiteral("Nothing is left to wait for: every comprehension has returned "
                                "its list");
    }
    return lines;
}

QString Narrator::whyParagraph(const RunRecord &r) {
    const RunParams &p = r.params;
    const QString one = QString::number(p.values * p.delaySeconds, 'g', 6);
    const QString all = QString::number(p.tasks * p.values * p.delaySeconds, 'g', 6);
    return QStringLiteral(
               "Why the concurrent group finishes in one window: a comprehension spends almost "
               "all of its life suspended at co_await, waiting for its next value. A suspended "
               "coroutine holds no thread and burns no CPU: its frame waits in memory while the "
               "scheduler keeps its deadline. So one event loop can keep all %1 comprehensions "
               "waiting at the same time; their sleeps overlap, and the whole group takes "
               "values × delay = %2 s. The sequential group starts each comprehension only after "
               "the previous one has collected its last value, so the same sleeps add up: "
               "tasks × values × delay = %3 s.")
        .arg(QLocale(QLocale::English).toString(p.tasks), one, all);
}

} // namespace coroscope
