// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/looptimeline.h"
#include "poolpriority.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <unordered_map>

namespace coroscope {

/*!
 * \brief The event loop's timelines of the groups the window shows, computed on a pool
 * thread (QtConcurrent::run) so the window's thread never sorts a group's yields.
 *
 * latest() hands out the last timeline finished for a group and, when the group has
 * published more since (or ended), starts computing a new one: at once for a group that
 * ended or has none yet; while it runs, no sooner than kLiveIntervalMs after the last
 * start and twice the last computation's time after its end, so the pool thread works at
 * most a third of the time beside the run's thread (a live 1,000,000-yield group takes it
 * about half a second a time on a loaded 2-core machine). updated() says
 * a new one is ready (the window repaints). One computation per group at a time; the
 * window draws the last finished one meanwhile, whatever the group's size.
 *
 * The records belong to the caller: clear() (and the destructor) abandons the work going
 * on and waits for it, so call it before a record shown is freed. Abandoning takes
 * microseconds (loopSnapshot() looks at its stop flag every thousand tasks).
 *
 * \code
 * LoopTimelines loops;
 * view.setLoopSource([&](const GroupRecord &g, const RunParams &p) { return loops.latest(g, p); });
 * connect(&loops, &LoopTimelines::updated, view.viewport(), qOverload<>(&QWidget::update));
 * \endcode
 */
class LoopTimelines : public QObject {
    Q_OBJECT
public:
    explicit LoopTimelines(QObject *parent = nullptr);
    ~LoopTimelines() override;

    //! The last timeline finished for \a g (null while none is); starts a newer one when due.
    std::shared_ptr<const LoopSnapshot> latest(const GroupRecord &g, const RunParams &params);
    //! Abandons every computation going on, waits for them, forgets every timeline.
    void clear();
    /*!
     * The groups of \a newer go on from those of \a older at the same index (a watched
     * program's next snapshot: the same tasks, more of them published). Each keeps its
     * predecessor's last timeline, shown until a newer one is done, and its pace. A
     * computation going on for a predecessor is left to finish and counts as the
     * successor's: it keeps \a older alive until then (let go on the pool's thread, not
     * the caller's). Without this, each snapshot (every 100 ms or more) abandoned the
     * computation going on and started a whole one afresh, and a 100,000-task program's
     * lane kept the pool's thread busy beside the window's.
     */
    void carryOver(const std::shared_ptr<const RunRecord> &older, const RunRecord &newer);
    //! Computations started so far (for tests).
    int started() const { return m_started; }
    //! How the computations started from now on give way to the window (poolpriority.h):
    //! Idle while a program is watched (it keeps a core busy of its own), Batch otherwise.
    void setWay(PoolWay way) { m_way = way; }
    PoolWay way() const { return m_way; }

    //! A live group's timeline is computed again at most this often (see above).
    static constexpr int kLiveIntervalMs = 250;

Q_SIGNALS:
    //! A newer timeline is ready for some group.
    void updated();

private:
    struct Entry {
        std::shared_ptr<const LoopSnapshot> done;
        std::unique_ptr<QFutureWatcher<std::optional<LoopSnapshot>>> running;
        std::shared_ptr<std::atomic<bool>> stop;
        QElapsedTimer sinceStart;
        QElapsedTimer sinceEnd;
        qint64 tookMs = 0; //!< the last computation, start to end (wall)
        //! The record a running computation reads, when it is a predecessor's (carryOver()).
        std::shared_ptr<const RunRecord> keep;
    };
    void start(Entry &e, const GroupRecord &g, const RunParams &params);
    void onFinished(QFutureWatcherBase *watcher);
    //! Stops \a e's computation, waits for it (microseconds: see loopSnapshot()).
    void abandon(Entry &e);
    //! Drops \a record on the pool's thread (freeing a big snapshot takes tens of ms).
    void letGo(std::shared_ptr<const RunRecord> record);

    std::unordered_map<const GroupRecord *, Entry> m_entries;
    //! One thread of its own, giving way (poolpriority.h): the run's thread and the window's come
    //! first on a busy machine.
    QThreadPool m_pool;
    QThreadPool m_idlePool; //!< PoolWay::Idle's (a thread cannot leave SCHED_IDLE)
    PoolWay m_way = PoolWay::Batch;
    QTimer m_later; //!< a live group's next computation, once kLiveIntervalMs has passed
    int m_started = 0;
};

} // namespace coroscope
