// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// The number scanner of JsonCursor, inline so that number() costs no call in the reader's
// thirty-million-number loop. Internal to src/io: use JsonCursor::number().

#include <QtEndian>
#include <QtGlobal>

#include <algorithm>
#include <string_view>

namespace coroscope {

//! A number as JsonCursor scanned it once: its text and, for plain decimals, its parts.
struct JsonNumber {
    std::string_view text; //!< valid until the cursor moves on
    bool negative = false;
    bool exponent = false;  //!< an 'e' or 'E' part (then the parts below are unset)
    int wholeDigits = 0;    //!< digits before the point
    int fractionDigits = 0; //!< digits after it
    quint64 whole = 0;      //!< the digits before the point, if at most 19
    quint64 fraction9 = 0;  //!< the first 9 digits after the point, as 9 digits
    //! All the digits, the point left out, if wholeDigits + fractionDigits <= 19.
    quint64 digits = 0;

    /*!
     * The double nearest to the number (ties to even), as std::from_chars gives it;
     * false if out of a double's range. Plain decimals of up to 19 digits come from
     * \c digits in one correctly rounded division (exact operands below 2^53, else in
     * x87 extended precision with the one case of double rounding sent to from_chars).
     */
    bool toDouble(double &out) const;
};

namespace json_number {

inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

inline bool isNumberChar(char c) {
    return isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
}

//! Eight ASCII bytes as a little-endian word, whatever the machine's byte order.
inline quint64 load8(const char *p) {
    return qFromLittleEndian<quint64>(p);
}

//! True if all eight bytes are '0' … '9' (fast_float's test: no byte leaves 0x30 … 0x39).
inline bool eightDigits(quint64 v) {
    return ((v & 0xF0F0F0F0F0F0F0F0) | (((v + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
           0x3333333333333333;
}

//! The value of eight digits, the first byte most significant (three multiplications).
inline quint64 parseEight(quint64 v) {
    v = (v & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8;
    v = (v & 0x00FF00FF00FF00FF) * 6553601 >> 16;
    return (v & 0x0000FFFF0000FFFF) * 42949672960001 >> 32;
}

constexpr quint64 kPow10[] = {1,
                              10,
                              100,
                              1'000,
                              10'000,
                              100'000,
                              1'000'000,
                              10'000'000,
                              100'000'000,
                              1'000'000'000,
                              10'000'000'000,
                              100'000'000'000,
                              1'000'000'000'000,
                              10'000'000'000'000,
                              100'000'000'000'000,
                              1'000'000'000'000'000,
                              10'000'000'000'000'000,
                              100'000'000'000'000'000,
                              1'000'000'000'000'000'000,
                              10'000'000'000'000'000'000u};

//! Where a number's scan stopped: the character after it, or where its grammar failed.
struct NumberScan {
    const char *end;
    const char *invalid; //!< set if the grammar failed there
};

/*!
 * Scans one number from \a p and splits it into its parts, in one pass. Checked: every
 * character read is before \a end (the number's extent, known to hold it). Unchecked: the
 * caller knows a character that is no number's lies ahead in the buffer, so the scan stops
 * there at the latest without comparing pointers; \a end then only bounds the eight-byte
 * loads.
 */
template<bool kChecked>
Q_ALWAYS_INLINE NumberScan scan(const char *p, const char *end, JsonNumber &n) {
    const auto has = [end](const char *q) { return !kChecked || q != end; };
    const auto room8 = [end](const char *q) { return end - q >= 8; };
    if (has(p) && *p == '-') {
        n.negative = true;
        ++p;
    }
    if (has(p) && *p == '0') {
        ++p;
        n.wholeDigits = 1;
    } else if (has(p) && isDigit(*p)) {
        const char *first = p;
        quint64 whole = 0;
        for (; has(p) && isDigit(*p) && p - first < 19; ++p)
            whole = whole * 10 + quint64(*p - '0');
        while (has(p) && isDigit(*p)) // beyond 19 digits: counted only
            ++p;
        n.whole = whole;
        n.wholeDigits = int(p - first);
    } else {
        return {p, p};
    }
    if (has(p) && *p == '.') {
        const char *first = ++p;
        // The first 19 digits (at most) are kept, so the first 9 and, when the whole
        // number has at most 19 digits, all of them are known without a second look.
        quint64 fraction = 0;
        quint64 fraction9 = 0;
        if (room8(p) && eightDigits(load8(p))) {
            fraction = parseEight(load8(p));
            p += 8;
        }
        for (; has(p) && isDigit(*p) && p - first < 9; ++p)
            fraction = fraction * 10 + quint64(*p - '0');
        fraction9 = fraction;
        if (has(p) && isDigit(*p)) { // more than 9 digits (a value's 17): p - first is 9
            if (room8(p) && eightDigits(load8(p))) {
                fraction = fraction * 100'000'000 + parseEight(load8(p));
                p += 8;
            }
            for (; has(p) && isDigit(*p) && p - first < 19; ++p)
                fraction = fraction * 10 + quint64(*p - '0');
            while (room8(p) && eightDigits(load8(p))) // beyond 19: counted only
                p += 8;
            while (has(p) && isDigit(*p))
                ++p;
        }
        const int count = int(p - first);
        if (count == 0)
            return {p, p};
        n.fraction9 = fraction9 * kPow10[size_t(9 - std::min(count, 9))];
        n.fractionDigits = count;
        if (n.wholeDigits + count <= 19)
            n.digits = n.whole * kPow10[size_t(count)] + fraction;
    } else {
        n.digits = n.whole; // meaningful when wholeDigits <= 19
    }
    if (has(p) && (*p == 'e' || *p == 'E')) {
        ++p;
        n.exponent = true;
        if (has(p) && (*p == '+' || *p == '-'))
            ++p;
        const char *first = p;
        while (has(p) && isDigit(*p))
            ++p;
        if (p == first)
            return {p, p};
    }
    return {p, nullptr};
}

} // namespace json_number
} // namespace coroscope
