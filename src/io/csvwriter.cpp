// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "csvwriter.h"

#include "model/sidebyside.h"

#include "bufferedwriter.h"
#include "numberformat.h"

#include "model/taskstates.h"

#include <QBuffer>

namespace coroscope {

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
                o.real(g.value(t, i)) << ',';
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
