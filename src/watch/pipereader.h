// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QByteArray>
#include <QIODevice>

class QSocketNotifier;

namespace coroscope::watch {

/*!
 * \brief The read end of a pipe as a sequential QIODevice, so QCoro's QIODevice awaitables
 * (`co_await qCoro(reader).readAll()`) can wait on it.
 *
 * QFile on a pipe emits no readyRead, and QLocalSocket would pull in Qt Network: this small
 * device watches the descriptor with a QSocketNotifier, reads what is there into its
 * buffer and emits readyRead. At the end of the stream it closes itself once its buffer is
 * drained (which wakes an awaiting readAll() with nothing: the caller sees !isOpen()).
 */
class PipeReader : public QIODevice {
    Q_OBJECT
public:
    //! Takes ownership of \a fd (made non-blocking) and opens read-only.
    explicit PipeReader(int fd, QObject *parent = nullptr);
    ~PipeReader() override;

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    //! The writer closed its end (everything written has been read into the buffer).
    bool atStreamEnd() const { return m_eof; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    void readAvailable();
    void closeIfDrained();

    int m_fd;
    QSocketNotifier *m_notifier;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // read position in m_buffer (compacted as it is drained)
    bool m_eof = false;
};

} // namespace coroscope::watch
