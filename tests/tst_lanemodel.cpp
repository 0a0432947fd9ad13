// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "app/lanemodel.h"
#include "engine/run.h"
#include "testparams.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace coroscope;

namespace {

RunParams params(Mode mode, int tasks, int values, double delay) {
    return test::testParams(mode, tasks, values, delay, 5);
}

} // namespace

class TestLaneModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyModel() {
        LaneModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(LaneModel::ColumnCount));
    }

    void groupsThenLanes() {
        Run run(params(Mode::Compare, 3, 4, 0.01));
        LaneModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecord(&run.record());
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex seq = model.groupIndex(0);
        const QModelIndex con = model.groupIndex(1);
        QCOMPARE(seq.data().toString(), QStringLiteral("Sequential"));
        QCOMPARE(con.data().toString(), QStringLiteral("Concurrent"));
        QCOMPARE(model.rowCount(seq), 3);
        QCOMPARE(model.rowCount(con), 3);
        QCOMPARE(model.rowCount(model.index(0, LaneModel::TimelineColumn)),
                 0); // only column 0 has children
        const QModelIndex lane = model.index(2, LaneModel::TaskColumn, con);
        QCOMPARE(lane.parent(), con);
        QCOMPARE(lane.data().toString(), QStringLiteral("task 2"));
        QCOMPARE(lane.data(LaneModel::TaskRole).toInt(), 2);
        QCOMPARE(lane.data(LaneModel::GroupRole).toInt(), int(GroupKind::Concurrent));
        QCOMPARE(lane.data(LaneModel::CountRole).toInt(), 0);
        const LaneRef ref = lane.data(LaneModel::LaneRole).value<LaneRef>();
        QCOMPARE(ref.record, &run.record());
        QCOMPARE(ref.group, run.record().group(GroupKind::Concurrent));
        QCOMPARE(ref.task, 2);
        QCOMPARE(seq.data(LaneModel::TaskRole).toInt(), -1);
        QVERIFY(model.flags(lane) & Qt::ItemNeverHasChildren);
    }

    void gainsPointsDuringTheRun() {
        Run run(params(Mode::Concurrent, 2, 8, 0.02));
        LaneModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecord(&run.record());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        const QModelIndex lane = model.index(0, 0, model.groupIndex(0));
        // Seen mid-run: some points, not all of them, while the run is still going.
        QTRY_VERIFY_WITH_TIMEOUT(lane.data(LaneModel::CountRole).toInt() > 0, 5000);
        QCOMPARE(run.status(), RunStatus::Running);
        QVERIFY(lane.data(LaneModel::CountRole).toInt() < 8);
        model.refresh();
        QVERIFY(!changed.isEmpty());
        QVERIFY(finished.wait(5000));
        model.refresh();
        QCOMPARE(lane.data(LaneModel::CountRole).toInt(), 8);
        QCOMPARE(lane.data(LaneModel::ValuesRole).value<QList<double>>(),
                 run.record().groups[0]->valuesOf(0));
        QVERIFY(lane.data(LaneModel::EndRole).toDouble() >= 8 * 0.02);
        QVERIFY(lane.data(LaneModel::StartRole).toDouble() >= 0);
    }

    void nowHidesLaterYields() {
        Run run(params(Mode::Concurrent, 3, 5, 0.01));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(5000));
        LaneModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecord(&run.record());
        const QModelIndex lane = model.index(1, 0, model.groupIndex(0));
        QCOMPARE(lane.data(LaneModel::CountRole).toInt(), 5);
        const GroupRecord &g = *run.record().groups[0];
        // Just after the third yield: three values collected, the task not ended yet.
        model.setNow(double(g.atNs(1, 2)) / 1e9);
        QCOMPARE(lane.data(LaneModel::CountRole).toInt(), 3);
        QCOMPARE(lane.data(LaneModel::ValuesRole).value<QList<double>>().size(), 3);
        QCOMPARE(lane.data(LaneModel::EndRole).toDouble(), -1.0);
        model.setNow(0);
        QCOMPARE(lane.data(LaneModel::CountRole).toInt(), 0);
        model.setNow(-1);
        QCOMPARE(lane.data(LaneModel::CountRole).toInt(), 5);
    }

    void resetToNothing() {
        auto run = std::make_unique<Run>(params(Mode::Compare, 2, 2, 0.01));
        LaneModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecord(&run->record());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRecord(nullptr);
        run.reset();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        model.refresh(); // harmless without a record
    }

    void refreshRepaintsWithoutVisitingEveryLane() {
        // 10,000 lanes: a dataChanged() over all of them made the view visit each (a watched
        // program's window stalled 58 ms a frame); refresh() now says so in one signal.
        Run run(params(Mode::Concurrent, 10'000, 1, 1.0));
        LaneModel model;
        model.setRecord(&run.record());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy lanes(&model, &LaneModel::lanesChanged);
        model.refresh();
        QCOMPARE(lanes.size(), 1);
        QCOMPARE(changed.size(), 1); // the group row's counts, one row
        const auto from = changed.front().at(0).value<QModelIndex>();
        const auto to = changed.front().at(1).value<QModelIndex>();
        QVERIFY(!from.parent().isValid() && from.row() == to.row());
    }

    void followRecordInsertsTheNewLanes() {
        // A watched program's snapshots: the same group, more tasks each time. The views
        // keep their place: rows are inserted, the model is never reset.
        auto smaller = std::make_unique<RunRecord>();
        smaller->params = params(Mode::Concurrent, 3, 2, 0.01);
        smaller->groups.push_back(std::make_unique<GroupRecord>(GroupKind::Concurrent, 3, 2));
        auto bigger = std::make_unique<RunRecord>();
        bigger->params = params(Mode::Concurrent, 5, 2, 0.01);
        bigger->groups.push_back(std::make_unique<GroupRecord>(GroupKind::Concurrent, 5, 2));
        bigger->groups[0]->recordYield(4, 0, 2.5, 10'000'000, 10'000'000);
        LaneModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecord(smaller.get());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy replaced(&model, &LaneModel::recordReplaced);
        model.followRecord(bigger.get());
        smaller.reset(); // the older snapshot may go now
        QCOMPARE(reset.size(), 0);
        QCOMPARE(replaced.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.front().at(1).toInt(), 3);
        QCOMPARE(inserted.front().at(2).toInt(), 4);
        QCOMPARE(model.rowCount(model.groupIndex(0)), 5);
        QCOMPARE(model.index(4, 0, model.groupIndex(0)).data(LaneModel::CountRole).toInt(), 1);
        // Another shape (fewer lanes: a program's lanes narrowed to those that yielded):
        // a reset, which the views handle as a new record.
        auto other = std::make_unique<RunRecord>();
        other->params = params(Mode::Concurrent, 2, 2, 0.01);
        other->groups.push_back(std::make_unique<GroupRecord>(GroupKind::Concurrent, 2, 2));
        model.followRecord(other.get());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(model.groupIndex(0)), 2);
    }

    void queueLanesAreNamedByTheirRole() {
        // The queue lesson's lanes are its workers, then the producer: "task 2" said nothing.
        RunRecord r;
        r.params = params(Mode::Concurrent, 2, 2, 0.01);
        r.params.scenario = *parseScenario(QStringLiteral("queue"));
        r.groups.push_back(std::make_unique<GroupRecord>(GroupKind::Concurrent, 3, 2));
        LaneModel model;
        model.setRecord(&r);
        const QModelIndex group = model.groupIndex(0);
        QCOMPARE(model.index(0, 0, group).data().toString(), QStringLiteral("worker 0"));
        QCOMPARE(model.index(1, 0, group).data().toString(), QStringLiteral("worker 1"));
        QCOMPARE(model.index(2, 0, group).data().toString(), QStringLiteral("the producer"));
        model.setRecord(nullptr);
    }

    void manyLanes() {
        Run run(params(Mode::Concurrent, 100'000, 1, 1.0));
        LaneModel model;
        model.setRecord(&run.record());
        QCOMPARE(model.rowCount(model.groupIndex(0)), 100'000);
        QCOMPARE(model.index(99'999, 0, model.groupIndex(0)).data().toString(),
                 QStringLiteral("task 99999"));
    }
};

QTEST_GUILESS_MAIN(TestLaneModel)
#include "tst_lanemodel.moc"
