// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "headless.h"

#include "model/sidebyside.h"

#include "interruptwatcher.h"

#include "engine/run.h"
#include "engine/timeslice.h"
#include "export/exportfile.h"
#include "io/numberformat.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "model/taskstates.h"

#include <QCoreApplication>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace coroscope {

namespace {

// The first error writing stdout (errno), 0 if none. EPIPE: the reader has gone.
int g_stdoutError = 0;

void out(const QByteArray &text) {
    if (g_stdoutError == 0 &&
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout) != size_t(text.size()))
        g_stdoutError = errno;
}

void flushOut() {
    if (std::fflush(stdout) != 0 && g_stdoutError == 0)
        g_stdoutError = errno;
}

void err(const QString &line) {
    std::fprintf(stderr, "coroscope: %s\n", qPrintable(line));
}

// Printing a million lists would drown the terminal; the exports hold them all.
constexpr int kMaxTasksPrinted = 20;

//! The lab's narration facts, a few per group (the window's Explain panel shows them all).
QByteArray labFacts(const RunRecord &r) {
    constexpr size_t kMaxFacts = 12;
    QByteArray s;
    for (const auto &g : r.groups) {
        const std::vector<NarrationFact> facts = narrationFacts(r.params, *g);
        if (facts.empty())
            continue;
        s += groupLabel(r.params, g->kind()).toUtf8() + ":\n";
        for (size_t i = 0; i < std::min(facts.size(), kMaxFacts); ++i)
            s += "  " + facts[i].text.toUtf8() + "\n";
        if (facts.size() > kMaxFacts)
            s += "  … " + QByteArray::number(qint64(facts.size() - kMaxFacts)) + " more\n";
    }
    return s;
}

} // namespace

QByteArray runSummaryLines(const RunRecord &r) {
    const RunParams &p = r.params;
    QByteArray s =
        "coroscope " COROSCOPE_VERSION ": " +
        (p.scenario == Scenario::Seed ? QByteArray()
                                      : "scenario " + scenarioName(p.scenario).toUtf8() + ", ") +
        modeName(p.mode).toUtf8() + ", " +
        countText(p.tasks, QStringLiteral("task"), QStringLiteral("tasks")).toUtf8() + " x " +
        countText(p.values, QStringLiteral("value"), QStringLiteral("values")).toUtf8() +
        ", delay " + doubleText(p.delaySeconds) + " s, " + timingName(p.timing).toUtf8() +
        ", seed " + QByteArray::number(p.seed) + ", " + clockName(p.clock).toUtf8() + " clock\n";
    // Which clock measured the figures below: virtual times are exact by construction.
    if (p.clock == Clock::Virtual)
        s += "times below are virtual (idle waits skipped); stalls are virtual blocking time\n";
    for (const auto &g : r.groups) {
        const GroupHealth &h = g->health;
        const RunStatus status = g->status;
        s += (groupLabel(r, *g).toUtf8() + ' ').leftJustified(11) +
             (status == RunStatus::Stopped ? QByteArray("stopped ") : QByteArray()) +
             // A stopped group has no overrun (it did not run its course): when it stopped.
             (status == RunStatus::Stopped
                  ? "at " + QByteArray::number(h.wallS, 'f', 3) + " s, ideal " +
                        doubleText(h.idealS) + " s"
                  : (statusName(status).toUtf8() + ' ').leftJustified(9) + "wall " +
                        QByteArray::number(h.wallS, 'f', 4) + " s, ideal " + doubleText(h.idealS) +
                        " s, overrun " + millisText(h.overrunMs) + " ms") +
             ", lateness p50 " + millisText(h.latenessP50Ms) + " / p99 " +
             millisText(h.latenessP99Ms) + " / max " + millisText(h.latenessMaxMs) +
             " ms, run loop stall " + millisText(h.maxStallMs) + " ms" +
             (h.runCoreWaitMs >= 0
                  ? " (its thread waited " + millisText(h.runCoreWaitMs) + " ms for a core)"
                  : QByteArray()) +
             (h.windowStallMs >= 0 ? ", window stall " + millisText(h.windowStallMs) + " ms"
                                   : QByteArray()) +
             ", " +
             countText(g->yields(), QStringLiteral("yield"), QStringLiteral("yields")).toUtf8() +
             "\n";
    }
    if (const QString both = sideBySideLine(r); !both.isEmpty())
        s += "side by side: " + both.toUtf8() + "\n";
    if (const double speedUp = r.speedUp(); speedUp > 0)
        s += "speed-up (" + groupLabel(p, GroupKind::Sequential).toUtf8() + " / " +
             groupLabel(p, GroupKind::Concurrent).toUtf8() +
             "): " + QByteArray::number(speedUp, 'f', 2) + "x\n";
    s += labFacts(r);
    return s;
}

namespace {

QByteArray humanSummary(const RunRecord &r) {
    const RunParams &p = r.params;
    QByteArray s = runSummaryLines(r);
    s += "values:\n";
    for (const auto &g : r.groups) {
        for (int t = 0; t < std::min(g->tasks(), kMaxTasksPrinted); ++t) {
            s += "  " + groupLabel(r, *g).toUtf8() + " " + laneName(p, *g, t).toUtf8() + ": [";
            for (int i = 0; i < g->count(t); ++i)
                s += (i ? ", " : "") + yieldText(*g, g->value(t, i), p.maxValue, 4, true).toUtf8();
            s += "]\n";
        }
        if (g->tasks() > kMaxTasksPrinted)
            s += "  … " + countText(g->tasks() - kMaxTasksPrinted).toUtf8() +
                 " more tasks (--export run.csv or run.json holds them all)\n";
    }
    return s;
}

int finish(const CliOptions &o, const RunRecord &record) {
    if (o.json)
        out(RecordJsonWriter::toJson(record, RecordJsonWriter::Content::Summary));
    else
        out(humanSummary(record));
    flushOut();
    // The exports come whatever became of stdout: a closed pipe loses only the summary.
    int status = ExitOk;
    for (const QString &file : o.exports) {
        if (const QString why = exportRecord(file, record); !why.isEmpty()) {
            err(why);
            status = ExitFailure;
        }
    }
    // A reader that stopped reading (`| head`) chose to; any other write error is a failure.
    if (g_stdoutError != 0 && g_stdoutError != EPIPE) {
        err(QStringLiteral("stdout: the summary could not be written: ") +
            QString::fromLocal8Bit(std::strerror(g_stdoutError)));
        status = ExitFailure;
    }
    return status;
}

} // namespace

int runHeadless(const CliOptions &o) {
    if (!o.openFile.isEmpty()) {
        const RecordReadResult loaded = RecordReader::read(o.openFile);
        if (!loaded.record) {
            err(QStringLiteral("--open: ") + loaded.error);
            return ExitUsage;
        }
        return finish(o, *loaded.record);
    }
    if (const QString why = Run::checkFits(o.params); !why.isEmpty()) {
        err(QStringLiteral("--tasks/--values: ") + why);
        return ExitUsage;
    }
    Run run(o.params);
    QObject::connect(&run, &Run::finished, QCoreApplication::instance(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    InterruptWatcher interrupt; // Ctrl+C stops like the Stop button: summary and exports follow
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &run, &Run::stop);
    requestShortTimeSlice(); // this thread runs the scheduler: as the window's run thread
    run.start();
    // On the run's own clock: exact to the ns on the real one, virtual time on the virtual.
    if (o.stopAfterSeconds)
        run.stopAt(std::llround(*o.stopAfterSeconds * 1e9));
    QCoreApplication::exec();
    return finish(o, run.record());
}

} // namespace coroscope
