// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lessontext.h"

#include "lessonpositions.h"

#include "model/taskstates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

constexpr int kTasksListed = 12;

QString num(double v) {
    return QString::number(v, 'g', 6);
}

QString sec(double s) {
    return num(s) + QStringLiteral(" s");
}

qint64 toNs(double tS) {
    return tS < 0 ? std::numeric_limits<qint64>::max() / 2 : std::llround(tS * 1e9);
}

int yieldsBy(const GroupRecord &g, int task, qint64 tNs) {
    int k = g.count(task);
    while (k > 0 && g.atNs(task, k - 1) > tNs)
        --k;
    return k;
}

bool over(const GroupRecord &g, qint64 tNs) {
    return g.isDone() && tNs >= std::llround(g.health.wallS * 1e9);
}

//! The group of the variant in \a slot, if it is in the record and over.
const GroupRecord *finished(const RunRecord &r, GroupKind slot) {
    const GroupRecord *g = r.group(slot);
    return g && g->isDone() ? g : nullptr;
}

qint64 ceilDiv(qint64 a, qint64 b) {
    return b > 0 ? (a + b - 1) / b : 0;
}

} // namespace

QString lessonFormula(const RunParams &p, GroupKind slot) {
    const LabParams &l = p.lab;
    const int v = int(slot);
    const QString result = QStringLiteral(" = ") + sec(labIdealSeconds(p, v));
    const QString window = QStringLiteral("%1 values × %2").arg(p.values).arg(sec(p.delaySeconds));
    switch (p.scenario) {
    case Scenario::Seed:
        return {};
    case Scenario::Blocking:
        return v == 0
                   ? QStringLiteral("%1 + the block beyond one delay, max(0, %2 − %3)%4")
                         .arg(window, sec(l.blockForSeconds), sec(p.delaySeconds), result)
                   : QStringLiteral("%1 (the call runs on a worker thread)%2").arg(window, result);
    case Scenario::Bounded: {
        const int limit = v == 0 ? l.limit : p.tasks;
        return QStringLiteral("⌈%1 tasks / %2 permits⌉ = %3 windows × %4%5")
            .arg(p.tasks)
            .arg(limit)
            .arg(ceilDiv(p.tasks, limit))
            .arg(window, result);
    }
    case Scenario::AsCompleted: {
        qint64 longest = 0;
        for (int t = 0; t < p.tasks; ++t)
            longest = std::max(longest, labTaskDelayNs(p, t));
        return QStringLiteral("%1 values × the slowest task's delay, %2%3")
            .arg(p.values)
            .arg(sec(double(longest) / 1e9), result);
    }
    case Scenario::Timeout:
        return v == 0 ? window + result
                      : QStringLiteral("min(%1, the deadline %2)%3")
                            .arg(window, sec(l.timeoutSeconds), result);
    case Scenario::Failure:
        return v == 0 ? window + result
                      : QStringLiteral("(fail-at %1 + 1) × %2: the failure's moment%3")
                            .arg(l.failAt)
                            .arg(sec(p.delaySeconds), result);
    case Scenario::Queue:
        return v == 0 ? QStringLiteral("%1 items × %2 (one worker)%3")
                            .arg(l.items)
                            .arg(sec(p.delaySeconds), result)
                      : QStringLiteral("⌈%1 items / %2 workers⌉ × %3 ≈ items × delay / W%4")
                            .arg(l.items)
                            .arg(l.workers)
                            .arg(sec(p.delaySeconds), result);
    case Scenario::Cpu:
        return QStringLiteral("⌈%1 tasks / %2 threads⌉ × %3 values × %4 ms%5")
                   .arg(p.tasks)
                   .arg(l.threads)
                   .arg(p.values)
                   .arg(num(l.workMs), result) +
               (v == 0 ? QStringLiteral("; on the loop every step waits its turn: %1 × %2 × %3 "
                                        "ms = %4")
                             .arg(p.tasks)
                             .arg(p.values)
                             .arg(num(l.workMs), sec(p.tasks * p.values * l.workMs / 1e3))
                       : QString());
    }
    return {};
}

