// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchhost.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutexLocker>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <vector>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace coroscope::watch {

namespace {

/*!
 * Gives the calling thread a lower scheduling priority (nice +10: about a tenth of the
 * weight of a normal thread when both want one core). On a two-core machine the watched
 * program keeps one core busy and this thread (parsing its lines, making snapshots of
 * 100,000 tasks) shared the other with the window's thread: the window waited for the core
 * 25-30 ms in a turn whose own work took 12 ms. Linux sets nice per thread. Called only once
 * the program runs: a process forked from this thread would inherit the nice value.
 */
void yieldToTheWindow() {
#ifdef Q_OS_LINUX
    // Ten above the thread's own (an app started with nice keeps the difference), at most
    // the lowest there is.
    const auto tid = id_t(syscall(SYS_gettid));
    errno = 0;
    const int own = getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        setpriority(PRIO_PROCESS, tid, std::min(19, own + 10));
#endif
}

} // namespace

class WatchHost::Thread : public QThread {
public:
    explicit Thread(WatchHost &host)
        : m_host(host) {}

    //! Runs \a f on this thread with the watcher, if it still exists: posted under the
    //! lock that run() takes before destroying it, so no call targets a dying object. One
    //! posted before run() has made the watcher is kept for it: a Stop (or a closing
    //! window's kill) in the moment after Watch, while the thread had not run yet, was
    //! dropped, and the program ran on unwatched by Stop (seen 2 in 12 under two busy loops).
    template<typename F> void post(F f) {
        QMutexLocker lock(&m_watcherMutex);
        if (m_watcher)
            QMetaObject::invokeMethod(
                m_watcher, [w = m_watcher, f] { f(*w); }, Qt::QueuedConnection);
        else if (!m_watcherGone)
            m_early.emplace_back(std::move(f));
    }

protected:
    void run() override {
        PythonWatcher w(m_host.m_options);
        std::vector<std::function<void(PythonWatcher &)>> early;
        {
            QMutexLocker lock(&m_watcherMutex);
            m_watcher = &w;
            early.swap(m_early);
        }
        QTimer snapshots;
        bool changed = false;
        const auto snap = [&] {
            if (!changed)
                return;
            changed = false;
            QElapsedTimer cost;
            cost.start();
            WatchSnapshot live = WatchSnapshot::take(w, RunStatus::Running);
            // The program may have ended a moment ago (finished() is still to come, with
            // the final snapshot): a live one never says so (CI's ASan build saw one).
            live.outcome = PythonWatcher::Outcome::Running;
            m_host.publish(std::move(live), false);
            // At most a fifth of this thread's time goes into snapshots.
            snapshots.setInterval(std::max<int>(kSnapshotMs, int(cost.elapsed() * 5)));
        };
        bool lowered = false;
        connect(&w, &PythonWatcher::progressed, &w, [&] {
            changed = true;
            if (!std::exchange(lowered, true))
                yieldToTheWindow(); // the program runs: its first trace line arrived
        });
        connect(&snapshots, &QTimer::timeout, &w, snap);
        connect(&w, &PythonWatcher::outputReceived, &m_host, &WatchHost::outputReceived,
                Qt::QueuedConnection);
        // Context &w, not this: the QThread object lives on the owner's thread.
        connect(&w, &PythonWatcher::finished, &w, [&] {
            snapshots.stop();
            m_host.publish(WatchSnapshot::take(w, w.recordStatus()), true);
            quit();
        });
        snapshots.start(kSnapshotMs);
        w.start();
        for (const auto &f : early)
            f(w); // a Stop or kill asked before the watcher was there
        exec();
        QMutexLocker lock(&m_watcherMutex);
        m_watcher = nullptr;
        m_watcherGone = true;
    } // the watcher goes here, after its program ended and its coroutine finished

private:
    WatchHost &m_host;
    QMutex m_watcherMutex;
    PythonWatcher *m_watcher = nullptr; // guarded by m_watcherMutex, as the two below
    bool m_watcherGone = false;
    std::vector<std::function<void(PythonWatcher &)>> m_early; //!< posted before run()
};

WatchHost::WatchHost(WatchOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_thread(std::make_unique<Thread>(*this)) {
    m_thread->setObjectName(QStringLiteral("coroscope watch"));
    // The final snapshot is handed over once the thread has ended, not waited for: its
    // watcher, holding the whole program's trace, is destroyed on that thread first (35 ms
    // at 100,000 tasks), and the owner's QThread::wait() for it was the 100,000-task
    // watch's longest stall (a futex wait of 19 ms in the window's thread, seen with perf
    // sched).
    connect(m_thread.get(), &QThread::finished, this, &WatchHost::handOverFinal,
            Qt::QueuedConnection);
}

WatchHost::~WatchHost() {
    if (m_thread->isRunning()) {
        // Kill at once (a closing window does not wait 2 s for SIGINT): the watcher's
        // coroutine then sees the pipe close, concludes, and the thread quits.
        m_thread->post([](PythonWatcher &w) { w.kill(); });
        m_thread->wait();
    }
}

QString WatchHost::scriptName() const {
    return QFileInfo(m_options.script).fileName();
}

void WatchHost::start() {
    if (!m_thread->isRunning() && !m_finished)
        m_thread->start();
}

void WatchHost::stop() {
    if (m_stopRequested || m_finished || !m_thread->isRunning())
        return;
    m_stopRequested = true;
    m_thread->post([](PythonWatcher &w) { w.stop(); });
}

void WatchHost::publish(WatchSnapshot s, bool final) {
    {
        // The final snapshot apart: a live notice still queued must not hand it over early
        // (its taker would see an ended snapshot before finished()).
        QMutexLocker lock(&m_mutex);
        (final ? m_final : m_pending) = std::move(s);
    }
    if (final)
        return; // handOverFinal(), once the thread has ended
    // One queued notice at a time: a slow owner gets the newest snapshot, not a backlog.
    if (!m_signalled.exchange(true))
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_signalled = false;
                Q_EMIT snapshotReady();
            },
            Qt::QueuedConnection);
}

void WatchHost::handOverFinal() {
    m_thread->wait(); // its last moments after QThread::finished: microseconds
    {
        QMutexLocker lock(&m_mutex);
        if (!m_final)
            return;                   // ended without one: only a host being destroyed kills it so
        m_last = std::move(*m_final); // last() is now the whole run
        m_final.reset();
        m_pending.reset();
    }
    m_finished = true;
    Q_EMIT finished();
}

std::optional<WatchSnapshot> WatchHost::takeSnapshot() {
    QMutexLocker lock(&m_mutex);
    if (!m_pending)
        return std::nullopt;
    m_last = std::move(*m_pending);
    m_pending.reset();
    return m_last;
}

} // namespace coroscope::watch
