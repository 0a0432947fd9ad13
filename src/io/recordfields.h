// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// The record reader's field readers (internal to src/io/): a field's path, spelled out
// only for a message; typed values (numbers, whole numbers, strings, times in exact ns);
// objects with their known keys, lists and tuples. Each refusal throws one JsonError
// naming the field ("runs[1].tasks[3].at_s[2]: -1 is negative"). Inline: thirty million
// values of a big record pass through time() and integer().

#include "jsoncursor.h"
#include "numberformat.h"

#include <QByteArrayView>
#include <QString>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace coroscope::recordfields {

using Kind = JsonCursor::Kind;

// The largest time a record can hold: nanoseconds since the start must fit in qint64.
// About 31 years: any time plus a run's length (at most 3.6e7 s) stays far inside qint64 ns.
constexpr double kMaxSeconds = 1e9;
constexpr qint64 kMaxSecondsWhole = 1'000'000'000;

[[noreturn]] inline void fail(const QString &field, const QString &why) {
    throw JsonError{field.isEmpty() ? why : field + QStringLiteral(": ") + why};
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
inline const Path kTop;

inline Path at(const Path &parent, const char *key) {
    return {&parent, key, -1};
}
inline Path at(const Path &parent, qsizetype index) {
    return {&parent, nullptr, index};
}

[[noreturn]] inline void fail(const Path &field, const QString &why) {
    fail(field.text(), why);
}

inline QString quoted(const QString &s) {
    constexpr int kShown = 40;
    return QLatin1Char('"') + (s.size() > kShown ? s.left(kShown) + QStringLiteral("…") : s) +
           QLatin1Char('"');
}

inline QString textOf(std::string_view number) {
    const QByteArrayView v(number);
    return QString::fromLatin1(v.first(std::min<qsizetype>(v.size(), 40)));
}

inline QString numberText(double d) {
    return QString::fromLatin1(doubleText(d));
}

inline QString secondsOf(qint64 ns) {
    return QString::fromLatin1(secondsText(ns));
}

// ---- typed values, each named by its field for messages ------------------------------

//! The double a scanned number stands for; false if out of a double's range.
inline bool toDouble(const JsonCursor::Number &n, double &d) {
    return n.toDouble(d);
}

inline double number(JsonCursor &j, const Path &field) {
    if (j.peek() != Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a number"));
    const JsonCursor::Number n = j.number();
    double d = 0;
    if (!toDouble(n, d))
        fail(field, textOf(n.text) + QStringLiteral(" is out of range for a double"));
    return d;
}

inline double nonNegative(JsonCursor &j, const Path &field) {
    const double d = number(j, field);
    if (d < 0)
        fail(field, numberText(d) + QStringLiteral(" is negative"));
    return d;
}

inline qint64 integer(JsonCursor &j, const Path &field, qint64 lo, qint64 hi) {
    if (j.peek() != Kind::Number)
        fail(field, j.describe() + QStringLiteral(" is not a whole number"));
    const JsonCursor::Number num = j.number();
    const auto shown = [&num] { return textOf(num.text); }; // only for a message
    qint64 n = 0;
    if (!num.exponent && num.fractionDigits == 0) {
        if (num.wholeDigits > 18) { // beyond qint64 for sure, or too near to tell cheaply
            const auto r = std::from_chars(num.text.data(), num.text.data() + num.text.size(), n);
            if (r.ec != std::errc())
                fail(field,
                     QStringLiteral("%1 is out of range (%2 … %3)").arg(shown()).arg(lo).arg(hi));
        } else {
            n = num.negative ? -qint64(num.whole) : qint64(num.whole);
        }
    } else {
        // 4.0 or 1e3 are whole numbers too, as long as a double holds them exactly.
        double d = 0;
        if (!toDouble(num, d) || d != std::floor(d) || std::fabs(d) > 0x1p53)
            fail(field, shown() + QStringLiteral(" is not a whole number"));
        n = qint64(d);
    }
    if (n < lo || n > hi)
        fail(field, QStringLiteral("%1 is out of range (%2 … %3)").arg(n).arg(lo).arg(hi));
    return n;
}

inline QString string(JsonCursor &j, const Path &field, int maxLength = 100) {
    if (j.peek() != Kind::String)
        fail(field, j.describe() + QStringLiteral(" is not a string"));
    QString s = QString::fromStdString(j.string());
    if (s.size() > maxLength)
        fail(field, QStringLiteral("is longer than %1 characters").arg(maxLength));
    return s;
}

//! Nanoseconds from seconds held as a double (the fallback for exponents and > 9 decimals).
inline qint64 nanosecondsOf(double s) {
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
 * decimals, straight from the digits the cursor scanned); null gives -1 when \a nullable.
 */
inline qint64 time(JsonCursor &j, const Path &field, bool nullable = false) {
    const Kind kind = j.peek();
    if (kind != Kind::Number) {
        if (nullable && j.null())
            return -1;
        fail(field, j.describe() + QStringLiteral(" is not a number"));
    }
    const JsonCursor::Number n = j.number();
    const auto shown = [&n] { return textOf(n.text); }; // only for a message
    if (!n.exponent && n.fractionDigits <= 9 && n.wholeDigits <= 10) {
        if (n.negative && (n.whole != 0 || n.fraction9 != 0))
            fail(field, shown() + QStringLiteral(" is negative"));
        const qint64 seconds = qint64(n.whole);
        const qint64 nanos = qint64(n.fraction9);
        if (seconds > kMaxSecondsWhole || (seconds == kMaxSecondsWhole && nanos > 0))
            fail(field,
                 shown() + QStringLiteral(" is too large (at most %1 s)").arg(kMaxSecondsWhole));
        return seconds * 1'000'000'000 + nanos;
    }
    double s = 0;
    if (!toDouble(n, s))
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
        : m_names(names) {
        for (size_t i = 0; i < N; ++i)
            m_views[i] = m_names[i];
    }
    //! The key's index, or -1 for a key this reader does not know (skipped).
    int find(std::string_view key, const Path &parent) {
        // The writer's order first: the key after the last one found, then the others.
        for (size_t n = 0, i = m_next; n < N; ++n, i = i + 1 == N ? 0 : i + 1) {
            if (same(key, m_views[i])) {
                if (m_seen[i])
                    fail(at(parent, m_names[i]), QStringLiteral("is given twice"));
                m_seen[i] = true;
                m_next = i + 1 == N ? 0 : i + 1;
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
    const char *name(size_t i) const { return m_names[i]; }

private:
    //! Keys are a few letters: compared inline, not through memcmp.
    static bool same(std::string_view a, std::string_view b) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return false;
        return true;
    }

    std::array<const char *, N> m_names;
    std::array<std::string_view, N> m_views; // their lengths, measured once
    std::array<bool, N> m_seen{};
    size_t m_next = 0;
};

/*!
 * Members this reader does not know. Version 1 skips them (older and newer builds of that
 * version added optional members); version 2 refuses them: this build writes every member
 * it reads, and a later change adds a version. The version may come after members it
 * decides about: the first unknown one met before it is kept and refused then.
 */
class UnknownMembers {
public:
    int version() const { return m_version; }
    void setVersion(int version) {
        m_version = version;
        if (version >= 2 && !m_pending.isEmpty())
            fail(m_pending, kWhy());
    }
    //! An unknown member \a key of \a where: refused in version 2, else skipped by the caller.
    void met(const Path &where, std::string_view key) {
        if (m_version == 1 || (m_version == 0 && !m_pending.isEmpty()))
            return;
        const std::string name(key.substr(0, 40));
        const Path field = at(where, name.c_str());
        if (m_version >= 2)
            fail(field, kWhy());
        m_pending = field.text();
    }

private:
    static QString kWhy() { return QStringLiteral("is not a member of record version 2"); }
    int m_version = 0; //!< 0 until the record's version is read
    QString m_pending;
};

/*!
 * The object walk every part of the record shares: refuses a value that is not an
 * object, a repeated key; passes the members it does not know to \a unknown (skipping
 * them, their syntax checked, unless the version refuses them); calls \a member with the
 * index of each known key, the cursor at its value.
 */
template<size_t N, typename Member>
inline void readObject(JsonCursor &j, const Path &where, Keys<N> &keys, UnknownMembers &unknown,
                       Member member) {
    if (j.peek() != Kind::Object)
        fail(where, j.describe() + QStringLiteral(" is not an object"));
    j.open('{');
    for (bool first = true; j.more('}', first);) {
        const std::string_view key = j.key();
        if (const int k = keys.find(key, where); k >= 0) {
            member(k);
        } else {
            unknown.met(where, key);
            j.skip();
        }
    }
}

//! An array of at most \a maxCount entries, each read by \a readOne with its path.
template<typename ReadOne>
inline void readList(JsonCursor &j, const Path &field, qsizetype maxCount, ReadOne readOne) {
    if (j.peek() != Kind::Array)
        fail(field, j.describe() + QStringLiteral(" is not an array"));
    j.open('[');
    qsizetype n = 0;
    for (bool first = true; j.more(']', first); ++n) {
        if (n == maxCount)
            fail(field, QStringLiteral("more than %1 entries").arg(maxCount));
        readOne(at(field, n));
    }
}

//! A row written as an array of exactly \a size entries, each read by \a readOne.
template<typename ReadOne>
inline void readTuple(JsonCursor &j, const Path &field, int size, ReadOne readOne) {
    if (j.peek() != Kind::Array)
        fail(field, j.describe() + QStringLiteral(" is not an array"));
    j.open('[');
    int n = 0;
    for (bool first = true; j.more(']', first); ++n) {
        if (n == size) {
            for (j.skip(), ++n; j.more(']', first); ++n)
                j.skip();
            break;
        }
        readOne(at(field, n), n);
    }
    if (n != size)
        fail(field, QStringLiteral("has %1 entries, not %2").arg(n).arg(size));
}

} // namespace coroscope::recordfields
