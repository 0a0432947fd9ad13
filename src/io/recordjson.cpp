// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recordjson.h"

#include <algorithm>

#include "bufferedwriter.h"
#include "numberformat.h"

#include <QBuffer>

namespace coroscope {

namespace {

QByteArray str(const QString &s) {
    // Only our own enum names and version strings are written: escape the JSON specials.
    QByteArray out = "\"";
    for (char c : s.toUtf8()) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (uchar(c) < 0x20)
            continue;
        out += c;
    }
    return out + '"';
}

//! Version 2's lab fields of a group: its variant; with the tasks, what cannot be derived.
void writeLabGroup(BufferedWriter &o, const RunParams &p, const GroupRecord &g,
                   RecordJsonWriter::Content content) {
    o << ", \"variant\": " << str(variantName(p.scenario, int(g.kind())));
    if (content != RecordJsonWriter::Content::Full)
        return;
    o << ",\n     \"states\": [";
    for (size_t i = 0; i < g.spans().size() && o.good(); ++i) {
        const StateSpan &s = g.spans()[i];
        o << (i ? ", [" : "[");
        o.integer(s.task) << ", " << str(stateName(s.state)) << ", ";
        o.seconds(s.fromNs) << ", ";
        o.seconds(s.toNs) << ", " << str(waitTargetName(s.on)) << ", ";
        o.integer(s.other) << "]";
    }
    o << "],\n     \"outcomes\": [";
    for (size_t i = 0; i < g.outcomes().size(); ++i) {
        const TaskOutcome &t = g.outcomes()[i];
        o << (i ? ", " : "") << "{\"task\": ";
        o.integer(t.task) << ", \"state\": " << str(stateName(t.state)) << ", \"at_s\": ";
        o.seconds(t.atNs) << ", \"cause\": " << str(causeName(t.cause)) << ", \"by\": ";
        o.integer(t.by) << ", \"error\": " << str(t.error) << "}";
    }
    o << "],\n     \"deliveries\": [";
    for (size_t i = 0; i < g.deliveries().size(); ++i) {
        o << (i ? ", [" : "[");
        o.integer(g.deliveries()[i].task) << ", ";
        o.seconds(g.deliveries()[i].atNs) << "]";
    }
    o << "]";
}

/*!
 * The scheduler's passes, for the event loop's lane: optional (none, nothing written), in
 * every group, the seed's version 1 too (builds before it skip members version 1 does not
 * know; version 2's readers before it never met one: it was added with its writer).
 */
void writePasses(BufferedWriter &o, const GroupRecord &g) {
    const PublishedLog<SchedulerPass> &passes = g.passes();
    if (passes.empty())
        return;
    o << ",\n     \"scheduler_passes\": [";
    for (size_t i = 0; i < passes.size() && o.good(); ++i) {
        o << (i ? ", [" : "[");
        o.seconds(passes[i].fromNs) << ", ";
        o.seconds(passes[i].toNs) << ", ";
        o.integer(passes[i].resumed) << "]";
    }
    o << "]";
}

//! Version 2's lab parameters: the scenario, its variant outside compare, its own options.
void writeLabParams(BufferedWriter &o, const RunParams &p) {
    const LabParams &l = p.lab;
    o << ", \"scenario\": " << str(scenarioName(p.scenario))
      << ", \"clock\": " << str(clockName(p.clock));
    if (p.mode != Mode::Compare)
        o << ", \"variant\": " << str(variantName(p.scenario, p.variant));
    switch (p.scenario) {
    case Scenario::Seed:
        break;
    case Scenario::Blocking:
        o << ", \"block_task\": " << QByteArray::number(l.blockTask)
          << ", \"block_at\": " << QByteArray::number(l.blockAt)
          << ", \"block_for_s\": " << doubleText(l.blockForSeconds);
        break;
    case Scenario::Bounded:
        o << ", \"limit\": " << QByteArray::number(l.limit);
        break;
    case Scenario::AsCompleted:
        o << ", \"spread\": " << doubleText(l.spread);
        break;
    case Scenario::Timeout:
        o << ", \"timeout_s\": " << doubleText(l.timeoutSeconds);
        break;
    case Scenario::Failure:
        o << ", \"fail_task\": " << QByteArray::number(l.failTask)
          << ", \"fail_at\": " << QByteArray::number(l.failAt);
        break;
    case Scenario::Queue:
        o << ", \"items\": " << QByteArray::number(l.items)
          << ", \"capacity\": " << QByteArray::number(l.capacity)
          << ", \"workers\": " << QByteArray::number(l.workers);
        break;
    case Scenario::Cpu:
        o << ", \"work_ms\": " << doubleText(l.workMs)
          << ", \"threads\": " << QByteArray::number(l.threads);
        break;
    }
}

void writeGroup(BufferedWriter &o, const RunParams &p, const GroupRecord &g,
                RecordJsonWriter::Content content) {
    const GroupHealth &h = g.health;
    o << "{\"mode\": " << str(groupName(g.kind())) << ", \"status\": " << str(statusName(g.status))
      << ", \"wall_s\": " << doubleText(h.wallS) << ", \"ideal_s\": " << doubleText(h.idealS)
      << ", \"overrun_ms\": "
      << (g.status == RunStatus::Stopped ? QByteArray("null") : millisText(h.overrunMs))
      << ", \"lateness_ms\": {\"p50\": " << millisText(h.latenessP50Ms)
      << ", \"p99\": " << millisText(h.latenessP99Ms)
      << ", \"max\": " << millisText(h.latenessMaxMs)
      << "}, \"max_stall_ms\": " << millisText(h.maxStallMs);
    // Only when a window watched the run: its frames' stall, beside the run loop's.
    if (h.windowStallMs >= 0)
        o << ", \"window_stall_ms\": " << millisText(h.windowStallMs);
    if (h.runCoreWaitMs >= 0)
        o << ", \"run_core_wait_ms\": " << millisText(h.runCoreWaitMs);
    o << ", \"yields\": " << QByteArray::number(g.yields());
    if (p.scenario != Scenario::Seed)
        writeLabGroup(o, p, g, content);
    if (content == RecordJsonWriter::Content::Full)
        writePasses(o, g);
    if (content == RecordJsonWriter::Content::Full) {
        o << ",\n     \"tasks\": [";
        for (int t = 0; t < g.tasks() && o.good(); ++t) {
            o << (t ? ",\n      " : "\n      ") << "{\"id\": " << QByteArray::number(t)
              << ", \"start_s\": "
              << (g.startNs(t) < 0 ? QByteArray("null") : secondsText(g.startNs(t)))
              << ", \"end_s\": " << (g.endNs(t) < 0 ? QByteArray("null") : secondsText(g.endNs(t)));
            const int n = g.count(t);
            o << ",\n       \"values\": [";
            // A label (a watched program's text) keeps its place as null; its text is in
            // the task's "labels" (version 2), after the times.
            bool labels = false;
            for (int i = 0; i < n; ++i) {
                const double v = g.value(t, i);
                if (i)
                    o << ", ";
                if (GroupRecord::isLabel(v)) {
                    o << "null";
                    labels = true;
                } else {
                    o.real(v);
                }
            }
            o << "],\n       \"due_s\": [";
            for (int i = 0; i < n; ++i)
                (i ? o << ", " : o).seconds(g.dueNs(t, i));
            o << "],\n       \"at_s\": [";
            for (int i = 0; i < n; ++i)
                (i ? o << ", " : o).seconds(g.atNs(t, i));
            o << "]";
            if (labels) {
                o << ",\n       \"labels\": [";
                bool first = true;
                for (int i = 0; i < n; ++i) {
                    const double v = g.value(t, i);
                    if (!GroupRecord::isLabel(v))
                        continue;
                    o << (first ? "[" : ", [");
                    o.integer(i) << ", ";
                    o.jsonString(g.labelText(v)) << ']';
                    first = false;
                }
                o << "]";
            }
            o << "}";
        }
        o << "]";
    }
    o << "}";
}

} // namespace

