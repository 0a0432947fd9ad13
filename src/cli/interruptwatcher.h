// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>

class QSocketNotifier;

namespace coroscope {

/*!
 * \brief Turns the first SIGINT or SIGTERM into a Qt signal on the event loop, so Ctrl+C
 * in the terminal stops a headless run the way the Stop button does (summary and
 * exports still written). A second one ends the process as usual.
 *
 * The handler only writes a byte to a socket pair (async-signal-safe); a QSocketNotifier
 * reads it on the event loop. One instance at a time.
 */
class InterruptWatcher : public QObject {
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace coroscope
