// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "render/timeaxis.h"

#include <QTest>

using namespace coroscope;

class TestTimeAxis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapsTimeToX_data() {
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("x0");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("time");
        QTest::addColumn<double>("x");
        QTest::newRow("origin") << 0.0 << 10.0 << 100.0 << 800.0 << 0.0 << 100.0;
        QTest::newRow("middle") << 0.0 << 10.0 << 100.0 << 800.0 << 5.0 << 500.0;
        QTest::newRow("end") << 0.0 << 10.0 << 100.0 << 800.0 << 10.0 << 900.0;
        QTest::newRow("before start") << 0.0 << 10.0 << 0.0 << 1000.0 << -1.0 << -100.0;
        QTest::newRow("offset domain") << 30.0 << 40.0 << 0.0 << 1000.0 << 35.0 << 500.0;
        QTest::newRow("sequential 40 s") << 0.0 << 40.0 << 0.0 << 1600.0 << 10.0 << 400.0;
        QTest::newRow("milliseconds") << 0.0 << 0.004 << 0.0 << 400.0 << 0.001 << 100.0;
    }
    void mapsTimeToX() {
        QFETCH(double, start);
        QFETCH(double, end);
        QFETCH(double, x0);
        QFETCH(double, width);
        QFETCH(double, time);
        QFETCH(double, x);
        const TimeAxis axis(start, end, x0, width);
        QCOMPARE(axis.xForTime(time), x);
        QCOMPARE(axis.timeForX(x), time);
        QVERIFY(!axis.isZoomed());
    }

    void zoomKeepsAnchor_data() {
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchorX");
        QTest::addColumn<double>("viewStart");
        QTest::addColumn<double>("viewEnd");
        // Axis 0 … 10 s on x = 0 … 1000.
        QTest::newRow("2x at centre") << 2.0 << 500.0 << 2.5 << 7.5;
        QTest::newRow("2x at left edge") << 2.0 << 0.0 << 0.0 << 5.0;
        QTest::newRow("2x at right edge") << 2.0 << 1000.0 << 5.0 << 10.0;
        QTest::newRow("4x at 200") << 4.0 << 200.0 << 1.5 << 4.0;
        QTest::newRow("zoom out past the domain") << 0.5 << 500.0 << 0.0 << 10.0;
        QTest::newRow("no-op") << 1.0 << 300.0 << 0.0 << 10.0;
    }
    void zoomKeepsAnchor() {
        QFETCH(double, factor);
        QFETCH(double, anchorX);
        QFETCH(double, viewStart);
        QFETCH(double, viewEnd);
        TimeAxis axis(0, 10, 0, 1000);
        const double anchorT = axis.timeForX(anchorX);
        axis.zoom(factor, anchorX);
        QCOMPARE(axis.viewStart(), viewStart);
        QCOMPARE(axis.viewEnd(), viewEnd);
        if (viewEnd - viewStart < 10.0)
            QCOMPARE(axis.timeForX(anchorX), anchorT);
        QCOMPARE(axis.isZoomed(), viewEnd - viewStart < 10.0);
    }

    void zoomIsBounded() {
        TimeAxis axis(0, 10, 0, 1000);
        for (int i = 0; i < 100; ++i)
            axis.zoom(10, 500);
        QVERIFY(axis.viewSpan() >= TimeAxis::kMinSpanS * 0.999);
        QVERIFY(axis.viewStart() >= 0);
        QVERIFY(axis.viewEnd() <= 10);
        axis.zoom(1e12, 500);
        QVERIFY(axis.viewSpan() > 0);
        axis.zoom(0, 500); // ignored
        axis.zoom(-2, 500);
        QVERIFY(axis.viewSpan() > 0);
    }

    void panStaysInsideTheDomain_data() {
        QTest::addColumn<double>("dx");
        QTest::addColumn<double>("viewStart");
        QTest::addColumn<double>("viewEnd");
        // Zoomed 2x at the centre first: view 2.5 … 7.5 s, 200 px per second.
        QTest::newRow("right 100 px") << 100.0 << 3.0 << 8.0;
        QTest::newRow("left 100 px") << -100.0 << 2.0 << 7.0;
        QTest::newRow("far right") << 10000.0 << 5.0 << 10.0;
        QTest::newRow("far left") << -10000.0 << 0.0 << 5.0;
    }
    void panStaysInsideTheDomain() {
        QFETCH(double, dx);
        QFETCH(double, viewStart);
        QFETCH(double, viewEnd);
        TimeAxis axis(0, 10, 0, 1000);
        axis.zoom(2, 500);
        axis.pan(dx);
        QCOMPARE(axis.viewStart(), viewStart);
        QCOMPARE(axis.viewEnd(), viewEnd);
    }

    void panUnzoomedDoesNothing() {
        TimeAxis axis(0, 10, 0, 1000);
        axis.pan(250);
        QCOMPARE(axis.viewStart(), 0.0);
        QCOMPARE(axis.viewEnd(), 10.0);
    }

    void extendDomainFollowsAGrowingRun() {
        TimeAxis axis(0, 10, 0, 1000);
        axis.extendDomain(0, 12);
        QCOMPARE(axis.viewEnd(), 12.0); // unzoomed: shows all of it
        axis.zoom(4, 0);
        const double vs = axis.viewStart();
        const double ve = axis.viewEnd();
        axis.extendDomain(0, 20);
        QCOMPARE(axis.viewStart(), vs); // zoomed: the user's view stays
        QCOMPARE(axis.viewEnd(), ve);
    }

    // A live run grows the axis only when its clock is more than a pixel past the end:
    // the seed's last values, a few µs late, keep the axis (and every lane's cached trace).
    void pastTheEndMeansMoreThanAPixel() {
        TimeAxis axis(0, 10, 0, 1000); // 10 ms a pixel
        QVERIFY(!axis.isPixelPastDomainEnd(10.0));
        QVERIFY(!axis.isPixelPastDomainEnd(10.0001)); // 0.01 px
        QVERIFY(!axis.isPixelPastDomainEnd(10.0099));
        QVERIFY(axis.isPixelPastDomainEnd(10.0101));
        axis.zoom(10, 0); // 1 ms a pixel of the view: the view's scale counts
        QVERIFY(axis.isPixelPastDomainEnd(10.0011));
        QVERIFY(!axis.isPixelPastDomainEnd(10.0009));
    }

    void withinAPixelOfTheEndEitherSide() {
        TimeAxis axis(0, 10, 0, 1000); // 10 ms a pixel
        QVERIFY(axis.isWithinPixelOfDomainEnd(10.0));
        QVERIFY(axis.isWithinPixelOfDomainEnd(10.0001)); // a finished run's wall
        QVERIFY(axis.isWithinPixelOfDomainEnd(9.9901));
        QVERIFY(!axis.isWithinPixelOfDomainEnd(10.0101));
        QVERIFY(!axis.isWithinPixelOfDomainEnd(9.9899)); // a run stopped short of the end
        axis.zoom(10, 0);                                // 1 ms a pixel of the view
        QVERIFY(!axis.isWithinPixelOfDomainEnd(10.0011));
        QVERIFY(axis.isWithinPixelOfDomainEnd(10.0009));
    }

    void niceSteps_data() {
        QTest::addColumn<double>("raw");
        QTest::addColumn<double>("step");
        QTest::newRow("1") << 1.0 << 1.0;
        QTest::newRow("1.2") << 1.2 << 2.0;
        QTest::newRow("2.1") << 2.1 << 5.0;
        QTest::newRow("5") << 5.0 << 5.0;
        QTest::newRow("7") << 7.0 << 10.0;
        QTest::newRow("0.03") << 0.03 << 0.05;
        QTest::newRow("0.3 (float noise)") << 0.1 * 3 << 0.5;
        QTest::newRow("0.0002") << 0.0002 << 0.0002;
        QTest::newRow("4000") << 4000.0 << 5000.0;
        QTest::newRow("zero") << 0.0 << 1.0;
    }
    void niceSteps() {
        QFETCH(double, raw);
        QFETCH(double, step);
        QCOMPARE(TimeAxis::niceStep(raw), step);
    }

    void ticks_data() {
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("minPixels");
        QTest::addColumn<QList<double>>("ticks");
        QTest::newRow("10 s on 1000 px")
            << 10.0 << 1000.0 << 80.0 << QList<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        QTest::newRow("40 s on 1000 px")
            << 40.0 << 1000.0 << 80.0 << QList<double>{0, 5, 10, 15, 20, 25, 30, 35, 40};
        QTest::newRow("10 s on 300 px") << 10.0 << 300.0 << 80.0 << QList<double>{0, 5, 10};
        QTest::newRow("1 s on 1000 px")
            << 1.0 << 1000.0 << 150.0 << QList<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1};
    }
    void ticks() {
        QFETCH(double, end);
        QFETCH(double, width);
        QFETCH(double, minPixels);
        QFETCH(QList<double>, ticks);
        const TimeAxis axis(0, end, 0, width);
        const QList<double> got = axis.ticks(minPixels);
        QCOMPARE(got.size(), ticks.size());
        for (qsizetype i = 0; i < got.size(); ++i)
            QVERIFY2(qAbs(got[i] - ticks[i]) < 1e-9, qPrintable(QString::number(got[i])));
        for (qsizetype i = 1; i < got.size(); ++i)
            QVERIFY(axis.xForTime(got[i]) - axis.xForTime(got[i - 1]) >= minPixels);
    }

    // A short axis (a 4 s run on a small or scaled screen) must still show two labels.
    void labelStepKeepsTwoTicksWhereLabelsFit_data() {
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("minPixels");
        QTest::addColumn<double>("labelPixels");
        QTest::addColumn<double>("step");
        QTest::newRow("4 s on 160 px, narrow labels") << 4.0 << 160.0 << 234.0 << 30.0 << 2.0;
        QTest::newRow("4 s on 160 px, labels that fit only one")
            << 4.0 << 160.0 << 234.0 << 100.0 << 5.0;
        QTest::newRow("wide axis keeps its step") << 10.0 << 800.0 << 90.0 << 30.0 << 2.0;
        QTest::newRow("0.04 s on 150 px") << 0.04 << 150.0 << 234.0 << 40.0 << 0.02;
    }
    void labelStepKeepsTwoTicksWhereLabelsFit() {
        QFETCH(double, end);
        QFETCH(double, width);
        QFETCH(double, minPixels);
        QFETCH(double, labelPixels);
        QFETCH(double, step);
        const TimeAxis axis(0, end, 0, width);
        const double got = axis.labelStep(minPixels, [&](double) { return labelPixels; });
        QVERIFY2(qAbs(got - step) < step * 1e-9, qPrintable(QString::number(got)));
        const QList<double> ticks = axis.ticksAtStep(got);
        if (step * axis.pixelsPerSecond() > labelPixels && step < end)
            QVERIFY(ticks.size() >= 2);
    }

    void tickLabels_data() {
        QTest::addColumn<double>("time");
        QTest::addColumn<double>("step");
        QTest::addColumn<QString>("label");
        QTest::newRow("whole seconds") << 10.0 << 5.0 << QStringLiteral("10 s");
        QTest::newRow("tenths") << 0.5 << 0.5 << QStringLiteral("0.5 s");
        QTest::newRow("hundredths") << 0.25 << 0.05 << QStringLiteral("0.25 s");
        QTest::newRow("milliseconds") << 0.002 << 0.001 << QStringLiteral("0.002 s");
    }
    void tickLabels() {
        QFETCH(double, time);
        QFETCH(double, step);
        QFETCH(QString, label);
        QCOMPARE(TimeAxis::tickLabel(time, step), label);
    }

    void valueToY_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("y");
        // A lane from y = 20 to y = 120, values 0 … 10.
        QTest::newRow("zero at the bottom") << 0.0 << 120.0;
        QTest::newRow("max at the top") << 10.0 << 20.0;
        QTest::newRow("middle") << 5.0 << 70.0;
        QTest::newRow("clamped above") << 12.0 << 20.0;
        QTest::newRow("clamped below") << -1.0 << 120.0;
    }
    void valueToY() {
        QFETCH(double, value);
        QFETCH(double, y);
        QCOMPARE(TimeAxis::yForValue(value, 10.0, 20.0, 100.0), y);
        if (value >= 0 && value <= 10)
            QCOMPARE(TimeAxis::valueForY(y, 10.0, 20.0, 100.0), value);
    }
};

QTEST_APPLESS_MAIN(TestTimeAxis)
#include "tst_timeaxis.moc"
