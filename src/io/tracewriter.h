// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QByteArray>
#include <QIODevice>

namespace coroscope {

/*!
 * \brief Writes a run in the Chrome Trace Event Format (`.trace.json`), which Perfetto and
 * chrome://tracing open.
 *
 * One process per mode (named "sequential" or "concurrent" by `M` metadata; one thread in
 * it, tid = pid, so viewers never see a thread move between processes), each task an
 * async span (`b` at its start, `e` at its end, or at the stop for a stopped task) named
 * "task N", each yield an async instant (`n`) on that span carrying index, value, due
 * time and lateness. Up to kMaxCounterTasks tasks per group, each yield is also a counter
 * sample (`C`, one counter track "task N" per task) so the values draw as a graph; past
 * that, a counter track per task would swamp the viewer. Timestamps are microseconds
 * since the run's start, exact to the nanosecond. Streams.
 */
class TraceWriter {
public:
    static constexpr int kMaxCounterTasks = 64;

    //! false if the device refused a write (nothing more is written after that).
    static bool write(QIODevice &out, const RunRecord &record);
    static QByteArray toJson(const RunRecord &record);
};

} // namespace coroscope
