// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lanes' state bands: real lab runs on the virtual clock (every instant exact) painted
// through the one LanePainter into images, read back pixel by pixel; the merging of
// stretches narrower than a pixel; the legend in the exported charts.
#include "engine/run.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "model/labparams.h"
#include "model/livestates.h"
#include "model/taskstates.h"
#include "render/chartexport.h"
#include "render/chartrenderer.h"
#include "render/lanepainter.h"
#include "render/statelegend.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <ctime>
#include <map>

using namespace coroscope;

namespace {

constexpr qint64 kMs = 1'000'000;
constexpr qint64 kS = 1'000'000'000;
constexpr int kLaneWidth = 1000;
constexpr int kLaneHeight = 48;

std::unique_ptr<Run> runLab(Scenario s, const char *variant, int tasks, int values,
                            void (*tune)(RunParams &) = nullptr) {
    RunParams p;
    p.scenario = s;
    p.variant = parseVariant(s, QString::fromLatin1(variant)).value();
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = 1.0;
    p.seed = 7;
    p.timing = Timing::Relative;
    p.clock = Clock::Virtual;
    if (tune)
        tune(p);
    resolveLabDefaults(p);
    const QString why = p.validate();
    if (!why.isEmpty())
        qFatal("invalid params: %s", qPrintable(why));
    auto run = std::make_unique<Run>(p);
    QSignalSpy finished(run.get(), &Run::finished);
    run->start();
    if (!finished.wait(60'000))
        qFatal("the run did not finish");
    return run;
}

//! One lane of \a task over the whole run, 1000 px wide, on a white image.
struct Painted {
    QImage image{kLaneWidth, kLaneHeight, QImage::Format_RGB32};
    TimeAxis axis;
    QRectF lane{0, 0, kLaneWidth, kLaneHeight};
    Painted(const RunRecord &r, int group, int task, bool states = true,
            const ChartPalette &pal = ChartPalette::light()) {
        const GroupRecord &g = *r.groups.at(size_t(group));
        axis = TimeAxis(0, g.health.wallS, 0, kLaneWidth);
        image.fill(pal.background);
        QPainter p(&image);
        LanePainter lanes(pal);
        LaneOptions o;
        o.states = states;
        lanes.paint(p, lane, axis, g, task, r.params, o);
    }
    double x(qint64 ns) const { return axis.xForTime(double(ns) / 1e9); }
    //! How often each colour occurs in the band's columns [x0, x1).
    std::map<QRgb, int> bandColours(double x0, double x1) const {
        const QRectF band = LanePainter::bandRect(lane);
        std::map<QRgb, int> counts;
        for (int x = int(std::ceil(x0)); x < int(x1); ++x)
            for (int y = int(std::ceil(band.top())); y < int(band.bottom()); ++y)
                ++counts[image.pixel(x, y)];
        return counts;
    }
    //! Pixels of \a c within \a radius of (x, the band's middle).
    int near(double x, QColor c, int radius) const {
        const int cy = int(LanePainter::bandRect(lane).center().y());
        int n = 0;
        for (int dx = -radius; dx <= radius; ++dx)
            for (int dy = -radius; dy <= radius; ++dy) {
                const QPoint pt(int(x) + dx, cy + dy);
                if (image.rect().contains(pt) && image.pixel(pt) == c.rgb())
                    ++n;
            }
        return n;
    }
};

QRgb mostCommon(const std::map<QRgb, int> &counts) {
    QRgb best = 0;
    int n = -1;
    for (const auto &[c, k] : counts)
        if (k > n) {
            n = k;
            best = c;
        }
    return best;
}

//! The longest stretch of \a state in the task's timeline.
StateInterval longest(const RunRecord &r, int group, int task, TaskState state) {
    StateInterval best{0, 0, state};
    for (const StateInterval &s : taskTimeline(r.params, *r.groups.at(size_t(group)), task))
        if (s.state == state && s.toNs - s.fromNs > best.toNs - best.fromNs)
            best = s;
    return best;
}

//! What a live run of \a g shows at \a clockNs: the starts, yields and ends published by
//! then, no spans, no outcomes, still running (the lab's facts come when it is over).
std::unique_ptr<GroupRecord> publishedBy(const GroupRecord &g, qint64 clockNs) {
    auto live = std::make_unique<GroupRecord>(g.kind(), g.tasks(), g.values());
    for (int t = 0; t < g.tasks(); ++t) {
        if (g.startNs(t) < 0 || g.startNs(t) > clockNs)
            continue;
        live->taskStarted(t, g.startNs(t));
        for (int k = 0; k < g.count(t) && g.atNs(t, k) <= clockNs; ++k)
            live->recordYield(t, k, g.value(t, k), g.dueNs(t, k), g.atNs(t, k));
        if (g.endNs(t) >= 0 && g.endNs(t) <= clockNs)
            live->taskEnded(t, g.endNs(t));
    }
    live->status = RunStatus::Running;
    return live;
}

//! The state \a timeline gives at \a tNs ("none" where it has none).
QString stateIn(const std::vector<StateInterval> &timeline, qint64 tNs) {
    const StateInterval *s = intervalAt(timeline, tNs);
    return s ? stateName(s->state) : QStringLiteral("none");
}

} // namespace

Q_DECLARE_METATYPE(coroscope::TaskState)

class TestStateBand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // For each state a lesson shows, where the model says the task is in it, the band is
    // that state's colour (the most common pixel, patterns' ink aside), in light and dark.
    void bandShowsTheModelsState_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("task");
        QTest::addColumn<TaskState>("state");
        QTest::addColumn<bool>("dark");
        for (bool dark : {false, true}) {
            const char *theme = dark ? ", dark" : "";
            QTest::addRow("bounded: waiting for a permit%s", theme)
                << int(Scenario::Bounded) << "limited" << 3 << TaskState::Waiting << dark;
            QTest::addRow("bounded: suspended%s", theme)
                << int(Scenario::Bounded) << "limited" << 0 << TaskState::Suspended << dark;
            QTest::addRow("blocking: blocked%s", theme)
                << int(Scenario::Blocking) << "block" << 0 << TaskState::Blocked << dark;
            QTest::addRow("blocking: others ready meanwhile%s", theme)
                << int(Scenario::Blocking) << "block" << 1 << TaskState::Ready << dark;
            QTest::addRow("blocking: offloaded%s", theme)
                << int(Scenario::Blocking) << "offload" << 0 << TaskState::Offloaded << dark;
            QTest::addRow("cpu: running on the loop%s", theme)
                << int(Scenario::Cpu) << "on-loop" << 0 << TaskState::Running << dark;
        }
    }
    void bandShowsTheModelsState() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        QFETCH(int, task);
        QFETCH(TaskState, state);
        QFETCH(bool, dark);
        const auto run = runLab(Scenario(scenario), qPrintable(variant), 4, 4, [](RunParams &p) {
            p.lab.limit = 2;
            p.lab.blockTask = 0;
            p.lab.blockAt = 1;
            p.lab.blockForSeconds = 2;
            p.lab.workMs = 300;
        });
        const RunRecord &r = run->record();
        const ChartPalette pal = dark ? ChartPalette::darkPalette() : ChartPalette::light();
        const Painted lane(r, 0, task, true, pal);
        const StateInterval s = longest(r, 0, task, state);
        const double x0 = lane.x(s.fromNs) + 2;
        const double x1 = lane.x(s.toNs) - 2;
        QVERIFY2(x1 - x0 >= 6, "the stretch must be wide enough to read");
        const auto colours = lane.bandColours(x0, x1);
        QCOMPARE(QColor(mostCommon(colours)), pal.stateColor(state));
        // Nothing of another stretch state's colour there.
        for (TaskState other : StateStyle::kAll)
            if (other != state && !StateStyle::isTerminal(other))
                QVERIFY2(!colours.count(pal.stateColor(other).rgb()), qPrintable(stateName(other)));

