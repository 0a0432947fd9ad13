#include "recordreader.h"

#include "engine/memory.h"

#include "numberformat.h"

#include <QFile>
#include <QFileInfo>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace coroscope {

namespace {

// The largest time a record can hold: nanoseconds since the start must fit in qint64.
// About 31 years: any time plus a run's length (at most 3.6e7 s) stays far inside qint64 ns.
constexpr double kMaxSeconds = 1e9;
constexpr qint64 kMaxSecondsWhole = 1'000'000'000;

//! Thrown inside the reader with the message for the user; caught in fromBytes().
struct Invalid {
    QString message;
};

[[noreturn]] void fail(const QString &field, const QString &why) {
    throw Invalid{field.isEmpty() ? why : field + QStringLiteral(": ") + why};
}

/*!
 * A field's place in the record, "runs[1].tasks[3].at_s[2]", spelled out only for a
 * message: thirty million values pass through the reader.
 */
struct Path {
    const Path *parent = nullptr;
    const char *key = nullptr; //!< a member, or else
    qsizetype index = -1;      //!< an array element (both unset: the top level)

    QString text() const {
        if (!parent)
            return {};
        QString out = parent->text();
        if (key)
            return out.isEmpty() ? QString::fromLatin1(key)
                                 : out + QLatin1Char('.') + QLatin1String(key);
        return out + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    }
};
const Path kTop;

Path at(const Path &parent, const char *key) {
    return {&parent, key, -1};
}
Path at(const Path &parent, qsizetype index) {
    return {&parent, nullptr, index};
}

[[noreturn]] void fail(const Path &field, const QString &why) {
    fail(field.text(), why);
}

QString quoted(const QString &s) {
    constexpr int kShown = 40;
    return QLatin1Char('"') + (s.size() > kShown ? s.left(kShown) + QStringLiteral("…") : s) +
           QLatin1Char('"');
}

/*!
 * A strict JSON reader (RFC 8259) over the file's bytes, walked by the record's schema.
 *
 * No tree is built: a million-task record is 30 million numbers, which QJsonDocument
 * holds in about three times the file's size and parses at 60 MB/s. Numbers keep their
 * text, so times convert to nanoseconds exactly. Nesting is bounded by
 * RecordReader::kMaxDepth, so the recursion in skip() is too.
 */
class Json {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Json(const char *begin, const char *end)
        : m_begin(begin)
        , m_p(begin)
        , m_end(end) {}

    qsizetype offset() const { return m_p - m_begin; }
    qsizetype size() const { return m_end - m_begin; }
    void seek(qsizetype offset, int depth) {
        m_p = m_begin + offset;
        m_depth = depth;
    }
    bool atEnd() {
        ws();
        return m_p == m_end;
    }

    [[noreturn]] void syntax(const char *what) const {
        fail(kTop,
             QStringLiteral("not JSON: %1 at byte %2").arg(QLatin1String(what)).arg(offset()));
    }

    Kind peek() {
        ws();
        if (m_p == m_end)
            syntax("unexpected end");
        switch (*m_p) {
        case '{':
            return Kind::Object;
        case '[':
            return Kind::Array;
        case '"':
            return Kind::String;
        case 't':
        case 'f':
            return Kind::Bool;
        case 'n':
            return Kind::Null;
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return Kind::Number;
            syntax("invalid value");
        }
    }

    //! Opens an object or array; then `while (j.more(close, first))` visits its members.
    void open(char c) {
        ws();
        if (m_p == m_end || *m_p != c)
            syntax(c == '{' ? "expected '{'" : "expected '['");
        ++m_p;
        if (++m_depth > RecordReader::kMaxDepth)
            fail(kTop, QStringLiteral("nested deeper than %1 levels (at byte %2)")
                           .arg(RecordReader::kMaxDepth)
                           .arg(offset() - 1));
    }
    bool more(char close, bool &first) {
        ws();
        if (m_p == m_end)
            syntax("unexpected end");
        if (*m_p == close) { // after a ',' the caller's value or key refuses it
            ++m_p;
            --m_depth;
            return false;
        }
        if (!first) {
            if (*m_p != ',')
                syntax(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
            ++m_p;
        }
        first = false;
        return true;
    }
    //! An object member's key, then its ':'.
    std::string key() {
        if (peek() != Kind::String)
            syntax("expected a key");
        std::string k = rawString();
        ws();
        if (m_p == m_end || *m_p != ':')
            syntax("expected ':'");
        ++m_p;
        return k;
    }

    bool null() {
        if (peek() != Kind::Null)
            return false;
        literal("null");
        return true;
    }
    bool boolean() {
        if (*m_p == 't') {
            literal("true");
            return true;
        }
        literal("false");
        return false;
    }
    QString string() { return QString::fromStdString(rawString()); }

    //! A number's text, checked against the grammar (not converted).
    std::string_view number() {
        ws();
        const char *start = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p < m_end && *m_p == '0')
            ++m_p;
        else if (!digits())
            syntax("invalid number");
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                syntax("invalid number");
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                syntax("invalid number");
        }
        return {start, size_t(m_p - start)};
    }

    //! Passes over one value of any kind, checking its syntax and nesting.
    void skip() {
        switch (peek()) {
        case Kind::Object: {
            open('{');
            for (bool first = true; more('}', first);) {
                key();
                skip();
            }
            break;
        }
        case Kind::Array:
            open('[');
            for (bool first = true; more(']', first);)
                skip();
            break;
        case Kind::String:
            rawString();
            break;
        case Kind::Bool:
            boolean();
            break;
        case Kind::Null:
            literal("null");
            break;
        case Kind::Number:
            number();
            break;
        }
    }

