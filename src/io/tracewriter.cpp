// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "tracewriter.h"

#include "model/sidebyside.h"

#include "bufferedwriter.h"
#include "numberformat.h"

#include "model/taskstates.h"

#include <QBuffer>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {

//! Microseconds from nanoseconds, exact: 1000000200 ns → "1000000.2".
char *writeMicros(char *out, qint64 ns) {
    out = writeInteger(out, ns / 1000);
    if (qint64 frac = ns % 1000; frac != 0) {
        *out++ = '.';
        char *end = out + 3;
        for (char *p = end; p != out; frac /= 10)
            *--p = char('0' + frac % 10);
        while (end[-1] == '0')
            --end;
        out = end;
    }
    return out;
}

/*!
 * The lab's task states: one track (thread) per task, one slice per state (derived and
 * recorded, taskstates.h), a terminal state as an instant. Seed traces stay as they were.
 */
void writeStateTracks(BufferedWriter &o, const RunParams &p, const GroupRecord &g,
                      const QByteArray &pidText) {
    auto micros = [](qint64 ns) { return [ns](char *out) { return writeMicros(out, ns); }; };
    for (int t = 0; t < g.tasks() && o.good(); ++t) {
        const QByteArray tid = QByteArray::number(t + 2); // 1 is the group's own (pid)
        o << ",\n{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": " << pidText
          << ", \"tid\": " << tid << ", \"args\": {\"name\": \"" << laneName(p, g, t).toUtf8()
          << " states\"}}";
        for (const StateInterval &s : taskTimeline(p, g, t)) {
            const bool point = s.fromNs == s.toNs;
            o << ",\n{\"ph\": \"" << (point ? "i" : "X") << "\", \"name\": \""
              << stateName(s.state).toUtf8() << "\", \"cat\": \"state\", \"pid\": " << pidText
              << ", \"tid\": " << tid << ", \"ts\": ";
            o.put(micros(s.fromNs));
            if (point)
                o << ", \"s\": \"t\"";
            else
                (o << ", \"dur\": ").put(micros(s.toNs - s.fromNs));
            o << ", \"args\": {\"on\": \"" << waitTargetName(s.on).toUtf8() << "\", \"other\": ";
            o.integer(s.other) << "}}";
        }
    }
}

//! The events of one group as process \a pid (1, 2, …); async ids from \a firstId on.
void writeGroup(BufferedWriter &o, const RunRecord &r, const GroupRecord &g, int pid,
                qint64 firstId) {
    const RunParams &p = r.params;
    const QByteArray pidText = QByteArray::number(pid);
    const QByteArray mode = groupLabel(r, g).toUtf8();
    o << (pid > 1 ? ",\n" : "")
      << "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": " << pidText
      << ", \"tid\": " << pidText << ", \"args\": {\"name\": \"" << mode << "\"}}"
      << ",\n{\"ph\": \"M\", \"name\": \"process_sort_index\", \"pid\": " << pidText
      << ", \"tid\": " << pidText << ", \"args\": {\"sort_index\": " << pidText << "}}"
      << ",\n{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": " << pidText
      << ", \"tid\": " << pidText << ", \"args\": {\"name\": \"" << mode << " comprehensions\"}}";

    const bool counters = g.tasks() <= TraceWriter::kMaxCounterTasks;
    const qint64 wallNs = std::llround(g.health.wallS * 1e9);
    const QByteArray common =
        "\"cat\": \"task\", \"pid\": " + pidText + ", \"tid\": " + pidText + ", \"id\": ";
    for (int t = 0; t < g.tasks() && o.good(); ++t) {
        if (g.startNs(t) < 0)
            continue; // never started: no span to draw
        const QByteArray name = "\"task " + QByteArray::number(t) + '"';
        const QByteArray id = QByteArray::number(firstId + t);
        auto micros = [](qint64 ns) { return [ns](char *p) { return writeMicros(p, ns); }; };
        o << ",\n{\"ph\": \"b\", \"name\": " << name << ", " << common << id << ", \"ts\": ";
        o.put(micros(g.startNs(t))) << '}';
        for (int i = 0; i < g.count(t); ++i) {
            const qint64 at = g.atNs(t, i);
            const qint64 due = g.dueNs(t, i);
            o << ",\n{\"ph\": \"n\", \"name\": \"yield\", " << common << id << ", \"ts\": ";
            o.put(micros(at)) << ", \"args\": {\"task\": ";
            o.integer(t) << ", \"index\": ";
            o.integer(i) << ", \"value\": ";
            const double v = g.value(t, i);
            const bool label = GroupRecord::isLabel(v); // a watched program's text
            if (label)
                o.jsonString(g.labelText(v)) << ", \"due_s\": ";
            else
                o.real(v) << ", \"due_s\": ";
            o.seconds(due) << ", \"lateness_ms\": ";
            o.millisOfNanos(at - due) << "}}";
            if (counters && !label) { // a counter plots numbers only
                o << ",\n{\"ph\": \"C\", \"name\": " << name << ", \"pid\": " << pidText
                  << ", \"tid\": " << pidText << ", \"ts\": ";
                o.put(micros(at)) << ", \"args\": {\"value\": ";
                o.real(g.value(t, i)) << "}}";
            }
        }
        const bool ended = g.endNs(t) >= 0;
        // A stopped task's span closes at the stop, after its last yield.
        const qint64 end =
            ended ? g.endNs(t)
                  : std::max({g.startNs(t), wallNs, g.count(t) ? g.atNs(t, g.count(t) - 1) : 0});
        o << ",\n{\"ph\": \"e\", \"name\": " << name << ", " << common << id << ", \"ts\": ";
        o.put(micros(end)) << ", \"args\": {\"values\": ";
        o.integer(g.count(t)) << ", \"status\": \"" << (ended ? "finished" : "stopped") << "\"}}";
    }
    if (p.scenario != Scenario::Seed && g.tasks() <= TraceWriter::kMaxCounterTasks)
        writeStateTracks(o, p, g, pidText);
}

} // namespace

bool TraceWriter::write(QIODevice &out, const RunRecord &r) {
    BufferedWriter o(out);
    const RunParams &p = r.params;
    o << "{\"displayTimeUnit\": \"ms\",\n \"otherData\": {\"format\": \"coroscope-trace\", "
         "\"mode\": \""
      << modeName(p.mode).toUtf8() << "\", \"tasks\": \"" << QByteArray::number(p.tasks)
      << "\", \"values\": \"" << QByteArray::number(p.values) << "\", \"delay_s\": \""
      << doubleText(p.delaySeconds) << "\", \"max_value\": \"" << doubleText(p.maxValue)
      << "\", \"seed\": \"" << QByteArray::number(p.seed) << "\", \"timing\": \""
      << timingName(p.timing).toUtf8() << "\"},\n \"traceEvents\": [\n";
    for (size_t i = 0; i < r.groups.size(); ++i)
        writeGroup(o, r, *r.groups[i], int(i) + 1, qint64(i) * RunParams::kMaxTasks + 1);
    o << "\n]}\n";
    return o.finish();
}

QByteArray TraceWriter::toJson(const RunRecord &record) {
    return writtenBytes([&](QIODevice &out) { write(out, record); });
}

} // namespace coroscope
