// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "watchedrun.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

#include <QCoroTask>

#include <memory>
#include <optional>

namespace coroscope::watch {

class PipeReader;

//! What to watch and how.
struct WatchOptions {
    QString script;           //!< the Python program
    QStringList arguments;    //!< its sys.argv[1:]
    QString python;           //!< the interpreter; empty: python3 on PATH
    QString tracer;           //!< coroscope_trace.py; empty: findTracer()
    double slowSeconds = 0.1; //!< a step longer than this is flagged as blocking
};

/*!
 * \brief Runs a Python program under coroscope_trace.py and reads what it reports.
 *
 * Checks the interpreter (3.8 or newer), starts it with QProcess under the tracer, hands
 * it the write end of a pipe of its own (so the program's stdout and stderr stay the
 * program's: they arrive through output()), and reads the trace with QCoro's QIODevice
 * awaitables, parsing each line strictly into run(). finished() is emitted once, when the
 * program has ended and everything it wrote has been read (or it could not start).
 *
 * \code
 * PythonWatcher watcher({.script = "main_2.py", .arguments = {"0.1"}});
 * QObject::connect(&watcher, &PythonWatcher::finished, &app, &QCoreApplication::quit);
 * watcher.start();
 * app.exec();
 * auto record = watcher.run().toRecord(watcher.recordStatus());
 * \endcode
 */
class PythonWatcher : public QObject {
    Q_OBJECT
public:
    enum class Outcome {
        Running,  //!< not finished yet
        Finished, //!< the script ended normally (exit status 0)
        Stopped,  //!< stop() ended it (SIGINT, then a kill after 2 s)
        Failed,   //!< the script raised or exited with a non-zero status: error() says why
        NoTasks,  //!< it ended without creating any asyncio task
        Error,    //!< it could not be watched (interpreter, tracer, a bad trace): error()
    };
    Q_ENUM(Outcome)

    explicit PythonWatcher(WatchOptions options, QObject *parent = nullptr);
    //! Kills the program if it still runs.
    ~PythonWatcher() override;

    //! Starts watching (returns at once).
    void start();
    //! Interrupts the program (SIGINT), kills it 2 s later if it has not ended; what was
    //! reported so far stays.
    void stop();
    //! Kills the program at once (a closing window does not wait for SIGINT); what was
    //! reported so far stays, the outcome is Stopped.
    void kill();

    Outcome outcome() const;
    //! One line: why the run failed or could not be watched.
    QString error() const;
    const WatchedRun &run() const;
    //! The status the lanes' record gets for this outcome.
    RunStatus recordStatus() const;
    //! Everything the program wrote on stdout and stderr, in the order it arrived.
    const QByteArray &output() const;
    const WatchOptions &options() const;
    //! The interpreter used (after the check).
    QString pythonPath() const;
    qint64 processId() const;

    //! coroscope_trace.py: $COROSCOPE_TRACER, or share/coroscope/ beside the binary's folder.
    static QString findTracer();
    //! The oldest Python the tracer supports.
    static constexpr int kMinMajor = 3;
    static constexpr int kMinMinor = 8;
    //! How long stop() waits after SIGINT before it kills.
    static constexpr int kKillAfterMs = 2000;

Q_SIGNALS:
    //! The program wrote \a text on its stdout (\a isError false) or stderr.
    void outputReceived(const QByteArray &text, bool isError);
    //! New trace events were applied to run().
    void progressed();
    void finished();

private:
    struct Session;
    // The coroutine owns the session with the watcher, so destroying the watcher mid-run
    // is safe: the coroutine wakes once more (the program killed, the pipe closed), sees
    // it is abandoned and ends, freeing its frame and the session.
    static QCoro::Task<> watch(std::shared_ptr<Session> s);
    static QCoro::Task<bool> checkPython(std::shared_ptr<Session> s);
    static void feed(Session &s, const QByteArray &chunk);
    static void conclude(Session &s);

    std::shared_ptr<Session> m_s;
    std::optional<QCoro::Task<>> m_task;
};

} // namespace coroscope::watch
