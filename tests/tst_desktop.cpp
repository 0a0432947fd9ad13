// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The window as a desktop app: long work on a worker with progress and Cancel, Open
// Recent, drops, and quiet output from the command line.
#include "app/backgroundwork.h"
#include "app/mainwindow.h"
#include "app/recentfiles.h"
#include "app/workprogress.h"
#include "datafixtures.h"
#include "engine/loopstallmeter.h"
#include "export/exportfile.h"
#include "io/recordreader.h"

#include <QApplication>
#include <QCoroTask>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

#include <memory>
#include <optional>

using namespace coroscope;

namespace {

//! What a window stall line adds where the kernel tells the thread's waits for a core
//! (windowmain.cpp's stallText()): two more captures, or none.
const QString kWaits = QStringLiteral(
    "(?:, ([0-9.]+) ms of it waiting for a core; longest less such waits ([0-9.]+) ms)?");

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

//! Starts \a task and records its result when it ends (the window's coroutines are eager).
template<typename T> struct Outcome {
    std::optional<T> value;
    bool done() const { return value.has_value(); }
};
//! Shared: a test that fails early must not leave the coroutine a dangling outcome.
template<typename T> QCoro::Task<> collect(QCoro::Task<T> task, std::shared_ptr<Outcome<T>> out) {
    out->value = co_await std::move(task);
}

} // namespace