    //! What the next value is, for messages ("-1", "\"text\"", "an array"); consumes it.
    QString describe() {
        switch (peek()) {
        case Kind::Object:
            skip();
            return QStringLiteral("an object");
        case Kind::Array:
            skip();
            return QStringLiteral("an array");
        case Kind::String:
            return quoted(string());
        case Kind::Bool:
            return boolean() ? QStringLiteral("true") : QStringLiteral("false");
        case Kind::Null:
            literal("null");
            return QStringLiteral("null");
        case Kind::Number: {
            const std::string_view text = number();
            return QString::fromLatin1(text.data(), qsizetype(std::min<size_t>(text.size(), 40)));
        }
        }
        return {};
    }

private:
    void ws() {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool digits() {
        const char *start = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return m_p != start;
    }
    void literal(const char *word) {
        const size_t n = std::strlen(word);
        if (size_t(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0)
            syntax("invalid value");
        m_p += n;
    }
    static int hex(char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }
    char32_t hex4() {
        if (m_end - m_p < 4)
            syntax("invalid escape");
        char32_t u = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(*m_p++);
            if (h < 0)
                syntax("invalid escape");
            u = u * 16 + char32_t(h);
        }
        return u;
    }
    static void appendUtf8(std::string &out, char32_t u) {
        if (u < 0x80) {
            out += char(u);
        } else if (u < 0x800) {
            out += char(0xC0 | (u >> 6));
            out += char(0x80 | (u & 0x3F));
        } else if (u < 0x10000) {
            out += char(0xE0 | (u >> 12));
            out += char(0x80 | ((u >> 6) & 0x3F));
            out += char(0x80 | (u & 0x3F));
        } else {
            out += char(0xF0 | (u >> 18));
            out += char(0x80 | ((u >> 12) & 0x3F));
            out += char(0x80 | ((u >> 6) & 0x3F));
            out += char(0x80 | (u & 0x3F));
        }
    }
    //! A string's bytes with escapes decoded (UTF-8, not checked: QString replaces bad bytes).
    std::string rawString() {
        ++m_p; // the opening quote, seen by peek()
        std::string out;
        for (;;) {
            const char *run = m_p;
            while (m_p != m_end && *m_p != '"' && *m_p != '\\' && uchar(*m_p) >= 0x20)
                ++m_p;
            out.append(run, size_t(m_p - run));
            if (m_p == m_end)
                syntax("unterminated string");
            if (*m_p == '"') {
                ++m_p;
                return out;
            }
            if (uchar(*m_p) < 0x20)
                syntax("control character in string");
            if (++m_p == m_end) // the backslash
                syntax("unterminated string");
            switch (*m_p++) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                char32_t u = hex4();
                if (u >= 0xD800 && u <= 0xDBFF && m_end - m_p >= 6 && m_p[0] == '\\' &&
                    m_p[1] == 'u') {
                    const char *back = m_p;
                    m_p += 2;
                    const char32_t low = hex4();
                    if (low >= 0xDC00 && low <= 0xDFFF)
                        u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    else
                        m_p = back; // a lone high surrogate, then another escape
                }
                if (u >= 0xD800 && u <= 0xDFFF)
                    u = 0xFFFD; // lone surrogate
                appendUtf8(out, u);
                break;
            }
            default:
                syntax("invalid escape");
            }
        }
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    int m_depth = 0;
};

// ---- typed values, each named by its field for messages ------------------------------

double number(Json &j, const Path &field) {
    if (j.peek() != Json::Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a number"));
    const std::string_view text = j.number();
    double d = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec != std::errc() || !std::isfinite(d))
        fail(field, QString::fromLatin1(text.data(), qsizetype(std::min<size_t>(text.size(), 40))) +
                        QStringLiteral(" is out of range for a double"));
    return d;
}

QString textOf(std::string_view number) {
    return QString::fromLatin1(number.data(), qsizetype(std::min<size_t>(number.size(), 40)));
}

QString numberText(double d) {
    return QString::fromLatin1(doubleText(d));
}

double nonNegative(Json &j, const Path &field) {
    const double d = number(j, field);
    if (d < 0)
        fail(field, numberText(d) + QStringLiteral(" is negative"));
    return d;
}

