// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runcontroller.h"

#include "render/chartrenderer.h"

#include <algorithm>

namespace coroscope {

RunController::RunController(QObject *parent)
    : QObject(parent) {
    // One poll per screen refresh (60 Hz: 16 ms); a yield never asks for a paint itself.
    m_frameTimer.setInterval(16);
    connect(&m_frameTimer, &QTimer::timeout, this, &RunController::onTick);
}

RunController::~RunController() {
    discard();
}

bool RunController::canStart() const {
    return !(isRunning() && m_run->status() == RunStatus::Running && !m_run->stopRequested());
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
    const qint64 stopAfterNs = stopAfter >= 0 ? qint64(stopAfter * 1e9 + 0.5) : -1;
    m_run->start(stopAfterNs);
    m_frameTimer.start();
}

void RunController::stop() {
    if (m_run && m_runState == RunStatus::Running)
        m_run->stop(); // the run's thread stops it; onRunFinished() follows
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
    m_run.reset(); // stops the run and joins its thread
    m_opened.reset();
    m_runState = RunStatus::Idle;
    m_viewS = -1;
}

RunStatus RunController::state() const {
    if (m_run)
        return m_runState;
    if (m_opened)
        return m_opened->groups.empty() ? RunStatus::Idle : m_opened->groups.front()->status.load();
    return RunStatus::Idle;
}

const RunRecord *RunController::record() const {
    if (m_run)
        return &m_run->record();
    return m_opened.get();
}

double RunController::endTime() const {
    const RunRecord *r = record();
    return r ? ChartRenderer::recordedEndS(*r) : 1.0;
}

double RunController::runTime() const {
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

void RunController::onTick() {
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
    Q_EMIT finished();
}

} // namespace coroscope