QString lessonTaskStatus(const RunParams &p, const GroupRecord &g, int task, qint64 tNs) {
    const qint64 start = g.startNs(task);
    if (start < 0 || tNs < start)
        return QStringLiteral("not started");
    if (g.endNs(task) >= 0 && tNs >= g.endNs(task))
        return QStringLiteral("done");
    // Its outcome is published as it happens, a live group's too.
    if (const TaskOutcome *o = g.outcomeOf(task); o && o->atNs <= tNs) {
        if (o->state == TaskState::Failed)
            return QStringLiteral("failed: ") + o->error;
        switch (o->cause) {
        case CancelCause::Timeout:
            return QStringLiteral("timed out");
        case CancelCause::Failure:
            return QStringLiteral("cancelled by %1's failure").arg(laneName(p, g, o->by));
        case CancelCause::Stop:
            return QStringLiteral("stopped");
        case CancelCause::None:
            return QStringLiteral("cancelled");
        }
    }
    if (g.status == RunStatus::Stopped && over(g, tNs))
        return QStringLiteral("stopped");
    return QStringLiteral("running");
}

QString lessonResultsHtml(const RunRecord &r, double tS) {
    const RunParams &p = r.params;
    if (p.scenario == Scenario::Seed)
        return {};
    const qint64 t = toNs(tS);
    QString html;
    for (const auto &gp : r.groups) {
        const GroupRecord &g = *gp;
        const QString variant = groupLabel(p, g.kind());
        html += QStringLiteral("<h4>%1: %2</h4>")
                    .arg(scenarioName(p.scenario).toHtmlEscaped(), variant.toHtmlEscaped());
        html +=
            QStringLiteral("<p>Formula: %1<br/>").arg(lessonFormula(p, g.kind()).toHtmlEscaped());
        if (over(g, t)) {
            const double ideal = labIdealSeconds(p, int(g.kind()));
            html += QStringLiteral("Measured wall: <b>%1 s</b> (%2 %3 s against the formula)")
                        .arg(QString::number(g.health.wallS, 'f', 3),
                             g.health.wallS >= ideal ? QStringLiteral("+") : QStringLiteral("−"),
                             QString::number(std::abs(g.health.wallS - ideal), 'f', 3));
            if (p.scenario == Scenario::Blocking || p.scenario == Scenario::Cpu)
                html += QStringLiteral("<br/>The loop froze for up to <b>%1 ms</b> at a time "
                                       "(its longest stall)")
                            .arg(QString::number(g.health.maxStallMs, 'f', 1));
            html += QStringLiteral("</p>");
        } else {
            html += QStringLiteral("Measured wall: … (running)</p>");
        }
        // The failure's error, in its own words.
        if (g.isDone())
            for (const TaskOutcome &o : g.outcomes())
                if (o.state == TaskState::Failed && o.atNs <= t)
                    html += QStringLiteral("<p><b>Error</b> in %1 at %2 s: <b>%3</b></p>")
                                .arg(laneName(p, g, o.task).toHtmlEscaped(),
                                     QString::number(double(o.atNs) / 1e9, 'f', 3),
                                     o.error.toHtmlEscaped());
        // Completion order: the consumer's deliveries once over; live, the ends so far.
        if (p.scenario == Scenario::AsCompleted) {
            QStringList order;
            if (g.isDone()) {
                for (const Delivery &d : g.deliveries())
                    if (d.atNs <= t)
                        order << QString::number(d.task);
            } else {
                std::vector<std::pair<qint64, int>> ends;
                for (int task = 0; task < g.tasks(); ++task)
                    if (g.endNs(task) >= 0 && g.endNs(task) <= t)
                        ends.emplace_back(g.endNs(task), task);
                std::sort(ends.begin(), ends.end());
                for (const auto &e : ends)
                    order << QString::number(e.second);
            }
            html += QStringLiteral("<p>Results handed over (%1): %2<br/>Submitted: 0 … %3</p>")
                        .arg(int(g.kind()) == 1 ? QStringLiteral("as completed")
                                                : QStringLiteral("gather: all at the end, in "
                                                                 "submission order"),
                             order.isEmpty() ? QStringLiteral("none yet")
                                             : order.join(QStringLiteral(", ")))
                        .arg(g.tasks() - 1);
        }
        // Each task's status and how much of its list it holds.
        html += QStringLiteral("<table cellpadding='2' cellspacing='0'>");
        const int listed = std::min(g.tasks(), kTasksListed);
        for (int task = 0; task < listed; ++task) {
            const int held = yieldsBy(g, task, t);
            const QString of = p.scenario == Scenario::Queue
                                   ? QStringLiteral("%1 items").arg(held)
                                   : QStringLiteral("%1 of %2 values").arg(held).arg(p.values);
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td align='right'>%3</td></tr>")
                        .arg(laneName(p, g, task).toHtmlEscaped(),
                             lessonTaskStatus(p, g, task, t).toHtmlEscaped(), of);
        }
        html += QStringLiteral("</table>");
        if (g.tasks() > listed)
            html += QStringLiteral("<p><i>… %1 more</i></p>").arg(countText(g.tasks() - listed));
    }
    return html;
}