qint64 integer(Json &j, const Path &field, qint64 lo, qint64 hi) {
    if (j.peek() != Json::Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a whole number"));
    const std::string_view text = j.number();
    const auto shown = [text] { return textOf(text); }; // only for a message
    qint64 n = 0;
    if (text.find_first_of(".eE") == std::string_view::npos) {
        const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
        if (r.ec != std::errc())
            fail(field,
                 QStringLiteral("%1 is out of range (%2 … %3)").arg(shown()).arg(lo).arg(hi));
    } else {
        // 4.0 or 1e3 are whole numbers too, as long as a double holds them exactly.
        double d = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
        if (r.ec != std::errc() || !std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 0x1p53)
            fail(field, shown() + QStringLiteral(" is not a whole number"));
        n = qint64(d);
    }
    if (n < lo || n > hi)
        fail(field, QStringLiteral("%1 is out of range (%2 … %3)").arg(n).arg(lo).arg(hi));
    return n;
}

QString string(Json &j, const Path &field, int maxLength = 100) {
    if (j.peek() != Json::Kind::String)
        fail(field, j.describe() + QStringLiteral(" is not a string"));
    const QString s = j.string();
    if (s.size() > maxLength)
        fail(field, QStringLiteral("is longer than %1 characters").arg(maxLength));
    return s;
}

//! Nanoseconds from seconds held as a double (the fallback for exponents and > 9 decimals).
qint64 nanosecondsOf(double s) {
    const qint64 guess = std::llround(s * 1e9);
    // Below 2^20 s the double's error is under a quarter nanosecond, so rounding is exact.
    // Above it, pick the neighbour whose text reads back as the same double.
    if (s < double(1 << 20))
        return guess;
    for (qint64 d : {0, -1, 1, -2, 2}) {
        const qint64 candidate = guess + d;
        const QByteArray text = secondsText(candidate);
        double back = 0;
        std::from_chars(text.constData(), text.constData() + text.size(), back);
        if (candidate >= 0 && back == s)
            return candidate;
    }
    return guess;
}

/*!
 * A time in seconds since the run's start as nanoseconds, exactly as written (up to 9
 * decimals); null gives -1 when \a nullable.
 */
qint64 time(Json &j, const Path &field, bool nullable = false) {
    if (nullable && j.null())
        return -1;
    if (j.peek() != Json::Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a number"));
    const std::string_view text = j.number();
    const auto shown = [text] { return textOf(text); }; // only for a message
    const bool negative = text.front() == '-';
    const std::string_view body = negative ? text.substr(1) : text;
    const size_t dot = body.find('.');
    const std::string_view whole = body.substr(0, dot);
    const std::string_view frac =
        dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
    if (body.find_first_of("eE") == std::string_view::npos && frac.size() <= 9 &&
        whole.size() <= 10) {
        qint64 seconds = 0;
        for (char c : whole)
            seconds = seconds * 10 + (c - '0');
        qint64 nanos = 0;
        for (size_t i = 0; i < 9; ++i)
            nanos = nanos * 10 + (i < frac.size() ? frac[i] - '0' : 0);
        if (negative && (seconds != 0 || nanos != 0))
            fail(field, shown() + QStringLiteral(" is negative"));
        if (seconds > kMaxSecondsWhole || (seconds == kMaxSecondsWhole && nanos > 0))
            fail(field,
                 shown() + QStringLiteral(" is too large (at most %1 s)").arg(kMaxSecondsWhole));
        return seconds * 1'000'000'000 + nanos;
    }
    double s = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), s);
    if (r.ec != std::errc() || !std::isfinite(s))
        fail(field, shown() + QStringLiteral(" is out of range for a double"));
    if (s < 0)
        fail(field, shown() + QStringLiteral(" is negative"));
    if (!(s <= kMaxSeconds))
        fail(field, shown() + QStringLiteral(" is too large (at most %1 s)").arg(kMaxSecondsWhole));
    return nanosecondsOf(s);
}

// ---- the record's parts ----------------------------------------------------------------

//! Remembers which keys of an object were seen, refusing repeats.
template<size_t N> class Keys {
public:
    explicit Keys(const std::array<const char *, N> &names)
        : m_names(names) {}
    //! The key's index, or -1 for a key this reader does not know (skipped).
    int find(const std::string &key, const Path &parent) {
        for (size_t i = 0; i < N; ++i) {
            if (key == m_names[i]) {
                if (m_seen[i])
                    fail(at(parent, m_names[i]), QStringLiteral("is given twice"));
                m_seen[i] = true;
                return int(i);
            }
        }
        return -1;
    }
    //! Fails naming the first of the first \a count keys that was not seen.
    void require(const Path &parent, size_t count = N) const {
        for (size_t i = 0; i < count; ++i)
            if (!m_seen[i])
                fail(at(parent, m_names[i]), QStringLiteral("is missing"));
    }
    bool seen(size_t i) const { return m_seen[i]; }

private:
    std::array<const char *, N> m_names;
    std::array<bool, N> m_seen{};
};

// ---- Version 2: the lesson lab's fields, read and checked here (version 1 is unchanged) ----

struct LabKey {
    const char *field;  //!< in params
    const char *option; //!< the command line's name, in validateLab()'s messages
    Scenario scenario;
    bool whole;
};
constexpr LabKey kLabKeys[] = {
    {"block_task", "block-task", Scenario::Blocking, true},
    {"block_at", "block-at", Scenario::Blocking, true},
    {"block_for_s", "block-for", Scenario::Blocking, false},
    {"limit", "limit", Scenario::Bounded, true},
    {"spread", "spread", Scenario::AsCompleted, false},
    {"timeout_s", "timeout", Scenario::Timeout, false},
    {"fail_task", "fail-task", Scenario::Failure, true},
    {"fail_at", "fail-at", Scenario::Failure, true},
    {"items", "items", Scenario::Queue, true},
    {"capacity", "capacity", Scenario::Queue, true},
    {"workers", "workers", Scenario::Queue, true},
    {"work_ms", "work", Scenario::Cpu, false},
    {"threads", "threads", Scenario::Cpu, true},
};
constexpr size_t kLabKeyCount = sizeof kLabKeys / sizeof kLabKeys[0];

//! The lab's members of params as they are read (checked once all are known).
struct LabParamsRead {
    std::optional<QString> scenario;
    std::optional<QString> variant;
    std::array<std::optional<double>, kLabKeyCount> values{};
};

