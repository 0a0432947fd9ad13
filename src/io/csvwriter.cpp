// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "csvwriter.h"

#include "bufferedwriter.h"
#include "numberformat.h"

#include <QBuffer>

namespace coroscope {

QByteArray CsvWriter::header() {
    return QByteArrayLiteral("mode,task,index,value,due_s,at_s,lateness_ms\n");
}

bool CsvWriter::write(QIODevice &out, const RunRecord &record) {
    BufferedWriter o(out);
    o << header();
    for (const auto &group : record.groups) {
        const GroupRecord &g = *group;
        const QByteArray mode = groupName(g.kind()).toUtf8() + ',';
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
                o.millisOfNanos(at - due) << '\n';
            }
        }
    }
    return o.finish();
}

QByteArray CsvWriter::toCsv(const RunRecord &record) {
    return writtenBytes([&](QIODevice &out) { write(out, record); });
}

} // namespace coroscope
