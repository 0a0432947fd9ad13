// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QCoroFuture>
#include <QCoroTask>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <vector>

namespace coroscope {

/*!
 * \brief Runs blocking or CPU-bound work on a thread pool of the run's own, awaited
 * through QCoro's QFuture support (`asyncio.to_thread`, `run_in_executor`).
 *
 * A job gets a stop flag to poll: Stop sets it, so a job in flight ends within a
 * millisecond, and drain() waits for every awaiting coroutine to have resumed (its
 * frame must never outlive the run).
 *
 * \code
 * co_await offloader.run([](const std::atomic_bool &stop) { slowCall(stop); });
 * \endcode
 */
class Offloader {
public:
    explicit Offloader(int threads) { m_pool.setMaxThreadCount(threads); }
    ~Offloader() { drain(); }

    template<typename Job> QCoro::Task<> run(Job job) {
        ++m_pending;
        std::shared_ptr<std::atomic_bool> stop = m_stop;
        // A named future, not a temporary inside the co_await: built by g++ 12, the
        // temporary form crashed releasing the stop flag's shared_ptr when the coroutine
        // resumed (12 of 20 runs of --scenario cpu --variant offload; clang 14: 0 of 20).
        QFuture<void> done = QtConcurrent::run(&m_pool, [stop, job] { job(*stop); });
        co_await done;
        --m_pending;
    }

    //! Every job in flight ends soon; its coroutine resumes on the next turn of the loop.
    void stopAll() { *m_stop = true; }
    bool stopping() const { return *m_stop; }
    int pending() const { return m_pending; }
    int threads() const { return m_pool.maxThreadCount(); }
    /*!
     * The virtual clock's stand-in for run(): no thread runs. The job takes the pool's
     * first free thread at \a nowNs or later and holds it \a costNs (a FIFO pool of
     * threads() threads, as QThreadPool is); returns when it ends, in virtual ns.
     */
    qint64 virtualJobEnd(qint64 nowNs, qint64 costNs);
    //! Stops every job and delivers their results now, so no awaiting frame is left behind.
    void drain();

private:
    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_stop = std::make_shared<std::atomic_bool>(false);
    int m_pending = 0;
    std::vector<qint64> m_virtualFreeNs; //!< per thread: when it is free, on the virtual clock
};

} // namespace coroscope
