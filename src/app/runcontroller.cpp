// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runcontroller.h"

#include "render/chartrenderer.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {

/*!
 * The first yield of any task after \a afterNs (\a forward) or the last before \a beforeNs,
 * in ns; -1 if none. Each task's yields are in time order: a binary search per task.
 */
qint64 neighbourYieldNs(const RunRecord &r, qint64 ns, bool forward) {
    qint64 best = -1;
    for (const auto &g : r.groups) {
        for (int task = 0; task < g->tasks(); ++task) {
            const int n = g->count(task);
            // The first index whose time is after ns (forward) or at or after ns (back).
            int lo = 0, hi = n;
            while (lo < hi) {
                const int mid = lo + (hi - lo) / 2;
                const qint64 at = g->atNs(task, mid);
                if (forward ? at <= ns : at < ns)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (forward && lo < n) {
                const qint64 at = g->atNs(task, lo);
                if (best < 0 || at < best)
                    best = at;
            } else if (!forward && lo > 0) {
                best = std::max(best, g->atNs(task, lo - 1));
            }
        }
    }
    return best;
}

} // namespace

RunController::RunController(QObject *parent)
    : QObject(parent) {
    m_tallyPool.setMaxThreadCount(1);
    // One poll per screen refresh (60 Hz: 16 ms); a yield never asks for a paint itself.
    m_frameTimer.setInterval(16);
    connect(&m_frameTimer, &QTimer::timeout, this, &RunController::onTick);
}

RunController::~RunController() {
    discard();
}

bool RunController::canStart() const {
    return !(isRunning() && !stopRequested() && (!m_run || m_run->status() == RunStatus::Running));
}

bool RunController::stopRequested() const {
    return (m_run && m_run->stopRequested()) || (m_watch && m_watch->stopRequested());
}

void RunController::watch(const watch::WatchOptions &options) {
    discard();
    const quint64 id = ++m_runId;
    m_watch = std::make_unique<watch::WatchHost>(options);
    m_loops.setWay(PoolWay::Idle); // the watched program keeps a core busy of its own
    connect(m_watch.get(), &watch::WatchHost::snapshotReady, this, &RunController::onWatchSnapshot);
    connect(m_watch.get(), &watch::WatchHost::outputReceived, this, &RunController::watchOutput);
    connect(m_watch.get(), &watch::WatchHost::finished, this, [this, id] { onWatchFinished(id); });
    m_ownerStall.start();
    m_frame = 0;
    m_watch->start();
    // The frame timer starts with the first lanes (it stops while there is no record).
}

void RunController::onWatchSnapshot() {
    const std::optional<watch::WatchSnapshot> s = m_watch ? m_watch->takeSnapshot() : std::nullopt;
    if (!s || !s->record)
        return;

    // The owner's views let go of the older snapshot in watchSnapshot(), before it is freed.
    std::shared_ptr<const RunRecord> older = std::exchange(m_watched, s->record);
    m_loops.carryOver(older, *m_watched); // the loop's lane goes on at its own pace
    m_tally.reset(m_watched.get());
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
    Q_EMIT watchSnapshot();
    freeElsewhere(std::move(older));
}

void RunController::freeElsewhere(std::shared_ptr<const RunRecord> record) {
    // A snapshot of 100,000 watched tasks is megabytes of arrays: freeing it on the window's
    // thread took it 40–60 ms once (2-core machine, under load). m_free's thread frees it,
    // in batches, at idle priority and without being woken (see DeferredFree); nothing
    // here points into it any more (the views let go in watchSnapshot()).
    m_free.hand(std::move(record));
}

void RunController::onWatchFinished(quint64 runId) {
    if (runId != m_runId || !m_watch)
        return;
    m_ownerStall.stop();
    m_frameTimer.stop();
    std::shared_ptr<const RunRecord> last = m_watch->last().record;
    if (!last) { // nothing was watched: no lanes, no tally to make
        m_tally.finish();
        Q_EMIT finished();
        return;
    }
    // The final tally visits every yield once (100,000 tasks: a million, 10-20 ms of one
    // loop turn): on a pool thread. The final record is whole and nothing writes it any more.
    auto *making = new QFutureWatcher<YieldTally>(this);
    connect(making, &QFutureWatcherBase::finished, this, [this, making, runId, last]() mutable {
        making->deleteLater();
        YieldTally tally = making->future().takeResult();
        if (runId != m_runId || !m_watch) { // let go meanwhile (a new run, an open)
            tally.reset(nullptr);
            freeElsewhere(std::move(last));
            return;
        }
        std::shared_ptr<const RunRecord> older = std::exchange(m_watched, std::move(last));
        m_loops.carryOver(older, *m_watched);
        m_tally = std::move(tally);
        Q_EMIT watchSnapshot();
        freeElsewhere(std::move(older));
        Q_EMIT finished();
    });
    making->setFuture(QtConcurrent::run(&m_tallyPool, [last] {
        YieldTally t;
        t.reset(last.get());
        t.finish();
        return t;
    }));
}

