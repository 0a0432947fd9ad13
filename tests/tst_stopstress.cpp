// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Stop at any moment, a thousand times: nothing yielded before the stop is lost, nothing
// is recorded after it, no coroutine or wakeup survives (ASan/LSan check the memory).
#include "engine/run.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace coroscope;

class TestStopStress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stopAtRandomMoments() {
        QRandomGenerator rng(20261124); // fixed: a failure can be replayed
        const Mode modes[] = {Mode::Concurrent, Mode::Sequential, Mode::Compare};
        int stoppedMidRun = 0;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 1000; ++i) {
            RunParams p;
            p.mode = modes[i % 3];
            p.tasks = 1 + int(rng.bounded(i % 10 == 0 ? 3000 : 50));
            p.values = 1 + int(rng.bounded(5));
            p.delaySeconds = 0.001 * (1 + rng.bounded(4));
            p.timing = i % 2 ? Timing::Relative : Timing::DriftFree;
            p.seed = i;
            const int stopAfterMs = int(rng.bounded(12));

            auto run = std::make_unique<Run>(p);
            QSignalSpy finished(run.get(), &Run::finished);
            run->start();
            if (stopAfterMs > 0)
                QTest::qWait(stopAfterMs);
            const bool wasRunning = run->status() == RunStatus::Running;
            const qint64 stopNs = run->elapsedNs();
            run->stop();
            // Synchronous when stop() ended the run; queued when it had already finished.
            QTRY_COMPARE(finished.size(), 1);
            QCOMPARE(run->scheduler().pending(), 0);
            if (wasRunning) {
                ++stoppedMidRun;
                QCOMPARE(run->status(), RunStatus::Stopped);
            }

            // What was yielded is all there, consistent, and nothing came after the stop.
            std::vector<qint64> yields;
            for (const auto &g : run->record().groups) {
                QVERIFY(g->status == RunStatus::Stopped || g->status == RunStatus::Finished);
                qint64 counted = 0;
                for (int t = 0; t < g->tasks(); ++t) {
                    const int n = g->count(t);
                    QVERIFY(n <= p.values);
                    counted += n;
                    for (int k = 0; k < n; ++k) {
                        QVERIFY(g->atNs(t, k) >= g->dueNs(t, k));
                        QVERIFY(g->atNs(t, k) <= stopNs + 5'000'000);
                        QVERIFY(g->value(t, k) >= 0 && g->value(t, k) <= p.maxValue);
                    }
                    if (g->status == RunStatus::Finished)
                        QCOMPARE(n, p.values);
                }
                QCOMPARE(counted, g->yields());
                yields.push_back(g->yields());
            }
            QCoreApplication::processEvents(); // a stray wakeup would land here
            for (size_t k = 0; k < yields.size(); ++k)
                QCOMPARE(run->record().groups[k]->yields(), yields[k]);
            QCOMPARE(finished.size(), 1);
        }
        QVERIFY2(stoppedMidRun > 500, "most runs must be stopped while running");
        qInfo("1000 runs, %d stopped mid-run, %lld ms", stoppedMidRun, clock.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestStopStress)
#include "tst_stopstress.moc"
