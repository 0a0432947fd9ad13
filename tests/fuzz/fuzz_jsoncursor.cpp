// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// libFuzzer target for the JSON cursor alone: any bytes are walked (every value opened,
// every key and string decoded, every number split) from memory and again from a device
// in small chunks; both must agree, errors must say something, nothing may crash, hang or
// leak. Built by tools/fuzz-smoke.sh (clang, COROSCOPE_FUZZ=ON).

#include "io/jsoncursor.h"

#include <QBuffer>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

using namespace coroscope;

namespace {

//! A digest of everything the cursor reports, so two walks can be compared.
void walk(JsonCursor &j, QByteArray &out) {
    switch (j.peek()) {
    case JsonCursor::Kind::Object:
        j.open('{');
        out += '{';
        for (bool first = true; j.more('}', first);) {
            const std::string_view key = j.key();
            out.append(key.data(), qsizetype(key.size()));
            out += ':';
            walk(j, out);
        }
        out += '}';
        break;
    case JsonCursor::Kind::Array:
        j.open('[');
        out += '[';
        for (bool first = true; j.more(']', first);)
            walk(j, out);
        out += ']';
        break;
    case JsonCursor::Kind::String: {
        const std::string s = j.string();
        out.append(s.data(), qsizetype(s.size()));
        break;
    }
    case JsonCursor::Kind::Bool:
        out += j.boolean() ? 't' : 'f';
        break;
    case JsonCursor::Kind::Null:
        j.null();
        out += 'n';
        break;
    case JsonCursor::Kind::Number: {
        const JsonCursor::Number n = j.number();
        out.append(n.text.data(), qsizetype(n.text.size()));
        out += QByteArray::number(n.whole) + '.' + QByteArray::number(n.fraction9) + '#' +
               QByteArray::number(n.digits);
        // The fast conversion must be from_chars's, bit for bit.
        double fast = 0;
        const bool fastOk = n.toDouble(fast);
        double slow = 0;
        const auto r = std::from_chars(n.text.data(), n.text.data() + n.text.size(), slow);
        const bool slowOk = r.ec == std::errc() && std::isfinite(slow);
        if (fastOk != slowOk ||
            (fastOk && std::bit_cast<quint64>(fast) != std::bit_cast<quint64>(slow)))
            std::abort();
        break;
    }
    }
}

QByteArray run(JsonCursor &j, bool skip) {
    QByteArray out;
    try {
        if (skip)
            j.skip();
        else
            walk(j, out);
        if (!j.atEnd())
            j.syntax("garbage after the value");
    } catch (const JsonError &e) {
        if (e.message.isEmpty())
            std::abort(); // refused without saying why
        return "error " + e.message.toUtf8();
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    JsonCursor whole(std::string_view(bytes.constData(), bytes.size()));
    const QByteArray expected = run(whole, false);
    // The chunk size comes from the input, so boundaries fall everywhere.
    const qsizetype chunk = size ? qsizetype(data[size - 1] % 7) + 1 : 1;
    QBuffer device(&bytes);
    device.open(QIODevice::ReadOnly);
    JsonCursor chunked(&device, bytes.size(), 16, chunk);
    if (run(chunked, false) != expected)
        std::abort(); // the chunks changed the result
    JsonCursor skipping(std::string_view(bytes.constData(), bytes.size()));
    const QByteArray skipped = run(skipping, true);
    if (expected.startsWith("error ") ? skipped != expected : !skipped.isEmpty())
        std::abort(); // skip() and a full walk disagree on what is JSON
    return 0;
}
