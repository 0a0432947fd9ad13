#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace coroscope {

//! Seconds from nanoseconds, exact (up to 9 decimals, trailing zeros trimmed): "10.0004".
QByteArray secondsText(qint64 ns);
//! The shortest text that reads back as the same double (JSON-safe: finite only).
QByteArray doubleText(double v);
//! Milliseconds rounded to the microsecond: "0.412".
QByteArray millisText(double ms);
//! Python's repr of a float: shortest round trip, always with a '.' or an exponent.
QByteArray pythonFloatText(double v);

} // namespace coroscope
