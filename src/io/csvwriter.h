// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QByteArray>
#include <QIODevice>

namespace coroscope {

/*!
 * \brief Writes every yield of a run as CSV (PRODUCT.md section 4).
 *
 * A header row `mode,task,index,value,due_s,at_s,lateness_ms`, then one row per yield:
 * groups in the record's order, tasks by id, yields by index. Numbers are written as the
 * JSON record writes them (exact seconds, shortest round-trip values), so a run reopened
 * from its JSON record gives the same CSV byte for byte. Streams: ten million rows need
 * no more memory than ten. A watched program's label yields (GroupRecord::isLabel())
 * write their text in the value column, always in double quotes (RFC 4180: a quote inside
 * is doubled), so a label never reads as a number.
 *
 * A lab run (record version 2) adds the columns `state,from_s,to_s`: after each task's
 * yields, one row per stretch of its timeline (taskstates.h), with the yield columns
 * empty; its yield rows leave the state columns empty.
 *
 * \code
 * QSaveFile file(path);
 * if (file.open(QIODevice::WriteOnly) && CsvWriter::write(file, run.record()))
 *     file.commit();
 * \endcode
 */
class CsvWriter {
public:
    static QByteArray header();
    //! The lab's header: header() plus state,from_s,to_s.
    static QByteArray labHeader();
    //! false if the device refused a write (nothing more is written after that).
    static bool write(QIODevice &out, const RunRecord &record);
    static QByteArray toCsv(const RunRecord &record);
};

} // namespace coroscope