//! Reads a version-2 member of params; false when \a key is not one of the lab's.
bool readLabParam(Json &j, const std::string &key, const Path &where, LabParamsRead &r) {
    const auto once = [&](const auto &slot, const char *field) {
        if (slot)
            fail(at(where, field), QStringLiteral("is given twice"));
    };
    if (key == "scenario") {
        once(r.scenario, "scenario");
        r.scenario = string(j, at(where, "scenario"));
        return true;
    }
    if (key == "variant") {
        once(r.variant, "variant");
        r.variant = string(j, at(where, "variant"));
        return true;
    }
    for (size_t i = 0; i < kLabKeyCount; ++i) {
        if (key != kLabKeys[i].field)
            continue;
        once(r.values[i], kLabKeys[i].field);
        const Path field = at(where, kLabKeys[i].field);
        r.values[i] = kLabKeys[i].whole ? double(integer(j, field, 0, 1'000'000'000))
                                        : nonNegative(j, field);
        return true;
    }
    return false;
}

//! Checks the lab's params of a version-2 record as strictly as the command line does.
void finishLabParams(const Path &where, const LabParamsRead &r, RunParams &p) {
    if (!r.scenario)
        fail(at(where, "scenario"), QStringLiteral("is missing"));
    const std::optional<Scenario> scenario = parseScenario(*r.scenario);
    if (!scenario)
        fail(at(where, "scenario"),
             quoted(*r.scenario) + QStringLiteral(" is not one of ") + scenarioNames());
    p.scenario = *scenario;
    if (p.scenario == Scenario::Seed) {
        if (r.variant)
            fail(at(where, "variant"), QStringLiteral("is given but the seed has no variants"));
    } else if (p.mode == Mode::Compare) {
        if (r.variant)
            fail(at(where, "variant"), QStringLiteral("is given but params.mode is compare"));
    } else {
        if (!r.variant)
            fail(at(where, "variant"), QStringLiteral("is missing"));
        const std::optional<int> v = parseVariant(p.scenario, *r.variant);
        if (!v)
            fail(at(where, "variant"), quoted(*r.variant) +
                                           QStringLiteral(" is not one of %1, %2")
                                               .arg(variantName(p.scenario, 0),
                                                    variantName(p.scenario, 1)));
        p.variant = *v;
    }
    double *targets[kLabKeyCount] = {};
    int *wholeTargets[kLabKeyCount] = {};
    LabParams &l = p.lab;
    wholeTargets[0] = &l.blockTask;
    wholeTargets[1] = &l.blockAt;
    targets[2] = &l.blockForSeconds;
    wholeTargets[3] = &l.limit;
    targets[4] = &l.spread;
    targets[5] = &l.timeoutSeconds;
    wholeTargets[6] = &l.failTask;
    wholeTargets[7] = &l.failAt;
    wholeTargets[8] = &l.items;
    wholeTargets[9] = &l.capacity;
    wholeTargets[10] = &l.workers;
    targets[11] = &l.workMs;
    wholeTargets[12] = &l.threads;
    for (size_t i = 0; i < kLabKeyCount; ++i) {
        const LabKey &k = kLabKeys[i];
        if (k.scenario != p.scenario) {
            if (r.values[i])
                fail(at(where, k.field), QStringLiteral("belongs to scenario %1, not %2")
                                             .arg(scenarioName(k.scenario), scenarioName(p.scenario)));
            continue;
        }
        if (!r.values[i])
            fail(at(where, k.field), QStringLiteral("is missing"));
        if (k.whole)
            *wholeTargets[i] = int(*r.values[i]);
        else
            *targets[i] = *r.values[i];
    }
    // The command line's checks, with the field's name for the option's.
    QString why = validateLab(p);
    if (why.isEmpty())
        return;
    for (const LabKey &k : kLabKeys) {
        const QString option = QStringLiteral("--%1: ").arg(QLatin1String(k.option));
        if (why.startsWith(option))
            fail(at(where, k.field), why.mid(option.size()));
    }
    fail(where, why);
}

//! Reads a version-2 member of a run; false when \a key is not one of the lab's.
bool readLabGroupMember(Json &j, const std::string &key, const Path &where, const RunParams &p,
                        GroupRecord &g, std::array<bool, 4> &seen) {
    static constexpr const char *kNames[] = {"variant", "states", "outcomes", "deliveries"};
    int which = -1;
    for (int i = 0; i < 4; ++i)
        if (key == kNames[i])
            which = i;
    if (which < 0)
        return false;
    const Path field = at(where, kNames[which]);
    if (seen[size_t(which)])
        fail(field, QStringLiteral("is given twice"));
    seen[size_t(which)] = true;
    const int lanes = g.tasks();
    const auto lane = [&](const Path &f, bool orNone) {
        return int(integer(j, f, orNone ? -1 : 0, lanes - 1));
    };
    const auto array = [&](const Path &f, qsizetype maxCount, const auto &readOne) {
        if (j.peek() != Json::Kind::Array)
            fail(f, j.describe() + QStringLiteral(" is not an array"));
        j.open('[');
        qsizetype n = 0;
        for (bool first = true; j.more(']', first); ++n) {
            if (n == maxCount)
                fail(f, QStringLiteral("more than %1 entries").arg(maxCount));
            readOne(at(f, n));
        }
    };
    const auto tuple = [&](const Path &f, int size, const auto &readOne) {
        if (j.peek() != Json::Kind::Array)
            fail(f, j.describe() + QStringLiteral(" is not an array"));
        j.open('[');
        int n = 0;
        for (bool first = true; j.more(']', first); ++n) {
            if (n == size)
                fail(f, QStringLiteral("has more than %1 entries").arg(size));
            readOne(at(f, n), n);
        }
        if (n != size)
            fail(f, QStringLiteral("has %1 entries, not %2").arg(n).arg(size));
    };
    switch (which) {
    case 0: {
        const QString v = string(j, field);
        if (v != variantName(p.scenario, int(g.kind())))
            fail(field, QStringLiteral("%1 should be \"%2\" here").arg(
                            quoted(v), variantName(p.scenario, int(g.kind()))));
        break;
    }
    case 1: // [task, state, from_s, to_s, on, other]
        array(field, qsizetype(lanes) * (g.values() + 1), [&](const Path &row) {
            StateSpan s;
            tuple(row, 6, [&](const Path &f, int i) {
                switch (i) {
                case 0:
                    s.task = lane(f, false);
                    break;
                case 1: {
                    const QString name = string(j, f);
                    const std::optional<TaskState> st = parseState(name);
                    if (!st || (*st != TaskState::Waiting && *st != TaskState::Blocked &&
                                *st != TaskState::Offloaded && *st != TaskState::Running))
                        fail(f, quoted(name) + QStringLiteral(" is not one of running, waiting, "
                                                              "blocked, offloaded"));
                    s.state = *st;
                    break;
                }
                case 2:
                    s.fromNs = time(j, f);
                    break;
                case 3:
                    s.toNs = time(j, f);
                    if (s.toNs < s.fromNs)
                        fail(f, QStringLiteral("is before the span's start"));
                    break;
                case 4: {
                    const QString name = string(j, f);
                    const std::optional<WaitTarget> w = parseWaitTarget(name);
                    if (!w)
                        fail(f, quoted(name) + QStringLiteral(" is not one of none, task, permit, "
                                                              "queue-item, queue-room, thread"));
                    s.on = *w;
                    break;
                }
                case 5:
                    s.other = lane(f, true);
                    break;
                }
            });
            g.addSpan(s);
        });
        break;
    case 2: // {task, state, at_s, cause, by, error}
        array(field, lanes, [&](const Path &row) {
            if (j.peek() != Json::Kind::Object)
                fail(row, j.describe() + QStringLiteral(" is not an object"));
            TaskOutcome o;
            Keys<6> keys({"task", "state", "at_s", "cause", "by", "error"});
            j.open('{');
            for (bool first = true; j.more('}', first);) {
                switch (keys.find(j.key(), row)) {
                case 0:
                    o.task = lane(at(row, "task"), false);
                    break;
                case 1: {
                    const QString name = string(j, at(row, "state"));
                    if (name == QLatin1String("cancelled"))
                        o.state = TaskState::Cancelled;
                    else if (name == QLatin1String("failed"))
                        o.state = TaskState::Failed;
                    else
                        fail(at(row, "state"),
                             quoted(name) + QStringLiteral(" is not one of cancelled, failed"));
                    break;
                }
                case 2:
                    o.atNs = time(j, at(row, "at_s"));
                    break;
                case 3: {
                    const QString name = string(j, at(row, "cause"));
                    const std::optional<CancelCause> c = parseCause(name);
                    if (!c)
                        fail(at(row, "cause"), quoted(name) + QStringLiteral(" is not one of none, "
                                                                             "stop, timeout, failure"));
                    o.cause = *c;
                    break;
                }
                case 4:
                    o.by = lane(at(row, "by"), true);
                    break;
                case 5:
                    o.error = string(j, at(row, "error"), 1000);
                    break;
                default:
                    j.skip();
                }
            }
            keys.require(row);
            if (g.outcomeOf(o.task))
                fail(at(row, "task"), QStringLiteral("%1 has two outcomes").arg(o.task));
            if ((o.state == TaskState::Failed) != (o.cause == CancelCause::None))
                fail(at(row, "cause"), o.state == TaskState::Failed
                                           ? QStringLiteral("a failed task has cause \"none\"")
                                           : QStringLiteral("a cancelled task needs a cause"));
            g.addOutcome(o);
        });
        break;
    case 3: // [task, at_s]
        array(field, lanes, [&](const Path &row) {
            Delivery d;
            tuple(row, 2, [&](const Path &f, int i) {
                if (i == 0)
                    d.task = lane(f, false);
                else
                    d.atNs = time(j, f);
            });
            g.addDelivery(d);
        });
        break;
    }
    return true;
}

RunParams readParams(Json &j, int version) {
    const Path where = at(kTop, "params");
    if (j.peek() != Json::Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    RunParams p;
    LabParamsRead lab;
    Keys<7> keys({"mode", "tasks", "values", "delay_s", "max_value", "seed", "timing"});
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        const std::string key = j.key();
        switch (keys.find(key, where)) {
        case 0: {
            const QString mode = string(j, at(where, "mode"));
            if (auto m = parseMode(mode))
                p.mode = *m;
            else
                fail(at(where, "mode"),
                     quoted(mode) +
                         QStringLiteral(" is not one of concurrent, sequential, compare"));
            break;
        }
        case 1:
            p.tasks =
                int(integer(j, at(where, "tasks"), RunParams::kMinTasks, RunParams::kMaxTasks));
            break;
        case 2:
            p.values =
                int(integer(j, at(where, "values"), RunParams::kMinValues, RunParams::kMaxValues));
            break;
        case 3:
            p.delaySeconds = number(j, at(where, "delay_s"));
            if (p.delaySeconds < RunParams::kMinDelay || p.delaySeconds > RunParams::kMaxDelay)
                fail(at(where, "delay_s"), QStringLiteral("%1 is out of range (0.001 … 3600)")
                                               .arg(numberText(p.delaySeconds)));
            break;
        case 4:
            p.maxValue = number(j, at(where, "max_value"));
            if (p.maxValue <= 0 || p.maxValue > RunParams::kMaxMaxValue)
                fail(at(where, "max_value"),
                     QStringLiteral("%1 must be > 0 and ≤ 1e300").arg(numberText(p.maxValue)));
            break;
        case 5:
            p.seed = quint64(integer(j, at(where, "seed"), 0, qint64(RunParams::kMaxSeed)));
            break;
        case 6: {
            const QString timing = string(j, at(where, "timing"));
            if (auto t = parseTiming(timing))
                p.timing = *t;
            else
                fail(at(where, "timing"),
                     quoted(timing) + QStringLiteral(" is not one of drift-free, relative"));
            break;
        }
        default:
            if (version < 2 || !readLabParam(j, key, where, lab))
                j.skip();
        }
    }
    keys.require(where);
    if (version >= 2)
        finishLabParams(where, lab, p);
    return p;
}

AppInfo readApp(Json &j) {
    const Path where = at(kTop, "app");
    if (j.peek() != Json::Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    AppInfo app{QString(), QString(), QString()};
    Keys<3> keys({"version", "qt", "qcoro"});
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        switch (keys.find(j.key(), where)) {
        case 0:
            app.version = string(j, at(where, "version"));
            break;
        case 1:
            app.qt = string(j, at(where, "qt"));
            break;
        case 2:
            app.qcoro = string(j, at(where, "qcoro"));
            break;
        default:
            j.skip();
        }
    }
    return app;
}

void readLateness(Json &j, const Path &where, GroupHealth &h) {
    if (j.peek() != Json::Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    Keys<3> keys({"p50", "p99", "max"});
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        switch (keys.find(j.key(), where)) {
        case 0:
            h.latenessP50Ms = number(j, at(where, "p50"));
            break;
        case 1:
            h.latenessP99Ms = number(j, at(where, "p99"));
            break;
        case 2:
            h.latenessMaxMs = number(j, at(where, "max"));
            break;
        default:
            j.skip();
        }
    }
    keys.require(where);
}

//! One of a task's arrays, element by element, at most params.values long.
template<typename T, typename Read>
void readArray(Json &j, const Path &field, int maxCount, std::vector<T> &out, Read read) {
    if (j.peek() != Json::Kind::Array)
        fail(field, j.describe() + QStringLiteral(" is not an array"));
    out.clear();
    j.open('[');
    for (bool first = true; j.more(']', first);) {
        if (qsizetype(out.size()) == maxCount)
            fail(field, QStringLiteral("more than params.values (%1) entries").arg(maxCount));
        out.push_back(read(qsizetype(out.size())));
    }
}

//! Reused between tasks: a million tasks need not allocate three vectors each.
struct TaskScratch {
    std::vector<double> values;
    std::vector<qint64> due;
    std::vector<qint64> at;
};

void readTask(Json &j, const Path &where, const RunParams &p, GroupRecord &g,
              std::vector<bool> &seen, TaskScratch &s) {
    if (j.peek() != Json::Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    int id = -1;
    qint64 start = -1;
    qint64 end = -1;
    Keys<6> keys({"id", "start_s", "end_s", "values", "due_s", "at_s"});
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        switch (keys.find(j.key(), where)) {
        case 0:
            id = int(integer(j, at(where, "id"), 0, p.tasks - 1));
            break;
        case 1:
            start = time(j, at(where, "start_s"), true);
            break;
        case 2:
            end = time(j, at(where, "end_s"), true);
            break;
        case 3: {
            const Path field = at(where, "values");
            readArray(j, field, p.values, s.values, [&](qsizetype i) {
                // The element's name is only built for a message: 30 million pass through.
                if (j.peek() != Json::Kind::Number)
                    number(j, at(field, i));
                const std::string_view text = j.number();
                double x = -1;
                std::from_chars(text.data(), text.data() + text.size(), x);
                if (!(x >= 0 && x <= p.maxValue)) {
                    Json again(text.data(), text.data() + text.size());
                    const double checked = nonNegative(again, at(field, i));
                    fail(at(field, i), QStringLiteral("%1 is above max_value (%2)")
                                           .arg(numberText(checked), numberText(p.maxValue)));
                }
                return x;
            });
            break;
        }
        case 4: {
            const Path field = at(where, "due_s");
            readArray(j, field, p.values, s.due,
                      [&](qsizetype i) { return time(j, at(field, i)); });
            break;
        }
        case 5: {
            const Path field = at(where, "at_s");
            readArray(j, field, p.values, s.at, [&](qsizetype i) { return time(j, at(field, i)); });
            break;
        }
        default:
            j.skip();
        }
    }
    keys.require(where);

    if (seen[size_t(id)])
        fail(at(where, "id"), QStringLiteral("%1 is listed twice").arg(id));
    seen[size_t(id)] = true;
    if (end >= 0 && (start < 0 || end < start))
        fail(at(where, "end_s"), start < 0 ? QStringLiteral("is set but start_s is null")
                                           : QStringLiteral("is before start_s"));
    if (s.due.size() != s.values.size())
        fail(
            at(where, "due_s"),
            QStringLiteral("%1 entries, but values has %2").arg(s.due.size()).arg(s.values.size()));
    if (s.at.size() != s.values.size())
        fail(at(where, "at_s"),
             QStringLiteral("%1 entries, but values has %2").arg(s.at.size()).arg(s.values.size()));
    if (!s.values.empty() && start < 0)
        fail(at(where, "start_s"), QStringLiteral("is null but the task has yielded"));
    if (start >= 0)
        g.taskStarted(id, start);
    if (end >= 0)
        g.taskEnded(id, end);
    for (size_t i = 0; i < s.values.size(); ++i)
        g.recordYield(id, int(i), s.values[i], s.due[i], s.at[i]);
}

std::unique_ptr<GroupRecord> readGroup(Json &j, const Path &where, GroupKind kind,
                                       const RunParams &params, int version) {
    if (j.peek() != Json::Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    // The group's shape: the seed's tasks × values, or the lab's lanes × slots (a queue's
    // workers and producer, each with room for every item).
    RunParams p = params;
    p.tasks = groupLanes(params, kind);
    p.values = groupSlots(params, kind);
    std::array<bool, 4> labSeen{};
    auto g = std::make_unique<GroupRecord>(kind, p.tasks, p.values);
    GroupHealth &h = g->health;
    QString mode;
    QString status;
    std::optional<qint64> yields;
    Keys<9> keys({"mode", "status", "wall_s", "ideal_s", "overrun_ms", "lateness_ms",
                  "max_stall_ms", "tasks", "yields"});
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        const std::string key = j.key();
        switch (keys.find(key, where)) {
        case 0:
            mode = string(j, at(where, "mode"));
            if (mode != groupName(kind))
                fail(at(where, "mode"),
                     QStringLiteral("%1 should be \"%2\" here (params.mode is %3)")
                         .arg(quoted(mode), groupName(kind), modeName(p.mode)));
            break;
        case 1:
            status = string(j, at(where, "status"));
            if (status == statusName(RunStatus::Stopped))
                g->status = RunStatus::Stopped;
            else if (status == statusName(RunStatus::Finished))
                g->status = RunStatus::Finished;
            else if (version >= 2 && status == statusName(RunStatus::TimedOut))
                g->status = RunStatus::TimedOut;
            else if (version >= 2 && status == statusName(RunStatus::Failed))
                g->status = RunStatus::Failed;
            else
                fail(at(where, "status"),
                     quoted(status) + (version >= 2 ? QStringLiteral(" is not one of finished, "
                                                                     "stopped, timed-out, failed")
                                                    : QStringLiteral(" is not one of finished, stopped")));
            break;
        case 2:
            h.wallS = nonNegative(j, at(where, "wall_s"));
            break;
        case 3:
            h.idealS = nonNegative(j, at(where, "ideal_s"));
            break;
        case 4:
            h.overrunMs = number(j, at(where, "overrun_ms"));
            break;
        case 5:
            readLateness(j, at(where, "lateness_ms"), h);
            break;
        case 6:
            h.maxStallMs = nonNegative(j, at(where, "max_stall_ms"));
            break;
        case 7: {
            const Path tasksAt = at(where, "tasks");
            if (j.peek() != Json::Kind::Array)
                fail(tasksAt, j.describe() + QStringLiteral(" is not an array"));
            std::vector<bool> seen(size_t(p.tasks), false);
            TaskScratch scratch;
            qsizetype n = 0;
            j.open('[');
            for (bool first = true; j.more(']', first); ++n) {
                if (n == p.tasks)
                    fail(tasksAt,
                         QStringLiteral("more tasks listed than params.tasks (%1)").arg(p.tasks));
                readTask(j, at(tasksAt, n), p, *g, seen, scratch);
            }
            if (n != p.tasks)
                fail(tasksAt,
                     QStringLiteral("%1 tasks listed, but params.tasks is %2").arg(n).arg(p.tasks));
            break;
        }
        case 8:
            yields = integer(j, at(where, "yields"), 0, std::numeric_limits<qint64>::max());
            break;
        default:
            if (version < 2 || params.scenario == Scenario::Seed ||
                !readLabGroupMember(j, key, where, params, *g, labSeen))
                j.skip();
        }
    }
    keys.require(where, 8); // all but yields
    if (version >= 2 && params.scenario != Scenario::Seed && !labSeen[0])
        fail(at(where, "variant"), QStringLiteral("is missing"));
    if (yields && *yields != g->yields())
        fail(at(where, "yields"),
             QStringLiteral("%1, but the tasks hold %2 values").arg(*yields).arg(g->yields()));
    return g;
}

std::unique_ptr<RunRecord> readRecord(Json &j) {
    // Members may come in any order, but runs can only be checked against params: find
    // every member first (checking the syntax of the whole file), then read them in order.
    enum { Format, Version, App, Params, SpeedUp, Runs, Count };
    Keys<Count> keys({"format", "version", "app", "params", "speedup", "runs"});
    std::array<qsizetype, Count> offset{};
    if (j.peek() != Json::Kind::Object) {
        j.skip();
        if (!j.atEnd())
            j.syntax("garbage after the value");
        fail(kTop, QStringLiteral("not a run record (the JSON is not an object)"));
    }
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        const int k = keys.find(j.key(), kTop);
        j.peek();
        if (k >= 0)
            offset[size_t(k)] = j.offset();
        j.skip();
    }
    if (!j.atEnd())
        j.syntax("garbage after the value");

    auto seek = [&](int k) {
        if (!keys.seen(size_t(k)))
            return false;
        j.seek(offset[size_t(k)], 1);
        return true;
    };
    if (!seek(Format))
        fail(QStringLiteral("format"), QStringLiteral("is missing"));
    const QString format = string(j, at(kTop, "format"));
    if (format != QLatin1String("coroscope-run"))
        fail(QStringLiteral("format"),
             quoted(format) + QStringLiteral(" is not \"coroscope-run\""));
    if (!seek(Version))
        fail(QStringLiteral("version"), QStringLiteral("is missing"));
    int version = 0;
    if (j.peek() == Json::Kind::Number) {
        const std::string_view v = j.number();
        version = v == "1" ? 1 : v == "2" ? 2 : 0;
    }
    if (version == 0) {
        seek(Version);
        fail(QStringLiteral("version"),
             j.describe() + QStringLiteral(" is not supported (only 1 and 2)"));
    }

    auto record = std::make_unique<RunRecord>();
    record->app = seek(App) ? readApp(j) : AppInfo{QString(), QString(), QString()};
    if (!seek(Params))
        fail(QStringLiteral("params"), QStringLiteral("is missing"));
    record->params = readParams(j, version);
    const RunParams &p = record->params;
    if (seek(SpeedUp))
        nonNegative(j, at(kTop, "speedup")); // derived: recomputed from the runs

    const std::vector<GroupKind> kinds = groupKinds(p);
    quint64 need = 0;
    quint64 lanes = 0;
    for (GroupKind kind : kinds) {
        need += GroupRecord::bytesNeeded(quint64(groupLanes(p, kind)), quint64(groupSlots(p, kind)));
        lanes += quint64(groupLanes(p, kind));
    }
    if (const QString why = memoryRefusal(
            need, QStringLiteral("a record of %1 tasks × %2 values").arg(p.tasks).arg(p.values));
        !why.isEmpty())
        fail(QStringLiteral("params"), why);

    const Path runsAt = at(kTop, "runs");
    if (!seek(Runs))
        fail(runsAt, QStringLiteral("is missing"));
    if (j.peek() != Json::Kind::Array)
        fail(runsAt, j.describe() + QStringLiteral(" is not an array"));
    // Every task is listed with at least {"id":0,"start_s":null,"end_s":null,"values":[],
    // "due_s":[],"at_s":[]}: a short file cannot make the reader allocate for a million.
    constexpr quint64 kMinTaskBytes = 60;
    if (lanes * kMinTaskBytes > quint64(j.size()))
        fail(at(at(kTop, "params"), "tasks"),
             QStringLiteral("%1 tasks per run cannot be listed in a file of %2 bytes")
                 .arg(p.tasks)
                 .arg(j.size()));
    size_t n = 0;
    auto tooFew = [&](size_t count) {
        return QStringLiteral("%1 entries, but params.mode %2 needs %3")
            .arg(count)
            .arg(modeName(p.mode))
            .arg(kinds.size());
    };
    j.open('[');
    for (bool first = true; j.more(']', first); ++n) {
        if (n == kinds.size()) {
            j.skip();
            size_t total = n + 1;
            for (; j.more(']', first); ++total)
                j.skip();
            fail(runsAt, tooFew(total));
        }
        record->groups.push_back(readGroup(j, at(runsAt, qsizetype(n)), kinds[n], p, version));
    }
    if (n != kinds.size())
        fail(runsAt, tooFew(n));
    return record;
}

//! Whether the first byte that is not white space (or a byte order mark) is '{'.
bool startsLikeARecord(const QByteArray &bytes) {
    const char *p = bytes.constData();
    const char *end = p + bytes.size();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        p += 3;
    while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        ++p;
    return p == end || *p == '{';
}

} // namespace

