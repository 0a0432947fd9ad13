// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The timeline's hover over a lesson lab run: a lane says its task's state at the pointer,
// since when and why; a group row says what the event loop did (offscreen, no window).
#include "app/lanemodel.h"
#include "app/timelineview.h"
#include "engine/run.h"
#include "model/labparams.h"

#include <QApplication>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

#include <cmath>

using namespace coroscope;

class TestTimelineHover : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statesAndLoopOnHover() {
        RunParams p;
        p.scenario = Scenario::Bounded;
        p.variant = 0;
        p.tasks = 4;
        p.values = 4;
        p.delaySeconds = 1;
        p.seed = 3;
        p.timing = Timing::Relative;
        p.clock = Clock::Virtual;
        p.lab.limit = 2;
        resolveLabDefaults(p);
        QVERIFY2(p.validate().isEmpty(), qPrintable(p.validate()));
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(60'000));

        LaneModel model;
        TimelineView view;
        view.resize(1000, 600);
        view.setLaneModel(&model);
        model.setRecord(&run.record());
        view.setDomain(8, false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const QModelIndex group = model.groupIndex(0, LaneModel::TimelineColumn);
        const QModelIndex task3 = model.index(3, LaneModel::TimelineColumn, model.groupIndex(0));
        const QRect lane = view.visualRect(task3);
        QVERIFY(lane.isValid());
        // At 2 s task 3 waits for a permit held by tasks 0 and 1 (0 … 4 s); no dot there
        // at the lane's foot, so the tooltip is the state line alone.
        const int x = int(view.axis().xForTime(2.0));
        const QString tip = view.toolTipAt(QPoint(x, lane.bottom() - 3));
        QVERIFY2(tip.contains(QStringLiteral("waiting since 0.000 s (for 4.000 s): for a permit: "
                                             "2 of 2 taken by task 0 and task 1")),
                 qPrintable(tip));
        // The pointer's pixel is about 2 s (a pixel is 10 ms here).
        QVERIFY2(tip.startsWith(QStringLiteral("Limited task 3 at 1.99")) ||
                     tip.startsWith(QStringLiteral("Limited task 3 at 2.00")),
                 qPrintable(tip));

        // On task 0's first dot (1 s): the yield's figures, then its state there.
        const QModelIndex task0 = model.index(0, LaneModel::TimelineColumn, model.groupIndex(0));
        const QRectF plot = LanePainter::plotRect(view.visualRect(task0));
        const GroupRecord &g = *run.record().groups[0];
        const QPointF dot(
            view.axis().xForTime(double(g.atNs(0, 0)) / 1e9),
            TimeAxis::yForValue(g.value(0, 0), p.maxValue, plot.top(), plot.height()));
        const QString dotTip = view.toolTipAt(dot.toPoint());
        QVERIFY2(dotTip.contains(QStringLiteral("value #0")), qPrintable(dotTip));
        QVERIFY2(dotTip.contains(QStringLiteral("\nstate: ")), qPrintable(dotTip));

        // The group row: the loop, idle on the virtual clock (no lateness, no block).
        const QRect head = view.visualRect(group);
        const QString loop = view.toolTipAt(QPoint(x, head.center().y()));
        QVERIFY2(loop.startsWith(QStringLiteral("event loop at ")), qPrintable(loop));
        QVERIFY2(loop.contains(QStringLiteral(" s: idle, every task suspended or waiting")),
                 qPrintable(loop));
        QVERIFY2(loop.contains(QStringLiteral("the loop was idle 100.00 % of the 8.000 s")),
                 qPrintable(loop));
    }

    //! A watched program's label yield: the hover names it, its time and lateness; the
    //! task's row lists it among the numbers.
    void labelYieldOnHover() {
        RunRecord r;
        r.params.runtime = Runtime::Asyncio;
        r.params.timing = Timing::Relative;
        r.params.tasks = 4;
        r.params.values = 2;
        r.params.delaySeconds = 0.5;
        r.params.maxValue = 10;
        r.source = ProgramSource{
            QStringLiteral("python3"), QStringLiteral("3.11.2"), QStringLiteral("labels.py"), {}};
        auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 4, 2);
        for (int t = 0; t < 4; ++t)
            g->taskStarted(t, 0);
        g->recordYield(3, 0, 6.5, 500'000'000, 500'100'000);
        g->recordLabelYield(3, 1, QStringLiteral("'ready'"), 1'203'700'000, 1'204'000'000);
        g->computeHealth(r.params, 1'300'000'000, 0, RunStatus::Finished);
        r.groups.push_back(std::move(g));

        LaneModel model;
        TimelineView view;
        view.resize(1000, 600);
        view.setLaneModel(&model);
        model.setRecord(&r);
        view.setDomain(2, false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const QModelIndex task3 = model.index(3, LaneModel::TimelineColumn, model.groupIndex(0));
        const QRectF lane = view.visualRect(task3);
        const QPointF mark(view.axis().xForTime(1.204),
                           LanePainter::labelY(lane, LanePainter::labelMarkSize(lane)));
        const QString tip = view.toolTipAt(mark.toPoint());
        QVERIFY2(tip.contains(QStringLiteral("task 3 yielded 'ready' at 1.204 s, 0.300 ms late")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("value #1 (a label)")), qPrintable(tip));
        const QString row = view.toolTipAt(
            view.visualRect(model.index(3, LaneModel::TaskColumn, model.groupIndex(0))).center());
        QVERIFY2(row.contains(QStringLiteral("collected [6.50, 'ready']")), qPrintable(row));
    }

    //! A label that looks like markup is shown as the text it is, not as rich text.
    void markupLabelIsPlainText() {
        RunRecord r;
        r.params.runtime = Runtime::Asyncio;
        r.params.timing = Timing::Relative;
        r.params.tasks = 1;
        r.params.values = 1;
        r.params.delaySeconds = 0.5;
        auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 1, 1);
        g->taskStarted(0, 0);
        g->recordLabelYield(0, 0, QStringLiteral("'<b>bold</b>'"), 500'000'000, 500'000'000);
        g->computeHealth(r.params, 600'000'000, 0, RunStatus::Finished);
        r.groups.push_back(std::move(g));
        LaneModel model;
        TimelineView view;
        view.resize(1000, 400);
        view.setLaneModel(&model);
        model.setRecord(&r);
        view.setDomain(1, false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QRectF lane =
            view.visualRect(model.index(0, LaneModel::TimelineColumn, model.groupIndex(0)));
        const QPoint mark(int(std::lround(view.axis().xForTime(0.5))),
                          int(LanePainter::labelY(lane, LanePainter::labelMarkSize(lane))));
        QVERIFY(view.toolTipAt(mark).contains(QStringLiteral("yielded '<b>bold</b>'")));
        QHelpEvent help(QEvent::ToolTip, mark, view.viewport()->mapToGlobal(mark));
        QApplication::sendEvent(view.viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        // Escaped for the tooltip's rich text: the brackets show, nothing turns bold.
        QVERIFY2(QToolTip::text().contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt;")),
                 qPrintable(QToolTip::text()));
        QToolTip::hideText();
    }
};

QTEST_MAIN(TestTimelineHover)
#include "tst_timelinehover.moc"
