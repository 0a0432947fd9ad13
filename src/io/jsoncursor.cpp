// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "jsoncursor.h"

#include "jsonnumber.h"

#include <QIODevice>
#include <QSysInfo>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace coroscope {

namespace {

QString quoted(const QString &s) {
    constexpr int kShown = 40;
    return QLatin1Char('"') + (s.size() > kShown ? s.left(kShown) + QStringLiteral("…") : s) +
           QLatin1Char('"');
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string &out, char32_t u) {
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

constexpr char kBom[] = "\xEF\xBB\xBF";

} // namespace

JsonCursor::JsonCursor(std::string_view bytes, int maxDepth)
    : m_buf(bytes.data())
    , m_p(bytes.data())
    , m_end(bytes.data() + bytes.size())
    , m_total(qint64(bytes.size()))
    , m_maxDepth(maxDepth)
    , m_memory(bytes) {
    findSafeEnd();
    if (bytes.substr(0, 3) == std::string_view(kBom, 3)) {
        m_p += 3;
        m_bomBytes = 3;
    }
}

JsonCursor::JsonCursor(QIODevice *device, qint64 totalBytes, int maxDepth, qsizetype chunkBytes)
    : m_total(totalBytes)
    , m_maxDepth(maxDepth)
    , m_device(device)
    , m_deviceStart(device->pos())
    , m_chunk(chunkBytes) {
    m_storage.resize(size_t(m_chunk));
    m_buf = m_p = m_end = m_safeEnd = m_storage.data();
    // The byte order mark is looked for in the first chunk (a 1-byte chunk is a test's).
    const char *keep = m_p;
    while (m_end - m_buf < 3 && fill(keep))
        ;
    if (m_end - m_buf >= 3 && std::memcmp(m_buf, kBom, 3) == 0) {
        m_p += 3;
        m_bomBytes = 3;
    }
}

void JsonCursor::setChunkRead(ChunkRead hook) {
    m_chunkRead = std::move(hook);
    if (m_chunkRead && m_device && m_end != m_buf)
        m_chunkRead(m_base + (m_end - m_buf));
}

bool JsonCursor::fill(const char *&keep) {
    if (!m_device)
        return false;
    // Keep [keep, end): a token being read. Tokens are bounded (kMaxNumberChars; strings
    // are copied out as they go), so the buffer stays near one chunk.
    const qsizetype kept = m_end - keep;
    const qsizetype pAt = m_p - keep;
    if (size_t(kept + m_chunk) > m_storage.size()) {
        std::vector<char> bigger(size_t(kept + m_chunk));
        std::memcpy(bigger.data(), keep, size_t(kept));
        m_storage.swap(bigger);
    } else if (kept > 0 && keep != m_storage.data()) {
        std::memmove(m_storage.data(), keep, size_t(kept));
    }
    m_base += keep - m_buf;
    m_buf = m_storage.data();
    keep = m_buf;
    m_p = m_buf + pAt;
    const qint64 n = m_device->read(m_storage.data() + kept, qint64(m_storage.size()) - kept);
    if (n < 0)
        throw JsonError{QStringLiteral("cannot read: %1").arg(m_device->errorString())};
    m_end = m_buf + kept + n;
    findSafeEnd();
    ++m_fills;
    const qint64 read = m_base + kept + n;
    if (m_byteLimit >= 0 && read > m_byteLimit)
        throw JsonError{QStringLiteral("the file is larger than %1 bytes (it grew while read)")
                            .arg(m_byteLimit)};
    if (n > 0 && m_chunkRead)
        m_chunkRead(read);
    return n > 0;
}

void JsonCursor::seek(qint64 offset, int depth) {
    m_depth = depth;
    if (!m_device) {
        m_p = m_buf + m_bomBytes + offset;
        return;
    }
    const qint64 at = offset + m_bomBytes;
    if (at >= m_base && at <= m_base + (m_end - m_buf)) {
        m_p = m_buf + (at - m_base);
        return;
    }
    if (!m_device->seek(m_deviceStart + at))
        throw JsonError{QStringLiteral("cannot read: %1").arg(m_device->errorString())};
    m_base = at;
    m_buf = m_p = m_end = m_safeEnd = m_storage.data();
}

void JsonCursor::syntax(const char *what) const {
    syntaxAt(what, offset());
}

void JsonCursor::syntaxAt(const char *what, qint64 at) const {
    throw JsonError{QStringLiteral("not JSON: %1 at byte %2").arg(QLatin1String(what)).arg(at)};
}

void JsonCursor::wsSlow() {
    for (;;) {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
        if (m_p != m_end || !fill())
            return;
    }
}

bool JsonCursor::atEnd() {
    ws();
    return m_p == m_end;
}

JsonCursor::Kind JsonCursor::peekSlow() {
    // peek() has taken the common kinds; white space is skipped.
    if (m_p == m_end)
        syntax("unexpected end");
    switch (*m_p) {
    case 't':
    case 'f':
        return Kind::Bool;
    case 'n':
        return Kind::Null;
    default:
        syntax("invalid value");
    }
}

void JsonCursor::open(char c) {
    ws();
    if (m_p == m_end || *m_p != c)
        syntax(c == '{' ? "expected '{'" : "expected '['");
    ++m_p;
    if (++m_depth > m_maxDepth)
        throw JsonError{QStringLiteral("nested deeper than %1 levels (at byte %2)")
                            .arg(m_maxDepth)
                            .arg(offset() - 1)};
}

void JsonCursor::moreSlow(char close) const {
    // more() has taken the close, the first member and a ','; what is left is an error.
    if (m_p == m_end)
        syntax("unexpected end");
    syntax(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
}

std::string_view JsonCursor::key() {
    if (peek() != Kind::String)
        syntax("expected a key");
    // As the writer puts them ("id": …): plain ASCII, no escape, the ':' right after, all
    // in the buffer. The key is then used where it lies, as nothing is read after it.
    const char *const text = m_p + 1;
    const char *q = text;
    while (q != m_end && *q != '"' && *q != '\\' && uchar(*q) >= 0x20 && uchar(*q) < 0x80)
        ++q;
    if (m_end - q >= 2 && q[0] == '"' && q[1] == ':' && q - text <= kMaxStringBytes) {
        m_p = q + 2;
        return std::string_view(text, size_t(q - text));
    }
    m_key.clear();
    readString(m_key);
    ws();
    if (m_p == m_end || *m_p != ':')
        syntax("expected ':'");
    ++m_p;
    return m_key;
}

void JsonCursor::literal(const char *word) {
    for (const char *w = word; *w; ++w) {
        if (!ensure() || *m_p != *w)
            syntax("invalid value");
        ++m_p;
    }
}

bool JsonCursor::null() {
    if (peek() != Kind::Null)
        return false;
    literal("null");
    return true;
}

bool JsonCursor::boolean() {
    if (peek() == Kind::Bool && *m_p == 't') {
        literal("true");
        return true;
    }
    literal("false");
    return false;
}

std::string JsonCursor::string() {
    if (peek() != Kind::String)
        syntax("expected a string");
    std::string out;
    readString(out);
    return out;
}

bool JsonNumber::toDouble(double &out) const {
    if (!exponent && wholeDigits + fractionDigits <= 19) {
        // Clinger's fast path: digits and 10^k (k <= 19 < 23) are exact doubles, so one
        // IEEE division rounds the quotient correctly.
        static constexpr std::array<double, 20> kPow{1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
                                                     1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
                                                     1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
        const size_t k = size_t(fractionDigits);
        double d = 0;
        bool done = false;
        if (digits <= (quint64(1) << 53)) {
            d = double(digits) / kPow[k];
            done = true;
        } else if constexpr (std::numeric_limits<long double>::digits == 64 &&
                             QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            // A value's 17 digits: exact in x87's 64-bit significand, as is 10^k (5^19 <
            // 2^64), so the quotient is rounded once to 64 bits. Rounding that to 53 bits
            // gives the correctly rounded double unless the 64-bit quotient lies exactly
            // half-way between two doubles (its low 11 bits 100 0000 0000): then the true
            // quotient may lie on either side, and from_chars decides.
            static constexpr std::array<long double, 20> kPowL{
                1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L};
            const long double q = static_cast<long double>(digits) / kPowL[k];
            quint64 significand = 0;
            std::memcpy(&significand, &q, sizeof significand); // x87: the low 8 bytes
            if ((significand & 0x7FF) != 0x400) {
                d = double(q);
                done = true;
            }
        }
        if (done) {
            out = negative ? -d : d;
            return true;
        }
    }
    double d = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec != std::errc() || !std::isfinite(d))
        return false;
    out = d;
    return true;
}

void JsonCursor::findSafeEnd() {
    // The last character in the buffer that no number contains: a number starting before
    // it ends before it, so number() needs no end check while scanning (nor a refill).
    const char *q = m_end;
    while (q != m_buf && json_number::isNumberChar(q[-1]))
        --q;
    m_safeEnd = q == m_buf ? m_buf : q - 1;
}

void JsonCursor::invalidNumber(const char *at) {
    m_p = at;
    syntax("invalid number");
}

JsonCursor::Number JsonCursor::numberAcrossChunks() {
    // First bring the number's characters into the buffer (a number is at most
    // kMaxNumberChars long), then scan them with no check but the extent's.
    const char *q = m_p;
    for (;;) {
        while (q != m_end && json_number::isNumberChar(*q) && q - m_p <= kMaxNumberChars)
            ++q;
        if (q != m_end || q - m_p > kMaxNumberChars)
            break;
        const qsizetype scanned = q - m_p;
        const char *keep = m_p;
        const bool more = fill(keep); // moves the buffer even when nothing more comes
        q = m_p + scanned;
        if (!more)
            break;
    }
    const char *const start = m_p;
    Number n;
    const json_number::NumberScan s = json_number::scan<true>(m_p, q, n);
    if (s.invalid) {
        m_p = s.invalid;
        syntax("invalid number");
    }
    m_p = s.end;
    if (s.end - start > kMaxNumberChars)
        syntax("a number longer than 1024 characters");
    n.text = std::string_view(start, size_t(s.end - start));
    return n;
}

char32_t JsonCursor::hex4() {
    char32_t u = 0;
    for (int i = 0; i < 4; ++i) {
        if (!ensure())
            syntax("invalid escape");
        const int h = hexDigit(*m_p++);
        if (h < 0)
            syntax("invalid escape");
        u = u * 16 + char32_t(h);
    }
    return u;
}

void JsonCursor::readString(std::string &out) {
    const qint64 start = offset();
    ++m_p; // the opening quote, seen by peek()
    for (;;) {
        const char *run = m_p;
        while (m_p != m_end && *m_p != '"' && *m_p != '\\' && uchar(*m_p) >= 0x20 &&
               uchar(*m_p) < 0x80)
            ++m_p;
        out.append(run, size_t(m_p - run));
        if (offset() - start > kMaxStringBytes + 1)
            syntaxAt("a string longer than 65536 bytes", start);
        if (m_p == m_end) {
            if (!fill())
                syntax("unterminated string");
            continue;
        }
        if (uchar(*m_p) >= 0x80) {
            utf8(&out);
            continue;
        }
        if (*m_p == '"') {
            ++m_p;
            return;
        }
        if (uchar(*m_p) < 0x20)
            syntax("control character in string");
        ++m_p; // the backslash
        if (!ensure())
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
            if (u >= 0xD800 && u <= 0xDBFF) {
                // A high surrogate: a low one may follow as the next escape.
                const char *back = m_p;
                const qint64 backOffset = offset();
                const quint64 fills = m_fills;
                if (ensure() && *m_p == '\\') {
                    ++m_p;
                    if (ensure() && *m_p == 'u') {
                        ++m_p;
                        const char32_t low = hex4();
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                            appendUtf8(out, u);
                            break;
                        }
                    }
                }
                // A lone high surrogate, then something else: read that on its own.
                if (m_fills == fills)
                    m_p = back;
                else
                    seek(backOffset, m_depth);
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

void JsonCursor::utf8(std::string *out) {
    // One UTF-8 sequence (RFC 3629): no overlong forms, no surrogates, at most U+10FFFF.
    const uchar lead = uchar(*m_p);
    int length = 0;
    char32_t u = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        u = lead & 0x1F;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        u = lead & 0x0F;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        u = lead & 0x07;
        min = 0x10000;
    } else {
        syntax("invalid UTF-8 in a string");
    }
    char bytes[4] = {char(lead)};
    ++m_p;
    for (int i = 1; i < length; ++i) {
        if (!ensure() || (uchar(*m_p) & 0xC0) != 0x80)
            syntax("invalid UTF-8 in a string");
        bytes[i] = *m_p++;
        u = (u << 6) | (uchar(bytes[i]) & 0x3F);
    }
    if (u < min || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
        syntax("invalid UTF-8 in a string");
    if (out)
        out->append(bytes, size_t(length));
}

void JsonCursor::skipString() {
    // The same limit as readString(), so a string is refused or not whatever reads it.
    const qint64 start = offset();
    ++m_p;
    for (;;) {
        while (m_p != m_end && *m_p != '"' && *m_p != '\\' && uchar(*m_p) >= 0x20 &&
               uchar(*m_p) < 0x80)
            ++m_p;
        if (offset() - start > kMaxStringBytes + 1)
            syntaxAt("a string longer than 65536 bytes", start);
        if (m_p == m_end) {
            if (!fill())
                syntax("unterminated string");
            continue;
        }
        if (uchar(*m_p) >= 0x80) {
            utf8(nullptr);
            continue;
        }
        if (*m_p == '"') {
            ++m_p;
            return;
        }
        if (uchar(*m_p) < 0x20)
            syntax("control character in string");
        ++m_p;
        if (!ensure())
            syntax("unterminated string");
        switch (*m_p++) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            break;
        case 'u':
            hex4();
            break;
        default:
            syntax("invalid escape");
        }
    }
}

void JsonCursor::skip() {
    switch (peek()) {
    case Kind::Object:
        open('{');
        for (bool first = true; more('}', first);) {
            if (peek() != Kind::String)
                syntax("expected a key");
            skipString();
            ws();
            if (m_p == m_end || *m_p != ':')
                syntax("expected ':'");
            ++m_p;
            skip();
        }
        break;
    case Kind::Array:
        open('[');
        for (bool first = true; more(']', first);)
            skip();
        break;
    case Kind::String:
        skipString();
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

QString JsonCursor::describe() {
    switch (peek()) {
    case Kind::Object:
        skip();
        return QStringLiteral("an object");
    case Kind::Array:
        skip();
        return QStringLiteral("an array");
    case Kind::String:
        return quoted(QString::fromStdString(string()));
    case Kind::Bool:
        return boolean() ? QStringLiteral("true") : QStringLiteral("false");
    case Kind::Null:
        literal("null");
        return QStringLiteral("null");
    case Kind::Number: {
        const std::string_view text = number().text;
        const QByteArrayView v(text);
        return QString::fromLatin1(v.first(std::min<qsizetype>(v.size(), 40)));
    }
    }
    return {};
}

} // namespace coroscope