RecordReadResult RecordReader::fromBytes(const QByteArray &bytes) {
    RecordReadResult result;
    try {
        const char *begin = bytes.constData();
        const char *end = begin + bytes.size();
        if (bytes.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark
            begin += 3;
        if (std::all_of(begin, end, [](char c) { return std::isspace(uchar(c)); }))
            fail(kTop, QStringLiteral("the file is empty"));
        if (bytes.size() > kMaxFileBytes)
            fail(kTop, QStringLiteral("the file is larger than %1 GB").arg(kMaxFileBytes >> 30));
        Json json(begin, end);
        result.record = readRecord(json);
    } catch (const Invalid &invalid) {
        result.error = invalid.message;
    } catch (const std::bad_alloc &) {
        result.error = QStringLiteral("not enough memory to read the record");
    }
    if (!result.error.isEmpty())
        result.record.reset();
    return result;
}

RecordReadResult RecordReader::read(const QString &path) {
    RecordReadResult result;
    const QFileInfo info(path);
    QFile file(path);
    if (info.isDir()) {
        result.error = QStringLiteral("%1: is a folder, not a run record").arg(path);
        return result;
    }
    if (info.exists() && !info.isFile()) { // a FIFO would block in open(), a device never end
        result.error = QStringLiteral("%1: is not a regular file").arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    if (file.size() > kMaxFileBytes) {
        result.error =
            QStringLiteral("%1: the file is larger than %2 GB").arg(path).arg(kMaxFileBytes >> 30);
        return result;
    }
    // Read in chunks up to the bound. (Not mapped: a file truncated by another program
    // while mapped would raise SIGBUS.)
    QByteArray bytes;
    try {
        constexpr qint64 kChunk = qint64(4) << 20;
        while (bytes.size() <= kMaxFileBytes) {
            const QByteArray chunk = file.read(kChunk);
            if (chunk.isEmpty()) {
                if (file.error() != QFileDevice::NoError) {
                    result.error =
                        QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
                    return result;
                }
                break;
            }
            bytes += chunk;
            if (bytes.size() == chunk.size() && !startsLikeARecord(bytes)) {
                // Not worth reading on (a picture, /dev/zero): say what is wrong now.
                result.error = path + QStringLiteral(": ") + fromBytes(bytes).error;
                return result;
            }
            if (bytes.size() == chunk.size() && !file.isSequential())
                bytes.reserve(qsizetype(file.size())); // one allocation for a big file
        }
    } catch (const std::bad_alloc &) {
        result.error = QStringLiteral("%1: not enough memory to read the file").arg(path);
        return result;
    }
    result = fromBytes(bytes);
    if (!result.error.isEmpty())
        result.error = path + QStringLiteral(": ") + result.error;
    return result;
}

} // namespace coroscope
