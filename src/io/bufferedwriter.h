#pragma once

#include <QByteArray>
#include <QIODevice>

#include <cstring>

namespace coroscope {

/*!
 * \brief Collects small pieces of text and hands them to a QIODevice in large writes.
 *
 * The data writers stream millions of rows; one device write per number would dominate.
 * The first failed write is remembered and everything after it dropped, so a writer can
 * check good() once per task and give up early on a full disk.
 *
 * \code
 * BufferedWriter o(file);
 * o << "mode,task\n" << QByteArray::number(42) << '\n';
 * if (!o.finish())
 *     return false; // the device refused a write
 * \endcode
 */
class BufferedWriter {
public:
    explicit BufferedWriter(QIODevice &device)
        : m_device(device) {
        m_buffer.reserve(kChunk + kChunk / 4);
    }
    ~BufferedWriter() { flush(); }
    BufferedWriter(const BufferedWriter &) = delete;
    BufferedWriter &operator=(const BufferedWriter &) = delete;

    BufferedWriter &operator<<(const QByteArray &text) {
        return append(text.constData(), text.size());
    }
    BufferedWriter &operator<<(const char *text) {
        return append(text, qsizetype(std::strlen(text)));
    }
    BufferedWriter &operator<<(char c) { return append(&c, 1); }

    BufferedWriter &append(const char *data, qsizetype size) {
        m_buffer.append(data, size);
        if (m_buffer.size() >= kChunk)
            flush();
        return *this;
    }

    //! false once the device has refused a write.
    bool good() const { return m_ok; }
    //! Writes what is buffered; false if any write failed.
    bool finish() {
        flush();
        return m_ok;
    }

private:
    void flush() {
        if (!m_buffer.isEmpty() && m_ok)
            m_ok = m_device.write(m_buffer) == m_buffer.size();
        m_buffer.resize(0); // keeps the capacity, unlike clear()
    }

    static constexpr qsizetype kChunk = 1 << 20;
    QIODevice &m_device;
    QByteArray m_buffer;
    bool m_ok = true;
};

} // namespace coroscope
