// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "pythonwatcher.h"

#include "pipereader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <QCoroIODevice>
#include <QCoroProcess>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace coroscope::watch {

namespace {
QString needed() {
    return QStringLiteral("Coroscope needs Python %1.%2 or newer")
        .arg(PythonWatcher::kMinMajor)
        .arg(PythonWatcher::kMinMinor);
}

//! The last non-empty line of a traceback: "ZeroDivisionError: division by zero".
QString lastLine(const QString &text) {
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}
} // namespace

struct PythonWatcher::Session {
    explicit Session(WatchOptions o)
        : options(std::move(o)) {
        killTimer.setSingleShot(true);
        killTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
        QObject::connect(&killTimer, &QTimer::timeout, &process, &QProcess::kill);
    }
    ~Session() {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(kKillAfterMs);
        }
    }
    void fail(Outcome o, const QString &why) {
        if (outcome == Outcome::Running || outcome == Outcome::Finished) {
            outcome = o;
            error = why;
        }
    }
    void stop() {
        stopRequested = true;
        if (process.state() == QProcess::NotRunning || killTimer.isActive())
            return;
        // SIGINT is Ctrl+C: asyncio.run cancels the tasks, finally blocks run, the tracer
        // writes its last lines. A program that ignores it is killed.
        if (const qint64 pid = process.processId(); pid > 0)
            ::kill(pid_t(pid), SIGINT);
        killTimer.start(kKillAfterMs);
    }
    void takeOutput(bool isError) {
        const QByteArray text =
            isError ? process.readAllStandardError() : process.readAllStandardOutput();
        if (text.isEmpty())
            return;
        output += text;
        if (owner)
            Q_EMIT owner->outputReceived(text, isError);
    }

    WatchOptions options;
    QPointer<PythonWatcher> owner; // null once the watcher is gone: the coroutine then ends
    WatchedRun run;
    QProcess process;
    QTimer killTimer;
    std::unique_ptr<PipeReader> pipe;
    QByteArray pending; // an incomplete last line
    QByteArray output;
    QString pythonPath;
    QString error;
    Outcome outcome = Outcome::Running;
    qint64 lineNumber = 0;
    bool stopRequested = false;
    bool traceBroken = false;
};

PythonWatcher::PythonWatcher(WatchOptions options, QObject *parent)
    : QObject(parent)
    , m_s(std::make_shared<Session>(std::move(options))) {
    m_s->owner = this;
    Session *s = m_s.get();
    connect(&s->process, &QProcess::readyReadStandardOutput, this, [s] { s->takeOutput(false); });
    connect(&s->process, &QProcess::readyReadStandardError, this, [s] { s->takeOutput(true); });
}

PythonWatcher::~PythonWatcher() {
    m_s->owner = nullptr;
    m_s->process.disconnect(this);
    if (m_s->process.state() != QProcess::NotRunning)
        m_s->process.kill(); // the coroutine wakes on its end and finishes
    if (m_s->pipe)
        m_s->pipe->close();
}

PythonWatcher::Outcome PythonWatcher::outcome() const {
    return m_s->outcome;
}
QString PythonWatcher::error() const {
    return m_s->error;
}
const WatchedRun &PythonWatcher::run() const {
    return m_s->run;
}
const QByteArray &PythonWatcher::output() const {
    return m_s->output;
}
const WatchOptions &PythonWatcher::options() const {
    return m_s->options;
}
QString PythonWatcher::pythonPath() const {
    return m_s->pythonPath;
}

QString PythonWatcher::findTracer() {
    if (QString env = qEnvironmentVariable("COROSCOPE_TRACER"); !env.isEmpty())
        return env;
    const QString bin = QCoreApplication::applicationDirPath();
    for (const QString &rel : {QStringLiteral("/../share/coroscope/coroscope_trace.py"),
                               QStringLiteral("/share/coroscope/coroscope_trace.py")}) {
        const QFileInfo f(bin + rel);
        if (f.isFile())
            return QDir::cleanPath(f.absoluteFilePath());
    }
    return {};
}

qint64 PythonWatcher::processId() const {
    return m_s->process.processId();
}

RunStatus PythonWatcher::recordStatus() const {
    switch (m_s->outcome) {
    case Outcome::Running:
        return RunStatus::Running;
    case Outcome::Finished:
        return RunStatus::Finished;
    case Outcome::Failed:
        return RunStatus::Failed; // a watched record is version 2, which has "failed"
    default:
        return RunStatus::Stopped;
    }
}

void PythonWatcher::start() {
    if (!m_task)
        m_task.emplace(watch(m_s));
}

void PythonWatcher::stop() {
    m_s->stop();
}

void PythonWatcher::kill() {
    m_s->stopRequested = true;
    if (m_s->process.state() != QProcess::NotRunning)
        m_s->process.kill();
}

