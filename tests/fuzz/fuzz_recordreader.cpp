// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// libFuzzer target for the run-file reader: any bytes must be refused with a message or
// accepted, never crash, hang or leak; whatever is accepted must write out and read back
// to the same bytes. Built by tools/fuzz-smoke.sh (clang, COROSCOPE_FUZZ=ON).

#include "io/recordjson.h"
#include "io/recordreader.h"

#include <cstdint>
#include <cstdlib>

using namespace coroscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    if (!read.record) {
        if (read.error.isEmpty())
            std::abort(); // refused without saying why
        return 0;
    }
    const QByteArray json = RecordJsonWriter::toJson(*read.record, RecordJsonWriter::Content::Full);
    const RecordReadResult again = RecordReader::fromBytes(json);
    if (!again.record ||
        RecordJsonWriter::toJson(*again.record, RecordJsonWriter::Content::Full) != json)
        std::abort(); // accepted, but does not survive its own round trip
    return 0;
}
