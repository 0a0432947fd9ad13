// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The lanes' state bands: real lab runs on the virtual clock (every instant exact) painted
// through the one LanePainter into images, read back pixel by pixel; the merging of
// stretches narrower than a pixel; the legend in the exported charts.
#include "engine/run.h"
#include "engine/runhost.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "model/labparams.h"
#include "model/taskstates.h"
#include "pixelcount.h"
#include "render/chartexport.h"
#include "render/chartrenderer.h"
#include "render/lanepainter.h"
#include "render/statelegend.h"
#include "runtoend.h"

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

//! Scenario \a s (its \a variant; the seed: "concurrent" or "sequential") on the virtual
//! clock, 1 s delays, relative timing, seed 7, then \a tune.
RunParams labParams(Scenario s, const char *variant, int tasks, int values,
                    void (*tune)(RunParams &) = nullptr) {
    RunParams p;
    p.scenario = s;
    if (s == Scenario::Seed)
        p.mode = QByteArray(variant) == "sequential" ? Mode::Sequential : Mode::Concurrent;
    else
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
    return p;
}

//! Each lesson set so that its own states happen within 4 values of 4 tasks: a permit
//! wait, a 1.5 s block at task 1's second value, 300 ms of work, a queue of 7 items, a
//! timeout at 2.5 s, task 2 failing at its third value. The seed is left as it is.
void tuneLesson(RunParams &p) {
    if (p.scenario == Scenario::Seed)
        return;
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
}

//! That run, not started yet.
std::unique_ptr<Run> labRun(Scenario s, const char *variant, int tasks, int values,
                            void (*tune)(RunParams &) = nullptr) {
    const RunParams p = labParams(s, variant, tasks, values, tune);
    if (const QString why = p.validate(); !why.isEmpty())
        qFatal("invalid params: %s", qPrintable(why));
    return std::make_unique<Run>(p);
}