QString lessonWhy(const RunRecord &r) {
    const RunParams &p = r.params;
    const LabParams &l = p.lab;
    const GroupRecord *first = finished(r, GroupKind::Sequential);
    const GroupRecord *second = finished(r, GroupKind::Concurrent);
    QString why;
    switch (p.scenario) {
    case Scenario::Seed:
        return {};
    case Scenario::Blocking:
        why = QStringLiteral(
                  "Why every lane froze: the coroutines share the event loop's one thread, and a "
                  "coroutine gives the thread back only at co_await (await in Python). A "
                  "blocking call is no await: while task %1 slept %2 in time.sleep() at its "
                  "value %3, no other task could resume, however due it was. Awaited on a "
                  "worker thread (asyncio.to_thread), the same wait holds nobody up.")
                  .arg(l.blockTask)
                  .arg(sec(l.blockForSeconds))
                  .arg(l.blockAt);
        if (first)
            why +=
                QStringLiteral(" In this run the blocking variant stalled the loop for %1 ms "
                               "and took %2 s (ideal %3).")
                    .arg(QString::number(first->health.maxStallMs, 'f', 1),
                         QString::number(first->health.wallS, 'f', 3), sec(labIdealSeconds(p, 0)));
        if (second)
            why += QStringLiteral(" Offloaded, its longest stall was %1 ms and it took %2 s.")
                       .arg(QString::number(second->health.maxStallMs, 'f', 1),
                            QString::number(second->health.wallS, 'f', 3));
        break;
    case Scenario::Bounded:
        why = QStringLiteral(
                  "Why it takes ⌈N/K⌉ windows: the semaphore hands out %1 permits and a "
                  "comprehension holds one for its whole life, so at most %1 sleep at once; the "
                  "others wait in line at acquire() (async with semaphore). %2 tasks need "
                  "⌈%2/%1⌉ = %3 windows of %4 values × %5. K = 1 is sequential, K = N "
                  "concurrent.")
                  .arg(l.limit)
                  .arg(p.tasks)
                  .arg(ceilDiv(p.tasks, l.limit))
                  .arg(p.values)
                  .arg(sec(p.delaySeconds));
        if (first)
            why +=
                QStringLiteral(" In this run the limited group took %1 s (formula %2).")
                    .arg(QString::number(first->health.wallS, 'f', 3), sec(labIdealSeconds(p, 0)));
        if (second)
            why += QStringLiteral(" Unlimited, all overlapped: %1 s.")
                       .arg(QString::number(second->health.wallS, 'f', 3));
        break;
    case Scenario::AsCompleted:
        why = QStringLiteral(
            "Why the order differs: each task sleeps its own delay, so they finish at different "
            "times. as_completed hands each result over the moment its task is done, fastest "
            "first; gather waits for every task and hands the results over together, in the "
            "order they were submitted.");
        for (const GroupRecord *g : {first, second})
            if (g && !g->deliveries().empty()) {
                QStringList order;
                for (const Delivery &d : g->deliveries())
                    order << QString::number(d.task);
                why += QStringLiteral(" In this run %1 handed over %2 by %3 s.")
                           .arg(groupLabel(p, g->kind()), order.join(QStringLiteral(", ")),
                                QString::number(double(g->deliveries().back().atNs) / 1e9, 'f', 3));
            }
        break;
    case Scenario::Timeout:
        why = QStringLiteral(
                  "Why the lists are partial: at the deadline (%1) every comprehension still "
                  "sleeping is cancelled. The cancellation arrives at its co_await (a "
                  "CancelledError at the await in Python), so it stops right there and keeps "
                  "what it had collected.")
                  .arg(sec(l.timeoutSeconds));
        if (second) {
            int timedOut = 0;
            for (const TaskOutcome &o : second->outcomes())
                timedOut += o.cause == CancelCause::Timeout;
            why += QStringLiteral(" In this run %1 timed out and the group ended at %2 s instead "
                                  "of %3.")
                       .arg(countText(timedOut, QStringLiteral("task"), QStringLiteral("tasks")),
                            QString::number(second->health.wallS, 'f', 3),
                            sec(p.values * p.delaySeconds));
        }
        break;
    case Scenario::Failure:
        why = QStringLiteral(
            "Why the variants differ: gather runs each task on its own, so one task's error "
            "reaches the awaiter while the others go on to collect all their values. A task "
            "group ties its children together: the first failure cancels every sibling at its "
            "co_await, so the group ends at the failure and each list keeps what it had.");
        for (const GroupRecord *g : {first, second})
            if (g)
                for (const TaskOutcome &o : g->outcomes())
                    if (o.state == TaskState::Failed)
                        why += QStringLiteral(" In this run (%1) task %2 raised \"%3\" at %4 s "
                                              "and the group ended at %5 s.")
                                   .arg(groupLabel(p, g->kind()))
                                   .arg(o.task)
                                   .arg(o.error, QString::number(double(o.atNs) / 1e9, 'f', 3),
                                        QString::number(g->health.wallS, 'f', 3));
        break;
    case Scenario::Queue:
        why = QStringLiteral(
                  "Why W workers take about items × delay / W: each item costs one delay of "
                  "sleeping, and a sleeping worker holds no thread, so the workers' sleeps "
                  "overlap. %1 items × %2 of sleep is %3 in total.")
                  .arg(l.items)
                  .arg(sec(p.delaySeconds), sec(l.items * p.delaySeconds));
        if (second)
            why += QStringLiteral(" In this run %1 workers slept in parallel for %2 s, total "
                                  "sleep %3.")
                       .arg(l.workers)
                       .arg(QString::number(second->health.wallS, 'f', 3),
                            sec(l.items * p.delaySeconds));
        if (first)
            why += QStringLiteral(" One worker alone took %1 s.")
                       .arg(QString::number(first->health.wallS, 'f', 3));
        break;
    case Scenario::Cpu:
        why = QStringLiteral(
                  "Why the loop stalls: computing never reaches a co_await, so while one task "
                  "computes no other can run. On the loop the %1 × %2 steps of %3 ms run one "
                  "after another; offloaded to a pool of %4 threads (run_in_executor) they run "
                  "alongside while the loop stays free.")
                  .arg(p.tasks)
                  .arg(p.values)
                  .arg(num(l.workMs))
                  .arg(l.threads);
        if (first)
            why += QStringLiteral(" In this run on the loop: %1 s, longest stall %2 ms.")
                       .arg(QString::number(first->health.wallS, 'f', 3),
                            QString::number(first->health.maxStallMs, 'f', 1));
        if (second)
            why += QStringLiteral(" Offloaded: %1 s, longest stall %2 ms.")
                       .arg(QString::number(second->health.wallS, 'f', 3),
                            QString::number(second->health.maxStallMs, 'f', 1));
        break;
    }
    return why;
}

