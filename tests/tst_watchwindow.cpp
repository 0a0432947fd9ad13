// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "app/codepanel.h"
#include "app/densitystrip.h"
#include "app/lanemodel.h"
#include "app/mainwindow.h"
#include "app/outputpanel.h"
#include "io/recordreader.h"
#include "testparams.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace coroscope;
using Outcome = watch::PythonWatcher::Outcome;

namespace {
const QString kExamples = QStringLiteral(COROSCOPE_SHARE_DIR "/examples/");

watch::WatchOptions opts(const QString &script, const QStringList &args = {}) {
    watch::WatchOptions o;
    o.script = script;
    o.arguments = args;
    return o;
}

//! The examples' many_tasks.py: TASKS tasks of VALUES values, DELAY seconds apart.
watch::WatchOptions manyTasks(int tasks, const QString &delay, int values) {
    return opts(kExamples + QStringLiteral("many_tasks.py"),
                {QString::number(tasks), delay, QString::number(values)});
}

int lanes(const MainWindow &w) {
    const LaneModel *m = w.laneModel();
    return m->rowCount() > 0 ? m->rowCount(m->groupIndex(0)) : 0;
}

QString panelText(const MainWindow &w, const char *name) {
    const auto *text = w.findChild<QTextBrowser *>(QLatin1String(name));
    return text ? text->toPlainText() : QString();
}
} // namespace

/*!
 * A watched Python program in the window (offscreen): its tasks fill the lanes live, its
 * output reaches the Output panel, Results and Explain follow, Stop keeps what was
 * recorded, the record saves with its source.
 */
class TestWatchWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }
    void seedMainTwoFillsTheLanesLive();
    void stopKeepsTheLanes();
    void fileMenuAsksWhatToWatch();
    void aFailingScriptSaysWhy();
    void runBesideShowsBothOnOneAxis();
    void labelsInResultsAndExplain();
    void overviewStripFollowsTheProgram();
    void aHundredThousandTasksInTheWindow();
    void codeDockShowsTheWatchedProgram();

private:
    QString script(const QByteArray &source);
    QTemporaryDir m_dir;
    int m_count = 0;
};

