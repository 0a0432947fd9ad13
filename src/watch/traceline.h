// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace coroscope::watch {

//! What a traced task's step suspended on (the tracer's S line).
enum class Suspend { Sleep, Task, Gather, Future, Lock, Semaphore, Queue, Event, Condition, Yield };
//! How a traced task ended (D line).
enum class TaskEnd { Done, Cancelled, Failed };
//! How the traced script ended (X line).
enum class ScriptEnd { Ok, Exit, Failed, Interrupted };

QString suspendName(Suspend s);
QString taskEndName(TaskEnd e);
QString scriptEndName(ScriptEnd e);

/*!
 * \brief One line of coroscope_trace.py's output (the format is documented at the top of
 * resources/python/coroscope_trace.py), decoded and checked.
 *
 * Which fields hold what depends on the kind; times are nanoseconds since the tracer
 * started, ids are the tracer's task numbers (1, 2, …).
 */
struct TraceEvent {
    enum class Kind : char {
        Header = 'H', //!< text: Python version, text2: executable, text3: script; arg: slow ns
        Task = 'T',   //!< id created at t0 by task arg (0: none); text name, text2 coroutine, text3
                      //!< where
        Name = 'N',   //!< id renamed to text
        Step = 'S',   //!< id ran t0 … t1, then suspended on suspend (arg: until ns, task id,
                      //!< children, or -1)
        Blocking = 'B', //!< id's step t0 … t1 took longer than the header's threshold
        Yield = 'Y',    //!< id yielded value (isNumber) or the label text at t0; arg: due ns or -1
        Done = 'D',     //!< id's last step t0 … t1; it ended as taskEnd, text: the failure
        Exit = 'X',     //!< the script ended at t0 as scriptEnd with exit code arg; text: traceback
    };
    Kind kind = Kind::Header;
    qint64 id = 0;
    qint64 t0 = 0;
    qint64 t1 = 0;
    qint64 arg = -1;
    Suspend suspend = Suspend::Future;
    TaskEnd taskEnd = TaskEnd::Done;
    ScriptEnd scriptEnd = ScriptEnd::Ok;
    bool isNumber = false;
    double value = 0;
    QString text;
    QString text2;
    QString text3;
};

//! A parsed line, or why it was refused (the field, in words).
struct TraceParse {
    std::optional<TraceEvent> event;
    QString error;
};

//! The longest line accepted (the tracer cuts texts at 16 KiB; escapes can double that).
constexpr qsizetype kMaxTraceLine = qsizetype(64) * 1024;
//! Times and ids above this are refused (keeps every sum far inside 64 bits: 146 years in ns).
constexpr qint64 kMaxTraceNumber = qint64(1) << 62;

/*!
 * \brief Parses one trace line (without its newline) strictly: the kind, the exact number of
 * tab-separated fields, decimal numbers in range, known words, valid escapes and UTF-8.
 * Never throws; anything else gives an error naming the field.
 */
TraceParse parseTraceLine(QByteArrayView line);

} // namespace coroscope::watch
