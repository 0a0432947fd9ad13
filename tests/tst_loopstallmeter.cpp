// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "engine/loopstallmeter.h"

#include <QElapsedTimer>
#include <QTest>

using namespace coroscope;

class TestLoopStallMeter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void measuresABlockedLoop() {
        LoopStallMeter meter;
        meter.start();
        QTest::qWait(20);
        QTimer::singleShot(5, [] { // hold the loop for 30 ms
            QElapsedTimer t;
            t.start();
            while (t.nsecsElapsed() < 30'000'000) {
            }
        });
        QTest::qWait(80);
        meter.stop();
        // The heartbeat is at most one interval early in what it can see.
        QVERIFY2(meter.maxStallMs() >= 30 - LoopStallMeter::kIntervalMs,
                 qPrintable(QString::number(meter.maxStallMs())));
        QVERIFY(meter.maxStallMs() < 30 + 500);
    }

    void startResets() {
        LoopStallMeter meter;
        meter.start();
        QTimer::singleShot(5, [] {
            QElapsedTimer t;
            t.start();
            while (t.nsecsElapsed() < 20'000'000) {
            }
        });
        QTest::qWait(40);
        QVERIFY(meter.maxStallMs() >= 18);
        meter.start();
        QCOMPARE(meter.maxStallMs(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestLoopStallMeter)
#include "tst_loopstallmeter.moc"
