// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "offload.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>

namespace coroscope {

void Offloader::drain() {
    stopAll();
    m_pool.waitForDone();
    // The futures are finished; their watchers' notifications are posted to this thread.
    QElapsedTimer clock;
    clock.start();
    while (m_pending > 0 && clock.elapsed() < 10'000) {
        QCoreApplication::sendPostedEvents();
        if (m_pending > 0)
            QThread::yieldCurrentThread();
    }
    Q_ASSERT(m_pending == 0);
}

qint64 Offloader::virtualJobEnd(qint64 nowNs, qint64 costNs) {
    if (m_virtualFreeNs.empty())
        m_virtualFreeNs.assign(size_t(threads()), 0);
    const auto thread = std::min_element(m_virtualFreeNs.begin(), m_virtualFreeNs.end());
    *thread = std::max(nowNs, *thread) + costNs;
    return *thread;
}

} // namespace coroscope
