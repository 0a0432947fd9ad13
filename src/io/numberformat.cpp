#include "numberformat.h"

#include <QLocale>

#include <cmath>
#include <cstdlib>

namespace coroscope {

QByteArray secondsText(qint64 ns)
{
    const bool negative = ns < 0;
    const quint64 a = negative ? quint64(-ns) : quint64(ns);
    QByteArray frac = QByteArray::number(a % 1'000'000'000ULL).rightJustified(9, '0');
    while (frac.size() > 1 && frac.endsWith('0'))
        frac.chop(1);
    return (negative ? QByteArray("-") : QByteArray()) + QByteArray::number(a / 1'000'000'000ULL)
           + '.' + frac;
}

QByteArray doubleText(double v)
{
    if (!std::isfinite(v))
        return QByteArrayLiteral("0");
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

QByteArray millisText(double ms)
{
    const double rounded = std::round(ms * 1000.0) / 1000.0;
    return doubleText(rounded == 0 ? 0.0 : rounded); // no "-0"
}

QByteArray pythonFloatText(double v)
{
    QByteArray t = doubleText(v);
    if (!t.contains('.') && !t.contains('e') && !t.contains("inf") && !t.contains("nan"))
        t += ".0";
    return t;
}

} // namespace coroscope