class TestDesktop : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_big;       //!< a record whose synchronous read takes hundreds of ms
    qint64 m_syncMs = 0; //!< that read, on this thread, timed once
    QString m_small;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CoroscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_desktop"));
        QVERIFY(m_dir.isValid());
        // 2 groups × 8,000 tasks × 80 values: 1,280,000 yields, about 50 MB of JSON: its
        // read on this thread must take over twice the 40 ms busy bound below.
        const RunRecord big = test::bigRecord(8000, 80, Mode::Compare);
        m_big = path(QStringLiteral("big.json"));
        QCOMPARE(exportRecord(m_big, big), QString());
        const RunRecord small = test::sampleRecord(3, 4);
        m_small = path(QStringLiteral("small.json"));
        QCOMPARE(exportRecord(m_small, small), QString());
        QElapsedTimer t;
        t.start();
        const RecordReadResult check = RecordReader::read(m_big);
        QVERIFY2(check.record, qPrintable(check.error));
        m_syncMs = t.elapsed();
        qInfo("reading the big record on the UI thread would stall it %lld ms", m_syncMs);
        // The busy assertions below mean something only if the read is long.
        QVERIFY2(m_syncMs > qint64(2) * 40 * test::kBuildSlowdown,
                 "the big record reads too fast to show a stall");
    }
    void init() {
        QFile::remove(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                      QStringLiteral("/coroscope.ini"));
    }

    void readerReportsProgressAndCancels() {
        qint64 last = -1, total = 0;
        int reports = 0;
        bool grows = true;
        const RecordReadResult all = RecordReader::read(m_big, [&](qint64 done, qint64 of) {
            grows = grows && done >= last;
            last = done;
            total = of;
            ++reports;
            return true;
        });
        QVERIFY(all.record);
        QVERIFY(grows); // the figure only grows
        QCOMPARE(total, QFileInfo(m_big).size());
        // At least one report a MiB (the reader's chunk), so a progress bar moves smoothly.
        QVERIFY2(reports >= int(total >> 20), qPrintable(QString::number(reports)));
        // Cancel at a third: the read stops there, with the interface's message.
        int after = 0;
        const RecordReadResult cut = RecordReader::read(m_big, [&](qint64 done, qint64 of) {
            if (done * 3 < of)
                return true;
            ++after;
            return false;
        });
        QVERIFY(!cut.record);
        QVERIFY(cut.cancelled);
        QCOMPARE(after, 1);
        QCOMPARE(cut.error, m_big + QStringLiteral(": cancelled"));
    }

    void openingRunsOnAWorkerWithProgress() {
        MainWindow w;
        w.setUnattended(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        LoopStallMeter meter;
        meter.start();
        auto opened = std::make_shared<Outcome<bool>>();
        bool sawProgress = false;
        QString stateText;
        QTimer watch;
        connect(&watch, &QTimer::timeout, this, [&] {
            if (w.workProgress()->isVisible()) {
                sawProgress = true;
                stateText = w.findChild<QLabel *>(QStringLiteral("stateLabel"))->text();
            }
        });
        watch.start(5);
        collect(w.openInBackground(m_big), opened);
        QVERIFY(!opened->done()); // it waits for the worker: the loop is free meanwhile
        QVERIFY(w.backgroundWork()->busy());
        QVERIFY(!w.findChild<QAction *>(QStringLiteral("actionRun"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(opened->done(), 60000);
        meter.stop();
        QVERIFY(*opened->value);
        QVERIFY(w.record());
        QCOMPARE(w.record()->params.tasks, 8000);
        QCOMPARE(w.tally().record(), w.record()); // indexed on the worker, kept
        QVERIFY(sawProgress);
        QCOMPARE(stateText, QStringLiteral("State: opening big.json…"));
        QVERIFY(!w.workProgress()->isVisible());
        // Busy (CPU time on this thread between two heartbeats) does not grow with the
        // machine's load, as the stall does. Issue 13's target is 16 ms; asserted: 40 ms
        // (the first paint of the opened lanes and panels measured 9–27 ms under load), and
        // under half of what the same read costs on this thread, so a read, an index or a
        // count of the yields on the UI thread fails it. Sanitizer builds get their slowdown.
        qInfo("longest stall while opening: %.1f ms, busy %.1f ms (the read alone: %lld ms)",
              meter.maxStallMs(), meter.maxBusyMs(), m_syncMs);
        QVERIFY2(meter.maxBusyMs() <= 40.0 * test::kBuildSlowdown,
                 qPrintable(QString::number(meter.maxBusyMs())));
        QVERIFY2(meter.maxBusyMs() < double(m_syncMs) / 2,
                 qPrintable(QString::number(meter.maxBusyMs())));
    }

    void cancelledOpenKeepsWhatTheWindowShowed() {
        MainWindow w;
        w.setUnattended(true);
        QVERIFY(w.openRun(m_small));
        const RunRecord *before = w.record();
        auto opened = std::make_shared<Outcome<bool>>();
        collect(w.openInBackground(m_big), opened);
        QTRY_VERIFY(w.backgroundWork()->done() > 0);
        QVERIFY(w.backgroundWork()->done() < w.backgroundWork()->total());
        QElapsedTimer t;
        t.start();
        w.workProgress()->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(opened->done(), 5000);
        const qint64 ms = t.elapsed();
        // Target: within 100 ms. Slack for a loaded machine: 400 ms, still far below the
        // whole read's time on a worker that ignored the cancel (sanitizer builds: both
        // times their slowdown; 624 ms was seen under ASan on a loaded machine).
        qInfo("cancel took %lld ms", ms);
        QVERIFY2(ms <= qint64(100 + 400) * test::kBuildSlowdown, qPrintable(QString::number(ms)));
        QVERIFY(!*opened->value);
        QVERIFY(w.backgroundWork()->cancelRequested());
        QCOMPARE(w.record(), before); // the same record, untouched
        QCOMPARE(w.record()->params.tasks, 3);
        QCOMPARE(w.statusBar()->currentMessage(), QStringLiteral("Opening cancelled"));
    }

    void refusedOpenKeepsWhatTheWindowShowed() {
        MainWindow w;
        w.setUnattended(true);
        QVERIFY(w.openRun(m_small));
        const QString bad = path(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"coroscope-run\", \"version\": 1, \"params\": 3}");
        f.close();
        auto opened = std::make_shared<Outcome<bool>>();
        collect(w.openInBackground(bad), opened);
        QTRY_VERIFY(opened->done());
        QVERIFY(!*opened->value);
        QCOMPARE(w.record()->params.tasks, 3);
    }

    void exportsRunOnAWorkerAndCancelKeepsTheEarlierFile_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("csv") << QStringLiteral("rows.csv");
        QTest::newRow("json") << QStringLiteral("again.json");
        QTest::newRow("trace") << QStringLiteral("t.trace.json");
        QTest::newRow("png") << QStringLiteral("chart.png");
        QTest::newRow("svg") << QStringLiteral("chart.svg");
    }
    void exportsRunOnAWorkerAndCancelKeepsTheEarlierFile() {
        QFETCH(QString, name);
        MainWindow w;
        w.setUnattended(true);
        QVERIFY(w.openRun(m_big));
        const QString out = path(name);
        const QByteArray earlier = "an earlier file, to be kept whole";
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(earlier);
        }
        // Cancelled as soon as it starts: the earlier file stays, no temporary remains.
        auto cancelled = std::make_shared<Outcome<bool>>();
        collect(w.exportInBackground({out}), cancelled);
        QVERIFY(w.backgroundWork()->busy());
        QVERIFY(!w.findChild<QAction *>(QStringLiteral("actionOpenRun"))->isEnabled());
        QVERIFY(!w.startRun()); // the record stays while the worker writes it
        // A second export meanwhile is refused at once (with a line on stderr), not queued.
        const QString second = path(QStringLiteral("second-") + name);
        auto refused = std::make_shared<Outcome<bool>>();
        collect(w.exportInBackground({second}), refused);
        QVERIFY(refused->done());
        QVERIFY(!*refused->value);
        QVERIFY(!QFileInfo::exists(second));
        w.workProgress()->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(cancelled->done(), 10000);
        QVERIFY(!*cancelled->value);
        QVERIFY(w.exportsFailed());
        QCOMPARE(readAll(out), earlier);
        QCOMPARE(QDir(m_dir.path()).entryList({name + QStringLiteral("*")}, QDir::Files),
                 QStringList{name});
        // Not cancelled: written, with the loop free meanwhile.
        auto written = std::make_shared<Outcome<bool>>();
        collect(w.exportInBackground({out}), written);
        QVERIFY(!written->done());
        QTRY_VERIFY_WITH_TIMEOUT(written->done(), 60000);
        QVERIFY(*written->value);
        QVERIFY(!w.exportsFailed());
        QVERIFY(readAll(out).size() > 1000);
        QVERIFY(readAll(out) != earlier);
    }

    void openRecentKeepsTenAndPrunesMissingFiles() {
        const QString ini = path(QStringLiteral("recent.ini"));
        QMenu file;
        QAction *open = file.addAction(QStringLiteral("Open"));
        file.addAction(QStringLiteral("Quit"));
        RecentFiles recent(ini, &file, open);
        QCOMPARE(file.actions().at(1), recent.menu()->menuAction()); // right after Open
        QStringList made;
        for (int i = 0; i < 12; ++i) {
            made << path(QStringLiteral("r%1.json").arg(i));
            QFile f(made.last());
            QVERIFY(f.open(QIODevice::WriteOnly));
            recent.add(made.last());
        }
        recent.add(made[5]); // again: to the top, not twice
        QStringList expected{made[5], made[11], made[10], made[9], made[8],
                             made[7], made[6],  made[4],  made[3], made[2]};
        QCOMPARE(recent.files(), expected);
        QFile::remove(made[9]);
        expected.removeAll(made[9]);
        QCOMPARE(recent.files(), expected);
        Q_EMIT recent.menu()->aboutToShow();
        QStringList shown;
        for (QAction *a : recent.menu()->actions())
            if (a->objectName().startsWith(QLatin1String("actionRecent")))
                shown << a->toolTip();
        QCOMPARE(shown.size(), 9);
        QCOMPARE(shown.first(), QDir::toNativeSeparators(made[5]));
        // Survives a restart (the settings file), and the pruned file left it too.
        RecentFiles again(ini, &file, open);
        QCOMPARE(again.files(), expected);
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value(QStringLiteral("recent/files")),
                 QVariant(expected));
        again.clear();
        QVERIFY(again.files().isEmpty());
    }

    void openRecentAndDropOpenRecords() {
        MainWindow w;
        QVERIFY(w.openRun(m_small)); // goes to Open Recent
        // Its overview counts are made on the worker; an open asked for meanwhile is
        // refused (seen under load: the list then held one file).
        QTRY_VERIFY(w.backgroundWork()->isIdle());
        auto first = std::make_shared<Outcome<bool>>();
        collect(w.openInBackground(m_big), first);
        QTRY_VERIFY_WITH_TIMEOUT(first->done(), 60000);
        QCOMPARE(w.recentFiles()->files(), (QStringList{QFileInfo(m_big).absoluteFilePath(),
                                                        QFileInfo(m_small).absoluteFilePath()}));
        // File → Open Recent → the second entry: the small record again.
        Q_EMIT w.recentFiles()->menu()->aboutToShow();
        auto *entry =
            w.recentFiles()->menu()->findChild<QAction *>(QStringLiteral("actionRecent1"));
        QVERIFY(entry);
        entry->trigger();
        QTRY_COMPARE(w.record()->params.tasks, 3);
        // The record is shown before the worker's finished() ends the busy state that
        // refuses drops: under load the drag came in between (seen failing).
        QTRY_VERIFY(!w.backgroundWork()->busy());

        // A drop of one local file opens it; anything else is refused.
        QMimeData one;
        one.setUrls({QUrl::fromLocalFile(m_big)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &one, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &one, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(drop.isAccepted());
        QTRY_VERIFY_WITH_TIMEOUT(w.record()->params.tasks == 8000, 60000);
        QTRY_VERIFY(!w.backgroundWork()->busy()); // refused for what they are, not for busy
        QMimeData two;
        two.setUrls({QUrl::fromLocalFile(m_big), QUrl::fromLocalFile(m_small)});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &two, Qt::LeftButton,
                                Qt::NoModifier);
        QApplication::sendEvent(&w, &refused);
        QVERIFY(!refused.isAccepted());
        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("https://example.org/run.json"))});
        QDragEnterEvent web(QPoint(10, 10), Qt::CopyAction, &remote, Qt::LeftButton,
                            Qt::NoModifier);
        QApplication::sendEvent(&w, &web);
        QVERIFY(!web.isAccepted());
    }

    void closingWhileBusyWaitsForTheCancel() {
        auto *w = new MainWindow;
        w->setUnattended(true);
        w->show();
        auto opened = std::make_shared<Outcome<bool>>();
        collect(w->openInBackground(m_big), opened);
        QVERIFY(!w->close()); // refused for now: the worker is cancelled first
        QTRY_VERIFY_WITH_TIMEOUT(opened->done(), 5000);
        QVERIFY(!*opened->value);
        QTRY_VERIFY(!w->isVisible()); // then it closed by itself
        delete w;
    }

    //! Every format, exported headless, prints nothing on stderr, even without
    //! XDG_RUNTIME_DIR (Qt's platform start-up warned about it for charts).
    void headlessExportsAreQuiet() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("DISPLAY"));
        QStringList args{QStringLiteral("--headless"), QStringLiteral("--tasks"),
                         QStringLiteral("2"),          QStringLiteral("--values"),
                         QStringLiteral("3"),          QStringLiteral("--delay"),
                         QStringLiteral("0.001")};
        const QStringList files{QStringLiteral("q.png"),  QStringLiteral("q.svg"),
                                QStringLiteral("q.pdf"),  QStringLiteral("q.csv"),
                                QStringLiteral("q.json"), QStringLiteral("q.trace.json")};
        for (const QString &f : files)
            args << QStringLiteral("--export") << path(f);
        for (const QStringList &run :
             {args, QStringList{QStringLiteral("--headless"), QStringLiteral("--open"),
                                path(QStringLiteral("q.json")), QStringLiteral("--export"),
                                path(QStringLiteral("again.png"))}}) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(COROSCOPE_BIN), run);
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            QCOMPARE(QString::fromLocal8Bit(p.readAllStandardError()), QString());
        }
        for (const QString &f : files)
            QVERIFY2(QFileInfo(path(f)).size() > 0, qPrintable(f));
    }

    //! --open … --quit in the window prints the longest stall it saw while opening, and
    //! quits, also when the file is read before the event loop starts (a small one).
    void windowOpenWithQuitReportsTheLongestStall_data() {
        QTest::addColumn<bool>("big");
        QTest::addColumn<QString>("exportTo"); //!< a chart or record written from the window
        QTest::newRow("small") << false << QString();
        QTest::newRow("big") << true << QString();
        QTest::newRow("big, then its chart") << true << QStringLiteral("window-chart.png");
        QTest::newRow("big, then its record") << true << QStringLiteral("window-run.json");
    }
    void windowOpenWithQuitReportsTheLongestStall() {
        QFETCH(bool, big);
        QFETCH(QString, exportTo);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        QStringList args{QStringLiteral("--open"), big ? m_big : m_small, QStringLiteral("--quit")};
        if (!exportTo.isEmpty()) {
            QFile::remove(path(exportTo));
            args << QStringLiteral("--export") << path(exportTo);
        }
        p.start(QStringLiteral(COROSCOPE_BIN), args);
        if (!p.waitForFinished(120000))
            p.kill();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0,
                 qPrintable(QStringLiteral("exit %1: %2").arg(p.exitCode()).arg(out + err)));
        static const QRegularExpression line(
            QStringLiteral("^window: longest event-loop stall ([0-9.]+) ms \\(busy ([0-9.]+) ms"
                           "%1\\) while opening( and exporting)?\n$")
                .arg(kWaits));
        const QRegularExpressionMatch m = line.match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        // --open with --export and --quit stays in the window: it says so and writes the file.
        QCOMPARE(m.captured(5).isEmpty(), exportTo.isEmpty());
        if (!exportTo.isEmpty()) {
            QFile written(path(exportTo));
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(exportTo));
            const QByteArray head = written.read(16);
            QVERIFY2(head.startsWith(exportTo.endsWith(QStringLiteral(".png")) ? "\x89PNG" : "{"),
                     head.constData());
        }
        qInfo("%s", qPrintable(out.trimmed()));
        // As in openingRunsOnAWorkerWithProgress: busy well under the read's own time.
        QVERIFY2(m.captured(2).toDouble() < double(m_syncMs) / 2, qPrintable(out));
        // Busy is CPU time on the loop's thread, which a loaded machine does not lengthen
        // (the stall above it does). Issue 13's target is 16 ms; this allows 40 ms: the
        // first paint of the opened record's lanes and panels measured 9–27 ms on a loaded
        // 2-core machine. Reading on the UI thread (the big record: over 250 ms) or laying
        // out its 16,000 lanes and counting its yields there again would fail it.
        // Sanitizer builds get their slowdown.
        QVERIFY2(m.captured(2).toDouble() <= 40.0 * test::kBuildSlowdown, qPrintable(out));
    }

    //! --run --quit in the window prints the summary and then the window's own loop during
    //! the run: its longest stall and its busiest gap (CPU on its thread). 100 dense lanes
    //! (1,000 yields a lane in 1 s): each frame's lanes, bands and strip cost the new
    //! yields, not all so far.
    void windowRunWithQuitReportsItsLoop() {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(COROSCOPE_BIN),
                {QStringLiteral("--run"), QStringLiteral("--quit"), QStringLiteral("--mode"),
                 QStringLiteral("concurrent"), QStringLiteral("--tasks"), QStringLiteral("100"),
                 QStringLiteral("--values"), QStringLiteral("1000"), QStringLiteral("--delay"),
                 QStringLiteral("0.001"), QStringLiteral("--seed"), QStringLiteral("1")});
        if (!p.waitForFinished(120000))
            p.kill();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(out.contains(QStringLiteral("concurrent finished")), qPrintable(out));
        static const QRegularExpression line(
            QStringLiteral("\nwindow: longest event-loop stall ([0-9.]+) ms \\(busy ([0-9.]+) "
                           "ms%1\\) during the run\n"
                           "window: longest event-loop stall ([0-9.]+) ms \\(busy ([0-9.]+) "
                           "ms%1\\) from the run's start until 50 ms after its end\n$")
                .arg(kWaits));
        const QRegularExpressionMatch m = line.match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        // The second figure's meter ran all along, the turns around the run too (making the
        // record before it, showing the finished run after it): its busiest gap is bounded
        // like the run's. Its longest stall is not compared with the first: two heartbeats
        // on one loop fire in turns, so each gap holds different neighbouring work (the
        // benchmark once read 12.91 ms during the run and 9.49 from start to end).
        QVERIFY2(m.captured(6).toDouble() <= 40.0 * test::kBuildSlowdown, qPrintable(out));
        // Where the kernel tells the waits for a core: the longest stall less them is never
        // above the longest stall, nor below that stall less its own waits.
        for (int first : {1, 5})
            if (!m.captured(first + 2).isEmpty()) {
                const double stall = m.captured(first).toDouble();
                const double onCore = m.captured(first + 3).toDouble();
                // Both printed to the microsecond: 0.01 ms covers the rounding.
                QVERIFY2(onCore <= stall + 0.01, qPrintable(out));
                QVERIFY2(onCore + 0.01 >= stall - m.captured(first + 2).toDouble(),
                         qPrintable(out));
            }
        qInfo("%s", qPrintable(out.trimmed()));
        // The stall is at least the busiest gap's own work, less the heartbeat's 2 ms.
        QVERIFY2(m.captured(1).toDouble() + 2.0 >= m.captured(2).toDouble(), qPrintable(out));
        // Busy is CPU time on the window's thread, which other work on the machine does not
        // lengthen. Issue 12's target for the stall is 16 ms; this allows 40 ms (a frame
        // drawing 100 lanes and their bands, sanitizer builds their slowdown): a guard
        // against a frame's work growing with the yields. That the bands and the strip read
        // only what is new is checked exactly in tst_stateband and tst_chartexport.
        QVERIFY2(m.captured(2).toDouble() <= 40.0 * test::kBuildSlowdown, qPrintable(out));
    }
};

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"
