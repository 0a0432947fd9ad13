// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "numberformat.h"

#include "model/runrecord.h"

#include <QLocale>

#include <algorithm>
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

QString durationText(double ms) {
    const double a = std::abs(ms);
    const auto sig3 = [](double v) {
        // Three significant digits in fixed notation: 0.123, 1.23, 12.3, 123.
        const double x = std::abs(v);
        const int decimals = x >= 100    ? 0
                             : x >= 10   ? 1
                             : x >= 1    ? 2
                             : x >= 0.1  ? 3
                             : x >= 0.01 ? 4
                                         : 5;
        QString t = QString::number(v, 'f', decimals);
        if (t.contains(QLatin1Char('.'))) {
            while (t.endsWith(QLatin1Char('0')))
                t.chop(1);
            if (t.endsWith(QLatin1Char('.')))
                t.chop(1);
        }
        return t == QLatin1String("-0") ? QStringLiteral("0") : t;
    };
    if (a < 1000)
        return sig3(ms) + QStringLiteral(" ms");
    if (a < 1e6)
        return sig3(ms / 1e3) + QStringLiteral(" s");
    return QLocale(QLocale::English).toString(std::llround(ms / 1e3)) + QStringLiteral(" s");
}

QString valueText(double v, double maxValue, int minDecimals, bool trimZeros) {
    // 10^m ≤ maxValue < 10^(m+1): a range of 10 wants minDecimals, each decade below one more.
    const int m =
        maxValue > 0 && std::isfinite(maxValue) ? int(std::floor(std::log10(maxValue))) : 0;
    const int decimals = std::max(minDecimals, minDecimals + 1 - m);
    QString t =
        decimals > 9 ? QString::number(v, 'g', minDecimals + 1) : QString::number(v, 'f', decimals);
    if (trimZeros && decimals <= 9 && t.contains(QLatin1Char('.'))) {
        while (t.endsWith(QLatin1Char('0')))
            t.chop(1);
        if (t.endsWith(QLatin1Char('.')))
            t.chop(1);
    }
    return t;
}

QString yieldText(const GroupRecord &g, double v, double maxValue, int minDecimals,
                  bool trimZeros) {
    if (GroupRecord::isLabel(v))
        return g.labelText(v);
    return valueText(v, maxValue, minDecimals, trimZeros);
}

} // namespace coroscope