void RunController::start(const RunParams &params) {
    discard();
    const quint64 id = ++m_runId;
    m_run = std::make_unique<RunHost>(params);
    // The id keeps a late signal of an older run from touching this one.
    connect(
        m_run.get(), &RunHost::finished, this, [this, id] { onRunFinished(id); },
        Qt::QueuedConnection);
    const double stopAfter = std::exchange(m_stopAfterS, -1);
    m_ownerStall.start();
    m_runState = RunStatus::Running;
    m_tally.reset(&m_run->record());
    m_frame = 0;
    m_steppedAside = 0;
    m_sinceDrawn.invalidate();
    m_paused = false;
    const qint64 stopAfterNs = stopAfter >= 0 ? std::llround(stopAfter * 1e9) : -1;
    if (params.clock == Clock::Virtual) {
        // Started paused, paced, then let go: all posted in order, so no wake-up happens
        // at the engine's own pace (as fast as possible).
        m_run->start(stopAfterNs, true);
        m_run->setSpeed(m_speed);
        m_run->resume();
    } else {
        m_run->start(stopAfterNs);
    }
    m_frameTimer.start();
    Q_EMIT lessonClockChanged();
}

void RunController::stop() {
    if (m_run && m_runState == RunStatus::Running)
        m_run->stop(); // the run's thread stops it; onRunFinished() follows
    else if (m_watch && !m_watch->isFinished())
        m_watch->stop(); // SIGINT, a kill 2 s later; onWatchFinished() follows
    stopReplay();
}

void RunController::adopt(std::unique_ptr<RunRecord> record, YieldTally *tally) {
    discard();
    ++m_runId;
    m_opened = std::move(record);
    if (tally && tally->record() == m_opened.get()) {
        m_tally = std::move(*tally); // indexed on a worker already
    } else {
        m_tally.reset(m_opened.get());
        m_tally.finish();
    }
}

void RunController::discard() {
    stopReplay();
    m_frameTimer.stop();
    m_ownerStall.stop();
    m_tally.reset(nullptr);
    m_loops.clear(); // before the groups its pool threads read are freed
    m_loops.setWay(PoolWay::Batch);
    m_run.reset();   // stops the run and joins its thread
    m_watch.reset(); // kills a watched program still running, joins its thread
    m_watched.reset();
    m_opened.reset();
    m_runState = RunStatus::Idle;
    m_viewS = -1;
}

RunStatus RunController::state() const {
    if (m_run)
        return m_runState;
    if (m_watch && !m_watch->isFinished())
        return RunStatus::Running;
    if (m_watched)
        return m_watched->groups.front()->status.load();
    if (m_opened)
        return m_opened->groups.empty() ? RunStatus::Idle : m_opened->groups.front()->status.load();
    return RunStatus::Idle;
}

const RunRecord *RunController::record() const {
    if (m_run)
        return &m_run->record();
    if (m_watched)
        return m_watched.get();
    return m_opened.get();
}

double RunController::endTime() const {
    const RunRecord *r = record();
    return r ? ChartRenderer::recordedEndS(*r) : 1.0;
}

double RunController::runTime() const {
    if (m_watch) // the program's last event seen, from its first task's creation
        return m_watch->last().nowS;
    return m_run ? double(m_run->elapsedNs()) / 1e9 : 0.0;
}

double RunController::viewTime() const {
    if (isRunning())
        return runTime();
    return m_viewS;
}

void RunController::setViewTime(double seconds) {
    m_viewS = std::clamp(seconds, 0.0, endTime());
    Q_EMIT viewTimeChanged(m_viewS);
}

void RunController::scrubTo(double seconds) {
    if (!record() || isRunning())
        return;
    stopReplay();
    setViewTime(seconds);
}

