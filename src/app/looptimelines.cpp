// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "looptimelines.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace coroscope {

LoopTimelines::LoopTimelines(QObject *parent)
    : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    m_idlePool.setMaxThreadCount(1);
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
    QFutureWatcherBase *watcher = e.running.get();
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] { onFinished(watcher); });
    // The group stays alive until clear() (the caller's promise), or carried over, as long
    // as e.keep; the stop flag and the parameters are the job's own.
    // Given way (poolpriority.h): a live 1,000,000-task run's timeline is half a second of
    // CPU at a time, which on a 2-core machine competes with the run's thread (its
    // lateness) and the window's (its frames). Nice 10 gets it about a tenth of a core
    // they want; an idle core runs it at full speed.
    const PoolWay way = m_way;
    QThreadPool *pool = way == PoolWay::Idle ? &m_idlePool : &m_pool;
    e.running->setFuture(QtConcurrent::run(pool, [key, params, stop = e.stop, way] {
        givePoolThreadWay(way);
        return loopSnapshot(params, *key, stop.get());
    }));
}

void LoopTimelines::onFinished(QFutureWatcherBase *watcher) {
    // Found by its watcher: carryOver() may have moved the entry to a successor group.
    const auto it = std::find_if(m_entries.begin(), m_entries.end(), [watcher](const auto &kv) {
        return kv.second.running.get() == watcher;
    });
    if (it == m_entries.end())
        return;
    Entry &done = it->second;
    done.tookMs = done.sinceStart.elapsed();
    done.sinceEnd.start();
    std::optional<LoopSnapshot> made = done.running->future().takeResult();
    // Destroyed later: this slot runs inside the watcher's own signal.
    done.running.release()->deleteLater();
    letGo(std::move(done.keep));
    if (made)
        done.done = std::make_shared<const LoopSnapshot>(std::move(*made));
    Q_EMIT updated();
}

void LoopTimelines::letGo(std::shared_ptr<const RunRecord> record) {
    if (record)
        m_pool.start([r = std::move(record)] { /* the last owner frees it here */ });
}

void LoopTimelines::carryOver(const std::shared_ptr<const RunRecord> &older,
                              const RunRecord &newer) {
    std::unordered_map<const GroupRecord *, Entry> next;
    for (size_t i = 0; older && i < older->groups.size(); ++i) {
        const auto it = m_entries.find(older->groups[i].get());
        if (it == m_entries.end())
            continue;
        Entry e = std::move(it->second);
        m_entries.erase(it);
        if (i >= newer.groups.size()) {
            abandon(e);
            continue;
        }
        if (e.running && !e.keep)
            e.keep = older;
        next.emplace(newer.groups[i].get(), std::move(e));
    }
    for (auto &[g, e] : m_entries) // none were the older record's: nothing goes on from them
        abandon(e);
    m_entries = std::move(next);
}

void LoopTimelines::abandon(Entry &e) {
    if (e.running) {
        e.stop->store(true, std::memory_order_relaxed);
        e.running->disconnect(this);
        e.running->waitForFinished();
        e.running.reset();
    }
    letGo(std::move(e.keep));
}

void LoopTimelines::clear() {
    m_later.stop();
    for (auto &[g, e] : m_entries)
        if (e.running)
            e.stop->store(true, std::memory_order_relaxed);
    for (auto &[g, e] : m_entries)
        abandon(e);
    m_entries.clear();
}

} // namespace coroscope
