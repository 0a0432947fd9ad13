// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "jsonnumber.h"

#include <QString>
#include <QtGlobal>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

class QIODevice;

namespace coroscope {

//! Thrown by JsonCursor on a syntax error, and by its users with their own message.
struct JsonError {
    QString message;
};

/*!
 * \brief A strict JSON tokenizer (RFC 8259) that a reader walks by its schema, pulling one
 * value at a time; it builds no tree.
 *
 * The bytes come from memory or from a device read in chunks (only the current chunk is
 * held, so a 500 MB record is never in memory as text). Every token is checked against
 * the grammar as it is read: no leading zeros or '+', no NaN or Infinity, no trailing
 * commas, no control characters, bad escapes or invalid UTF-8 in strings (a lone
 * surrogate escape becomes U+FFFD, as QString would make it); a UTF-8 byte order mark at the
 * very start is skipped. Nesting deeper than maxDepth is refused before descending, so
 * skip()'s recursion is bounded. Errors are thrown as JsonError ("not JSON: … at byte N").
 *
 * \code
 * JsonCursor j(bytes);
 * j.open('{');
 * for (bool first = true; j.more('}', first);) {
 *     const std::string_view key = j.key();
 *     if (key == "n") n = j.number().text; else j.skip();
 * }
 * \endcode
 */
class JsonCursor {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    //! Limits beyond the grammar (RFC 8259 section 9 lets a parser set them).
    static constexpr qsizetype kMaxNumberChars = 1024;
    static constexpr qsizetype kMaxStringBytes = 65536; //!< between the quotes, as written

    //! A number as scanned once: its text and, for plain decimals, its parts.
    using Number = JsonNumber;

    //! Called after each chunk read from a device, with the bytes read so far.
    using ChunkRead = std::function<void(qint64 bytesRead)>;

    //! Reads \a bytes in place (they must outlive the cursor).
    explicit JsonCursor(std::string_view bytes, int maxDepth = 16);
    //! Reads \a device from its current position in chunks of \a chunkBytes.
    JsonCursor(QIODevice *device, qint64 totalBytes, int maxDepth = 16,
               qsizetype chunkBytes = qsizetype(1) << 20);

    //! Also reports at once what the constructor read (it looks for a byte order mark).
    void setChunkRead(ChunkRead hook);
    //! Stop with an error once more than \a bytes were read (a file that keeps growing).
    void setByteLimit(qint64 bytes) { m_byteLimit = bytes; }

    //! The byte offset of the next token (after a byte order mark, if any).
    qint64 offset() const { return m_base + (m_p - m_buf) - m_bomBytes; }
    //! The input's size in bytes, as given (memory: its length; device: the caller's figure).
    qint64 totalBytes() const { return m_total; }
    int depth() const { return m_depth; }
    //! Goes back (or on) to \a offset, a value's start seen earlier at nesting \a depth.
    void seek(qint64 offset, int depth);

    //! True when only white space is left.
    bool atEnd();
    [[noreturn]] void syntax(const char *what) const;
    [[noreturn]] void syntaxAt(const char *what, qint64 offset) const;

    //! The kind of the next value (after white space); fails at the end of the input.
    Q_ALWAYS_INLINE Kind peek() {
        ws();
        if (m_p != m_end) {
            switch (*m_p) {
            case '{':
                return Kind::Object;
            case '[':
                return Kind::Array;
            case '"':
                return Kind::String;
            case '-':
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
            case '8':
            case '9':
                return Kind::Number;
            default:
                break;
            }
        }
        return peekSlow();
    }

    //! Opens an object or array; then `while (j.more(close, first))` visits its members.
    void open(char c);
    Q_ALWAYS_INLINE bool more(char close, bool &first) {
        // Inline: thirty million array elements come through here.
        ws();
        if (m_p != m_end) {
            if (*m_p == close) { // after a ',' the caller's value or key refuses it
                ++m_p;
                --m_depth;
                return false;
            }
            if (first) {
                first = false;
                return true;
            }
            if (*m_p == ',') {
                ++m_p;
                return true;
            }
        }
        moreSlow(close);
    }
    //! An object member's key, then its ':' (valid until the cursor moves on).
    std::string_view key();

    //! Consumes null if it comes next.
    bool null();
    bool boolean();
    //! A string's bytes with escapes decoded (valid UTF-8).
    std::string string();
    //! A number, checked against the grammar and split into its parts in one pass.
    Q_ALWAYS_INLINE Number number() {
        ws();
        if (m_p < m_safeEnd) { // nearly always: a character that ends it lies ahead
            Number n;
            const json_number::NumberScan s = json_number::scan<false>(m_p, m_end, n);
            if (s.end - m_p <= kMaxNumberChars) {
                if (s.invalid)
                    invalidNumber(s.invalid);
                n.text = std::string_view(m_p, size_t(s.end - m_p));
                m_p = s.end;
                return n;
            }
            // Longer than allowed: the bounded scan says where, as it always has.
        }
        return numberAcrossChunks();
    }
    //! Passes over one value of any kind, checking its syntax and nesting.
    void skip();
    //! What the next value is, for messages ("-1", "\"text\"", "an array"); consumes it.
    QString describe();

private:
    bool fill(const char *&keep);
    bool fill() {
        const char *none = m_p;
        return fill(none);
    }
    bool ensure() { return m_p != m_end || fill(); }
    Q_ALWAYS_INLINE void ws() {
        if (m_p != m_end) {
            if (uchar(*m_p) > ' ') // most tokens follow one another directly
                return;
            if (*m_p == ' ' && m_end - m_p > 1 && uchar(m_p[1]) > ' ') { // or after ", "
                ++m_p;
                return;
            }
        }
        wsSlow();
    }
    void wsSlow();
    Kind peekSlow();
    [[noreturn]] void moreSlow(char close) const;
    void findSafeEnd();
    Number numberAcrossChunks();
    [[noreturn]] void invalidNumber(const char *at);
    void literal(const char *word);
    char32_t hex4();
    void readString(std::string &out);
    void utf8(std::string *out);
    void skipString();

    const char *m_buf = nullptr; //!< the bytes held now; m_base is buf[0]'s offset
    const char *m_p = nullptr;
    const char *m_end = nullptr;
    //! A character no number contains, at or before m_end (m_buf if none): a number
    //! starting before it is whole in the buffer.
    const char *m_safeEnd = nullptr;
    qint64 m_base = 0;
    qint64 m_total = 0;
    qint64 m_bomBytes = 0;
    qint64 m_byteLimit = -1;
    quint64 m_fills = 0; //!< chunks read, so a look-ahead knows whether its pointer still holds
    int m_depth = 0;
    int m_maxDepth;
    std::string_view m_memory; //!< the whole input, when read from memory
    QIODevice *m_device = nullptr;
    qint64 m_deviceStart = 0; //!< the device's position at offset 0 (before a BOM)
    qsizetype m_chunk = 0;
    std::vector<char> m_storage;
    std::string m_key;
    ChunkRead m_chunkRead;
};

} // namespace coroscope
