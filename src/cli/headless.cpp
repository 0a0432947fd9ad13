#include "headless.h"

#include "interruptwatcher.h"

#include "engine/run.h"
#include "export/exportfile.h"
#include "io/numberformat.h"
#include "io/recordjson.h"
#include "io/recordreader.h"

#include <QCoreApplication>

#include <cstdio>

namespace coroscope {

namespace {

void out(const QByteArray &text) {
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
}

void err(const QString &line) {
    std::fprintf(stderr, "coroscope: %s\n", qPrintable(line));
}

// Printing a million lists would drown the terminal; the exports hold them all.
constexpr int kMaxTasksPrinted = 20;

QByteArray humanSummary(const RunRecord &r) {
    const RunParams &p = r.params;
    QByteArray s = "coroscope " COROSCOPE_VERSION ": " + modeName(p.mode).toUtf8() + ", " +
                   QByteArray::number(p.tasks) + " tasks x " + QByteArray::number(p.values) +
                   " values, delay " + doubleText(p.delaySeconds) + " s, " +
                   timingName(p.timing).toUtf8() + ", seed " + QByteArray::number(p.seed) + ", " +
                   clockName(p.clock).toUtf8() + " clock\n";
    // Which clock measured the figures below: virtual times are exact by construction.
    if (p.clock == Clock::Virtual)
        s += "times below are virtual (idle waits skipped); stalls are virtual blocking time\n";
    for (const auto &g : r.groups) {
        const GroupHealth &h = g->health;
        s += groupName(g->kind()).toUtf8().leftJustified(11) +
             statusName(g->status).toUtf8().leftJustified(9) + "wall " +
             QByteArray::number(h.wallS, 'f', 4) + " s, ideal " + doubleText(h.idealS) +
             " s, overrun " + millisText(h.overrunMs) + " ms, lateness p50 " +
             millisText(h.latenessP50Ms) + " / p99 " + millisText(h.latenessP99Ms) + " / max " +
             millisText(h.latenessMaxMs) + " ms, longest stall " + millisText(h.maxStallMs) +
             " ms, " + QByteArray::number(g->yields()) + " yields\n";
    }
    if (const double speedUp = r.speedUp(); speedUp > 0)
        s += "speed-up (sequential / concurrent): " + QByteArray::number(speedUp, 'f', 2) + "x\n";
    s += "values:\n";
    for (const auto &g : r.groups) {
        for (int t = 0; t < std::min(g->tasks(), kMaxTasksPrinted); ++t) {
            s += "  " + groupName(g->kind()).toUtf8() + " task " + QByteArray::number(t) + ": [";
            for (int i = 0; i < g->count(t); ++i)
                s += (i ? ", " : "") + doubleText(std::round(g->value(t, i) * 1e4) / 1e4);
            s += "]\n";
        }
        if (g->tasks() > kMaxTasksPrinted)
            s += "  … " + QByteArray::number(g->tasks() - kMaxTasksPrinted) +
                 " more tasks (--export run.csv or run.json holds them all)\n";
    }
    return s;
}

int finish(const CliOptions &o, const RunRecord &record) {
    if (o.json)
        out(RecordJsonWriter::toJson(record, RecordJsonWriter::Content::Summary));
    else
        out(humanSummary(record));
    std::fflush(stdout);
    int status = ExitOk;
    for (const QString &file : o.exports) {
        if (const QString why = exportRecord(file, record); !why.isEmpty()) {
            err(why);
            status = ExitFailure;
        }
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
    run.start();
    // On the run's own clock: exact to the ns on the real one, virtual time on the virtual.
    if (o.stopAfterSeconds)
        run.stopAt(qint64(*o.stopAfterSeconds * 1e9 + 0.5));
    QCoreApplication::exec();
    return finish(o, run.record());
}

} // namespace coroscope
