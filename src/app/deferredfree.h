// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace coroscope {

/*!
 * \brief Frees what the window lets go of (a watched program's older snapshots) on a thread
 * of its own, in batches, without waking anything.
 *
 * A watched program of 100,000 tasks hands the window a new snapshot every few hundred ms;
 * the older one must be freed somewhere other than the window's thread. Qt's global thread
 * pool is the wrong place: Qt 6.4's raster engine splits a large fill across that very pool
 * and waits for it (QT_THREAD_PARALLEL_FILLS), so a free queued there delays the window's
 * next paint, and starting a pool task wakes a thread that, on a busy 2-core machine, takes
 * the window's core at once (perf saw the window preempted right after such a wake).
 *
 * hand() only appends to a list: the thread wakes on its own every \a batch and frees the
 * list in one go. It runs at SCHED_IDLE on Linux (allowed without privilege), so it takes a
 * core only when nothing else wants one. hand() never waits for it either: a thread at
 * SCHED_IDLE preempted while it holds the list's lock may not run again for a long time on
 * a busy machine, so hand() only tries the lock and otherwise keeps the item in a list of
 * the caller's own until the next hand(). If the thread falls behind (more than
 * kMaxBacklog items waiting: a machine too busy to give it any time), hand() frees the
 * oldest itself, so memory stays bounded. One caller thread; the destructor frees what is
 * left and joins.
 *
 * \code
 * DeferredFree later;
 * later.hand(std::move(olderSnapshot)); // freed within ~250 ms, on that thread
 * \endcode
 */
class DeferredFree {
public:
    explicit DeferredFree(std::chrono::milliseconds batch = std::chrono::milliseconds(250));
    ~DeferredFree();
    DeferredFree(const DeferredFree &) = delete;
    DeferredFree &operator=(const DeferredFree &) = delete;

    //! Frees \a p later on the thread (now, here, if the backlog is full). Never waits for
    //! the thread and never wakes it; a null or shared pointer is just released.
    void hand(std::shared_ptr<const void> p);
    //! Items waiting (for tests).
    std::size_t pending() const;
    //! Batches freed so far on the thread (for tests).
    std::size_t batches() const;
    //! Items freed by hand() itself because the backlog was full (for tests).
    std::size_t freedHere() const;
    //! Items hand() kept on the caller's side because the lock was taken (for tests).
    std::size_t keptHere() const { return m_kept.size(); }
    //! For tests: the list's lock, held as the thread holds it while it takes a batch.
    std::unique_lock<std::mutex> holdForTest() { return std::unique_lock(m_mutex); }

    static constexpr std::size_t kMaxBacklog = 8;

private:
    void run();

    const std::chrono::milliseconds m_batch;
    mutable std::mutex m_mutex;
    std::condition_variable m_stopped;
    std::vector<std::shared_ptr<const void>> m_list; // guarded by m_mutex
    bool m_stop = false;                             // guarded by m_mutex
    std::size_t m_batches = 0;                       // guarded by m_mutex
    std::size_t m_freedHere = 0;                     // guarded by m_mutex
    std::vector<std::shared_ptr<const void>> m_kept; // the caller's, while the lock was taken
    std::thread m_thread;                            // last: starts after the rest exists
};

} // namespace coroscope
