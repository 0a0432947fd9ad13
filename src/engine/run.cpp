// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "run.h"

#include "memory.h"

#include <algorithm>

namespace coroscope {

// Per task besides the record: the comprehension's and the generator's coroutine frames
// (288 + 216 bytes with g++ 12, 312 with clang 14, counted with an operator new hook), a
// queue entry and a slot in the scheduler (40 bytes), malloc overhead and the Task handle.
static constexpr quint64 kCoroutineBytesPerTask = 640;

Run::Run(const RunParams &params, QObject *parent)
    : QObject(parent)
    , m_scheduler(params.clock) {
    m_record.params = params;
    auto add = [&](GroupKind kind) {
        m_record.groups.push_back(std::make_unique<GroupRecord>(kind, params.tasks, params.values));
    };
    if (params.mode != Mode::Concurrent)
        add(GroupKind::Sequential);
    if (params.mode != Mode::Sequential)
        add(GroupKind::Concurrent);
}

Run::~Run() {
    blockSignals(true); // receivers must not see a half-destroyed run
    stop();
}

quint64 Run::bytesNeeded(const RunParams &params) {
    const quint64 groups = params.mode == Mode::Compare ? 2 : 1;
    const quint64 tasks = quint64(params.tasks);
    return groups * (GroupRecord::bytesNeeded(tasks, quint64(params.values)) +
                     tasks * (kCoroutineBytesPerTask + params.values * sizeof(double)));
}

QString Run::checkFits(const RunParams &params) {
    return memoryRefusal(
        bytesNeeded(params),
        QStringLiteral("a run of %1 × %2")
            .arg(countText(params.tasks, QStringLiteral("task"), QStringLiteral("tasks")),
                 countText(params.values, QStringLiteral("value"), QStringLiteral("values"))));
}

void Run::start() {
    Q_ASSERT(m_status == RunStatus::Idle);
    const qint64 origin = m_scheduler.now();
    m_originNs = origin; // before the status: a reader seeing Running reads the origin
    m_status = RunStatus::Running;
    m_scheduler.reserve(size_t(m_record.params.tasks) * m_record.groups.size() + 1);
    for (const auto &group : m_record.groups) {
        group->status = RunStatus::Running;
        m_contexts.push_back(GroupContext{m_scheduler, *group, m_record.params, origin});
    }
    m_groupsRunning = int(m_contexts.size());
    m_stallMeter.start();
    // Both groups' coroutines start here, at the same t = 0 (QCoro tasks are eager).
    for (GroupContext &g : m_contexts)
        m_drivers.push_back(drive(g));
}

QCoro::Task<> Run::drive(GroupContext &g) {
    if (g.record.kind() == GroupKind::Sequential)
        co_await runSequential(g);
    else
        co_await runConcurrentIntoRecord(g);
    groupDone(g, m_scheduler.isCancelled() ? RunStatus::Stopped : RunStatus::Finished);
}

void Run::groupDone(GroupContext &g, RunStatus status) {
    // The scheduler times its own callbacks exactly; the heartbeat catches the rest
    // (painting, other work on the loop, the process being preempted). On the virtual
    // clock every figure is virtual time: the stall is what blocking calls cost.
    const double stallMs = m_record.params.clock == Clock::Virtual
                               ? m_scheduler.maxStallMs()
                               : std::max(m_scheduler.maxStallMs(), m_stallMeter.maxStallMs());
    g.record.computeHealth(m_record.params, g.sinceOrigin(), stallMs, status);
    if (--m_groupsRunning == 0) {
        m_endNs = m_scheduler.now(); // before the status, for elapsedNs() on other threads
        m_stallMeter.stop();
        if (m_status == RunStatus::Running)
            m_status = RunStatus::Finished;
        if (m_stopper && !m_stopFromCoroutine)
            m_scheduler.cancelAll(); // wakes the stopper, which then ends; nothing else sleeps
        if (m_status == RunStatus::Stopped && !m_stopFromCoroutine) {
            Q_EMIT finished(); // from stop(): outside any coroutine
        } else {
            // Here we are inside the last coroutine, resumed by the scheduler's timer: a
            // receiver deleting the run at once would free the frame that is running.
            QMetaObject::invokeMethod(this, &Run::finished, Qt::QueuedConnection);
        }
    }
}

void Run::stop() {
    if (m_status != RunStatus::Running)
        return;
    m_status = RunStatus::Stopped;
    // Every sleeping generator wakes cancelled and returns; the comprehensions and the
    // drivers finish synchronously, calling groupDone() for each unfinished group.
    m_scheduler.cancelAll();
}

void Run::stopAt(qint64 sinceStartNs) {
    if (m_status != RunStatus::Running || m_stopper)
        return;
    if (sinceStartNs <= 0) {
        stop();
        return;
    }
    m_stopper.emplace(stopper(m_originNs + sinceStartNs));
}

QCoro::Task<> Run::stopper(qint64 atNs) {
    const Scheduler::Wake w = co_await m_scheduler.sleepUntil(atNs);
    if (w.cancelled || m_status != RunStatus::Running)
        co_return;
    m_stopFromCoroutine = true;
    stop();
}

qint64 Run::elapsedNs() const {
    if (m_status == RunStatus::Idle)
        return 0;
    const qint64 end = m_endNs;
    // Called from the window's thread too: the virtual clock as last published.
    return (end >= 0 ? end : m_scheduler.publishedNow()) - m_originNs;
}

void Run::noteWindowStall(double ms) {
    for (const auto &g : m_record.groups)
        g->health.windowStallMs = ms;
}

} // namespace coroscope
