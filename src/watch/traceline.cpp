// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "traceline.h"

#include <QStringDecoder>

#include <array>
#include <charconv>
#include <cmath>

namespace coroscope::watch {

namespace {

constexpr std::array kSuspendNames{"sleep",     "task",  "gather", "future",    "lock",
                                   "semaphore", "queue", "event",  "condition", "yield"};
constexpr std::array kTaskEndNames{"done", "cancelled", "failed"};
constexpr std::array kScriptEndNames{"ok", "exit", "failed", "interrupted"};

template<size_t N> int wordIndex(const std::array<const char *, N> &names, QByteArrayView word) {
    for (size_t i = 0; i < N; ++i)
        if (word == QByteArrayView(names[i]))
            return int(i);
    return -1;
}

// Splits on tabs into at most kMaxFields views; returns the count (more than the caller
// expects means too many fields).
constexpr int kMaxFields = 8;
int split(QByteArrayView line, std::array<QByteArrayView, kMaxFields + 1> &out) {
    int n = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '\t') {
            if (n == kMaxFields + 1)
                return n + 1;
            out[size_t(n++)] = line.sliced(start, i - start);
            start = i + 1;
        }
    }
    return n;
}

class Fields {
public:
    Fields(const std::array<QByteArrayView, kMaxFields + 1> &f, QString &error)
        : m_f(f)
        , m_error(error) {}

    //! A non-negative decimal number up to kMaxTraceNumber ("-" allowed when dashOk: -1).
    bool number(int i, const char *what, qint64 &out, bool dashOk = false) {
        const QByteArrayView v = m_f[size_t(i)];
        if (dashOk && v == "-") {
            out = -1;
            return true;
        }
        qint64 x = 0;
        const char *end = v.data() + v.size();
        const auto r = std::from_chars(v.data(), end, x);
        if (v.isEmpty() || r.ec != std::errc() || r.ptr != end || x < 0 || x > kMaxTraceNumber ||
            (v.size() > 1 && v[0] == '0'))
            return fail(what, "is not a whole number in 0 … 2^62");
        out = x;
        return true;
    }
    //! Decodes the escapes (\\ \t \n \r) and checks UTF-8.
    bool text(int i, const char *what, QString &out) {
        const QByteArrayView v = m_f[size_t(i)];
        QByteArray raw;
        raw.reserve(v.size());
        for (qsizetype k = 0; k < v.size(); ++k) {
            char c = v[k];
            if (c == '\\') {
                if (++k == v.size())
                    return fail(what, "ends in a lone backslash");
                switch (v[k]) {
                case '\\':
                    c = '\\';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'n':
                    c = '\n';
                    break;
                case 'r':
                    c = '\r';
                    break;
                default:
                    return fail(what, "has an unknown escape");
                }
            } else if (c == '\r' || c == '\0') {
                return fail(what, "holds a control character");
            }
            raw.append(c);
        }
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        out = utf8.decode(raw);
        if (utf8.hasError())
            return fail(what, "is not valid UTF-8");
        return true;
    }
    template<size_t N>
    bool word(int i, const char *what, const std::array<const char *, N> &names, int &out) {
        out = wordIndex(names, m_f[size_t(i)]);
        return out >= 0 || fail(what, "is not a known word");
    }
    bool ordered(qint64 t0, qint64 t1) {
        return t0 <= t1 || fail("end time", "is before the start time");
    }
    bool fail(const char *what, const char *why) {
        m_error = QStringLiteral("%1 %2").arg(QLatin1String(what), QString::fromUtf8(why));
        return false;
    }

private:
    const std::array<QByteArrayView, kMaxFields + 1> &m_f;
    QString &m_error;
};

bool parseValue(QByteArrayView v, double &out) {
    const char *end = v.data() + v.size();
    const auto r = std::from_chars(v.data(), end, out);
    return !v.isEmpty() && r.ec == std::errc() && r.ptr == end && std::isfinite(out);
}

} // namespace

QString suspendName(Suspend s) {
    return QLatin1String(kSuspendNames[size_t(s)]);
}
QString taskEndName(TaskEnd e) {
    return QLatin1String(kTaskEndNames[size_t(e)]);
}
QString scriptEndName(ScriptEnd e) {
    return QLatin1String(kScriptEndNames[size_t(e)]);
}

