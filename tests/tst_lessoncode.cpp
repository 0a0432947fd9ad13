// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The code panel's data, without a window: the sources compiled into the binary are the
// files on disk, their lesson markers, where each task is at a moment of a deterministic
// (virtual-clock) run, and the lesson's Results and Explain text.
#include "app/lessonpositions.h"
#include "app/lessonsources.h"
#include "app/lessontext.h"
#include "engine/run.h"
#include "engine/runhost.h"
#include "model/taskstates.h"
#include "runtoend.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace coroscope;
using coroscope::test::runToEnd;

namespace {

using Counts = QHash<QString, int>;

RunParams lab(Scenario s, const char *variant, int tasks, int values, double delay) {
    RunParams p;
    p.scenario = s;
    p.variant = parseVariant(s, QString::fromLatin1(variant)).value();
    p.tasks = tasks;
    p.values = values;
    p.delaySeconds = delay;
    p.seed = 11;
    p.timing = Timing::Relative;
    p.clock = Clock::Virtual;
    return p;
}

QString onDisk(const QString &path) {
    QFile f(QStringLiteral(COROSCOPE_SOURCE_DIR "/") + path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("(cannot read %1)").arg(f.fileName());
    return QString::fromUtf8(f.readAll());
}

QString dump(const Counts &c) {
    QStringList s;
    for (auto it = c.cbegin(); it != c.cend(); ++it)
        s << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    s.sort();
    return s.join(QLatin1Char(' '));
}

} // namespace

class TestLessonCode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void embeddedSourcesAreTheFilesOnDisk() {
        int files = 0;
        for (Scenario s : scenarios()) {
            const QList<LessonSource> sources = lessonSources(s);
            QVERIFY(sources.size() >= 2);
            QVERIFY(!sources.front().python); // the program that runs comes first
            QVERIFY(sources.back().python);
            for (const LessonSource &src : sources) {
                const QString embedded = src.text();
                QVERIFY2(!embedded.isEmpty(), qPrintable(src.resource()));
                QCOMPARE(embedded, onDisk(src.path));
                ++files;
            }
        }
        QCOMPARE(files, 1 + 3 + 7 * 2);
        // A scenario's C++ is the file that defines its run function.
        QVERIFY(lessonSources(Scenario::Bounded)
                    .front()
                    .text()
                    .contains(QStringLiteral("QCoro::Task<RunStatus> runBounded(LabContext &g)")));
    }