QCoro::Task<bool> PythonWatcher::checkPython(std::shared_ptr<Session> s) {
    QString python = s->options.python;
    const QString what =
        python.isEmpty() ? QStringLiteral("python3") : QStringLiteral("--python ") + python;
    if (python.isEmpty() || !python.contains(QLatin1Char('/'))) {
        const QString found =
            QStandardPaths::findExecutable(python.isEmpty() ? QStringLiteral("python3") : python);
        if (found.isEmpty()) {
            s->fail(
                Outcome::Error,
                QStringLiteral("%1: not found on PATH; %2%3")
                    .arg(what, needed(),
                         python.isEmpty() ? QStringLiteral(" (or give --python EXE)") : QString()));
            co_return false;
        }
        python = found;
    }
    const QFileInfo info(python);
    if (!info.isFile() || !info.isExecutable()) {
        s->fail(Outcome::Error,
                QStringLiteral("%1: not found or not executable; %2").arg(what, needed()));
        co_return false;
    }
    s->pythonPath = info.absoluteFilePath();
    QProcess probe;
    // (A named list: g++ 12 cannot keep a braced list alive across co_await.)
    const QStringList probeArgs{
        QStringLiteral("-c"),
        QStringLiteral("import sys; sys.stdout.write('%d.%d.%d' % tuple(sys.version_info[:3]))")};
    const bool started = co_await qCoro(probe).start(s->pythonPath, probeArgs);
    if (!s->owner)
        co_return false;
    if (!started) {
        s->fail(Outcome::Error, QStringLiteral("%1: could not run it (%2); %3")
                                    .arg(what, probe.errorString(), needed()));
        co_return false;
    }
    co_await qCoro(probe).waitForFinished(std::chrono::seconds(20));
    if (!s->owner)
        co_return false;
    const QString version = QString::fromUtf8(probe.readAllStandardOutput()).trimmed();
    static const QRegularExpression re(QStringLiteral("^(\\d+)\\.(\\d+)\\.(\\d+)$"));
    const QRegularExpressionMatch m = re.match(version);
    if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0 || !m.hasMatch()) {
        s->fail(Outcome::Error, QStringLiteral("%1 (%2) is not a working Python: it did not tell "
                                               "its version; %3")
                                    .arg(what, s->pythonPath, needed()));
        co_return false;
    }
    const int major = m.captured(1).toInt();
    const int minor = m.captured(2).toInt();
    if (major < kMinMajor || (major == kMinMajor && minor < kMinMinor)) {
        s->fail(
            Outcome::Error,
            QStringLiteral("%1 (%2) is Python %3; %4").arg(what, s->pythonPath, version, needed()));
        co_return false;
    }
    co_return true;
}

QCoro::Task<> PythonWatcher::watch(std::shared_ptr<Session> s) {
    const QString tracer = s->options.tracer.isEmpty() ? findTracer() : s->options.tracer;
    if (tracer.isEmpty() || !QFileInfo(tracer).isFile()) {
        s->fail(Outcome::Error,
                QStringLiteral("coroscope_trace.py not found (looked in share/coroscope/ beside "
                               "the binary's folder; set COROSCOPE_TRACER to its path)"));
        conclude(*s);
        co_return;
    }
    const bool pythonOk = co_await checkPython(s);
    if (!s->owner)
        co_return;
    if (!pythonOk || s->stopRequested) {
        if (s->stopRequested && s->outcome == Outcome::Running)
            s->outcome = Outcome::Stopped;
        conclude(*s);
        co_return;
    }

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        s->fail(Outcome::Error, QStringLiteral("cannot create the trace pipe: %1")
                                    .arg(QString::fromLocal8Bit(strerror(errno))));
        conclude(*s);
        co_return;
    }
    const int writeEnd = fds[1];
    s->pipe = std::make_unique<PipeReader>(fds[0]);
    // Only this child gets the write end: it is close-on-exec everywhere else. And a session
    // of its own: Linux's autogroup scheduling shares a core's time between sessions first,
    // then between the threads of a session, so in Coroscope's session the busy program
    // (a core's worth at 100,000 tasks) took the window's time on a shared machine (perf saw
    // the window wait 105 ms for a thread of its own while the program ran). Its own session
    // competes beside the window's instead. Stop and Ctrl+C reach it as before: Coroscope
    // sends the SIGINT itself (a terminal's Ctrl+C no longer reaches it directly).
    //
    // And it ends with Coroscope: were Coroscope killed or crashed, a program of its own
    // session would run on unwatched (a 100,000-task one, a core for a minute). SIGTERM, as
    // when a terminal closes: Python's default ends it at once. The signal follows this
    // thread's end, which comes after the program's (the loop below waits for it); one
    // already gone before the child asked means the program must not start.
    const pid_t coroscope = ::getpid();
    s->process.setChildProcessModifier([writeEnd, coroscope] {
        ::fcntl(writeEnd, F_SETFD, 0);
        ::setsid();
        if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || ::getppid() != coroscope)
            ::_exit(127);
    });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("COROSCOPE_TRACE_FD"), QString::number(writeEnd));
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1")); // output arrives live
    s->process.setProcessEnvironment(env);
    s->process.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList args{tracer, QStringLiteral("--slow"),
                     QString::number(s->options.slowSeconds, 'g', 17), QStringLiteral("--"),
                     s->options.script};
    args += s->options.arguments;
    const bool started = co_await qCoro(s->process).start(s->pythonPath, args);
    ::close(writeEnd);
    if (!s->owner)
        co_return;
    if (!started) {
        s->fail(Outcome::Error, QStringLiteral("%1: could not start (%2)")
                                    .arg(s->pythonPath, s->process.errorString()));
        s->pipe.reset();
        conclude(*s);
        co_return;
    }
    if (s->stopRequested)
        s->stop();

    while (s->pipe->isOpen()) {
        // Wakes on new data, or with false when the pipe closes at the end of the stream.
        co_await qCoro(s->pipe.get()).waitForReadyRead(-1);
        if (!s->owner)
            co_return;
        if (!s->pipe->isOpen())
            break;
        const QByteArray chunk = s->pipe->readAll();
        if (!chunk.isEmpty() && !s->traceBroken)
            feed(*s, chunk);
    }
    if (!s->pending.isEmpty() && !s->traceBroken) {
        s->fail(Outcome::Error,
                QStringLiteral("trace line %1: cut off (no end of line)").arg(s->lineNumber + 1));
        s->traceBroken = true;
    }
    if (s->process.state() != QProcess::NotRunning)
        co_await qCoro(s->process).waitForFinished(std::chrono::milliseconds(-1));
    if (!s->owner)
        co_return;
    s->takeOutput(false); // whatever the program wrote last
    s->takeOutput(true);
    s->killTimer.stop();
    conclude(*s);
}