        // Off: no band, the lane's background there.
        const Painted plain(r, 0, task, false, pal);
        QVERIFY(!plain.bandColours(x0, x1).count(pal.stateColor(state).rgb()));
    }

    // What a live lab run shows at a moment is what its finished record shows up to then:
    // the states its yields alone do not tell (blocked, offloaded, waiting for a permit or
    // an item, running, the ends) derived from what it has published, at every stretch of
    // both, at moments before, inside and after the interesting stretches.
    void liveBandsTellWhatTheRecordWill_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        for (const auto &[s, v] : {std::pair{Scenario::Blocking, "block"},
                                   {Scenario::Blocking, "offload"},
                                   {Scenario::Bounded, "limited"},
                                   {Scenario::Bounded, "unlimited"},
                                   {Scenario::Queue, "single"},
                                   {Scenario::Queue, "workers"},
                                   {Scenario::Cpu, "on-loop"},
                                   {Scenario::Cpu, "offload"},
                                   {Scenario::Timeout, "timeout"},
                                   {Scenario::Failure, "gather"},
                                   {Scenario::Failure, "task-group"},
                                   {Scenario::AsCompleted, "as-completed"}})
            QTest::addRow("%s %s", qPrintable(scenarioName(s)), v)
                << int(s) << QString::fromLatin1(v);
    }
    void liveBandsTellWhatTheRecordWill() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        const auto run = runLab(Scenario(scenario), qPrintable(variant), 4, 4, [](RunParams &p) {
            p.lab.limit = 2;
            p.lab.blockTask = 1;
            p.lab.blockAt = 1;
            p.lab.blockForSeconds = 1.5;
            p.lab.workMs = 300;
            p.lab.items = 7;
            p.lab.capacity = 2;
            p.lab.workers = 3;
            p.lab.timeoutSeconds = 2.5;
            p.lab.failTask = 2;
            p.lab.failAt = 2;
        });
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        const qint64 wall = std::llround(g.health.wallS * 1e9);
        QVERIFY(wall > 0);
        const bool queue = r.params.scenario == Scenario::Queue;
        int compared = 0;
        int lessonStates = 0;
        for (int step = 1; step <= 16; ++step) {
            const qint64 clock = wall * step / 16 - qint64(step % 2) * 7 * kMs; // off the ticks too
            const auto live = publishedBy(g, clock);
            for (int task = 0; task < g.tasks(); ++task) {
                // The queue's producer: its puts are not published (see liveLessonSpans).
                if (queue && task == g.tasks() - 1)
                    continue;
                const auto recorded = taskTimeline(r.params, g, task);
                const auto shown =
                    taskTimeline(r.params, *live, task, std::numeric_limits<qint64>::min(),
                                 std::numeric_limits<qint64>::max(), clock);
                const auto check = [&](const StateInterval &i, const char *which) {
                    const qint64 to = std::min(i.toNs, clock);
                    const bool point = i.fromNs == i.toNs;
                    if (point ? i.fromNs > clock : i.fromNs >= clock || to <= i.fromNs)
                        return;
                    const qint64 mid = point ? i.fromNs : (i.fromNs + to) / 2;
                    const QString want = stateIn(recorded, mid);
                    const QString got = stateIn(shown, mid);
                    QVERIFY2(got == want, qPrintable(QStringLiteral("%1: task %2 at %3 ns, clock "
                                                                    "%4 ns: live %5, record %6")
                                                         .arg(QLatin1String(which))
                                                         .arg(task)
                                                         .arg(mid)
                                                         .arg(clock)
                                                         .arg(got, want)));
                    ++compared;
                    if (i.state != TaskState::Suspended && i.state != TaskState::Ready &&
                        i.state != TaskState::Done)
                        ++lessonStates;
                };
                for (const StateInterval &i : shown)
                    check(i, "a live stretch");
                // Up to the task's last published wake every recorded stretch shows live.
                const int k = live->count(task);
                const qint64 told = k > 0 ? live->atNs(task, k - 1) : -1;
                for (const StateInterval &i : recorded)
                    if (i.toNs <= told || StateStyle::isTerminal(i.state) ||
                        i.state == TaskState::Blocked || i.state == TaskState::Waiting ||
                        i.state == TaskState::Offloaded)
                        check(i, "a recorded stretch");
            }
        }
        QVERIFY(compared > 16);
        // The queue's workers never wait long here (the producer is faster): its lesson
        // state is the producer's, waiting for room.
        if (r.params.scenario != Scenario::AsCompleted && !queue &&
            !(r.params.scenario == Scenario::Bounded && variant == QLatin1String("unlimited")) &&
            !(r.params.scenario == Scenario::Failure && variant == QLatin1String("gather")))
            QVERIFY2(lessonStates > 0, "the lesson's own states were compared");
    }

    // A live band is painted from the derived states, up to the live clock: a live
    // blocking run shows the blocked stretch while it lasts, and more of it as the clock
    // moves; the finished record's band there is the same colour.
    void liveBandReachesTheClock() {
        const auto run = runLab(Scenario::Blocking, "block", 4, 4, [](RunParams &p) {
            p.lab.blockTask = 0;
            p.lab.blockAt = 1;
            p.lab.blockForSeconds = 2;
        });
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        const qint64 from = g.atNs(0, 0); // its first value, then the call
        const QRectF lane(0, 0, kLaneWidth, kLaneHeight);
        const TimeAxis axis(0, g.health.wallS, 0, kLaneWidth);
        const auto live = publishedBy(g, from + kS);
        StateBand band;
        QVERIFY(band.update(axis, lane, *live, 0, r.params, -1, double(from + kS) / 1e9) > 0);
        const auto blockedRun = [&] {
            for (const StateBand::Run &run : band.runs())
                if (run.state == TaskState::Blocked)
                    return run;
            return StateBand::Run{0, 0, TaskState::Done};
        };
        QCOMPARE(blockedRun().state, TaskState::Blocked);
        QVERIFY(std::abs(blockedRun().x0 - axis.xForTime(double(from) / 1e9)) <= 1);
        QVERIFY(std::abs(blockedRun().x1 - axis.xForTime(double(from + kS) / 1e9)) <= 1);
        // The clock moves on: the band is rebuilt, the blocked stretch reaches it.
        QVERIFY(band.update(axis, lane, *live, 0, r.params, -1, double(from + 1500 * kMs) / 1e9) >
                0);
        QVERIFY(std::abs(blockedRun().x1 - axis.xForTime(double(from + 1500 * kMs) / 1e9)) <= 1);
        // Without the clock (as before): only what the yields tell, nothing blocked.
        StateBand plain;
        plain.update(axis, lane, *live, 0, r.params, -1);
        for (const StateBand::Run &run : plain.runs())
            QVERIFY(run.state != TaskState::Blocked);
    }

    // A saved version-2 record opened again draws the very same bands: same record, same
    // painter (a blocked stretch, others ready meanwhile, a failure and its cancels).
    void openedRecordDrawsTheSameBands_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::newRow("blocking") << int(Scenario::Blocking) << "block";
        QTest::newRow("failure") << int(Scenario::Failure) << "task-group";
        QTest::newRow("bounded") << int(Scenario::Bounded) << "limited";
    }
    void openedRecordDrawsTheSameBands() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        const auto run = runLab(Scenario(scenario), qPrintable(variant), 4, 4, [](RunParams &p) {
            p.lab.limit = 2;
            p.lab.failTask = 1;
            p.lab.failAt = 2;
        });
        const RunRecord &live = run->record();
        const RecordReadResult opened = RecordReader::fromBytes(
            RecordJsonWriter::toJson(live, RecordJsonWriter::Content::Full));
        QVERIFY2(opened.record, qPrintable(opened.error));
        QCOMPARE(opened.record->groups.at(0)->spans().size(), live.groups.at(0)->spans().size());
        for (int task = 0; task < 4; ++task) {
            const Painted a(live, 0, task);
            const Painted b(*opened.record, 0, task);
            QVERIFY(a.bandColours(0, kLaneWidth).size() > 1); // a band, not the background
            const QRect band = LanePainter::bandRect(a.lane).toAlignedRect().adjusted(0, -6, 0, 0);
            QCOMPARE(b.image.copy(band), a.image.copy(band));
        }
    }

    // A waiting stretch and a running one do not look alike even without hue: the waiting
    // one is dotted (two colours), the running one solid (one).
    void patternsTellStatesApartWithoutHue() {
        const auto bounded =
            runLab(Scenario::Bounded, "limited", 4, 4, [](RunParams &p) { p.lab.limit = 2; });
        const Painted waiting(bounded->record(), 0, 3);
        const StateInterval w = longest(bounded->record(), 0, 3, TaskState::Waiting);
        QVERIFY(waiting.bandColours(waiting.x(w.fromNs) + 2, waiting.x(w.toNs) - 2).size() >= 2);
        const auto cpu =
            runLab(Scenario::Cpu, "on-loop", 2, 2, [](RunParams &p) { p.lab.workMs = 500; });
        const Painted running(cpu->record(), 0, 0);
        const StateInterval c = longest(cpu->record(), 0, 0, TaskState::Running);
        QCOMPARE(running.bandColours(running.x(c.fromNs) + 2, running.x(c.toNs) - 2).size(),
                 size_t(1));
    }

    // Errors and cancellations are marked where they happen; a finished task's end too.
    void endsAreMarkedWhereTheyHappen() {
        const auto run = runLab(Scenario::Failure, "task-group", 3, 4, [](RunParams &p) {
            p.lab.failTask = 1;
            p.lab.failAt = 1;
        });
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        const TaskOutcome *failed = g.outcomeOf(1);
        QVERIFY(failed);
        QCOMPARE(failed->state, TaskState::Failed);
        const ChartPalette pal = ChartPalette::light();
        const Painted lane1(r, 0, 1);
        QVERIFY(lane1.near(lane1.x(failed->atNs), pal.stateColor(TaskState::Failed), 4) >= 6);
        const TaskOutcome *cancelled = g.outcomeOf(0);
        QVERIFY(cancelled);
        QCOMPARE(cancelled->state, TaskState::Cancelled);
        const Painted lane0(r, 0, 0);
        QVERIFY(lane0.near(lane0.x(cancelled->atNs), pal.stateColor(TaskState::Cancelled), 4) >= 6);
        // No mark anywhere else: 100 px before the cancel the colour is absent.
        QCOMPARE(
            lane0.near(lane0.x(cancelled->atNs) - 100, pal.stateColor(TaskState::Cancelled), 6), 0);

        const auto bounded =
            runLab(Scenario::Bounded, "limited", 2, 2, [](RunParams &p) { p.lab.limit = 1; });
        const GroupRecord &b = *bounded->record().groups.at(0);
        const Painted done(bounded->record(), 0, 0);
        QVERIFY(done.near(done.x(b.endNs(0)), pal.stateColor(TaskState::Done), 4) >= 6);
    }

    // A column takes the state covering most of it; a stretch narrower than a pixel does
    // not make a run of its own, and neighbouring columns of one state join.
    void merging_data() {
        QTest::addColumn<QList<qint64>>("edges"); // ns: from, to, from, to, …
        QTest::addColumn<QList<int>>("states");   // TaskState of each stretch
        QTest::addColumn<QString>("runs");        // "x0-x1:state …"
        const auto s = [](TaskState t) { return int(t); };
        // The axis: 0 … 1 s over 100 px, 10 ms a pixel.
        QTest::newRow("two stretches") << QList<qint64>{0, 500 * kMs, 500 * kMs, kS}
                                       << QList<int>{s(TaskState::Waiting), s(TaskState::Suspended)}
                                       << "0-50:waiting 50-100:suspended";
        QTest::newRow("a sliver inside a column disappears")
            << QList<qint64>{0, 502 * kMs, 502 * kMs, 503 * kMs, 503 * kMs, kS}
            << QList<int>{s(TaskState::Suspended), s(TaskState::Ready), s(TaskState::Suspended)}
            << "0-100:suspended";
        QTest::newRow("a half column goes to the telling state")
            << QList<qint64>{0, 505 * kMs, 505 * kMs, kS}
            << QList<int>{s(TaskState::Suspended), s(TaskState::Blocked)}
            << "0-50:suspended 50-100:blocked";
        QTest::newRow("a thousand slivers are one run") <<
            [] {
                QList<qint64> e;
                for (int i = 0; i < 1000; ++i)
                    e << i * kMs << (i + 1) * kMs;
                return e;
            }() <<
            [&] {
                QList<int> st;
                for (int i = 0; i < 1000; ++i)
                    st << (i % 10 == 0 ? s(TaskState::Ready) : s(TaskState::Suspended));
                return st;
            }() << "0-100:suspended";
        QTest::newRow("an uncovered half: no band there")
            << QList<qint64>{304 * kMs, 600 * kMs} << QList<int>{s(TaskState::Waiting)}
            << "30-60:waiting";
    }
    void merging() {
        QFETCH(QList<qint64>, edges);
        QFETCH(QList<int>, states);
        QFETCH(QString, runs);
        std::vector<StateInterval> intervals;
        intervals.reserve(states.size());
        for (int i = 0; i < states.size(); ++i)
            intervals.push_back(
                {edges[2 * qsizetype(i)], edges[2 * qsizetype(i) + 1], TaskState(states[i])});
        const TimeAxis axis(0, 1, 0, 100);
        QStringList got;
        for (const StateBand::Run &r :
             StateBand::toRuns(intervals, axis, 0, 100, std::numeric_limits<qint64>::max()))
            got << QStringLiteral("%1-%2:%3").arg(r.x0).arg(r.x1).arg(stateName(r.state));
        QCOMPARE(got.join(u' '), runs);
    }

    // A frame costs pixels: a lane of 20,000 stretches is at most one run a pixel, and a
    // repaint with nothing changed reads no interval at all.
    void frameCostIsPixelsAndCached() {
        RunRecord r;
        r.params.tasks = 1;
        r.params.values = 10'000;
        r.params.delaySeconds = 0.001;
        auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 1, 10'000);
        g->taskStarted(0, 0);
        for (int i = 0; i < 10'000; ++i)
            g->recordYield(0, i, 0.5, (i + 1) * kMs, (i + 1) * kMs + 100'000);
        g->taskEnded(0, 10'000 * kMs + 100'000);
        g->health.wallS = 10.0001;
        g->status = RunStatus::Finished;
        r.groups.push_back(std::move(g));
        QImage image(kLaneWidth, kLaneHeight, QImage::Format_RGB32);
        QPainter p(&image);
        LanePainter lanes;
        const TimeAxis axis(0, 10.0001, 0, kLaneWidth);
        lanes.paint(p, QRectF(0, 0, kLaneWidth, kLaneHeight), axis, *r.groups[0], 0, r.params);
        QVERIFY(lanes.stats().stateIntervals >= 20'000);
        QVERIFY(lanes.stats().stateRuns <= kLaneWidth + 1);
        lanes.resetStats();
        lanes.paint(p, QRectF(0, 0, kLaneWidth, kLaneHeight), axis, *r.groups[0], 0, r.params);
        QCOMPARE(lanes.stats().stateIntervals, 0);
        // Zoomed in on 10 ms: only the yields in view are read.
        lanes.resetStats();
        const TimeAxis zoomed(5.0, 5.01, 0, kLaneWidth);
        lanes.paint(p, QRectF(0, 0, kLaneWidth, kLaneHeight), zoomed, *r.groups[0], 0, r.params);
        QVERIFY(lanes.stats().stateIntervals > 0);
        QVERIFY2(lanes.stats().stateIntervals < 60,
                 qPrintable(QString::number(lanes.stats().stateIntervals)));
    }

    // The exported chart carries the key: each state's colour in the header, above the
    // lanes, and the words in the SVG.
    void exportedChartHasTheLegend() {
        const auto run =
            runLab(Scenario::Bounded, "limited", 4, 4, [](RunParams &p) { p.lab.limit = 2; });
        const RunRecord &r = run->record();
        ChartOptions o;
        const QSize size = ChartRenderer::pageSize(r, o).toSize();
        QImage image(size, QImage::Format_RGB32);
        {
            QPainter p(&image);
            ChartRenderer::paint(p, image.rect(), r, o);
        }
        // The header: above the first group's header bar (the first pixel of the group colour
        // in the left margin column).
        int groupTop = -1;
        for (int y = 0; y < image.height() && groupTop < 0; ++y)
            if (QColor(image.pixel(34, y)) == o.palette.sequential)
                groupTop = y;
        QVERIFY(groupTop > 100);
        for (TaskState s : StateStyle::kAll) {
            bool found = false;
            for (int y = 0; y < groupTop && !found; ++y)
                for (int x = 0; x < image.width() && !found; ++x)
                    found = QColor(image.pixel(x, y)) == o.palette.stateColor(s);
            QVERIFY2(found, qPrintable(stateName(s)));
        }
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("chart.svg"));
        QCOMPARE(exportChart(svg, r), QString());
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("task states:"));
        for (TaskState s : StateStyle::kAll)
            QVERIFY2(text.contains(stateName(s).toUtf8()), qPrintable(stateName(s)));
    }

    // The frame cost the bands add, on request (COROSCOPE_BENCH=1 tst_stateband
    // bandFrameCost): CPU time of one frame of lanes, bands on and off, cold (the bands
    // built) and warm (cached), for a 10,000-task seed run's visible lanes (25 of 10 values)
    // and for 100 dense lanes of 10,000 values.
    void bandFrameCost() {
        if (!qEnvironmentVariableIsSet("COROSCOPE_BENCH"))
            QSKIP("a benchmark: set COROSCOPE_BENCH=1");
        const auto record = [](int tasks, int values, double delay) {
            auto r = std::make_unique<RunRecord>();
            r->params.tasks = tasks;
            r->params.values = values;
            r->params.delaySeconds = delay;
            auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, tasks, values);
            const qint64 step = qint64(delay * 1e9);
            for (int t = 0; t < tasks; ++t) {
                g->taskStarted(t, 0);
                for (int i = 0; i < values; ++i)
                    g->recordYield(t, i, double((t * 7 + i * 3) % 10), (i + 1) * step,
                                   (i + 1) * step + 50'000 + qint64(t % 13) * 10'000);
                g->taskEnded(t, g->atNs(t, values - 1));
            }
            g->health.wallS = values * delay + 0.001;
            g->status = RunStatus::Finished;
            r->groups.push_back(std::move(g));
            return r;
        };
        const auto cpuMs = [] {
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
        };
        for (const auto &shape : {std::tuple{10'000, 10, 25}, std::tuple{100, 10'000, 100}}) {
            // Plain copies: clang 14 cannot capture structured bindings in a lambda.
            const int tasks = std::get<0>(shape);
            const int values = std::get<1>(shape);
            const int lanes = std::get<2>(shape);
            const auto r = record(tasks, values, 1.0 * 10 / values);
            const TimeAxis axis(0, r->groups[0]->health.wallS, 10, 1200);
            QImage image(1220, lanes * 40, QImage::Format_ARGB32_Premultiplied);
            const auto frame = [&](const LanePainter &painter, bool states) {
                image.fill(Qt::white);
                QPainter p(&image);
                LaneOptions o;
                o.states = states;
                const double start = cpuMs();
                for (int i = 0; i < lanes; ++i)
                    painter.paint(p, QRectF(10, i * 40, 1200, 40), axis, *r->groups[0], i,
                                  r->params, o);
                return cpuMs() - start;
            };
            // Off and on in turns, so both see the same load.
            LanePainter painters[2];
            double cold[2], warm[2] = {1e300, 1e300};
            for (int on : {0, 1})
                cold[on] = frame(painters[on], on);
            painters[1].resetStats();
            for (int k = 0; k < 20; ++k)
                for (int on : {0, 1})
                    warm[on] = std::min(warm[on], frame(painters[on], on));
            QCOMPARE(painters[1].stats().stateIntervals, 0); // warm: the bands are cached
            qInfo("%d lanes of %d values (%d tasks), 1200 x 40 px, CPU time: first frame %.2f ms "
                  "bands off, %.2f ms on; next frames (fastest of 20) %.3f ms off, %.3f ms on",
                  lanes, values, tasks, cold[0], cold[1], warm[0], warm[1]);
        }
    }
};

QTEST_MAIN(TestStateBand)
#include "tst_stateband.moc"