bool RecordJsonWriter::write(QIODevice &out, const RunRecord &r, Content content) {
    BufferedWriter o(out);
    const RunParams &p = r.params;
    // The seed's records stay version 1 (every reader opens them); the lab's are version 2.
    const bool lab = p.scenario != Scenario::Seed;
    // A watched program's record says where it came from: a member of version 2.
    // So does one holding labels (their member is version 2's).
    const bool v2 =
        lab || r.source ||
        std::any_of(r.groups.begin(), r.groups.end(), [](const auto &g) { return g->hasLabels(); });
    o << "{\"format\": \"coroscope-run\", \"version\": " << (v2 ? "2" : "1")
      << ",\n \"app\": {\"version\": " << str(r.app.version) << ", \"qt\": " << str(r.app.qt)
      << ", \"qcoro\": " << str(r.app.qcoro)
      << "},\n \"params\": {\"mode\": " << str(modeName(p.mode))
      << ", \"tasks\": " << QByteArray::number(p.tasks)
      << ", \"values\": " << QByteArray::number(p.values)
      << ", \"delay_s\": " << doubleText(p.delaySeconds)
      << ", \"max_value\": " << doubleText(p.maxValue)
      << ", \"seed\": " << QByteArray::number(p.seed)
      << ", \"timing\": " << str(timingName(p.timing));
    if (lab)
        writeLabParams(o, p);
    else if (v2)
        o << ", \"scenario\": " << str(scenarioName(p.scenario))
          << ", \"clock\": " << str(clockName(p.clock));
    o << "},\n";
    if (const std::optional<ProgramSource> &s = r.source) {
        o << " \"source\": {\"runtime\": \"asyncio\", \"interpreter\": " << str(s->interpreter)
          << ", \"python\": " << str(s->pythonVersion) << ", \"script\": " << str(s->script)
          << ", \"arguments\": [";
        for (qsizetype i = 0; i < s->arguments.size(); ++i)
            o << (i ? ", " : "") << str(s->arguments[i]);
        o << "]";
        if (p.sideBySide)
            o << ", \"beside\": \"qcoro\"";
        o << "},\n";
    }
    if (r.speedUp() > 0)
        o << " \"speedup\": " << doubleText(std::round(r.speedUp() * 1e4) / 1e4) << ",\n";
    o << " \"runs\": [";
    for (size_t i = 0; i < r.groups.size(); ++i) {
        o << (i ? ",\n  " : "\n  ");
        writeGroup(o, p, *r.groups[i], content);
    }
    o << "\n ]\n}\n";
    return o.finish();
}

QByteArray RecordJsonWriter::toJson(const RunRecord &record, Content content) {
    return writtenBytes([&](QIODevice &out) { write(out, record, content); });
}

} // namespace coroscope
