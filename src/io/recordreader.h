// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace coroscope {

//! What RecordReader gives back: a record, or one line saying what is wrong.
struct RecordReadResult {
    std::unique_ptr<RunRecord> record; //!< set on success
    QString error;                     //!< set on failure, naming the field
    bool cancelled = false;            //!< the progress callback stopped it ("<path>: cancelled")
};

/*!
 * \brief Reads a run record written by RecordJsonWriter (PRODUCT.md section 4), trusting
 * nothing in it.
 *
 * The bytes are bounded (kMaxFileBytes), read in chunks and parsed by a strict JSON
 * cursor (JsonCursor) that builds no tree (a million-task record would need three times
 * its size as a QJsonDocument) and refuses nesting past kMaxDepth before descending. Every field is
 * checked: format and version, enums, counts within RunParams' limits and consistent with each
 * other, finite non-negative times (converted to nanoseconds from their decimal text, exactly),
 * values within [0, max_value], and whether the record fits in memory. Members may come in any
 * order (in one pass when `runs` comes after `params`, as written); repeated ones are refused.
 * Version 1 (the seed's runs) skips members it does not know; version 2 (the lesson lab's:
 * scenario, variant, clock and the scenario's options in params, each run's variant, states,
 * outcomes and deliveries, statuses timed-out and failed) refuses them, and checks its options
 * as the command line does. Times are checked as the engine makes them: a yield is
 * never early, and times within a task never go back. The first
 * problem is reported with the field's path:
 *
 * \code
 * RecordReadResult r = RecordReader::read(QStringLiteral("run.json"));
 * if (!r.record)
 *     qWarning() << r.error; // "run.json: runs[1].tasks[3].at_s[2]: -1 is negative"
 * \endcode
 */
class RecordReader {
public:
    //! A million tasks × 10 values in compare mode take about 1.1 GB.
    static constexpr qint64 kMaxFileBytes = qint64(2) << 30;
    static constexpr int kMaxDepth = 16;

    //! Called now and then while reading; return false to cancel. bytesTotal may be 0.
    using ReadProgress = std::function<bool(qint64 bytesDone, qint64 bytesTotal)>;

    /*!
     * Reads the file at \a path; errors start with the path. \a progress, if set, is
     * called from this thread after every chunk (1 MiB) with the bytes done so far (never
     * decreasing; bytesTotal at the end of a success); when it returns false the read
     * stops at once with `cancelled` set and no record.
     */
    static RecordReadResult read(const QString &path, const ReadProgress &progress = {});
    //! Reads a record from memory; errors start with the field.
    static RecordReadResult fromBytes(const QByteArray &bytes);
};

} // namespace coroscope
