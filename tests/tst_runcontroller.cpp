// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The window's run controller without a window (a QCoreApplication, no widgets): the live
// run and its frames, replay.
#include "app/runcontroller.h"
#include "testparams.h"

#include <QSignalSpy>
#include <QTest>

using namespace coroscope;
using coroscope::test::testParams;

namespace {

// The longest a test waits for an event before it calls the code hung (sanitizer builds
// on a loaded machine); tests wait for events, never for a span of time.
constexpr int kHangMs = 60'000;

qint64 yields(const RunRecord &r) {
    qint64 n = 0;
    for (const auto &g : r.groups)
        n += g->yields();
    return n;
}

} // namespace

class TestRunController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsWithFramesToItsEnd() {
        RunController c;
        QCOMPARE(c.state(), RunStatus::Idle);
        QVERIFY(!c.record());
        QCOMPARE(c.viewTime(), -1.0);
        QSignalSpy frames(&c, &RunController::frame);
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Compare, 2, 3, 0.02));
        QCOMPARE(c.state(), RunStatus::Running);
        QVERIFY(c.framesRunning());
        QVERIFY(!c.canStart()); // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        // Sequential takes 2 × 3 × 20 ms: the 16 ms frame timer ticked meanwhile.
        QVERIFY(frames.count() >= 1);
        QCOMPARE(c.state(), RunStatus::Finished);
        QVERIFY(!c.framesRunning());
        QVERIFY(c.canStart());
        QCOMPARE(yields(*c.record()), qint64(12));
        QCOMPARE(c.tally().record(), c.record());
        QCOMPARE(c.viewTime(), -1.0); // the whole record
        QVERIFY(c.endTime() >= 0.12);
        // The window's loop was measured while the run went.
        QVERIFY(c.record()->groups[0]->health.windowStallMs >= 0);
    }

    void anOlderRunsEndNeverReachesANewOne() {
        RunController c;
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Concurrent, 2, 50, 0.02));
        c.stop();
        const quint64 first = c.generation();
        c.start(testParams(Mode::Concurrent, 3, 2, 0.01)); // drops the stopping one
        QVERIFY(c.generation() > first);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QTest::qWait(50); // a stale end of the first run would land here
        QCOMPARE(finished.count(), 1);
        QCOMPARE(c.record()->params.tasks, 3);
        QCOMPARE(c.state(), RunStatus::Finished);
    }

    void replayPlaysTheRecordToItsEnd() {
        RunController c;
        QVERIFY(!c.startReplay(4.0)); // nothing to replay
        QSignalSpy finished(&c, &RunController::finished);
        c.start(testParams(Mode::Concurrent, 2, 5, 0.02));
        QVERIFY(!c.startReplay(4.0)); // not while running
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kHangMs);
        QSignalSpy moved(&c, &RunController::viewTimeChanged);
        QSignalSpy replaying(&c, &RunController::replayingChanged);
        QVERIFY(c.startReplay(4.0));
        QVERIFY(c.isReplaying());
        QCOMPARE(c.viewPosition(), 0.0); // from the start: the view was at the end
        QTRY_VERIFY_WITH_TIMEOUT(!c.isReplaying(), kHangMs);
        QCOMPARE(replaying.count(), 2);
        QVERIFY(moved.count() >= 2);
        // Forward only, to the end exactly.
        double last = -1;
        for (const QList<QVariant> &m : moved) {
            QVERIFY(m[0].toDouble() >= last);
            last = m[0].toDouble();
        }
        QCOMPARE(c.viewPosition(), c.endTime());
        QVERIFY(!c.framesRunning());
    }

    void discardDropsEverything() {
        RunController c;
        c.start(testParams(Mode::Concurrent, 2, 100, 0.02));
        QVERIFY(c.record());
        c.discard(); // mid-run: stopped, its thread joined
        QVERIFY(!c.record());
        QVERIFY(!c.run());
        QCOMPARE(c.state(), RunStatus::Idle);
        QVERIFY(!c.framesRunning());
        QVERIFY(!c.tally().record());
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
