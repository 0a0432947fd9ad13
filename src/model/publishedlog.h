// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <iterator>
#include <memory>

namespace coroscope {

/*!
 * \brief An append-only list with one writer and readers on any thread, like the record's
 * yields: whatever lies below size() is whole and never moves.
 *
 * Entries live in chunks that double in size (64, 128, 256, …) and are never moved, so a
 * reader on another thread may read entry i < size() while the writer appends: the writer
 * fills the entry (and allocates its chunk) before it stores the new size with release;
 * size() loads it with acquire. std::vector cannot do this (its buffer moves as it grows),
 * nor std::deque (its map of blocks does). Iteration (begin()/end(), range-for) covers the
 * entries published when end() was called.
 *
 * \code
 * PublishedLog<StateSpan> spans;
 * spans.push_back(span);                 // the run's thread
 * for (const StateSpan &s : spans) ...   // any thread: the spans published so far
 * \endcode
 */
template<typename T> class PublishedLog {
public:
    PublishedLog() = default;
    PublishedLog(const PublishedLog &) = delete;
    PublishedLog &operator=(const PublishedLog &) = delete;

    //! Writer's thread only.
    void push_back(const T &value) {
        const size_t i = m_size.load(std::memory_order_relaxed);
        const Place p = place(i);
        if (!m_chunks[p.chunk])
            m_chunks[p.chunk].reset(new T[kFirst << p.chunk]);
        m_chunks[p.chunk][p.offset] = value;
        m_size.store(i + 1, std::memory_order_release); // publishes the entry
    }

    //! Entries published so far; any thread.
    size_t size() const { return m_size.load(std::memory_order_acquire); }
    bool empty() const { return size() == 0; }
    //! Entry \a i; \a i below a size() this thread read.
    const T &operator[](size_t i) const {
        const Place p = place(i);
        return m_chunks[p.chunk][p.offset];
    }
    const T &front() const { return (*this)[0]; }
    const T &back() const { return (*this)[size() - 1]; }

    class const_iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using reference = const T &;
        using pointer = const T *;
        using iterator_category = std::forward_iterator_tag;
        const_iterator() = default;
        const_iterator(const PublishedLog *log, size_t i)
            : m_log(log)
            , m_i(i) {}
        const T &operator*() const { return (*m_log)[m_i]; }
        const T *operator->() const { return &(*m_log)[m_i]; }
        const_iterator &operator++() {
            ++m_i;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++m_i;
            return before;
        }
        bool operator==(const const_iterator &o) const { return m_i == o.m_i; }

    private:
        const PublishedLog *m_log = nullptr;
        size_t m_i = 0;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

private:
    static constexpr size_t kFirst = 64; // entries in chunk 0; chunk c holds kFirst << c
    struct Place {
        size_t chunk;
        size_t offset;
    };
    //! Chunk c starts at kFirst · (2^c − 1).
    static Place place(size_t i) {
        const size_t q = i / kFirst + 1;
        const size_t chunk = size_t(std::bit_width(q)) - 1;
        return {chunk, i - kFirst * ((size_t(1) << chunk) - 1)};
    }

    // 48 chunks: more entries than memory can hold. A chunk's pointer is set once, before
    // the size that covers it is published.
    std::array<std::unique_ptr<T[]>, 48> m_chunks;
    std::atomic<size_t> m_size{0};
};

} // namespace coroscope