bool RunController::startReplay(double speed) {
    if (!record() || isRunning())
        return false;
    m_replaySpeed = speed;
    // From the view's place, or from the start when it is at the end.
    m_replayFrom = m_viewS < 0 || m_viewS >= endTime() - 1e-9 ? 0.0 : m_viewS;
    m_replaying = true;
    m_replayClock.start();
    Q_EMIT replayingChanged(true);
    setViewTime(m_replayFrom);
    m_frameTimer.start();
    return true;
}

void RunController::stopReplay() {
    if (!m_replaying)
        return;
    m_replaying = false;
    if (!isRunning())
        m_frameTimer.stop();
    Q_EMIT replayingChanged(false);
}

bool RunController::stepYield(bool forward) {
    const RunRecord *r = record();
    if (!r || isRunning())
        return false;
    stopReplay();
    const double end = endTime();
    const double at = m_viewS < 0 ? end : m_viewS;
    const qint64 ns = qint64(std::llround(at * 1e9));
    const qint64 next = neighbourYieldNs(*r, ns, forward);
    if (next < 0) {
        // Before the first yield lies the start; after the last, the record's end.
        const double edge = forward ? end : 0.0;
        if (std::abs(at - edge) < 1e-12)
            return false;
        setViewTime(edge);
        return true;
    }
    setViewTime(double(next) / 1e9);
    return true;
}

bool RunController::hasLessonClock() const {
    return m_run && m_run->clock() == Clock::Virtual && isRunning();
}

void RunController::pause() {
    if (m_paused || !hasLessonClock())
        return;
    m_paused = true;
    m_run->pause();
    Q_EMIT lessonClockChanged();
}

void RunController::resume() {
    if (!m_paused)
        return;
    m_paused = false;
    if (hasLessonClock())
        m_run->resume();
    Q_EMIT lessonClockChanged();
}

void RunController::stepToNextWake() {
    if (!hasLessonClock())
        return;
    if (!m_paused) {
        m_paused = true;
        m_run->pause();
    }
    m_run->stepToNextWake();
    Q_EMIT lessonClockChanged();
}

void RunController::setSpeed(double x) {
    m_speed = std::clamp(x, 0.1, 10.0);
    if (hasLessonClock())
        m_run->setSpeed(m_speed);
    Q_EMIT lessonClockChanged();
}

qint64 RunController::runPassAgeNs() const {
    return m_run ? m_run->passAgeNs() : -1;
}

qint64 RunController::runNextWakeInNs() const {
    return m_run ? m_run->nextWakeInNs() : -1;
}

bool RunController::stepsAsideForTheRun() const {
    if (!m_run || m_replaying || !isRunning() || !m_sinceDrawn.isValid() ||
        m_sinceDrawn.elapsed() >= m_longestSkipMs)
        return false;
    if (const qint64 age = m_run->passAgeNs(); age >= 0 && age < m_stepAsideNs)
        return true; // a batch under way
    const qint64 in = m_run->nextWakeInNs();
    return in >= 0 && in < m_leadNs && m_run->lastWoken() >= kBigBatch; // one coming
}

void RunController::onTick() {
    // The window steps aside for a young batch of the run's wake-ups. With 100,000 lanes a
    // batch holds one core ~8 ms; a frame painted meanwhile (this thread, Qt's raster pool,
    // the X server) left the run thread waiting for a core and made its lateness p99 3 ms
    // worse than headless (bench/window.py; README "Benchmark"). A frame a tick later is
    // not seen; a batch's lateness is.
    if (stepsAsideForTheRun()) {
        ++m_steppedAside;
        return;
    }
    m_sinceDrawn.start();
    ++m_frame;
    if (!record()) {
        m_frameTimer.stop();
        return;
    }
    if (m_replaying) {
        const double t = m_replayFrom + m_replayClock.nsecsElapsed() / 1e9 * m_replaySpeed;
        if (t >= endTime()) {
            setViewTime(endTime());
            stopReplay();
        } else {
            setViewTime(t);
        }
        return;
    }
    if (isRunning())
        Q_EMIT frame();
}

void RunController::onRunFinished(quint64 runId) {
    if (runId != m_runId || !m_run)
        return;
    m_ownerStall.stop();
    m_run->noteWindowStall(m_ownerStall.maxStallMs());
    m_runState = m_run->status();
    m_frameTimer.stop();
    m_tally.finish();
    Q_EMIT lessonClockChanged();
    Q_EMIT finished();
}

} // namespace coroscope