void PythonWatcher::feed(Session &s, const QByteArray &chunk) {
    s.pending += chunk;
    qsizetype start = 0;
    bool applied = false;
    while (true) {
        const qsizetype nl = s.pending.indexOf('\n', start);
        if (nl < 0)
            break;
        ++s.lineNumber;
        const QByteArrayView line(s.pending.constData() + start, nl - start);
        start = nl + 1;
        const TraceParse parsed = parseTraceLine(line);
        // A line parses to an event or to the reason it does not.
        const QString why = parsed.event ? s.run.apply(*parsed.event) : parsed.error;
        if (!why.isEmpty()) {
            s.fail(Outcome::Error, QStringLiteral("trace line %1: %2").arg(s.lineNumber).arg(why));
            s.traceBroken = true;
            s.pending.clear();
            s.stop(); // nothing more it says can be trusted; what was read stays
            break;
        }
        applied = true;
    }
    if (!s.traceBroken) {
        s.pending.remove(0, start);
        if (s.pending.size() > kMaxTraceLine) {
            s.fail(Outcome::Error, QStringLiteral("trace line %1: longer than %2 bytes")
                                       .arg(s.lineNumber + 1)
                                       .arg(kMaxTraceLine));
            s.traceBroken = true;
            s.pending.clear();
            s.stop();
        }
    }
    if (applied && s.owner)
        Q_EMIT s.owner->progressed();
}

void PythonWatcher::conclude(Session &s) {
    if (s.outcome == Outcome::Running) {
        const bool crashed = s.process.exitStatus() == QProcess::CrashExit;
        const WatchedRun &run = s.run;
        if (run.ended()) {
            switch (run.scriptEnd()) {
            case ScriptEnd::Ok:
                s.outcome = Outcome::Finished;
                break;
            case ScriptEnd::Interrupted:
                s.outcome = Outcome::Stopped;
                break;
            case ScriptEnd::Exit:
                if (run.exitCode() == 0)
                    s.outcome = Outcome::Finished;
                else
                    s.fail(Outcome::Failed,
                           QStringLiteral("the script exited with status %1%2")
                               .arg(run.exitCode())
                               .arg(run.endText().isEmpty()
                                        ? QString()
                                        : QStringLiteral(": ") + lastLine(run.endText())));
                break;
            case ScriptEnd::Failed:
                s.fail(Outcome::Failed,
                       QStringLiteral("the script raised %1").arg(lastLine(run.endText())));
                break;
            }
        } else if (s.stopRequested) {
            s.outcome = Outcome::Stopped;
        } else {
            s.fail(
                Outcome::Error,
                QStringLiteral("the trace ended before the script did (Python %1 %2)")
                    .arg(crashed ? QStringLiteral("crashed") : QStringLiteral("exited with status"))
                    .arg(crashed ? QString() : QString::number(s.process.exitCode())));
        }
    }
    if ((s.outcome == Outcome::Finished || s.outcome == Outcome::Stopped) &&
        s.run.tasks().empty()) {
        s.outcome = Outcome::NoTasks;
        s.error = QStringLiteral("no asyncio tasks seen");
    }
    // Queued, so finished() never comes from inside start() (a missing tracer, say).
    if (s.owner)
        QMetaObject::invokeMethod(s.owner, &PythonWatcher::finished, Qt::QueuedConnection);
}

} // namespace coroscope::watch
