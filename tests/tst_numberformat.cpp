// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "io/numberformat.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace coroscope;

namespace {

QByteArray qtShortest(double v) {
    return v == 0 ? QByteArray("0") : QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

QByteArray millisOfNanos(qint64 ns) {
    char buf[kMaxNumberText];
    return QByteArray(buf, writeMillisOfNanos(buf, ns) - buf);
}

} // namespace

class TestNumberFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valueTextShowsTheRangesDigits_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("maxValue");
        QTest::addColumn<int>("minDecimals");
        QTest::addColumn<bool>("trim");
        QTest::addColumn<QString>("text");
        QTest::newRow("max 10") << 7.3149 << 10.0 << 2 << false << QStringLiteral("7.31");
        QTest::newRow("max 1") << 0.73149 << 1.0 << 2 << false << QStringLiteral("0.731");
        QTest::newRow("max 0.001")
            << 0.00073149 << 0.001 << 2 << false << QStringLiteral("0.000731");
        QTest::newRow("max 1e-9") << 7.3149e-10 << 1e-9 << 2 << false << QStringLiteral("7.31e-10");
        QTest::newRow("max 1e6") << 731490.5 << 1e6 << 2 << false << QStringLiteral("731490.50");
        QTest::newRow("headless max 10") << 5.0 << 10.0 << 4 << true << QStringLiteral("5");
        QTest::newRow("headless max 10 digits")
            << 7.31494 << 10.0 << 4 << true << QStringLiteral("7.3149");
        QTest::newRow("headless max 1e-9")
            << 7.3149e-10 << 1e-9 << 4 << true << QStringLiteral("7.3149e-10");
        QTest::newRow("headless max 0.001")
            << 0.00073149 << 0.001 << 4 << true << QStringLiteral("0.00073149");
    }
    void valueTextShowsTheRangesDigits() {
        QFETCH(double, value);
        QFETCH(double, maxValue);
        QFETCH(int, minDecimals);
        QFETCH(bool, trim);
        QFETCH(QString, text);
        QCOMPARE(valueText(value, maxValue, minDecimals, trim), text);
    }

    void durationTextHasNoExponent_data() {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0 ms");
        QTest::newRow("tiny") << 0.0123 << QStringLiteral("0.0123 ms");
        QTest::newRow("quarter") << 0.25 << QStringLiteral("0.25 ms");
        QTest::newRow("one") << 1.0 << QStringLiteral("1 ms");
        QTest::newRow("157") << 157.2 << QStringLiteral("157 ms");
        QTest::newRow("1570") << 1570.0 << QStringLiteral("1.57 s");
        QTest::newRow("negative") << -12.34 << QStringLiteral("-12.3 ms");
        QTest::newRow("hours") << 5.4e6 << QStringLiteral("5,400 s");
    }
    void durationTextHasNoExponent() {
        QFETCH(double, ms);
        QFETCH(QString, text);
        QCOMPARE(durationText(ms), text);
    }

    void doubleTextIsQtsShortest() {
        // The fast path must write exactly what Qt writes, at every magnitude and sign.
        QRandomGenerator rng(20261124);
        int checked = 0;
        for (int e = -320; e <= 308; ++e) {
            const double scale = std::pow(10.0, e);
            for (double m : {1.0, 2.0, 5.0, 9.0, 1.25, 9.99, 1.5}) {
                for (double v : {m * scale, std::nextafter(m * scale, 0.0),
                                 std::nextafter(m * scale, std::numeric_limits<double>::max())}) {
                    if (!std::isfinite(v))
                        continue; // doubleText writes "0" there, by design
                    QCOMPARE(doubleText(v), qtShortest(v));
                    QCOMPARE(doubleText(-v), qtShortest(-v));
                    checked += 2;
                }
            }
            for (int k = 0; k < 300; ++k) {
                const double v = rng.generateDouble() * scale;
                QCOMPARE(doubleText(v), qtShortest(v));
                if (const double shortDecimal = std::round(v * 1000) / 1000;
                    std::isfinite(shortDecimal))
                    QCOMPARE(doubleText(shortDecimal), qtShortest(shortDecimal));
                checked += 2;
            }
        }
        for (qint64 i = 0; i < 200'000; i += 3) {
            QCOMPARE(doubleText(double(i)), qtShortest(double(i)));
            QCOMPARE(doubleText(double(i) / 1000), qtShortest(double(i) / 1000));
        }
        QVERIFY(checked > 10'000);
    }

    void doubleTextEdges() {
        QCOMPARE(doubleText(0.0), QByteArray("0"));
        QCOMPARE(doubleText(-0.0), QByteArray("0"));
        QCOMPARE(doubleText(std::numeric_limits<double>::quiet_NaN()), QByteArray("0"));
        QCOMPARE(doubleText(std::numeric_limits<double>::infinity()), QByteArray("0"));
        QCOMPARE(doubleText(100000.0), QByteArray("1e+05"));
        QCOMPARE(doubleText(0.1), QByteArray("0.1"));
        QCOMPARE(doubleText(std::numeric_limits<double>::max()),
                 QByteArray("1.7976931348623157e+308"));
        QCOMPARE(doubleText(-std::numeric_limits<double>::max()),
                 QByteArray("-1.7976931348623157e+308"));
        QCOMPARE(doubleText(std::numeric_limits<double>::denorm_min()), QByteArray("5e-324"));
    }

    void secondsText_data() {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("zero") << qint64(0) << QByteArray("0.0");
        QTest::newRow("1 ns") << qint64(1) << QByteArray("0.000000001");
        QTest::newRow("one second") << qint64(1'000'000'000) << QByteArray("1.0");
        QTest::newRow("trim") << qint64(40'001'300'000) << QByteArray("40.0013");
        QTest::newRow("negative") << qint64(-1'500'000) << QByteArray("-0.0015");
        QTest::newRow("max") << std::numeric_limits<qint64>::max()
                             << QByteArray("9223372036.854775807");
        QTest::newRow("min") << std::numeric_limits<qint64>::min()
                             << QByteArray("-9223372036.854775808");
    }
    void secondsText() {
        QFETCH(qint64, ns);
        QFETCH(QByteArray, text);
        QCOMPARE(coroscope::secondsText(ns), text);
    }

    void millisOfNanos_data() {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("zero") << qint64(0) << QByteArray("0");
        QTest::newRow("under half a µs") << qint64(499) << QByteArray("0");
        QTest::newRow("half a µs") << qint64(500) << QByteArray("0.001");
        QTest::newRow("negative tiny") << qint64(-499) << QByteArray("0");
        QTest::newRow("negative") << qint64(-1'500'000) << QByteArray("-1.5");
        QTest::newRow("trim") << qint64(123'456) << QByteArray("0.123");
        QTest::newRow("whole") << qint64(2'000'000) << QByteArray("2");
        QTest::newRow("large") << qint64(3'600'000'123'456) << QByteArray("3600000.123");
    }
    void millisOfNanos() {
        QFETCH(qint64, ns);
        QFETCH(QByteArray, text);
        QCOMPARE(::millisOfNanos(ns), text);
    }

    void millisOfNanosAgreesWithMillisText() {
        // Same text as the health figures' millisText() wherever that does not round a tie.
        for (qint64 ns = -3'000'000; ns <= 3'000'000; ns += 37) {
            if (std::abs(ns % 1000) == 500)
                continue;
            QCOMPARE(::millisOfNanos(ns), millisText(double(ns) / 1e6));
        }
    }
};

QTEST_GUILESS_MAIN(TestNumberFormat)
#include "tst_numberformat.moc"
