// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchheadless.h"

#include "model/sidebyside.h"

#include "interruptwatcher.h"

#include "engine/run.h"

#include "export/exportfile.h"
#include "io/numberformat.h"
#include "io/recordjson.h"
#include "watch/pythonwatcher.h"
#include "watch/watchsnapshot.h"

#include <QCoreApplication>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace coroscope {

using watch::PythonWatcher;

namespace {

void err(const QString &line) {
    std::fprintf(stderr, "coroscope: %s\n", qPrintable(line));
}

void write(FILE *f, const QByteArray &text) {
    std::fwrite(text.constData(), 1, size_t(text.size()), f);
    std::fflush(f);
}

QByteArray healthLine(const char *name, const GroupRecord &g) {
    const GroupHealth &h = g.health;
    return QByteArray(name) + " wall " + QByteArray::number(h.wallS, 'f', 4) + " s, overrun " +
           millisText(h.overrunMs) + " ms, lateness p50 " + millisText(h.latenessP50Ms) +
           " / p99 " + millisText(h.latenessP99Ms) + " / max " + millisText(h.latenessMaxMs) +
           " ms\n";
}

/*!
 * Coroscope's own run of the watched program's shape (its lanes, values, typical sleep;
 * relative timing, as asyncio sleeps), on this thread; then both in one record (the one
 * --export writes) and both figures in two lines on \a text.
 */
std::unique_ptr<RunRecord> runBeside(const RunRecord &watched, QByteArray &text) {
    const RunParams p = sideBySideParams(watched);
    if (!canRunBeside(watched) || !Run::checkFits(p).isEmpty()) {
        text = "side by side: Coroscope cannot run this shape (" + p.validate().toUtf8() + ")\n";
        return nullptr;
    }
    Run run(p);
    QObject::connect(&run, &Run::finished, QCoreApplication::instance(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    run.start();
    QCoreApplication::exec();
    text = "side by side, the same shape (" + QByteArray::number(p.tasks) + " tasks x " +
           QByteArray::number(p.values) + " values, " + doubleText(p.delaySeconds) +
           " s, relative):\n" + healthLine("  asyncio", *watched.groups.front()) +
           healthLine("  QCoro  ", *run.record().groups.front());
    return sideBySideRecord(watched, run.record());
}

} // namespace

int runWatchHeadless(const CliOptions &o) {
    watch::WatchOptions options;
    options.script = o.watchScript;
    options.arguments = o.watchArgs;
    options.python = o.python;
    PythonWatcher watcher(options);
    // The program's own output stays visible; with --json stdout holds only the summary.
    QObject::connect(&watcher, &PythonWatcher::outputReceived,
                     [&o](const QByteArray &text, bool isError) {
                         write(isError || o.json ? stderr : stdout, text);
                     });
    QObject::connect(&watcher, &PythonWatcher::finished, QCoreApplication::instance(),
                     &QCoreApplication::quit, Qt::QueuedConnection);
    QTimer stopTimer;
    if (o.stopAfterSeconds) {
        stopTimer.setSingleShot(true);
        QObject::connect(&stopTimer, &QTimer::timeout, &watcher, &PythonWatcher::stop);
        stopTimer.start(std::chrono::milliseconds(std::llround(*o.stopAfterSeconds * 1000.0)));
    }
    InterruptWatcher interrupt; // Ctrl+C stops the program the way Stop does
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &watcher, &PythonWatcher::stop);
    watcher.start();
    QCoreApplication::exec();

    using Outcome = PythonWatcher::Outcome;
    const Outcome outcome = watcher.outcome();
    if (outcome == Outcome::Error && !watcher.run().hasHeader()) {
        err(watcher.error()); // nothing was watched: the interpreter, the tracer
        return ExitFailure;
    }
    const watch::WatchSnapshot snapshot =
        watch::WatchSnapshot::take(watcher, watcher.recordStatus());
    const RunRecord *record = snapshot.record.get();
    // --side-by-side: QCoro's run of the same shape joins the record (and its exports).
    QByteArray besideText;
    std::unique_ptr<RunRecord> both;
    if (o.sideBySide && record)
        both = runBeside(*record, besideText);
    if (both)
        record = both.get();
    if (o.json && record)
        write(stdout, RecordJsonWriter::toJson(*record, RecordJsonWriter::Content::Summary));
    else if (!o.json)
        write(stdout, watch::watchSummaryText(snapshot).toUtf8());
    if (!besideText.isEmpty())
        write(o.json ? stderr : stdout, besideText);
    int status = ExitOk;
    if (outcome == Outcome::Failed || outcome == Outcome::Error || outcome == Outcome::NoTasks) {
        err(watcher.error());
        status = ExitFailure;
    }
    if (record) {
        for (const QString &file : o.exports) {
            if (const QString why = exportRecord(file, *record); !why.isEmpty()) {
                err(why);
                status = ExitFailure;
            }
        }
    } else if (!o.exports.isEmpty()) {
        err(QStringLiteral("--export: nothing to export (no asyncio tasks seen)"));
    }
    return status;
}

} // namespace coroscope
