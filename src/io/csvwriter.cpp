// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "csvwriter.h"

#include "model/sidebyside.h"

#include "bufferedwriter.h"
#include "numberformat.h"

#include "model/taskstates.h"

#include <QBuffer>

namespace coroscope {

namespace {

//! A watched program's label as a CSV field (RFC 4180): always quoted, so it reads as
//! text, not as a number ('5' stays the string), quotes doubled.
QByteArray csvText(const QString &text) {
    QByteArray field = text.toUtf8();
    field.replace('"', "\"\"");
    return '"' + field + '"';
}

} // namespace

QByteArray CsvWriter::header() {
    return QByteArrayLiteral("mode,task,index,value,due_s,at_s,lateness_ms\n");
}

QByteArray CsvWriter::labHeader() {
    return QByteArrayLiteral("mode,task,index,value,due_s,at_s,lateness_ms,state,from_s,to_s\n");
}

bool CsvWriter::write(QIODevice &out, const RunRecord &record) {
    BufferedWriter o(out);
    const bool lab = record.params.scenario != Scenario::Seed;
    o << (lab ? labHeader() : header());
    for (const auto &group : record.groups) {
        const GroupRecord &g = *group;
        const QByteArray mode = groupLabel(record, g).toUtf8() + ',';
        for (int t = 0; t < g.tasks() && o.good(); ++t) {
            for (int i = 0; i < g.count(t); ++i) {
                const qint64 due = g.dueNs(t, i);
                const qint64 at = g.atNs(t, i);
                o << mode;
                o.integer(t) << ',';
                o.integer(i) << ',';
                const double v = g.value(t, i);
                if (GroupRecord::isLabel(v))
                    o << csvText(g.labelText(v)) << ',';
                else
                    o.real(v) << ',';
                o.seconds(due) << ',';
                o.seconds(at) << ',';
                o.millisOfNanos(at - due) << (lab ? ",,,\n" : "\n");
            }
            if (!lab)
                continue;
            for (const StateInterval &s : taskTimeline(record.params, g, t)) {
                o << mode;
                o.integer(t) << ",,,,,," << stateName(s.state).toUtf8() << ',';
                o.seconds(s.fromNs) << ',';
                o.seconds(s.toNs) << '\n';
            }
        }
    }
    return o.finish();
}

QByteArray CsvWriter::toCsv(const RunRecord &record) {
    return writtenBytes([&](QIODevice &out) { write(out, record); });
}

} // namespace coroscope
