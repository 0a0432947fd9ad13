// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "pipereader.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace coroscope::watch {

namespace {
// Read at most this much per wake-up so a flood of trace lines cannot hold the event loop.
constexpr qsizetype kMaxReadPerWake = 1 << 20;
} // namespace

PipeReader::PipeReader(int fd, QObject *parent)
    : QIODevice(parent)
    , m_fd(fd)
    , m_notifier(new QSocketNotifier(fd, QSocketNotifier::Read, this)) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    connect(m_notifier, &QSocketNotifier::activated, this, &PipeReader::readAvailable);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

PipeReader::~PipeReader() {
    m_notifier->setEnabled(false);
    ::close(m_fd);
}

qint64 PipeReader::bytesAvailable() const {
    return m_buffer.size() - m_offset + QIODevice::bytesAvailable();
}

void PipeReader::readAvailable() {
    qsizetype total = 0;
    char chunk[64 * 1024];
    while (total < kMaxReadPerWake) {
        const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
        if (n > 0) {
            if (m_offset > 0 && m_offset == m_buffer.size()) {
                m_buffer.clear();
                m_offset = 0;
            }
            m_buffer.append(chunk, n);
            total += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            m_eof = true; // end of stream (or an error: nothing more will come either way)
            m_notifier->setEnabled(false);
        }
        break;
    }
    if (total > 0)
        Q_EMIT readyRead();
    if (m_eof)
        closeIfDrained();
}

qint64 PipeReader::readData(char *data, qint64 maxSize) {
    const qint64 n = std::min<qint64>(maxSize, m_buffer.size() - m_offset);
    if (n > 0) {
        std::memcpy(data, m_buffer.constData() + m_offset, size_t(n));
        m_offset += n;
        if (m_offset == m_buffer.size()) {
            m_buffer.clear();
            m_offset = 0;
        }
    }
    if (m_eof && m_buffer.size() == m_offset)
        QMetaObject::invokeMethod(this, &PipeReader::closeIfDrained, Qt::QueuedConnection);
    return n;
}

void PipeReader::closeIfDrained() {
    if (isOpen() && m_eof && m_buffer.size() == m_offset)
        close();
}

} // namespace coroscope::watch
