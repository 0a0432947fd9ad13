// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Start, stop, re-run and close the window mid-run, a thousand times (offscreen): the
// run's thread is stopped and joined every time, no late signal of an old run reaches a
// new one or a freed window, and nothing leaks (ASan/LSan) or races (TSan).
#include "app/lanemodel.h"
#include "app/mainwindow.h"
#include "app/parameterspanel.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>

using namespace coroscope;

namespace {

constexpr int kHangMs = 60'000; // a hang guard, not a timing bound

//! What the window shows agrees with the record: every group ended, its lanes hold
//! exactly the yields recorded.
bool consistent(const MainWindow &w, QString *why) {
    const RunRecord *r = w.record();
    if (!r)
        return (*why = QStringLiteral("no record")), false;
    const LaneModel &m = *w.laneModel();
    for (int gi = 0; gi < int(r->groups.size()); ++gi) {
        const GroupRecord &g = *r->groups[size_t(gi)];
        if (!g.isDone())
            return (*why = QStringLiteral("group %1 not done").arg(gi)), false;
        qint64 lanes = 0;
        for (int t = 0; t < g.tasks(); ++t)
            lanes += m.index(t, 0, m.groupIndex(gi)).data(LaneModel::CountRole).toInt();
        if (lanes != g.yields())
            return (*why = QStringLiteral("lanes %1, yields %2").arg(lanes).arg(g.yields())), false;
    }
    return true;
}

} // namespace

class TestWindowStress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startStopRerunAndCloseAThousandTimes() {
        QRandomGenerator rng(20261129); // fixed: a failure can be replayed
        const Mode modes[] = {Mode::Concurrent, Mode::Sequential, Mode::Compare};
        int stopped = 0, rerunWhileStopping = 0, finished = 0, closedMidRun = 0;
        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<MainWindow> w;
        // 1,000 cycles; the sanitizer builds ask for fewer (tests/CMakeLists.txt says why).
        const int cycles =
            qEnvironmentVariableIsSet("COROSCOPE_STRESS_CYCLES")
                ? std::clamp(qEnvironmentVariableIntValue("COROSCOPE_STRESS_CYCLES"), 100, 1000)
                : 1000;
        for (int i = 0; i < cycles; ++i) {
            if (!w) {
                w = std::make_unique<MainWindow>();
                w->setUnattended(true); // no settings written, no dialogs
                w->show();
            }
            RunParams p;
            // Runs left to their end (i % 5 == 3) stay short, even sequential ones.
            p.tasks = 1 + int(rng.bounded(i % 10 == 0 ? 2000 : i % 5 == 3 ? 8 : 40));
            p.values = 1 + int(rng.bounded(5));
            p.delaySeconds = 0.001 * (1 + rng.bounded(4));
            p.timing = i % 2 ? Timing::Relative : Timing::DriftFree;
            p.seed = quint64(i);
            w->parameters()->setParams(p, true);
            w->setMode(modes[i % 3]);
            QSignalSpy ended(w.get(), &MainWindow::runEnded);
            QVERIFY(w->startRun());
            QTest::qWait(int(rng.bounded(8))); // frames and yields in between
            switch (i % 5) {
            case 0:
            case 1: // Stop, at any moment
                w->stopRun();
                QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kHangMs);
                QVERIFY(w->state() == RunStatus::Stopped || w->state() == RunStatus::Finished);
                stopped += w->state() == RunStatus::Stopped;
                break;
            case 2: { // Stop, then Run again before the stop is through
                QPointer<RunHost> first = w->run();
                w->stopRun();
                if (w->state() == RunStatus::Running) {
                    QVERIFY(w->startRun());
                    QVERIFY(first.isNull());
                    ++rerunWhileStopping;
                    w->stopRun();
                }
                QTRY_VERIFY_WITH_TIMEOUT(ended.count() >= 1, kHangMs);
                QTest::qWait(1); // a late end of the first run would arrive here
                QCOMPARE(ended.count(), 1);
                break;
            }
            case 3: // To the end, with a Run refused meanwhile
                QVERIFY(w->run()->status() != RunStatus::Running || !w->startRun());
                QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kHangMs);
                QCOMPARE(w->state(), RunStatus::Finished);
                ++finished;
                break;
            case 4: { // Close the window mid-run
                QPointer<RunHost> run = w->run();
                const bool running = w->state() == RunStatus::Running;
                QVERIFY(w->close());
                QVERIFY(run.isNull()); // stopped, and its thread joined, at close
                w.reset();
                closedMidRun += running;
                continue;
            }
            }
            QString why;
            QVERIFY2(consistent(*w, &why), qPrintable(QStringLiteral("run %1: ").arg(i) + why));
        }
        w.reset();
        QTest::qWait(10); // nothing of a freed window or run may fire here
        qInfo("%d runs in %lld ms: %d stopped mid-run, %d re-run while stopping, %d to the "
              "end, %d windows closed mid-run",
              cycles, clock.elapsed(), stopped, rerunWhileStopping, finished, closedMidRun);
        // Of every 5 cycles two stop and one re-runs while stopping and one closes mid-run:
        // at least half of each actually met a running run.
        QVERIFY(stopped >= cycles / 5);
        QVERIFY(rerunWhileStopping >= cycles / 10);
        QVERIFY(closedMidRun >= cycles / 10);
    }
};

QTEST_MAIN(TestWindowStress)
#include "tst_windowstress.moc"
