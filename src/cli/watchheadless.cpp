// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watchheadless.h"

#include "interruptwatcher.h"

#include "export/exportfile.h"
#include "io/numberformat.h"
#include "io/recordjson.h"
#include "watch/pythonwatcher.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace coroscope {

using watch::PythonWatcher;
using watch::WatchedRun;

namespace {

void err(const QString &line) {
    std::fprintf(stderr, "coroscope: %s\n", qPrintable(line));
}

void write(FILE *f, const QByteArray &text) {
    std::fwrite(text.constData(), 1, size_t(text.size()), f);
    std::fflush(f);
}

QByteArray ms(qint64 ns) {
    return millisText(double(ns) / 1e6);
}

QByteArray humanSummary(const PythonWatcher &w, const RunRecord *record, qint64 dropped) {
    const WatchedRun &run = w.run();
    QByteArray s = "coroscope " COROSCOPE_VERSION ": watched " + run.script().toUtf8() +
                   " (Python " + run.pythonVersion().toUtf8() + ", " + run.executable().toUtf8() +
                   ")\n";
    qint64 failed = 0, cancelled = 0, unfinished = 0;
    for (const auto &t : run.tasks()) {
        if (t.endNs < 0)
            ++unfinished;
        else if (t.end == watch::TaskEnd::Failed)
            ++failed;
        else if (t.end == watch::TaskEnd::Cancelled)
            ++cancelled;
    }
    s += "tasks " + QByteArray::number(qint64(run.tasks().size())) + " (" +
         QByteArray::number(failed) + " failed, " + QByteArray::number(cancelled) + " cancelled, " +
         QByteArray::number(unfinished) + " unfinished), steps " + QByteArray::number(run.steps()) +
         ", longest step " + ms(run.longestStepNs()) + " ms, blocking steps (over " +
         ms(run.slowNs()) + " ms) " + QByteArray::number(run.blockingSteps()) + ", values " +
         QByteArray::number(run.numbers()) + " numbers and " +
         QByteArray::number(run.labels().size()) + " labels\n";
    if (record) {
        const GroupRecord &g = *record->groups.front();
        const GroupHealth &h = g.health;
        s += "lanes " + QByteArray::number(g.tasks()) +
             " (tasks that yielded numbers), typical sleep " +
             doubleText(record->params.delaySeconds) + " s, " + statusName(g.status).toUtf8() +
             ", wall " + QByteArray::number(h.wallS, 'f', 4) + " s (from the first task), ideal " +
             doubleText(h.idealS) + " s, overrun " + millisText(h.overrunMs) +
             " ms, lateness p50 " + millisText(h.latenessP50Ms) + " / p99 " +
             millisText(h.latenessP99Ms) + " / max " + millisText(h.latenessMaxMs) + " ms\n";
        if (dropped > 0)
            s += "  (" + QByteArray::number(dropped) + " values past " +
                 QByteArray::number(RunParams::kMaxValues) + " in one task are not in the lanes)\n";
        constexpr int kMaxTasksPrinted = 20;
        for (int t = 0; t < std::min(g.tasks(), kMaxTasksPrinted); ++t) {
            s += "  lane " + QByteArray::number(t) + ": [";
            for (int i = 0; i < g.count(t); ++i)
                s += (i ? ", " : "") + doubleText(std::round(g.value(t, i) * 1e4) / 1e4);
            s += "]\n";
        }
        if (g.tasks() > kMaxTasksPrinted)
            s += "  … " + QByteArray::number(g.tasks() - kMaxTasksPrinted) +
                 " more lanes (--export run.csv or run.json holds them all)\n";
    }
    for (const auto &t : run.tasks())
        if (t.endNs >= 0 && t.end == watch::TaskEnd::Failed)
            s += "task " + QByteArray::number(t.id) + " (" + t.name.toUtf8() + ", " +
                 t.coroutine.toUtf8() + ") failed: " + t.failure.toUtf8() + "\n";
    return s;
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
        stopTimer.start(std::chrono::milliseconds(qint64(*o.stopAfterSeconds * 1000.0 + 0.5)));
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
    qint64 dropped = 0;
    const std::unique_ptr<RunRecord> record =
        watcher.run().toRecord(watcher.recordStatus(), &dropped);
    if (o.json && record)
        write(stdout, RecordJsonWriter::toJson(*record, RecordJsonWriter::Content::Summary));
    else if (!o.json)
        write(stdout, humanSummary(watcher, record.get(), dropped));
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
