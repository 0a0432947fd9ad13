// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "run.h"

#include "model/memory.h"
#include "scenarios/scenarios.h"

#include <algorithm>

namespace coroscope {

// Per task besides the record: the comprehension's and the generator's coroutine frames
// (288 + 216 bytes with g++ 12, 264 with clang 14, counted with heaptrack), a
// queue entry and a slot in the scheduler (40 bytes), malloc overhead and the Task handle,
// and the list a comprehension returns (a copy of its values, dropped by the when-all).
static constexpr quint64 kCoroutineBytesPerTask = 640;

Run::Run(const RunParams &params, QObject *parent)
    : QObject(parent)
    , m_scheduler(params.clock) {
    m_record.params = params;
    for (GroupKind kind : groupKinds(params))
        m_record.groups.push_back(
            std::make_unique<GroupRecord>(kind, groupLanes(params, kind), groupSlots(params, kind),
                                          GroupRecord::scheduleFor(params, kind)));
}

Run::~Run() {
    blockSignals(true); // receivers must not see a half-destroyed run
    stop();
    if (m_offloader)
        m_offloader->drain(); // coroutines awaiting a worker thread resume and end here
}

quint64 Run::bytesNeeded(const RunParams &params) {
    quint64 bytes = 0;
    for (GroupKind kind : groupKinds(params)) {
        const quint64 lanes = quint64(groupLanes(params, kind));
        const quint64 slots = quint64(groupSlots(params, kind));
        const bool scheduled = GroupRecord::scheduleFor(params, kind).has_value();
        bytes += GroupRecord::bytesNeeded(lanes, slots, scheduled) + lanes * kCoroutineBytesPerTask;
    }
    return bytes;
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
    // The eager tasks stamp and publish their first states here (Scheduler::settledNs()).
    const Scheduler::Unsettled unsettled(m_scheduler);
    for (const auto &group : m_record.groups)
        group->mapSlotsIn(); // before t = 0: the first wake-ups would fault them in
    const qint64 origin = m_scheduler.now();
    m_originNs = origin; // before the status: a reader seeing Running reads the origin
    m_status = RunStatus::Running;
    // Every task asleep at once, plus the start's turn to the event loop and stopAt()'s
    // sleeper: the queue is sized exactly, so it must not have to grow (doubling) mid-run.
    m_scheduler.reserve(size_t(m_record.params.tasks) * m_record.groups.size() + 2);
    for (const auto &group : m_record.groups) {
        group->status = RunStatus::Running;
        m_contexts.push_back(GroupContext{m_scheduler, *group, m_record.params, origin});
    }
    // The scheduler's passes go into the groups running: all from here, but the lab's
    // variants that run in turn each from its own start (driveLabInTurn()).
    const bool inTurn = m_record.params.scenario != Scenario::Seed && m_record.groups.size() == 2 &&
                        variantsRunInTurn(m_record.params.scenario);
    if (!inTurn)
        for (const auto &group : m_record.groups)
            m_scheduler.addPassRecord(group.get(), origin);
    m_groupsRunning = int(m_record.groups.size());
    m_stallMeter.start();
    if (m_record.params.scenario != Scenario::Seed) {
        m_contexts.clear();
        const RunParams &p = m_record.params;
        const int threads = p.scenario == Scenario::Cpu ? p.lab.threads : 2;
        m_offloader = std::make_unique<Offloader>(threads);
        for (const auto &group : m_record.groups)
            m_labs.emplace_back(m_scheduler, *group, p, *m_offloader, int(group->kind()));
        if (m_labs.size() == 2 && variantsRunInTurn(p.scenario)) {
            m_record.groups[1]->status = RunStatus::Idle; // its turn comes
            m_drivers.push_back(driveLabInTurn());
        } else {
            for (LabContext &g : m_labs)
                m_drivers.push_back(driveLab(g));
        }
        return;
    }
    // Both groups' coroutines start here, at the same t = 0 (QCoro tasks are eager).
    for (GroupContext &g : m_contexts)
        m_drivers.push_back(drive(g));
}

QCoro::Task<> Run::driveLab(LabContext &g) {
    g.originNs = m_originNs;
    const RunStatus status = co_await runScenario(g);
    groupDone(g.record, g.sinceOrigin(), status);
}

QCoro::Task<> Run::driveLabInTurn() {
    // A blocked or busy loop would slow the other variant too: each runs alone, from its
    // own t = 0, and both are drawn from a common t = 0.
    for (LabContext &g : m_labs) {
        if (m_scheduler.isCancelled()) {
            groupDone(g.record, 0, RunStatus::Stopped);
            continue;
        }
        g.originNs = m_scheduler.now();
        // Before the status: a window seeing it Running maps its clock to this group's.
        g.record.setRunOffsetNs(g.originNs - m_originNs);
        g.record.status = RunStatus::Running;
        // Each variant's stall is its own: the block of the first is not the second's.
        m_scheduler.resetMaxStall();
        m_stallMeter.start();
        m_scheduler.addPassRecord(&g.record, g.originNs);
        const RunStatus status = co_await runScenario(g);
        groupDone(g.record, g.sinceOrigin(), status);
    }
}

QCoro::Task<> Run::drive(GroupContext &g) {
    qint64 wallNs;
    if (g.record.kind() == GroupKind::Sequential) {
        co_await runSequentialIntoRecord(g);
        wallNs = g.sinceOrigin();
    } else {
        wallNs = co_await runConcurrentIntoRecord(g); // when its last task ended
    }
    groupDone(g.record, wallNs,
              m_scheduler.isCancelled() ? RunStatus::Stopped : RunStatus::Finished);
}

void Run::groupDone(GroupRecord &g, qint64 wallNs, RunStatus status) {
    // Its last pass (the one that resumed its last task) up to now, before the status.
    m_scheduler.removePassRecord(&g);
    // The scheduler times its own callbacks exactly; the heartbeat catches the rest
    // (painting, other work on the loop, the process being preempted). On the virtual
    // clock every figure is virtual time: the stall is what blocking calls cost.
    const double stallMs = m_record.params.clock == Clock::Virtual
                               ? m_scheduler.maxStallMs()
                               : std::max(m_scheduler.maxStallMs(), m_stallMeter.maxStallMs());
    // The run thread's waits for a core so far (since its group's start: the meter restarts
    // with each variant that runs in turn).
    if (m_record.params.clock == Clock::Real && m_stallMeter.knowsWaits())
        g.health.runCoreWaitMs = m_stallMeter.totalWaitMs();
    // The status is stored last, after the health and the lab's facts: readers on other
    // threads go by it.
    g.computeHealth(m_record.params, wallNs, stallMs, status);
    if (--m_groupsRunning == 0) {
        m_endNs = m_scheduler.now(); // before the status, for elapsedNs() on other threads
        m_stallMeter.stop();
        if (m_status == RunStatus::Running)
            m_status = RunStatus::Finished;
        if (m_stopper && !m_stopFromCoroutine)
            m_scheduler.cancelAll(); // wakes the stopper, which then ends; nothing else sleeps
        // Synchronously only from stop() called outside any coroutine (a lab task that
        // awaited a worker thread ends later, inside its coroutine: queued then).
        if (m_inStop && !m_stopFromCoroutine) {
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
    m_inStop = true;
    const Scheduler::Unsettled unsettled(m_scheduler); // the outcomes' times, then theirs
    // Every sleeping generator wakes cancelled and returns; the comprehensions and the
    // drivers finish synchronously, calling groupDone() for each unfinished group. (A lab
    // task awaiting a worker thread ends when the thread hands back, within a few ms.)
    for (LabContext &g : m_labs)
        g.scope.cancel(CancelCause::Stop, m_scheduler.now());
    m_scheduler.cancelAll();
    if (m_offloader)
        m_offloader->stopAll();
    m_inStop = false;
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
    // Called from the window's thread too: as far as the record is published (a time the
    // run's thread has stamped but not yet published is not shown as passed), on the
    // virtual clock as last published.
    return (end >= 0 ? end : m_scheduler.settledNs()) - m_originNs;
}

void Run::noteWindowStall(double ms) {
    for (const auto &g : m_record.groups)
        g->health.windowStallMs = ms;
}

} // namespace coroscope