TraceParse parseTraceLine(QByteArrayView line) {
    TraceParse result;
    if (line.isEmpty()) {
        result.error = QStringLiteral("empty line");
        return result;
    }
    if (line.size() > kMaxTraceLine) {
        result.error = QStringLiteral("line longer than %1 bytes").arg(kMaxTraceLine);
        return result;
    }
    std::array<QByteArrayView, kMaxFields + 1> f;
    const int n = split(line, f);
    TraceEvent e;
    QString &error = result.error;
    Fields p(f, error);
    const auto want = [&](int count) {
        if (n == count)
            return true;
        error = QStringLiteral("'%1' line has %2 fields, not %3")
                    .arg(QString::fromLatin1(f[0].data(), std::min<qsizetype>(f[0].size(), 8)))
                    .arg(n)
                    .arg(count);
        return false;
    };
    if (f[0].size() != 1) {
        error = QStringLiteral("unknown line kind");
        return result;
    }
    bool ok = false;
    int w = 0;
    switch (f[0][0]) {
    case 'H':
        e.kind = TraceEvent::Kind::Header;
        ok = want(7) && (f[1] == "coroscope-trace" || p.fail("format", "is not coroscope-trace")) &&
             (f[2] == "1" || p.fail("version", "is not 1 (a newer tracer?)")) &&
             p.text(3, "Python version", e.text) && p.text(4, "executable", e.text2) &&
             p.number(5, "slow threshold", e.arg) && p.text(6, "script", e.text3);
        break;
    case 'T':
        e.kind = TraceEvent::Kind::Task;
        ok = want(7) && p.number(1, "task id", e.id) && p.number(2, "time", e.t0) &&
             p.number(3, "parent", e.arg) && p.text(4, "name", e.text) &&
             p.text(5, "coroutine", e.text2) && p.text(6, "where", e.text3);
        break;
    case 'N':
        e.kind = TraceEvent::Kind::Name;
        ok = want(3) && p.number(1, "task id", e.id) && p.text(2, "name", e.text);
        break;
    case 'S':
        e.kind = TraceEvent::Kind::Step;
        ok = want(6) && p.number(1, "task id", e.id) && p.number(2, "start", e.t0) &&
             p.number(3, "end", e.t1) && p.ordered(e.t0, e.t1) &&
             p.word(4, "suspended on", kSuspendNames, w);
        if (ok) {
            e.suspend = Suspend(w);
            const bool needsArg = e.suspend == Suspend::Sleep || e.suspend == Suspend::Task ||
                                  e.suspend == Suspend::Gather;
            ok = p.number(5, "argument", e.arg, !needsArg);
            if (ok && !needsArg && e.arg != -1)
                ok = p.fail("argument", "is given for a suspension that takes none");
        }
        break;
    case 'B':
        e.kind = TraceEvent::Kind::Blocking;
        ok = want(4) && p.number(1, "task id", e.id) && p.number(2, "start", e.t0) &&
             p.number(3, "end", e.t1) && p.ordered(e.t0, e.t1);
        break;
    case 'Y':
        e.kind = TraceEvent::Kind::Yield;
        ok = want(6) && p.number(1, "task id", e.id) && p.number(2, "time", e.t0) &&
             p.number(3, "due", e.arg, true);
        if (ok && f[4] == "n") {
            e.isNumber = true;
            ok = parseValue(f[5], e.value) || p.fail("value", "is not a finite number");
        } else if (ok && f[4] == "l") {
            ok = p.text(5, "label", e.text);
        } else if (ok) {
            ok = p.fail("value kind", "is neither n nor l");
        }
        break;
    case 'D':
        e.kind = TraceEvent::Kind::Done;
        ok = want(6) && p.number(1, "task id", e.id) && p.number(2, "start", e.t0) &&
             p.number(3, "end", e.t1) && p.ordered(e.t0, e.t1) &&
             p.word(4, "ending", kTaskEndNames, w) && p.text(5, "text", e.text);
        e.taskEnd = TaskEnd(w);
        break;
    case 'X':
        e.kind = TraceEvent::Kind::Exit;
        ok = want(5) && p.number(1, "time", e.t0) && p.word(2, "status", kScriptEndNames, w) &&
             p.number(3, "exit code", e.arg) && p.text(4, "text", e.text);
        e.scriptEnd = ScriptEnd(w);
        break;
    default:
        error = QStringLiteral("unknown line kind");
        return result;
    }
    if (ok &&
        (e.kind == TraceEvent::Kind::Task || e.kind == TraceEvent::Kind::Name ||
         e.kind == TraceEvent::Kind::Step || e.kind == TraceEvent::Kind::Blocking ||
         e.kind == TraceEvent::Kind::Yield || e.kind == TraceEvent::Kind::Done) &&
        e.id == 0)
        ok = p.fail("task id", "is 0");
    if (ok)
        result.event = std::move(e);
    return result;
}

} // namespace coroscope::watch
