#include "numberformat.h"

#include <QLocale>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace coroscope {

namespace {

QByteArray text(char *(*write)(char *, qint64), qint64 n) {
    char buf[kMaxNumberText];
    return QByteArray(buf, write(buf, n) - buf);
}

//! Writes the \a digits low decimal digits of \a frac, trailing zeros trimmed (at least one).
char *writeFraction(char *out, quint64 frac, int digits) {
    char *end = out + digits;
    for (char *p = end; p != out;) {
        *--p = char('0' + frac % 10);
        frac /= 10;
    }
    while (end > out + 1 && end[-1] == '0')
        --end;
    return end;
}

} // namespace

char *writeInteger(char *out, qint64 n) {
    return std::to_chars(out, out + kMaxNumberText, n).ptr;
}

char *writeSeconds(char *out, qint64 ns) {
    quint64 a = quint64(ns);
    if (ns < 0) {
        *out++ = '-';
        a = 0 - a;
    }
    out = std::to_chars(out, out + kMaxNumberText, a / 1'000'000'000ULL).ptr;
    *out++ = '.';
    return writeFraction(out, a % 1'000'000'000ULL, 9);
}

QByteArray secondsText(qint64 ns) {
    return text(writeSeconds, ns);
}

char *writeDouble(char *out, double v) {
    if (!std::isfinite(v) || v == 0) {
        *out = '0';
        return out + 1;
    }
    // std::to_chars picks the shorter of fixed and exponent forms (fixed on a tie) with the
    // shortest round-trip digits, exactly as Qt's 'g' shortest does below 1e15 (checked
    // value for value in tst_numberformat). Past that Qt writes its digits zero-padded.
    if (std::fabs(v) < 1e15)
        return std::to_chars(out, out + kMaxNumberText, v).ptr;
    const QByteArray qt = QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
    return std::copy(qt.cbegin(), qt.cend(), out);
}

QByteArray doubleText(double v) {
    char buf[kMaxNumberText];
    return QByteArray(buf, writeDouble(buf, v) - buf);
}

QByteArray millisText(double ms) {
    const double rounded = std::round(ms * 1000.0) / 1000.0;
    return doubleText(rounded == 0 ? 0.0 : rounded); // no "-0"
}

char *writeMillisOfNanos(char *out, qint64 ns) {
    quint64 a = quint64(ns);
    if (ns < 0)
        a = 0 - a;
    const quint64 micros = (a + 500) / 1000; // half away from zero
    if (micros == 0) {
        *out = '0';
        return out + 1;
    }
    if (ns < 0)
        *out++ = '-';
    out = std::to_chars(out, out + kMaxNumberText, micros / 1000).ptr;
    if (micros % 1000 == 0)
        return out;
    *out++ = '.';
    return writeFraction(out, micros % 1000, 3);
}

QByteArray pythonFloatText(double v) {
    QByteArray t = doubleText(v);
    if (!t.contains('.') && !t.contains('e') && !t.contains("inf") && !t.contains("nan"))
        t += ".0";
    return t;
}

} // namespace coroscope
