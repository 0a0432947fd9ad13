// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runhost.h"

#include "timeslice.h"

#include <QThread>

#include <future>

namespace coroscope {

namespace {

/*!
 * The run's end of the commands: lives on the run's thread beside the Run. Commands come
 * by name (QMetaObject::invokeMethod with a method name), so Qt builds the queued call
 * inside its own library: a functor would be built on the owner's thread and read on
 * the run's, through a queue whose lock ThreadSanitizer cannot see.
 */
class RunDriver : public QObject {
    Q_OBJECT
public:
    explicit RunDriver(Run &run)
        : m_run(run) {}

    Q_INVOKABLE void start(qlonglong stopAfterNs, bool paused) {
        // A lesson that starts paused: the first sleeps wait for a step or resume.
        if (paused)
            m_run.scheduler().pause();
        m_run.start();
        // As headless: the stop is a deadline on the run's own scheduler.
        if (stopAfterNs >= 0)
            m_run.stopAt(stopAfterNs);
    }
    Q_INVOKABLE void stop() { m_run.stop(); }
    // The lesson clock (virtual clock only; the scheduler ignores them on the real one).
    Q_INVOKABLE void pause() { m_run.scheduler().pause(); }
    Q_INVOKABLE void resume() { m_run.scheduler().resume(); }
    Q_INVOKABLE void step() { m_run.scheduler().stepToNextWake(); }
    Q_INVOKABLE void setSpeed(double x) { m_run.scheduler().setSpeed(x); }

private:
    Run &m_run;
};

} // namespace

class RunHost::Thread : public QThread {
public:
    Thread(RunHost &host, const RunParams &params)
        : m_host(host)
        , m_params(params) {}

    //! The Run and its driver, once they exist on this thread.
    std::promise<std::pair<Run *, QObject *>> ready;

protected:
    void run() override {
        requestShortTimeSlice(); // woken at a deadline, it preempts the window's painting
        {
            // Created here, so the scheduler's timers and every coroutine belong to
            // this thread, whatever the Run holds inside.
            Run run(m_params);
            RunDriver driver(run);
            connect(&run, &Run::finished, &m_host, &RunHost::onRunFinished, Qt::QueuedConnection);
            ready.set_value({&run, &driver});
            exec();
            // Go on only once the owner has finished asking this loop to quit (its wake-up
            // write to this thread's event dispatcher, which this thread closes on its
            // way out) and has stopped reading the record this thread is about to free.
            while (!m_host.m_quitPosted.load(std::memory_order_acquire))
                m_host.m_quitPosted.wait(false, std::memory_order_acquire);
        } // the Run goes here: stop() ends every coroutine still in flight, on this thread
        m_host.m_handoff.fetch_add(1, std::memory_order_release);
    }

private:
    RunHost &m_host;
    const RunParams m_params;
};

RunHost::RunHost(const RunParams &params, QObject *parent)
    : QObject(parent)
    , m_thread(std::make_unique<Thread>(*this, params)) {
    m_thread->setObjectName(QStringLiteral("coroscope run"));
    auto ready = m_thread->ready.get_future();
    m_thread->start();
    QObject *driver = nullptr;
    std::tie(m_run, driver) = ready.get();
    m_driver = driver;
    m_clock = params.clock;
}

RunHost::~RunHost() {
    m_thread->quit();
    m_quitPosted.store(true, std::memory_order_release);
    m_quitPosted.notify_one();
    m_thread->wait();
    (void)m_handoff.load(std::memory_order_acquire);
}

void RunHost::start(qint64 stopAfterNs, bool paused) {
    Q_ASSERT(m_status == RunStatus::Idle);
    m_status = RunStatus::Running;
    QMetaObject::invokeMethod(m_driver, "start", Qt::QueuedConnection,
                              Q_ARG(qlonglong, stopAfterNs),
                              Q_ARG(bool, paused &&m_clock == Clock::Virtual));
}

void RunHost::stop() {
    if (m_status != RunStatus::Running || m_stopRequested)
        return;
    m_stopRequested = true;
    QMetaObject::invokeMethod(m_driver, "stop", Qt::QueuedConnection);
}

void RunHost::pause() {
    if (m_status == RunStatus::Running && clock() == Clock::Virtual)
        QMetaObject::invokeMethod(m_driver, "pause", Qt::QueuedConnection);
}

void RunHost::resume() {
    if (m_status == RunStatus::Running && clock() == Clock::Virtual)
        QMetaObject::invokeMethod(m_driver, "resume", Qt::QueuedConnection);
}

void RunHost::stepToNextWake() {
    if (m_status == RunStatus::Running && clock() == Clock::Virtual)
        QMetaObject::invokeMethod(m_driver, "step", Qt::QueuedConnection);
}

void RunHost::setSpeed(double x) {
    if (m_status == RunStatus::Running && clock() == Clock::Virtual)
        QMetaObject::invokeMethod(m_driver, "setSpeed", Qt::QueuedConnection, Q_ARG(double, x));
}

void RunHost::onRunFinished() {
    // Queued from the run's thread: the run has ended and writes its record no more.
    m_status = m_run->status();
    Q_EMIT finished();
}

void RunHost::noteWindowStall(double ms) {
    Q_ASSERT(m_status == RunStatus::Finished || m_status == RunStatus::Stopped);
    m_run->noteWindowStall(ms);
}

QThread *RunHost::runThread() const {
    return m_thread.get();
}

} // namespace coroscope

#include "runhost.moc"
