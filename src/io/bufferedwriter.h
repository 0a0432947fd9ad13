// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "numberformat.h"

#include <QBuffer>
#include <QByteArray>
#include <QIODevice>

#include <cstring>
#include <memory>

namespace coroscope {

//! What \a write puts on a device, as bytes (tests and small records).
template<typename Write> QByteArray writtenBytes(Write &&write) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    write(buffer);
    return bytes;
}

/*!
 * \brief Collects text and numbers and hands them to a QIODevice in large writes.
 *
 * The data writers stream millions of rows; a device write, or a QByteArray, per number
 * would cost more than the formatting, so numbers are written straight into the buffer.
 * The first failed write is remembered and everything after it dropped, so a writer can
 * check good() once per task and give up early on a full disk.
 *
 * \code
 * BufferedWriter o(file);
 * o << "task,at_s\n";
 * o.integer(3) << ',';
 * o.seconds(1'000'200'000) << '\n'; // "1.0002"
 * if (!o.finish())
 *     return false; // the device refused a write
 * \endcode
 */
class BufferedWriter {
public:
    explicit BufferedWriter(QIODevice &device)
        : m_device(device)
        , m_buffer(new char[kSize]) {}
    ~BufferedWriter() { flush(); }
    BufferedWriter(const BufferedWriter &) = delete;
    BufferedWriter &operator=(const BufferedWriter &) = delete;

    BufferedWriter &operator<<(const QByteArray &text) {
        return append(text.constData(), text.size());
    }
    BufferedWriter &operator<<(const char *text) {
        return append(text, qsizetype(std::strlen(text)));
    }
    BufferedWriter &operator<<(char c) {
        room(1)[0] = c;
        ++m_used;
        return *this;
    }

    BufferedWriter &append(const char *data, qsizetype size) {
        if (size > kSize - m_used) {
            flush();
            if (size > kSize) {
                write(data, size);
                return *this;
            }
        }
        std::memcpy(m_buffer.get() + m_used, data, size_t(size));
        m_used += size;
        return *this;
    }

    BufferedWriter &integer(qint64 n) { return advance(writeInteger(room(kMaxNumberText), n)); }
    BufferedWriter &real(double v) { return advance(writeDouble(room(kMaxNumberText), v)); }
    BufferedWriter &seconds(qint64 ns) { return advance(writeSeconds(room(kMaxNumberText), ns)); }
    BufferedWriter &millisOfNanos(qint64 ns) {
        return advance(writeMillisOfNanos(room(kMaxNumberText), ns));
    }

    //! \a text as a JSON string, quotes and all: specials and control characters escaped,
    //! so any text (a watched program's label) reads back the same.
    BufferedWriter &jsonString(const QString &text) {
        *this << '"';
        for (const char c : text.toUtf8()) {
            if (c == '"' || c == '\\') {
                *this << '\\' << c;
            } else if (uchar(c) < 0x20) {
                static constexpr char kHex[] = "0123456789abcdef";
                *this << "\\u00" << kHex[uchar(c) >> 4] << kHex[uchar(c) & 0xF];
            } else {
                *this << c;
            }
        }
        return *this << '"';
    }

    //! Any other number: \a write gets room for kMaxNumberText bytes and returns the end.
    template<typename Write> BufferedWriter &put(Write &&write) {
        return advance(write(room(kMaxNumberText)));
    }

    //! false once the device has refused a write.
    bool good() const { return m_ok; }
    //! Writes what is buffered; false if any write failed.
    bool finish() {
        flush();
        return m_ok;
    }

private:
    char *room(qsizetype size) {
        if (size > kSize - m_used)
            flush();
        return m_buffer.get() + m_used;
    }
    BufferedWriter &advance(char *end) {
        m_used = end - m_buffer.get();
        return *this;
    }
    void write(const char *data, qsizetype size) {
        if (m_ok)
            m_ok = m_device.write(data, size) == size;
    }
    void flush() {
        if (m_used > 0)
            write(m_buffer.get(), m_used);
        m_used = 0;
    }

    static constexpr qsizetype kSize = 1 << 20;
    QIODevice &m_device;
    std::unique_ptr<char[]> m_buffer;
    qsizetype m_used = 0;
    bool m_ok = true;
};

} // namespace coroscope