//! That run, run to its end.
std::unique_ptr<Run> runLab(Scenario s, const char *variant, int tasks, int values,
                            void (*tune)(RunParams &) = nullptr) {
    return test::runToEnd(labParams(s, variant, tasks, values, tune));
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

//! The longest stretch of \a state in the task's timeline.
StateInterval longest(const RunRecord &r, int group, int task, TaskState state) {
    StateInterval best{0, 0, state};
    for (const StateInterval &s : taskTimeline(r.params, *r.groups.at(size_t(group)), task))
        if (s.state == state && s.toNs - s.fromNs > best.toNs - best.fromNs)
            best = s;
    return best;
}

//! What a window showed of one group while it ran: each task's timeline (taskTimeline()
//! with the live clock) and hover text, at one clock.
struct LiveView {
    qint64 clockNs = 0;
    std::vector<std::vector<StateInterval>> timelines;
    std::vector<QString> hovers; //!< at the clock
};

/*!
 * Runs \a run (not started; one group) on the lesson clock as the window's Step drives it:
 * paused, one wake-up at a time. After each, what a window reads of the live record is
 * kept, at the clock and, since nothing happens until the next wake-up, at moments
 * between it and the next (\a between, ns after it), off the ticks. Returns the views
 * and leaves the run finished.
 */
std::vector<LiveView> watchStepByStep(Run &run, const std::vector<qint64> &between = {0}) {
    QSignalSpy finished(&run, &Run::finished);
    run.start();
    run.scheduler().pause();
    std::vector<LiveView> views;
    for (;;) {
        const GroupRecord &g = *run.record().groups.at(0);
        if (g.isDone())
            break;
        const qint64 clock = run.elapsedNs();
        // A step at the same instant as the last (what was due then, resumed after a
        // blocking call or work on the loop): the last step's view there was not final.
        std::erase_if(views, [&](const LiveView &v) { return v.clockNs >= clock; });
        // Until the next wake-up nothing happens (none: the run is about to end).
        const qint64 next = run.scheduler().nextDeadlineNs();
        const qint64 quietUntil = next < 0 ? clock : next - run.scheduler().now() + clock;
        for (const qint64 d : between) {
            if (d > 0 && clock + d >= quietUntil)
                continue;
            LiveView v;
            v.clockNs = clock + d;
            for (int task = 0; task < g.tasks(); ++task) {
                v.timelines.push_back(taskTimeline(run.record().params, g, task,
                                                   std::numeric_limits<qint64>::min(),
                                                   std::numeric_limits<qint64>::max(), v.clockNs));
                v.hovers.push_back(
                    stateDescription(run.record().params, g, task, v.clockNs, v.clockNs));
            }
            views.push_back(std::move(v));
        }
        if (!run.scheduler().stepToNextWake())
            break;
    }
    run.scheduler().resume();
    if (run.status() == RunStatus::Running && !finished.wait(60'000))
        qFatal("the run did not finish");
    // The moments after the group's end were not live.
    const qint64 wall = std::llround(run.record().groups.at(0)->health.wallS * 1e9);
    std::erase_if(views, [&](const LiveView &v) { return v.clockNs >= wall; });
    return views;
}

/*!
 * Watches \a host's run (not started; one group) as the window does, from this thread
 * while it runs on its own: every few ms the clock, then each task's live timeline and
 * hover up to it. Returns the views; the run has finished.
 */
std::vector<LiveView> watchWhileItRuns(RunHost &host) {
    QSignalSpy finished(&host, &RunHost::finished);
    host.start();
    std::vector<LiveView> views;
    const RunRecord &r = host.record();
    while (finished.isEmpty()) {
        const GroupRecord &g = *r.groups.at(0);
        LiveView v;
        v.clockNs = host.elapsedNs(); // first: what is read after it is as new or newer
        if (g.isDone())
            break;
        for (int task = 0; task < g.tasks(); ++task) {
            v.timelines.push_back(taskTimeline(r.params, g, task,
                                               std::numeric_limits<qint64>::min(),
                                               std::numeric_limits<qint64>::max(), v.clockNs));
            v.hovers.push_back(stateDescription(r.params, g, task, v.clockNs, v.clockNs));
        }
        views.push_back(std::move(v));
        QTest::qWait(3);
    }
    if (finished.isEmpty() && !finished.wait(60'000))
        qFatal("the run did not finish");
    return views;
}

//! The state \a timeline gives at \a tNs ("none" where it has none).
QString stateIn(const std::vector<StateInterval> &timeline, qint64 tNs) {
    const StateInterval *s = intervalAt(timeline, tNs);
    return s ? stateName(s->state) : QStringLiteral("none");
}

//! Where a band kept across frames first differs from a fresh one ("" when it draws the same).
QString bandDifference(const StateBand &kept, const StateBand &fresh) {
    if (kept.runs().size() != fresh.runs().size())
        return QStringLiteral("%1 runs kept, %2 fresh")
            .arg(kept.runs().size())
            .arg(fresh.runs().size());
    for (size_t k = 0; k < fresh.runs().size(); ++k) {
        const StateBand::Run &a = kept.runs()[k];
        const StateBand::Run &b = fresh.runs()[k];
        if (a.x0 != b.x0 || a.x1 != b.x1 || a.state != b.state)
            return QStringLiteral("run %1: kept [%2, %3) %4, fresh [%5, %6) %7")
                .arg(k)
                .arg(a.x0)
                .arg(a.x1)
                .arg(stateName(a.state))
                .arg(b.x0)
                .arg(b.x1)
                .arg(stateName(b.state));
    }
    if (kept.marks().size() != fresh.marks().size())
        return QStringLiteral("%1 marks kept, %2 fresh")
            .arg(kept.marks().size())
            .arg(fresh.marks().size());
    for (size_t k = 0; k < fresh.marks().size(); ++k) {
        const StateBand::Mark &a = kept.marks()[k];
        const StateBand::Mark &b = fresh.marks()[k];
        if (a.x != b.x || a.state != b.state)
            return QStringLiteral("mark %1: kept %2 %3, fresh %4 %5")
                .arg(k)
                .arg(a.x)
                .arg(stateName(a.state))
                .arg(b.x)
                .arg(stateName(b.state));
    }
    return {};
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
        QCOMPARE(QColor(test::mostCommon(colours)), pal.stateColor(state));
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
                                   {Scenario::AsCompleted, "as-completed"},
                                   {Scenario::Seed, "concurrent"},
                                   {Scenario::Seed, "sequential"}})
            QTest::addRow("%s %s", qPrintable(scenarioName(s)), v)
                << int(s) << QString::fromLatin1(v);
    }
    void liveBandsTellWhatTheRecordWill() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        const auto run = labRun(Scenario(scenario), qPrintable(variant), 4, 4, tuneLesson);
        // Each wake-up, and 7 ms, 150 ms and 600 ms after it while nothing else happens.
        const std::vector<LiveView> views =
            watchStepByStep(*run, {0, 7 * kMs, 150 * kMs, 600 * kMs});
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        QVERIFY(g.health.wallS > 0);
        // A step runs everything due by then, and a blocking call or CPU work on the loop
        // moves the virtual clock on meanwhile: the cpu lesson on the loop runs whole in
        // its start and one step, one live moment (liveLanesOnTheRealClock watches it).
        QVERIFY2(!views.empty(), "a live moment");
        int compared = 0;
        std::map<QString, int> lessonStates; // "task: state" compared, besides sleeping
        for (const LiveView &v : views) {
            const qint64 clock = v.clockNs;
            for (int task = 0; task < g.tasks(); ++task) {
                const auto recorded = taskTimeline(r.params, g, task);
                const auto &shown = v.timelines.at(size_t(task));
                const auto check = [&](const StateInterval &i, const char *which) {
                    const qint64 to = std::min(i.toNs, clock);
                    const bool point = i.fromNs == i.toNs;
                    if (point ? i.fromNs > clock : i.fromNs >= clock || to <= i.fromNs)
                        return;
                    const qint64 mid = point ? i.fromNs : (i.fromNs + to) / 2;
                    const QString want = stateIn(recorded, mid);
                    const QString got = stateIn(shown, mid);
                    QVERIFY2(got == want, qPrintable(QStringLiteral("%1: %2 at %3 ns, clock "
                                                                    "%4 ns: live %5, record %6")
                                                         .arg(QLatin1String(which))
                                                         .arg(laneName(r.params, g, task))
                                                         .arg(mid)
                                                         .arg(clock)
                                                         .arg(got, want)));
                    ++compared;
                    if (i.state != TaskState::Suspended && i.state != TaskState::Ready &&
                        i.state != TaskState::Done)
                        ++lessonStates[laneName(r.params, g, task) + QStringLiteral(": ") +
                                       stateName(i.state)];
                };
                // Whatever the live lane shows is what the record will say, and whatever
                // the record says before the clock the live lane showed: every lane, every
                // stretch, the one going on at the clock too.
                for (const StateInterval &i : shown)
                    check(i, "a live stretch");
                for (const StateInterval &i : recorded)
                    check(i, "a recorded stretch");
            }
        }
        QVERIFY(compared >= g.tasks()); // every lane, at least once
        // The lesson's own states were among them (not just sleeps and ends), where a live
        // moment has any: every task of the seed and of bounded's unlimited variant only
        // sleeps, as-completed's tasks only sleep longer or shorter, and the timeout's and
        // the task group's cancels end the group in the same instant.
        QStringList seen;
        for (const auto &[what, n] : lessonStates)
            seen << QStringLiteral("%1 ×%2").arg(what).arg(n);
        qInfo().noquote() << "compared:" << compared << "|" << seen.join(QStringLiteral(", "));
        if (r.params.scenario != Scenario::Seed || variant == QLatin1String("sequential"))
            if (r.params.scenario != Scenario::AsCompleted &&
                r.params.scenario != Scenario::Timeout && variant != QLatin1String("unlimited") &&
                variant != QLatin1String("task-group"))
                QVERIFY(!lessonStates.empty());
    }

    // The stretches a live lane used to leave blank or get wrong, each at a moment it is
    // going on (step by step on the lesson clock, as the window's Step shows them): the
    // queue's producer between its waits for room and in one, a worker holding an item, a
    // cpu task waiting its turn on the loop, a seed task between values.
    void liveLanesShowTheStretchGoingOn_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("task");
        QTest::addColumn<TaskState>("state");
        QTest::addColumn<int>("on");
        QTest::newRow("queue: the producer waits for room")
            << int(Scenario::Queue) << "workers" << 3 << TaskState::Waiting
            << int(WaitTarget::QueueRoom);
        QTest::newRow("queue: a worker holds an item")
            << int(Scenario::Queue) << "workers" << 0 << TaskState::Suspended
            << int(WaitTarget::None);
        QTest::newRow("cpu: a task waits its turn on the loop")
            << int(Scenario::Cpu) << "on-loop" << 1 << TaskState::Ready << int(WaitTarget::None);
        QTest::newRow("seed: between values") << int(Scenario::Seed) << "concurrent" << 2
                                              << TaskState::Suspended << int(WaitTarget::None);
        QTest::newRow("bounded: waits for a permit")
            << int(Scenario::Bounded) << "limited" << 3 << TaskState::Waiting
            << int(WaitTarget::Permit);
    }
    void liveLanesShowTheStretchGoingOn() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        QFETCH(int, task);
        QFETCH(TaskState, state);
        QFETCH(int, on);
        const auto run = labRun(Scenario(scenario), qPrintable(variant), 4, 4, [](RunParams &p) {
            if (p.scenario == Scenario::Seed)
                return;
            p.lab.limit = 2;
            p.lab.workMs = 300;
            p.lab.items = 7;
            p.lab.capacity = 2;
            p.lab.workers = 3;
        });
        const std::vector<LiveView> views = watchStepByStep(*run, {0, 7 * kMs});
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        const auto recorded = taskTimeline(r.params, g, task);
        int seen = 0;
        for (const LiveView &v : views) {
            // Just before the clock: the stretch the task is in now.
            const qint64 t = v.clockNs - 1;
            const StateInterval *want = intervalAt(recorded, t);
            if (!want || want->state != state || int(want->on) != on)
                continue;
            const StateInterval *got = intervalAt(v.timelines.at(size_t(task)), t);
            QVERIFY2(got, qPrintable(QStringLiteral("nothing shown at %1 ns").arg(t)));
            QCOMPARE(got->state, state);
            QCOMPARE(int(got->on), on);
            QCOMPARE(got->fromNs, want->fromNs);
            QCOMPARE(got->toNs, v.clockNs); // it goes on: up to the clock
            ++seen;
        }
        QVERIFY2(seen > 0, "the stretch was going on at some step");
    }

    // The same on the real clock, the run on a thread of its own and this thread reading
    // its record meanwhile, as the window does (under ThreadSanitizer too): whatever a
    // live lane shows before the clock is what the record says, and the stretches that
    // only the published current stretch tells are seen going on: a cpu task waiting its
    // turn while another computes on the loop, a blocking call holding the loop.
    void liveLanesOnTheRealClock_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("task");
        QTest::addColumn<TaskState>("state");
        QTest::newRow("cpu on the loop: task 1 waits its turn")
            << int(Scenario::Cpu) << "on-loop" << 1 << TaskState::Ready;
        QTest::newRow("blocking: task 0 holds the loop")
            << int(Scenario::Blocking) << "block" << 0 << TaskState::Blocked;
    }
    void liveLanesOnTheRealClock() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        QFETCH(int, task);
        QFETCH(TaskState, state);
        RunParams p = labParams(Scenario(scenario), qPrintable(variant), 2, 3, [](RunParams &p) {
            p.delaySeconds = 0.1;
            p.lab.workMs = 150; // 2 tasks: each waits 150 ms for the other's work
            p.lab.blockTask = 0;
            p.lab.blockAt = 1;
            p.lab.blockForSeconds = 0.4;
        });
        p.clock = Clock::Real;
        QVERIFY(p.validate().isEmpty());
        RunHost host(p);
        const std::vector<LiveView> views = watchWhileItRuns(host);
        const RunRecord &r = host.record();
        const GroupRecord &g = *r.groups.at(0);
        QVERIFY2(views.size() >= 4, qPrintable(QString::number(views.size())));
        int seen = 0;
        for (const LiveView &v : views)
            for (int t = 0; t < g.tasks(); ++t) {
                const auto recorded = taskTimeline(r.params, g, t);
                for (const StateInterval &i : v.timelines.at(size_t(t))) {
                    const qint64 to = std::min(i.toNs, v.clockNs);
                    const bool point = i.fromNs == i.toNs;
                    if (point ? i.fromNs > v.clockNs : i.fromNs >= v.clockNs || to <= i.fromNs)
                        continue;
                    const qint64 mid = point ? i.fromNs : (i.fromNs + to) / 2;
                    QVERIFY2(stateIn(recorded, mid) == stateName(i.state),
                             qPrintable(QStringLiteral("task %1 at %2 ns, clock %3 ns: live %4, "
                                                       "record %5")
                                            .arg(t)
                                            .arg(mid)
                                            .arg(v.clockNs)
                                            .arg(stateName(i.state), stateIn(recorded, mid))));
                    // Going on at the clock, in the state only the current stretch tells.
                    if (t == task && i.state == state && i.toNs >= v.clockNs)
                        ++seen;
                }
            }
        QVERIFY2(seen > 0, "the stretch was seen going on");
    }

    // A failure's hover tells its error as soon as it happened, not once the run is over.
    void liveFailureTellsItsError() {
        // gather: the others go on, so the run is still live after the failure.
        const auto run = labRun(Scenario::Failure, "gather", 3, 4, [](RunParams &p) {
            p.lab.failTask = 1;
            p.lab.failAt = 2;
        });
        const std::vector<LiveView> views = watchStepByStep(*run);
        const QString error = run->record().groups.at(0)->outcomeOf(1)->error;
        QVERIFY(!error.isEmpty());
        int told = 0;
        for (const LiveView &v : views) {
            const QString &hover = v.hovers.at(1);
            if (hover.startsWith(QStringLiteral("failed at"))) {
                QVERIFY2(hover.endsWith(error), qPrintable(hover));
                ++told;
            }
        }
        QVERIFY2(told > 0, "a live moment after the failure");
    }

    // A live band is painted up to the live clock: a live offload shows the offloaded
    // stretch while it lasts, and more of it as the clock moves (the lesson clock's steps:
    // the other tasks wake meanwhile).
    void liveBandReachesTheClock() {
        const auto run = labRun(Scenario::Blocking, "offload", 4, 4, [](RunParams &p) {
            p.lab.blockTask = 0;
            p.lab.blockAt = 1;
            p.lab.blockForSeconds = 2.5;
        });
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        QSignalSpy finished(run.get(), &Run::finished);
        run->start();
        run->scheduler().pause();
        const QRectF lane(0, 0, kLaneWidth, kLaneHeight);
        const TimeAxis axis(0, 4.0, 0, kLaneWidth);
        StateBand band;
        const auto offloadedRun = [&] {
            for (const StateBand::Run &run : band.runs())
                if (run.state == TaskState::Offloaded)
                    return run;
            return StateBand::Run{0, 0, TaskState::Done};
        };
        for (const qint64 until : {2 * kS, 3 * kS}) { // the offload: 1 s … 3.5 s
            while (run->elapsedNs() < until)
                QVERIFY(run->scheduler().stepToNextWake());
            QCOMPARE(run->elapsedNs(), until);
            QVERIFY(band.update(axis, lane, g, 0, r.params, -1, double(until) / 1e9) > 0);
            QCOMPARE(offloadedRun().state, TaskState::Offloaded);
            QVERIFY(std::abs(offloadedRun().x0 - axis.xForTime(1.0)) <= 1);
            QVERIFY(std::abs(offloadedRun().x1 - axis.xForTime(double(until) / 1e9)) <= 1);
        }
        // Without the clock (as a live lane painted without one): only what the yields
        // tell, nothing offloaded.
        StateBand plain;
        plain.update(axis, lane, g, 0, r.params, -1);
        for (const StateBand::Run &run : plain.runs())
            QVERIFY(run.state != TaskState::Offloaded);
        run->scheduler().resume();
        QVERIFY(finished.wait(60'000));
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

    // A live lane's band keeps its settled columns and reads only what may still change:
    // stepped wake-up by wake-up on the lesson clock, with the clock between wake-ups too,
    // it must equal a band built afresh at every moment, every lane of every lesson, for
    // fewer intervals read.
    void liveBandGrowsLikeAFreshOne_data() { liveBandsTellWhatTheRecordWill_data(); }
    void liveBandGrowsLikeAFreshOne() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        const bool seed = Scenario(scenario) == Scenario::Seed;
        const auto run =
            labRun(Scenario(scenario), qPrintable(variant), 4, seed ? 40 : 4, [](RunParams &p) {
                if (p.scenario == Scenario::Seed)
                    p.delaySeconds = 0.1; // 40 values in 4 s
                tuneLesson(p);
            });
        QSignalSpy finished(run.get(), &Run::finished);
        run->start();
        run->scheduler().pause();
        const RunRecord &r = run->record();
        const GroupRecord &g = *r.groups.at(0);
        const TimeAxis axis(0, 20, 0, kLaneWidth);
        const QRectF lane(0, 0, kLaneWidth, kLaneHeight);
        std::vector<StateBand> kept(size_t(g.tasks()));
        qint64 keptRead = 0;
        qint64 freshRead = 0;
        int moments = 0;
        double lastClockS = -1;
        while (!g.isDone()) {
            const qint64 clock = run->elapsedNs();
            for (const qint64 d : {qint64(0), 40 * kMs}) {
                const double clockS = double(clock + d) / 1e9;
                for (int task = 0; task < g.tasks(); ++task) {
                    StateBand fresh;
                    freshRead += fresh.update(axis, lane, g, task, r.params, -1, clockS);
                    StateBand &band = kept[size_t(task)];
                    // The window's clock may be read a moment before the record: a frame
                    // with the last moment's clock over the newer record comes first.
                    if (lastClockS >= 0) // (not counted: a fresh band has no such frame)
                        band.update(axis, lane, g, task, r.params, -1, lastClockS);
                    keptRead += band.update(axis, lane, g, task, r.params, -1, clockS);
                    const QString diff = bandDifference(band, fresh);
                    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1, clock %2 s: %3")
                                                            .arg(laneName(r.params, g, task))
                                                            .arg(clockS)
                                                            .arg(diff)));
                }
                ++moments;
                lastClockS = clockS;
            }
            if (!run->scheduler().stepToNextWake())
                break;
        }
        run->scheduler().resume();
        if (run->status() == RunStatus::Running)
            QVERIFY(finished.wait(60'000));
        qInfo("%d moments: %lld intervals read by the kept bands, %lld by fresh ones", moments,
              keptRead, freshRead);
        QVERIFY(moments >= 2); // the cpu lesson on the loop: its start and one step
        QVERIFY(keptRead <= freshRead);
        // 40 values a lane: the kept bands read a few stretches a moment, not all so far.
        if (seed && variant == QLatin1String("concurrent"))
            QVERIFY2(keptRead * 4 < freshRead, "the kept bands read everything each time");
        // The group is over: a kept band keeps its settled columns (the window's last frame
        // of 100 dense lanes read every lane's whole timeline again, 8-10 ms) and still
        // draws what a fresh band does.
        QVERIFY(g.isDone());
        qint64 endKeptRead = 0;
        qint64 endFreshRead = 0;
        for (int task = 0; task < g.tasks(); ++task) {
            StateBand fresh;
            endFreshRead += fresh.update(axis, lane, g, task, r.params, -1, lastClockS);
            StateBand &band = kept[size_t(task)];
            endKeptRead += band.update(axis, lane, g, task, r.params, -1, lastClockS);
            const QString diff = bandDifference(band, fresh);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1 at the end: %2")
                                                    .arg(laneName(r.params, g, task))
                                                    .arg(diff)));
        }
        qInfo("at the end: %lld intervals read by the kept bands, %lld by fresh ones", endKeptRead,
              endFreshRead);
        if (seed && variant == QLatin1String("concurrent"))
            QVERIFY2(endKeptRead * 4 < endFreshRead, "the kept bands read everything at the end");
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
