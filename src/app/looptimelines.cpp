// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "looptimelines.h"

#include <QCoreApplication>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include <sys/resource.h>
#include <unistd.h>

namespace coroscope {

namespace {

/*!
 * Lowers the calling thread's priority once (nice 10; Linux: nice is per thread). Not the
 * application's thread: waitForFinished() may run a job not started yet right there.
 */
void niceThisPoolThread() {
    static thread_local bool done = false;
    if (done || QThread::currentThread() == QCoreApplication::instance()->thread())
        return;
    done = true;
    setpriority(PRIO_PROCESS, id_t(gettid()), 10); // best effort: unniced if refused
}

} // namespace

LoopTimelines::LoopTimelines(QObject *parent)
    : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    m_later.setSingleShot(true);
    // The window asks again on its next paint, and latest() starts what is due then.
    connect(&m_later, &QTimer::timeout, this, &LoopTimelines::updated);
}

LoopTimelines::~LoopTimelines() {
    clear();
}

std::shared_ptr<const LoopSnapshot> LoopTimelines::latest(const GroupRecord &g,
                                                          const RunParams &params) {
    Entry &e = m_entries[&g];
    if (!e.running && (!e.done || e.done->isStaleFor(g))) {
        // A live group that has one already waits its turn: a 1,000,000-yield group takes
        // a pool thread a good part of a second, and the run goes on publishing meanwhile.
        const qint64 wait = e.done && !g.isDone() && e.sinceStart.isValid()
                                ? std::max(kLiveIntervalMs - e.sinceStart.elapsed(),
                                           2 * e.tookMs - e.sinceEnd.elapsed())
                                : 0;
        if (wait <= 0)
            start(e, g, params);
        else if (!m_later.isActive() || m_later.remainingTime() > wait)
            m_later.start(int(wait));
    }
    return e.done;
}

void LoopTimelines::start(Entry &e, const GroupRecord &g, const RunParams &params) {
    ++m_started;
    e.sinceStart.start();
    e.stop = std::make_shared<std::atomic<bool>>(false);
    e.running = std::make_unique<QFutureWatcher<std::optional<LoopSnapshot>>>();
    const GroupRecord *key = &g;
    connect(e.running.get(), &QFutureWatcherBase::finished, this, [this, key] {
        const auto it = m_entries.find(key);
        if (it == m_entries.end() || !it->second.running)
            return;
        Entry &done = it->second;
        done.tookMs = done.sinceStart.elapsed();
        done.sinceEnd.start();
        std::optional<LoopSnapshot> made = done.running->future().takeResult();
        // Destroyed later: this slot runs inside the watcher's own signal.
        done.running.release()->deleteLater();
        if (made)
            done.done = std::make_shared<const LoopSnapshot>(std::move(*made));
        Q_EMIT updated();
    });
    // The group stays alive until clear() (the caller's promise); the stop flag and the
    // parameters are the job's own.
    // Niced (Linux: per thread): a live 1,000,000-task run's timeline is half a second of
    // CPU at a time, which on a 2-core machine competes with the run's thread (its
    // lateness) and the window's (its frames). Nice 10 gets it about a tenth of a core
    // they want; an idle core runs it at full speed.
    e.running->setFuture(QtConcurrent::run(&m_pool, [key, params, stop = e.stop] {
        niceThisPoolThread();
        return loopSnapshot(params, *key, stop.get());
    }));
}

void LoopTimelines::clear() {
    m_later.stop();
    for (auto &[g, e] : m_entries)
        if (e.running)
            e.stop->store(true, std::memory_order_relaxed);
    for (auto &[g, e] : m_entries)
        if (e.running) {
            e.running->disconnect(this);
            e.running->waitForFinished();
        }
    m_entries.clear();
}

} // namespace coroscope
