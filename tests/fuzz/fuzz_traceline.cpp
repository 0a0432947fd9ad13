// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// libFuzzer target: the watched program's trace lines (tools/fuzz-smoke.sh traceline).
// Each input is split into lines, parsed strictly and applied to a WatchedRun, which then
// builds its record, as PythonWatcher does with what arrives on the pipe.
#include "watch/traceline.h"
#include "watch/watchedrun.h"

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace coroscope;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    watch::WatchedRun run;
    qsizetype start = 0;
    while (start < input.size()) {
        qsizetype nl = input.indexOf('\n', start);
        if (nl < 0)
            break; // a cut-off last line: the watcher refuses it without parsing
        const watch::TraceParse p = watch::parseTraceLine(input.sliced(start, nl - start));
        start = nl + 1;
        if (!p.event || !run.apply(*p.event).isEmpty())
            break;
    }
    qint64 dropped = 0;
    const auto record = run.toRecord(RunStatus::Stopped, &dropped);
    (void)record;
    return 0;
}