QStringList lessonNowLines(const RunRecord &r, double tS) {
    if (r.params.scenario == Scenario::Seed)
        return {};
    return lessonNowLines(r, lessonTagCounts(r, tS));
}

QStringList lessonNowLines(const RunRecord &r, const QHash<QString, int> &counts) {
    QStringList lines;
    if (r.params.scenario == Scenario::Seed)
        return lines;
    const auto tasks = [](int n) {
        return countText(n, QStringLiteral("task"), QStringLiteral("tasks"));
    };
    // In the order a reader looks for them: what holds the loop first.
    const std::pair<const char *, const char *> places[] = {
        {"blocking", "%1 in a blocking call: it holds the loop's thread, nothing else runs"},
        {"work", "%1 computing on the loop's thread: the others wait their turn"},
        {"offload", "%1 awaiting a worker thread (offloaded): the loop runs on"},
        {"permit", "%1 waiting for a permit of the semaphore (acquire)"},
        {"put", "%1 waiting for room in the queue (put)"},
        {"get", "%1 waiting for an item of the queue (get)"},
        {"turn", "%1 waiting for the task before to finish"},
        {"sleep", "%1 suspended at the sleep's co_await (or due, waiting for the loop)"},
        {"raise", "%1 failed: raised at the throw"},
    };
    for (const auto &[tag, text] : places)
        if (const int n = counts.value(QLatin1String(tag)); n > 0)
            lines << QString::fromUtf8(text).arg(tasks(n));
    if (lines.isEmpty())
        lines << QStringLiteral("No task is waiting anywhere: every one has ended");
    return lines;
}

QStringList lessonFacts(const RunRecord &r, double tS) {
    QStringList lines;
    if (r.params.scenario == Scenario::Seed)
        return lines;
    const qint64 t = toNs(tS);
    const bool named = r.groups.size() > 1;
    for (const auto &g : r.groups) {
        if (!g->isDone()) // its facts are written by the run's thread until then
            continue;
        for (const NarrationFact &f : narrationFacts(r.params, *g))
            if (f.atNs <= t)
                lines << (named ? groupLabel(r.params, g->kind()) + QStringLiteral(": ")
                                : QString()) +
                             f.text;
    }
    return lines;
}

} // namespace coroscope
