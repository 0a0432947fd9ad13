// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace coroscope {

class GroupRecord;

// Texts of the numbers in every data file. The write*() forms write into a caller's
// buffer (at least kMaxNumberText bytes free) and return the end: the data writers stream
// millions of them, and a QByteArray per number would cost more than the formatting.

constexpr int kMaxNumberText = 32;

//! Seconds from nanoseconds, exact (up to 9 decimals, trailing zeros trimmed): "10.0004".
QByteArray secondsText(qint64 ns);
char *writeSeconds(char *out, qint64 ns);
//! The shortest text that reads back as the same double (JSON-safe: finite only; -0 is "0").
QByteArray doubleText(double v);
char *writeDouble(char *out, double v);
//! Milliseconds rounded to the microsecond: "0.412".
QByteArray millisText(double ms);
/*!
 * A duration in nanoseconds as milliseconds, rounded to the microsecond (half away from
 * zero) with integer arithmetic, so the text depends on the nanoseconds alone: "0.412".
 * Agrees with millisText(ns / 1e6) except where that rounds a tie differently.
 */
char *writeMillisOfNanos(char *out, qint64 ns);
char *writeInteger(char *out, qint64 n);
/*!
 * A yielded value as the window and the terminal show it: fixed decimals, as many as the
 * run's range [0, \a maxValue] needs for its leading digits to show (at least
 * \a minDecimals): with minDecimals 2, "7.31" for max 10, "0.000731" for max 0.001;
 * past 9 decimals the exponent form ("7.31e-10" for max 1e-9). \a trimZeros drops
 * trailing zeros ("5" rather than "5.0000"), as the headless lists do.
 */
QString valueText(double v, double maxValue, int minDecimals = 2, bool trimZeros = false);
/*!
 * A value of group \a g (value(), valuesOf()) as valueText() shows a number, and a label
 * (GroupRecord::collectLabel()) as its text: the program's repr, "'ready'".
 */
QString yieldText(const GroupRecord &g, double v, double maxValue, int minDecimals = 2,
                  bool trimZeros = false);
//! A duration for an axis label, never in exponent form: "0.25 ms", "157 ms", "1.57 s",
//! "1,570 s" (three significant digits; seconds from 1,000 ms on).
QString durationText(double ms);
//! Python's repr of a float: shortest round trip, always with a '.' or an exponent.
QByteArray pythonFloatText(double v);

} // namespace coroscope
