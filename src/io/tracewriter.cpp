#include "tracewriter.h"

#include "bufferedwriter.h"
#include "numberformat.h"

#include <QBuffer>

#include <algorithm>

namespace coroscope {

namespace {

//! Microseconds from nanoseconds, exact: 1000000200 ns → "1000000.2".
QByteArray microsText(qint64 ns) {
    QByteArray text = QByteArray::number(ns / 1000);
    if (const qint64 frac = ns % 1000; frac != 0) {
        QByteArray digits = QByteArray::number(frac).rightJustified(3, '0');
        while (digits.endsWith('0'))
            digits.chop(1);
        text += '.' + digits;
    }
    return text;
}

//! The events of one group as process \a pid (1, 2, …); async ids from \a firstId on.
void writeGroup(BufferedWriter &o, const GroupRecord &g, int pid, qint64 firstId) {
    const QByteArray pidText = QByteArray::number(pid);
    const QByteArray mode = groupName(g.kind()).toUtf8();
    o << (pid > 1 ? ",\n" : "")
      << "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": " << pidText
      << ", \"tid\": 0, \"args\": {\"name\": \"" << mode << "\"}}"
      << ",\n{\"ph\": \"M\", \"name\": \"process_sort_index\", \"pid\": " << pidText
      << ", \"tid\": 0, \"args\": {\"sort_index\": " << pidText << "}}"
      << ",\n{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": " << pidText
      << ", \"tid\": 0, \"args\": {\"name\": \"" << mode << " comprehensions\"}}";

    const bool counters = g.tasks() <= TraceWriter::kMaxCounterTasks;
    const qint64 wallNs = qint64(g.health.wallS * 1e9 + 0.5);
    const QByteArray common = "\"cat\": \"task\", \"pid\": " + pidText + ", \"tid\": 0, \"id\": ";
    for (int t = 0; t < g.tasks() && o.good(); ++t) {
        if (g.startNs(t) < 0)
            continue; // never started: no span to draw
        const QByteArray name = "\"task " + QByteArray::number(t) + '"';
        const QByteArray id = QByteArray::number(firstId + t);
        o << ",\n{\"ph\": \"b\", \"name\": " << name << ", " << common << id
          << ", \"ts\": " << microsText(g.startNs(t)) << "}";
        for (int i = 0; i < g.count(t); ++i) {
            const QByteArray ts = microsText(g.atNs(t, i));
            const QByteArray value = doubleText(g.value(t, i));
            o << ",\n{\"ph\": \"n\", \"name\": \"yield\", " << common << id << ", \"ts\": " << ts
              << ", \"args\": {\"task\": " << QByteArray::number(t)
              << ", \"index\": " << QByteArray::number(i) << ", \"value\": " << value
              << ", \"due_s\": " << secondsText(g.dueNs(t, i))
              << ", \"lateness_ms\": " << millisText(double(g.atNs(t, i) - g.dueNs(t, i)) / 1e6)
              << "}}";
            if (counters)
                o << ",\n{\"ph\": \"C\", \"name\": " << name << ", \"pid\": " << pidText
                  << ", \"tid\": 0, \"ts\": " << ts << ", \"args\": {\"value\": " << value << "}}";
        }
        const bool ended = g.endNs(t) >= 0;
        // A stopped task's span closes at the stop, after its last yield.
        const qint64 end =
            ended ? g.endNs(t)
                  : std::max({g.startNs(t), wallNs, g.count(t) ? g.atNs(t, g.count(t) - 1) : 0});
        o << ",\n{\"ph\": \"e\", \"name\": " << name << ", " << common << id
          << ", \"ts\": " << microsText(end)
          << ", \"args\": {\"values\": " << QByteArray::number(g.count(t)) << ", \"status\": \""
          << (ended ? "finished" : "stopped") << "\"}}";
    }
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
        writeGroup(o, *r.groups[i], int(i) + 1, qint64(i) * RunParams::kMaxTasks + 1);
    o << "\n]}\n";
    return o.finish();
}

QByteArray TraceWriter::toJson(const RunRecord &record) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    write(buffer, record);
    return bytes;
}

} // namespace coroscope