QString TestWatchWindow::script(const QByteArray &source) {
    QString path = m_dir.filePath(QStringLiteral("prog%1.py").arg(++m_count));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(source) != source.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestWatchWindow::seedMainTwoFillsTheLanesLive() {
    MainWindow w;
    w.setUnattended(true);
    w.show();
    QSignalSpy ended(&w, &MainWindow::runEnded);
    // The seed's 2-main at 0.2 s: 4 comprehensions × 10 values, about 2 s.
    QVERIFY(w.watchPython(opts(kExamples + QStringLiteral("main_2.py"), {QStringLiteral("0.2")})));
    QCOMPARE(w.state(), RunStatus::Running);
    // Live: the four lanes appear while it runs, before its end.
    QTRY_VERIFY_WITH_TIMEOUT(lanes(w) == 4 || !ended.isEmpty(), 60'000);
    QVERIFY2(ended.isEmpty(), "the lanes came only with the end, not live");
    QCOMPARE(w.state(), RunStatus::Running);
    QVERIFY(w.record()->groups.front()->yields() < 40);
    QVERIFY(ended.wait(60'000));
    QCOMPARE(w.state(), RunStatus::Finished);
    const RunRecord *r = w.record();
    QVERIFY(r && r->source);
    QCOMPARE(r->groups.front()->yields(), qint64(40));
    QCOMPARE(lanes(w), 4);
    QVERIFY(r->groups.front()->health.wallS >= 2.0); // ten sleeps of 0.2 s: an exact bound
    // Output: the program's own print (its elapsed seconds) between Coroscope's notes.
    const QString out = w.outputPanel()->text();
    QVERIFY2(out.contains(QStringLiteral("watching")) && out.contains(QStringLiteral("ended")),
             qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\n2\\.\\d+"))), qPrintable(out));
    QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("outputDock"))->isVisible());
    const QString results = panelText(w, "resultsText");
    QVERIFY2(results.contains(QStringLiteral("watched ")) &&
                 results.contains(QStringLiteral("lane 3: [")),
             qPrintable(results));
    const QString explain = panelText(w, "explainText");
    QVERIFY2(explain.contains(QStringLiteral("task ")) &&
                 explain.contains(QStringLiteral("yielded")),
             qPrintable(explain));
    // Saved like any run, with its source; read back whole.
    const QString saved = m_dir.filePath(QStringLiteral("watched.json"));
    QVERIFY(w.writeExports({saved}));
    const RecordReadResult read = RecordReader::read(saved);
    QVERIFY2(read.record, qPrintable(read.error));
    QCOMPARE(read.record->source->script, r->source->script);
    QCOMPARE(read.record->source->arguments, QStringList{QStringLiteral("0.2")});
    QCOMPARE(read.record->groups.front()->yields(), qint64(40));
}

//! labels.py: its words are in Results' lists and Explain's lines, the lanes hold them.
void TestWatchWindow::labelsInResultsAndExplain() {
    MainWindow w;
    w.setUnattended(true);
    w.show();
    QSignalSpy ended(&w, &MainWindow::runEnded);
    QVERIFY(w.watchPython(opts(kExamples + QStringLiteral("labels.py"), {QStringLiteral("0.02")})));
    QVERIFY(ended.wait(60'000));
    QCOMPARE(w.state(), RunStatus::Finished);
    QCOMPARE(lanes(w), 3); // the label-only task has its lane
    const GroupRecord &g = *w.record()->groups.front();
    QVERIFY(g.hasLabels());
    QCOMPARE(g.labelText(g.value(2, 0)), QStringLiteral("'idle'"));
    // Results and Explain follow the snapshots at most every 250 ms: the last one comes.
    QTRY_VERIFY_WITH_TIMEOUT(panelText(w, "resultsText")
                                 .contains(QStringLiteral("lane 2: ['idle', 'loading', "
                                                          "'checking', 'serving', 'draining', "
                                                          "'done']")),
                             5'000);
    QTRY_VERIFY_WITH_TIMEOUT(panelText(w, "explainText").contains(QStringLiteral("yielded 'done'")),
                             5'000);
    QVERIFY2(panelText(w, "explainText").contains(QStringLiteral("yielded 'ready'")),
             qPrintable(panelText(w, "explainText")));
}

/*!
 * More lanes than the window shows: the overview strip counts the watched program's yields
 * as it goes (each snapshot a new record, counted on the strip's thread), not only its first
 * snapshot's, and all of them once it ends.
 */
void TestWatchWindow::overviewStripFollowsTheProgram() {
    constexpr int kTasks = 2'000;
    constexpr int kValues = 10;
    MainWindow w;
    w.setUnattended(true);
    w.show();
    QSignalSpy ended(&w, &MainWindow::runEnded);
    // 2,000 tasks × 10 values, 0.05 s apart; after two values each waits at a gate this
    // test opens once the strip has counted them, so a loaded machine cannot end the
    // program before the strip's count (on a pool thread) catches up.
    const QString gate = m_dir.filePath(QStringLiteral("strip-gate"));
    const QString program = script(R"(
import asyncio, os, sys

async def values(n, gate):
    for i in range(n):
        if i == 2:
            await gate.wait()
        await asyncio.sleep(0.05)
        yield i

async def comprehension(n, gate):
    return [v async for v in values(n, gate)]

async def opener(path, gate):
    for _ in range(1200):  # a minute at most, then on anyway
        if os.path.exists(path):
            break
        await asyncio.sleep(0.05)
    gate.set()

async def main(tasks, n, path):
    gate = asyncio.Event()
    await asyncio.gather(opener(path, gate), *(comprehension(n, gate) for _ in range(tasks)))

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
)");
    QVERIFY(
        w.watchPython(opts(program, {QString::number(kTasks), QString::number(kValues), gate})));
    const auto *strip = w.findChild<DensityStrip *>(QStringLiteral("densityStrip"));
    QVERIFY(strip);
    const auto counted = [strip] {
        qint64 n = 0;
        for (const YieldDensity &d : strip->densities())
            n += d.total;
        return n;
    };
    // Live: two rounds of values counted while the program waits at its gate.
    QTRY_VERIFY_WITH_TIMEOUT(counted() >= qint64(2) * kTasks || !ended.isEmpty(), 60'000);
    QVERIFY2(ended.isEmpty(), qPrintable(QStringLiteral("the strip counted %1 yields only at the "
                                                        "end")
                                             .arg(counted())));
    QVERIFY(strip->isVisible());
    QFile open(gate);
    QVERIFY(open.open(QIODevice::WriteOnly));
    open.close();
    QVERIFY(ended.wait(60'000));
    QCOMPARE(w.state(), RunStatus::Finished);
    QCOMPARE(w.record()->groups.front()->yields(), qint64(kTasks) * kValues);
    // Every yield once it ended (its count lands a moment after the end, after a live one
    // still going then), and the strip settles there.
    QTRY_VERIFY_WITH_TIMEOUT(!strip->isRecounting(), 10'000);
    QCOMPARE(counted(), qint64(kTasks) * kValues);
}

/*!
 * Issue 14: a program of 100,000 tasks fills 100,000 lanes, ends whole, and the
 * window's own work stays small all along. Asserted on busy (CPU time on the window's
 * thread between two 2 ms heartbeats), not the stall: on a loaded or noisy machine a thread
 * that does nothing at all waits 10-50 ms now and then (bench/window.py's floor column),
 * which no window can beat. Target 16 ms; allowed 32 (2x, for a slower machine). Here the
 * window's busiest gap was 8-12 ms. The bound catches a turn of tens of ms; a few ms more
 * pass it: moved onto the window's thread, the end's tally read 15.4 ms, a model reset at
 * every snapshot 11.6 ms, the snapshots' frees 8.2 ms.
 */
void TestWatchWindow::aHundredThousandTasksInTheWindow() {
    constexpr int kTasks = 100'000;
    constexpr int kValues = 2;
    MainWindow w;
    w.setUnattended(true);
    w.show();
    QSignalSpy ended(&w, &MainWindow::runEnded);
    // 100,000 tasks × 2 values, 0.1 s apart: the tracer makes it 12-15 s of Python here.
    QVERIFY(w.watchPython(manyTasks(kTasks, QStringLiteral("0.1"), kValues)));
    QVERIFY(ended.wait(600'000));
    QCOMPARE(w.state(), RunStatus::Finished);
    QCOMPARE(lanes(w), kTasks);
    QCOMPARE(w.record()->groups.front()->yields(), qint64(kTasks) * kValues);
    const double busy = w.controller()->ownerBusyMs();
    qInfo("100,000 watched tasks: window stall %.1f ms, busy %.1f ms",
          w.controller()->ownerStallMs(), busy);
    QVERIFY2(busy > 0, "the window's meter did not run");
    QVERIFY2(busy <= 32.0 * test::kBuildSlowdown, qPrintable(QString::number(busy)));
}

void TestWatchWindow::stopKeepsTheLanes() {
    const QString path = script("import asyncio\n"
                                "async def ticks():\n"
                                "    i = 0\n"
                                "    while True:\n"
                                "        await asyncio.sleep(0.01)\n"
                                "        i += 1\n"
                                "        yield i\n"
                                "async def main():\n"
                                "    async for _ in ticks():\n"
                                "        pass\n"
                                "asyncio.run(main())\n");
    MainWindow w;
    w.setUnattended(true);
    QSignalSpy ended(&w, &MainWindow::runEnded);
    QVERIFY(w.watchPython(opts(path)));
    QTRY_VERIFY_WITH_TIMEOUT(w.record() && w.record()->groups.front()->yields() >= 5, 60'000);
    w.stopRun();
    QVERIFY(ended.wait(60'000));
    QCOMPARE(w.state(), RunStatus::Stopped);
    QVERIFY(w.record()->groups.front()->yields() >= 5);
    QCOMPARE(w.watchHost()->last().outcome, Outcome::Stopped);
    QVERIFY(w.outputPanel()->text().contains(QStringLiteral("stopped")));
    // A new Coroscope run replaces the watched program.
    QVERIFY(w.startRun());
    QVERIFY(!w.watchHost());
    QVERIFY(!w.record()->source);
    w.stopRun();
    QVERIFY(ended.wait(60'000));
}

//! The Code dock shows the watched program's own text, in a tab of its own that it turns to,
//! beside the lesson's; a Coroscope run after it shows the lesson's alone again.
void TestWatchWindow::codeDockShowsTheWatchedProgram() {
    const QByteArray source = "import asyncio\n"
                              "async def main():\n"
                              "    while True:\n"
                              "        await asyncio.sleep(0.01)  # the learner's own line\n"
                              "asyncio.run(main())\n";
    const QString path = script(source);
    MainWindow w;
    w.setUnattended(true);
    w.show();
    QSignalSpy ended(&w, &MainWindow::runEnded);
    const CodePanel *code = w.codePanel();
    const int lessonTabs = int(code->sources().size());
    QCOMPARE(code->tabCount(), lessonTabs);
    QVERIFY(w.watchPython(opts(path)));
    QTRY_COMPARE_WITH_TIMEOUT(code->program(), path, 10'000);
    QCOMPARE(code->tabCount(), lessonTabs + 1);
    QCOMPARE(code->currentTab(), lessonTabs);
    QCOMPARE(code->text(lessonTabs), QString::fromUtf8(source));
    w.stopRun();
    QVERIFY(ended.wait(60'000));
    QCOMPARE(code->program(), path); // the stopped program's record is still shown
    QVERIFY(w.startRun());
    QTRY_VERIFY_WITH_TIMEOUT(code->program().isEmpty(), 10'000);
    QCOMPARE(code->tabCount(), lessonTabs);
    w.stopRun();
    QVERIFY(ended.wait(60'000));
}

void TestWatchWindow::fileMenuAsksWhatToWatch() {
    MainWindow w;
    w.setUnattended(true);
    int asked = 0;
    w.setWatchAsker([&](watch::WatchOptions &o) {
        ++asked;
        o = opts(kExamples + QStringLiteral("main_0.py"), {QStringLiteral("0.01")});
        return true;
    });
    QSignalSpy ended(&w, &MainWindow::runEnded);
    auto *action = w.findChild<QAction *>(QStringLiteral("actionWatchPython"));
    QVERIFY(action);
    action->trigger();
    QCOMPARE(asked, 1);
    QVERIFY(ended.wait(60'000));
    QCOMPARE(lanes(w), 1);
    QCOMPARE(w.record()->groups.front()->yields(), qint64(10));
    // Cancelled: nothing changes.
    w.setWatchAsker([](watch::WatchOptions &) { return false; });
    action->trigger();
    QCOMPARE(w.record()->groups.front()->yields(), qint64(10));
    QCOMPARE(w.state(), RunStatus::Finished);
}

void TestWatchWindow::aFailingScriptSaysWhy() {
    const QString path = script("import asyncio\n"
                                "async def gen():\n"
                                "    for i in range(3):\n"
                                "        await asyncio.sleep(0.01)\n"
                                "        yield i\n"
                                "async def main():\n"
                                "    print([v async for v in gen()])\n"
                                "    raise RuntimeError('the lesson went wrong')\n"
                                "asyncio.run(main())\n");
    MainWindow w;
    w.setUnattended(true);
    QSignalSpy ended(&w, &MainWindow::runEnded);
    QVERIFY(w.watchPython(opts(path)));
    QVERIFY(ended.wait(60'000));
    QCOMPARE(w.watchHost()->last().outcome, Outcome::Failed);
    QCOMPARE(w.state(), RunStatus::Failed);
    // The traceback in Output, the error in Results, the lanes kept.
    const QString out = w.outputPanel()->text();
    QVERIFY2(out.contains(QStringLiteral("Traceback")) &&
                 out.contains(QStringLiteral("RuntimeError: the lesson went wrong")),
             qPrintable(out));
    QVERIFY2(panelText(w, "resultsText").contains(QStringLiteral("the lesson went wrong")),
             qPrintable(panelText(w, "resultsText")));
    QCOMPARE(w.record()->groups.front()->yields(), qint64(3));
}

void TestWatchWindow::runBesideShowsBothOnOneAxis() {
    MainWindow w;
    w.setUnattended(true);
    w.show();
    QSignalSpy ended(&w, &MainWindow::runEnded);
    auto *beside = w.findChild<QAction *>(QStringLiteral("actionRunBeside"));
    QVERIFY(beside);
    QVERIFY(!beside->isEnabled()); // nothing watched yet
    // The seed's 2-main at 0.1 s: 4 comprehensions × 10 values, about 1 s.
    QVERIFY(w.watchPython(opts(kExamples + QStringLiteral("main_2.py"), {QStringLiteral("0.1")})));
    QVERIFY(!beside->isEnabled()); // not while it runs
    QVERIFY(ended.wait(60'000));
    QCOMPARE(w.state(), RunStatus::Finished);
    QVERIFY(beside->isEnabled());
    const QList<double> watchedValues = w.record()->groups.front()->valuesOf(2);
    beside->trigger();
    QCOMPARE(w.state(), RunStatus::Running); // QCoro's run of the same shape
    QVERIFY(!beside->isEnabled());
    {
        // Live: both groups on one axis while QCoro's run goes on, its lanes filling.
        const LaneModel *m = w.laneModel();
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(m->groupIndex(0).data().toString(), QStringLiteral("asyncio"));
        QCOMPARE(m->groupIndex(1).data().toString(), QStringLiteral("QCoro"));
        QCOMPARE(m->rowCount(m->groupIndex(0)), 4);
        QCOMPARE(m->rowCount(m->groupIndex(1)), 4);
        const RunRecord *shown = m->record();
        QVERIFY(shown && shown->params.sideBySide);
        QCOMPARE(shown->groups[0]->valuesOf(2), watchedValues); // the watched lanes, whole
        // QCoro's group is the run's own, read live (the kept record of both is a copy).
        QCOMPARE(shown->groups[1].get(), w.record()->groups.front().get());
        // Its yields show while it still runs (about 1 s: ten sleeps of 0.1 s). The record
        // is fetched anew each time: at the end the views get the kept one.
        QTRY_VERIFY_WITH_TIMEOUT(
            w.state() != RunStatus::Running || m->record()->groups[1]->yields() > 0, 60'000);
        QCOMPARE(w.state(), RunStatus::Running);
        QCOMPARE(m->rowCount(m->groupIndex(1)), 4);
    }
    if (ended.size() < 2) // the watched program's end, then the run beside it
        QVERIFY(ended.wait(60'000));
    const RunRecord *r = w.record();
    QVERIFY(r && r->params.sideBySide && r->source);
    QCOMPARE(r->groups.size(), size_t(2));
    // One axis, two groups: the watched lanes (kept as they were), then QCoro's.
    const LaneModel *m = w.laneModel();
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(m->groupIndex(0).data().toString(), QStringLiteral("asyncio"));
    QCOMPARE(m->groupIndex(1).data().toString(), QStringLiteral("QCoro"));
    QCOMPARE(m->rowCount(m->groupIndex(1)), 4);
    QCOMPARE(r->groups[0]->valuesOf(2), watchedValues);
    QCOMPARE(r->groups[1]->yields(), qint64(40));
    QCOMPARE(r->groups[1]->status.load(), RunStatus::Finished);
    QVERIFY(r->groups[1]->health.wallS >= 1.0); // ten relative sleeps of 0.1 s: exact bound
    QVERIFY(!beside->isEnabled());              // already side by side
    const QString results = panelText(w, "resultsText");
    QVERIFY2(results.contains(QStringLiteral("Side by side, the same shape: asyncio ")) &&
                 results.contains(QStringLiteral("; QCoro ")),
             qPrintable(results));
    // Saved, it opens as both again.
    const QString saved = m_dir.filePath(QStringLiteral("beside.json"));
    QVERIFY(w.writeExports({saved}));
    const RecordReadResult read = RecordReader::read(saved);
    QVERIFY2(read.record, qPrintable(read.error));
    QVERIFY(read.record->params.sideBySide);
    QCOMPARE(read.record->groups.size(), size_t(2));
}

QTEST_MAIN(TestWatchWindow)
#include "tst_watchwindow.moc"