    void markersParse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected"); // "tag:line"
        QTest::addColumn<QStringList>("duplicates");
        QTest::newRow("c++") << QStringLiteral("a\n  co_await x; // lesson: sleep\nb")
                             << QStringList{QStringLiteral("sleep:1")} << QStringList{};
        QTest::newRow("python") << QStringLiteral("async with p:  # lesson: permit\n")
                                << QStringList{QStringLiteral("permit:0")} << QStringList{};
        QTest::newRow("trailing space") << QStringLiteral("x\ny # lesson: raise  \n")
                                        << QStringList{QStringLiteral("raise:1")} << QStringList{};
        QTest::newRow("prose is no marker")
            << QStringLiteral("// The bounded lesson: a semaphore lets K run\n// lesson: a b\n")
            << QStringList{} << QStringList{};
        QTest::newRow("code after the marker")
            << QStringLiteral("x; // lesson: sleep y();\n") << QStringList{} << QStringList{};
        QTest::newRow("first of two")
            << QStringLiteral("a // lesson: get\nb // lesson: get\n")
            << QStringList{QStringLiteral("get:0")} << QStringList{QStringLiteral("get")};
    }
    void markersParse() {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, duplicates);
        QStringList dup;
        const QHash<QString, int> tags = lessonTags(text, &dup);
        QStringList got;
        for (auto it = tags.cbegin(); it != tags.cend(); ++it)
            got << QStringLiteral("%1:%2").arg(it.key()).arg(it.value());
        got.sort();
        QCOMPARE(got, expected);
        QCOMPARE(dup, duplicates);
    }

    //! Each file marks the lines a task can be at, once each, on the statement that waits.
    void everyLessonMarksItsLines() {
        const QHash<QString, QStringList> code{
            {QStringLiteral("sleep"), {QStringLiteral("sleep")}},
            {QStringLiteral("permit"), {QStringLiteral("acquire"), QStringLiteral("async with")}},
            {QStringLiteral("blocking"),
             {QStringLiteral("spendBlocking"), QStringLiteral("time.sleep")}},
            {QStringLiteral("offload"),
             {QStringLiteral("offload"), QStringLiteral("to_thread"), QStringLiteral("executor")}},
            {QStringLiteral("work"), {QStringLiteral("hash")}},
            {QStringLiteral("get"), {QStringLiteral("get(")}},
            {QStringLiteral("put"), {QStringLiteral("put(")}},
            {QStringLiteral("raise"), {QStringLiteral("throw"), QStringLiteral("raise")}},
            {QStringLiteral("turn"), {QStringLiteral("co_await asyncComprehension")}},
        };
        const QHash<Scenario, QStringList> wanted{
            {Scenario::Seed, {QStringLiteral("sleep")}},
            {Scenario::Blocking,
             {QStringLiteral("sleep"), QStringLiteral("blocking"), QStringLiteral("offload")}},
            {Scenario::Bounded, {QStringLiteral("sleep"), QStringLiteral("permit")}},
            {Scenario::AsCompleted, {QStringLiteral("sleep")}},
            {Scenario::Timeout, {QStringLiteral("sleep")}},
            {Scenario::Failure, {QStringLiteral("sleep"), QStringLiteral("raise")}},
            {Scenario::Queue,
             {QStringLiteral("sleep"), QStringLiteral("get"), QStringLiteral("put")}},
            {Scenario::Cpu,
             {QStringLiteral("sleep"), QStringLiteral("work"), QStringLiteral("offload")}},
        };
        for (Scenario s : scenarios()) {
            const QList<LessonSource> sources = lessonSources(s);
            for (const LessonSource &src : sources) {
                const QString text = src.text();
                QStringList dup;
                const QHash<QString, int> tags = lessonTags(text, &dup);
                QVERIFY2(dup.isEmpty(),
                         qPrintable(src.path + QLatin1Char(' ') + dup.join(QLatin1Char(','))));
                const QStringList lines = text.split(QLatin1Char('\n'));
                for (auto it = tags.cbegin(); it != tags.cend(); ++it) {
                    QVERIFY2(code.contains(it.key()),
                             qPrintable(src.path + QStringLiteral(": ") + it.key()));
                    const QString &line = lines.at(it.value());
                    bool found = false;
                    for (const QString &c : code[it.key()])
                        found = found || line.contains(c);
                    QVERIFY2(found, qPrintable(src.path + QStringLiteral(": ") + line));
                }
                // The program and its Python twin (the seed: its generator) mark every tag.
                if (src.path.endsWith(QLatin1String(".cpp")) ||
                    src.path.endsWith(QLatin1String("async_generator.py")) ||
                    src.path.startsWith(QLatin1String("resources/scenarios/")))
                    for (const QString &tag : wanted[s])
                        QVERIFY2(tags.contains(tag),
                                 qPrintable(src.path + QStringLiteral(": no ") + tag));
            }
        }
    }

    void countsAtAMoment_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<double>("at");
        QTest::addColumn<QString>("expected");
        // 4 tasks, limit 2, 10 × 1 s: tasks 0, 1 in the first window, 2, 3 wait.
        QTest::newRow("bounded 5 s") << int(Scenario::Bounded) << QStringLiteral("limited") << 5.0
                                     << QStringLiteral("permit=2 sleep=2");
        QTest::newRow("bounded 15 s") << int(Scenario::Bounded) << QStringLiteral("limited") << 15.0
                                      << QStringLiteral("sleep=2");
        QTest::newRow("bounded end")
            << int(Scenario::Bounded) << QStringLiteral("limited") << 25.0 << QStringLiteral("");
        // 3 tasks, task 0 blocks 0.75 s after its value 0 (at 1 s); the others are due at
        // 1 s and wait for the loop: still at their sleep's co_await.
        QTest::newRow("blocking before") << int(Scenario::Blocking) << QStringLiteral("block")
                                         << 0.5 << QStringLiteral("sleep=3");
        QTest::newRow("blocking during") << int(Scenario::Blocking) << QStringLiteral("block")
                                         << 1.5 << QStringLiteral("blocking=1 sleep=2");
        QTest::newRow("blocking after") << int(Scenario::Blocking) << QStringLiteral("block") << 1.8
                                        << QStringLiteral("sleep=3");
        QTest::newRow("offload during") << int(Scenario::Blocking) << QStringLiteral("offload")
                                        << 1.5 << QStringLiteral("offload=1 sleep=2");
        // task 1 raises at its value 2 (3 s): gather lets the others go on; a task group
        // cancels them.
        QTest::newRow("gather after the failure")
            << int(Scenario::Failure) << QStringLiteral("gather") << 3.5
            << QStringLiteral("raise=1 sleep=2");
        QTest::newRow("task group after the failure")
            << int(Scenario::Failure) << QStringLiteral("task-group") << 3.5
            << QStringLiteral("raise=1");
        QTest::newRow("timeout before") << int(Scenario::Timeout) << QStringLiteral("timeout")
                                        << 2.0 << QStringLiteral("sleep=3");
        QTest::newRow("timeout after")
            << int(Scenario::Timeout) << QStringLiteral("timeout") << 2.6 << QStringLiteral("");
        // 3 tasks, 4 values of 50 ms work: task 0's first step ran before task 1 started
        // (each starts when the loop gets to it), so at 75 ms task 1 computes, task 0
        // waits its turn and task 2 has not started.
        QTest::newRow("cpu on the loop") << int(Scenario::Cpu) << QStringLiteral("on-loop") << 0.075
                                         << QStringLiteral("sleep=1 work=1");
        QTest::newRow("cpu offloaded") << int(Scenario::Cpu) << QStringLiteral("offload") << 0.075
                                       << QStringLiteral("offload=3");
    }
    void countsAtAMoment() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        QFETCH(double, at);
        QFETCH(QString, expected);
        const Scenario s = Scenario(scenario);
        RunParams p = lab(s, variant.toLatin1().constData(), s == Scenario::Bounded ? 4 : 3,
                          s == Scenario::Cpu ? 4 : 10, 1.0);
        p.lab.limit = 2;
        p.lab.blockTask = 0;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.75;
        p.lab.failTask = 1;
        p.lab.failAt = 2;
        p.lab.timeoutSeconds = 2.5;
        p.lab.workMs = 50;
        p.lab.threads = 4;
        const auto run = runToEnd(p);
        const RunRecord &r = run->record();
        QCOMPARE(dump(lessonTagCounts(r, at)), expected);
    }

    /*
     * The code panel's live counts are what the finished record says: each lesson (and
     * the seed) run on the lesson clock one wake-up at a time, as the window's Step drives
     * it, and counted at every wake-up and 7, 150 and 600 ms after it (nothing happens
     * between wake-ups), from what the run has published; then the finished record is
     * counted at the same moments. The lessons' own lines (a blocking call, a permit or
     * queue wait, work on the loop, an offload, a raise) must be among the live counts.
     */
    void liveCountsAreTheRecords_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("lessonTag"); // a line the live counts must show; "": none
        // On the lesson clock a blocking call and work on the loop happen inside one step
        // (the clock moves on meanwhile): no live moment sees them going on (the cpu lesson
        // on the loop runs whole in its start and one step); liveBlockingCallOnTheRealClock
        // sees the block.
        for (const auto &[s, v, tag] : {std::tuple{Scenario::Blocking, "block", ""},
                                        {Scenario::Blocking, "offload", "offload"},
                                        {Scenario::Bounded, "limited", "permit"},
                                        {Scenario::Bounded, "unlimited", ""},
                                        {Scenario::Queue, "single", "put"},
                                        {Scenario::Queue, "workers", "put"},
                                        {Scenario::Cpu, "on-loop", ""},
                                        {Scenario::Cpu, "offload", "offload"},
                                        {Scenario::Timeout, "timeout", ""},
                                        {Scenario::Failure, "gather", "raise"},
                                        {Scenario::Failure, "task-group", ""},
                                        {Scenario::AsCompleted, "as-completed", ""},
                                        {Scenario::Seed, "concurrent", ""},
                                        {Scenario::Seed, "sequential", "turn"}})
            QTest::addRow("%s %s", qPrintable(scenarioName(s)), v)
                << int(s) << QString::fromLatin1(v) << QString::fromLatin1(tag);
    }
    void liveCountsAreTheRecords() {
        QFETCH(int, scenario);
        QFETCH(QString, variant);
        QFETCH(QString, lessonTag);
        const Scenario s = Scenario(scenario);
        RunParams p;
        if (s == Scenario::Seed) {
            p.mode = variant == QLatin1String("sequential") ? Mode::Sequential : Mode::Concurrent;
            p.tasks = 4;
            p.values = 4;
            p.delaySeconds = 1.0;
            p.timing = Timing::Relative;
            p.clock = Clock::Virtual;
        } else {
            p = lab(s, variant.toLatin1().constData(), 4, 4, 1.0);
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
        resolveLabDefaults(p);
        QCOMPARE(p.validate(), QString());
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        run.scheduler().pause();
        constexpr qint64 kMs = 1'000'000;
        std::vector<std::pair<qint64, QString>> live; // (moment, counts) as the panel saw them
        for (;;) {
            const GroupRecord &g = *run.record().groups.at(0);
            if (g.isDone())
                break;
            const qint64 clock = run.elapsedNs();
            // A step at the same instant as the last: the last one's counts were not final.
            std::erase_if(live, [&](const auto &v) { return v.first >= clock; });
            const qint64 next = run.scheduler().nextDeadlineNs();
            const qint64 quietUntil = next < 0 ? clock : next - run.scheduler().now() + clock;
            for (const qint64 d : {qint64(0), 7 * kMs, 150 * kMs, 600 * kMs}) {
                if (d > 0 && clock + d >= quietUntil)
                    continue;
                // A wake-up due at this very instant (after work or a blocking call on the
                // loop moved the clock on) resumes what the record starts here: not final.
                if (d == 0 && next >= 0 && next <= run.scheduler().now())
                    continue;
                live.emplace_back(clock + d,
                                  dump(lessonTagCounts(run.record(), double(clock + d) / 1e9)));
            }
            if (!run.scheduler().stepToNextWake())
                break;
        }
        run.scheduler().resume();
        if (run.status() == RunStatus::Running)
            QVERIFY(finished.wait(60'000));
        const RunRecord &r = run.record();
        QVERIFY(r.groups.at(0)->isDone());
        const qint64 wall = std::llround(r.groups.at(0)->health.wallS * 1e9);
        std::erase_if(live, [&](const auto &v) { return v.first >= wall; });
        if (live.empty())
            QVERIFY2(s == Scenario::Cpu && variant == QLatin1String("on-loop"), "a live moment");
        bool sawLesson = lessonTag.isEmpty();
        for (const auto &[t, counts] : live) {
            const QString recorded = dump(lessonTagCounts(r, double(t) / 1e9));
            QVERIFY2(counts == recorded, qPrintable(QStringLiteral("at %1 ns: live \"%2\", record "
                                                                   "\"%3\"")
                                                        .arg(t)
                                                        .arg(counts, recorded)));
            sawLesson = sawLesson || counts.contains(lessonTag + QLatin1Char('='));
        }
        QStringList seen;
        for (const auto &[t, counts] : live)
            seen << counts;
        seen.removeDuplicates();
        QVERIFY2(sawLesson, qPrintable(lessonTag + QStringLiteral(" not in: ") +
                                       seen.join(QStringLiteral(" | "))));
    }

    /*
     * The blocking lesson on the real clock, its run on a thread of its own, counted from
     * the window's thread as the code panel does every frame: while task 1's blocking call
     * holds the loop (0.6 s), the panel shows it at the blocking line.
     */
    void liveBlockingCallOnTheRealClock() {
        RunParams p = lab(Scenario::Blocking, "block", 3, 3, 0.2);
        p.clock = Clock::Real;
        p.lab.blockTask = 1;
        p.lab.blockAt = 1;
        p.lab.blockForSeconds = 0.6;
        resolveLabDefaults(p);
        RunHost host(p);
        QSignalSpy finished(&host, &RunHost::finished);
        host.start();
        int blocking = 0;
        int polls = 0;
        while (finished.isEmpty()) {
            const Counts c = lessonTagCounts(host.record(), double(host.elapsedNs()) / 1e9);
            ++polls;
            if (c.value(QStringLiteral("blocking")) == 1)
                ++blocking;
            QVERIFY(c.value(QStringLiteral("blocking")) <= 1);
            QTest::qWait(10);
        }
        // 0.6 s of block polled every 10 ms: seen however late a loaded machine wakes us.
        // Its span comes only once it is over: without the task's current stretch the
        // panel would count it at its sleep.
        QVERIFY2(blocking >= 1, qPrintable(QStringLiteral("%1 polls").arg(polls)));
    }

    void seedCompareWaitsItsTurn() {
        RunParams p;
        p.mode = Mode::Compare;
        p.tasks = 3;
        p.values = 2;
        p.delaySeconds = 1.0;
        p.clock = Clock::Virtual;
        const auto run = runToEnd(p);
        // Sequential: task 0 sleeps, 1 and 2 wait their turn; concurrent: 3 sleep.
        QCOMPARE(dump(lessonTagCounts(run->record(), 0.5)), QStringLiteral("sleep=4 turn=2"));
        QCOMPARE(dump(lessonTagCounts(run->record(), 2.5)), QStringLiteral("sleep=1 turn=1"));
        QCOMPARE(dump(lessonTagCounts(run->record(), -1)), QString());
    }

    void queueWorkersAndTheProducer() {
        RunParams p = lab(Scenario::Queue, "workers", 4, 2, 1.0);
        p.lab.workers = 3;
        p.lab.items = 7;
        p.lab.capacity = 2;
        const auto run = runToEnd(p);
        const RunRecord &r = run->record();
        // 7 items, 3 workers, 1 s each: 3 taken at 0 s, 2 wait in the queue, the producer
        // waits for room with the 6th; at 2 s the last item is taken and the queue, closed
        // and empty, ends the two other workers.
        QCOMPARE(dump(lessonTagCounts(r, 0.5)), QStringLiteral("put=1 sleep=3"));
        QCOMPARE(dump(lessonTagCounts(r, 2.5)), QStringLiteral("sleep=1"));
    }

    //! A finished group's positions are its timeline's states, at every stretch of it.
    void positionsAreTheTimelinesStates() {
        for (const auto &[s, v] : {std::pair{Scenario::Bounded, "limited"},
                                   {Scenario::Blocking, "block"},
                                   {Scenario::Blocking, "offload"},
                                   {Scenario::Failure, "task-group"},
                                   {Scenario::Timeout, "timeout"},
                                   {Scenario::Queue, "workers"},
                                   {Scenario::Cpu, "on-loop"}}) {
            RunParams p = lab(s, v, 4, 4, 1.0);
            p.lab.workMs = 50;
            const auto run = runToEnd(p);
            const RunRecord &r = run->record();
            const GroupRecord &g = *r.groups.at(0);
            int checked = 0;
            for (int task = 0; task < g.tasks(); ++task)
                for (const StateInterval &i : taskTimeline(r.params, g, task)) {
                    if (i.toNs <= i.fromNs)
                        continue;
                    const qint64 mid = (i.fromNs + i.toNs) / 2;
                    const LessonPosition pos = GroupPositions(r.params, g, mid).of(task);
                    QVERIFY2(pos.state == i.state,
                             qPrintable(QStringLiteral("%1 task %2 at %3 ns: %4, timeline %5")
                                            .arg(scenarioName(s))
                                            .arg(task)
                                            .arg(mid)
                                            .arg(stateName(pos.state), stateName(i.state))));
                    ++checked;
                }
            QVERIFY(checked >= g.tasks());
        }
    }

    void boundedResultsShowTheFormulaAndTheWall() {
        RunParams p = lab(Scenario::Bounded, "limited", 4, 10, 1.0);
        p.lab.limit = 2;
        const auto run = runToEnd(p);
        const QString html = lessonResultsHtml(run->record(), -1);
        QVERIFY2(html.contains(
                     QStringLiteral("⌈4 tasks / 2 permits⌉ = 2 windows × 10 values × 1 s = 20 s")),
                 qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral("Measured wall: <b>20.000 s</b>")), qPrintable(html));
        // Mid-run (replay at 5 s): tasks 2 and 3 hold nothing yet, the wall is not known.
        const QString mid = lessonResultsHtml(run->record(), 5.0);
        QVERIFY(mid.contains(QStringLiteral("Measured wall: … (running)")));
        QVERIFY(mid.contains(QStringLiteral("<td>task 3</td><td>running</td><td "
                                            "align='right'>0 of 10 values</td>")));
        QVERIFY(
            lessonWhy(run->record()).contains(QStringLiteral("the limited group took 20.000 s")));
        QCOMPARE(
            lessonNowLines(run->record(), 5.0),
            (QStringList{QStringLiteral("2 tasks waiting for a permit of the semaphore (acquire)"),
                         QStringLiteral("2 tasks suspended at the sleep's co_await (or due, "
                                        "waiting for the loop)")}));
        QCOMPARE(lessonNowLines(run->record(), -1),
                 QStringList{QStringLiteral("No task is waiting anywhere: every one has ended")});
    }

    void failureResultsTellTheErrorAndWhoWasCancelled() {
        RunParams p = lab(Scenario::Failure, "task-group", 4, 10, 1.0);
        p.lab.failTask = 1;
        p.lab.failAt = 2;
        const auto run = runToEnd(p);
        const QString html = lessonResultsHtml(run->record(), -1);
        QVERIFY2(html.contains(QStringLiteral("<b>Error</b> in task 1 at 3.000 s: <b>task 1 could "
                                              "not read value 2</b>")),
                 qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("failed: task 1 could not read value 2")));
        QVERIFY(
            html.contains(QStringLiteral("<td>task 0</td><td>cancelled by task 1&#x27;s "
                                         "failure</td><td align='right'>3 of 10 values</td>")) ||
            html.contains(QStringLiteral("<td>task 0</td><td>cancelled by task 1's failure</td><td "
                                         "align='right'>3 of 10 values</td>")));
        const QStringList facts = lessonFacts(run->record(), -1);
        QVERIFY(facts.join(QLatin1Char('\n')).contains(QStringLiteral("task 1 failed at 3.000 s")));
        QVERIFY(lessonFacts(run->record(), 2.0).isEmpty()); // nothing had happened by 2 s
    }

    void timeoutKeepsPartialLists() {
        RunParams p = lab(Scenario::Timeout, "timeout", 3, 10, 1.0);
        p.lab.timeoutSeconds = 2.5;
        const auto run = runToEnd(p);
        const QString html = lessonResultsHtml(run->record(), -1);
        QVERIFY2(html.contains(QStringLiteral("<td>task 2</td><td>timed out</td><td "
                                              "align='right'>2 of 10 values</td>")),
                 qPrintable(html));
        QVERIFY(lessonWhy(run->record()).contains(QStringLiteral("3 tasks timed out")));
    }

    void asCompletedShowsTheCompletionOrder() {
        RunParams p = lab(Scenario::AsCompleted, "as-completed", 4, 3, 1.0);
        const auto run = runToEnd(p);
        const GroupRecord &g = *run->record().groups.at(0);
        std::vector<std::pair<qint64, int>> ends;
        ends.reserve(4);
        for (int t = 0; t < 4; ++t)
            ends.emplace_back(g.endNs(t), t);
        std::sort(ends.begin(), ends.end());
        QStringList order;
        for (const auto &e : ends)
            order << QString::number(e.second);
        QVERIFY(order.join(QLatin1Char(',')) !=
                QStringLiteral("0,1,2,3")); // this seed's delays differ
        const QString html = lessonResultsHtml(run->record(), -1);
        QVERIFY2(html.contains(QStringLiteral("Results handed over (as completed): ") +
                               order.join(QStringLiteral(", "))),
                 qPrintable(html));
    }

    void seedHasNoLessonText() {
        RunParams p;
        p.tasks = 2;
        p.values = 1;
        p.delaySeconds = 0.01;
        p.clock = Clock::Virtual;
        const auto run = runToEnd(p);
        QVERIFY(lessonResultsHtml(run->record(), -1).isEmpty());
        QVERIFY(lessonWhy(run->record()).isEmpty());
        QVERIFY(lessonFacts(run->record(), -1).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLessonCode)
#include "tst_lessoncode.moc"
