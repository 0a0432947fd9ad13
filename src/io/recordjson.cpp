// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recordjson.h"

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

void writeGroup(BufferedWriter &o, const GroupRecord &g, RecordJsonWriter::Content content) {
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
    o << ", \"yields\": " << QByteArray::number(g.yields());
    if (content == RecordJsonWriter::Content::Full) {
        o << ",\n     \"tasks\": [";
        for (int t = 0; t < g.tasks() && o.good(); ++t) {
            o << (t ? ",\n      " : "\n      ") << "{\"id\": " << QByteArray::number(t)
              << ", \"start_s\": "
              << (g.startNs(t) < 0 ? QByteArray("null") : secondsText(g.startNs(t)))
              << ", \"end_s\": " << (g.endNs(t) < 0 ? QByteArray("null") : secondsText(g.endNs(t)));
            const int n = g.count(t);
            o << ",\n       \"values\": [";
            for (int i = 0; i < n; ++i)
                (i ? o << ", " : o).real(g.value(t, i));
            o << "],\n       \"due_s\": [";
            for (int i = 0; i < n; ++i)
                (i ? o << ", " : o).seconds(g.dueNs(t, i));
            o << "],\n       \"at_s\": [";
            for (int i = 0; i < n; ++i)
                (i ? o << ", " : o).seconds(g.atNs(t, i));
            o << "]}";
        }
        o << "]";
    }
    o << "}";
}

} // namespace

bool RecordJsonWriter::write(QIODevice &out, const RunRecord &r, Content content) {
    BufferedWriter o(out);
    const RunParams &p = r.params;
    o << "{\"format\": \"coroscope-run\", \"version\": 1,\n \"app\": {\"version\": "
      << str(r.app.version) << ", \"qt\": " << str(r.app.qt) << ", \"qcoro\": " << str(r.app.qcoro)
      << "},\n \"params\": {\"mode\": " << str(modeName(p.mode))
      << ", \"tasks\": " << QByteArray::number(p.tasks)
      << ", \"values\": " << QByteArray::number(p.values)
      << ", \"delay_s\": " << doubleText(p.delaySeconds)
      << ", \"max_value\": " << doubleText(p.maxValue)
      << ", \"seed\": " << QByteArray::number(p.seed)
      << ", \"timing\": " << str(timingName(p.timing)) << "},\n";
    if (r.speedUp() > 0)
        o << " \"speedup\": " << doubleText(std::round(r.speedUp() * 1e4) / 1e4) << ",\n";
    o << " \"runs\": [";
    for (size_t i = 0; i < r.groups.size(); ++i) {
        o << (i ? ",\n  " : "\n  ");
        writeGroup(o, *r.groups[i], content);
    }
    o << "\n ]\n}\n";
    return o.finish();
}

QByteArray RecordJsonWriter::toJson(const RunRecord &record, Content content) {
    return writtenBytes([&](QIODevice &out) { write(out, record, content); });
}

} // namespace coroscope
