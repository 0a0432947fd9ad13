// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "labwork.h"

#include <QCryptographicHash>

#include <chrono>
#include <thread>

namespace coroscope {

namespace {
qint64 steadyNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

quint64 hashFor(qint64 ns, const std::atomic_bool *stop) {
    const qint64 end = steadyNs() + ns;
    QByteArray block(4096, 'c');
    QCryptographicHash hash(QCryptographicHash::Sha256);
    quint64 word = 0;
    do {
        for (int i = 0; i < 16; ++i) {
            hash.reset();
            hash.addData(block);
            const QByteArray digest = hash.result();
            memcpy(block.data(), digest.constData(), size_t(digest.size()));
            memcpy(&word, digest.constData(), sizeof word);
        }
    } while (steadyNs() < end && !(stop && *stop));
    return word;
}

void sleepFor(qint64 ns, const std::atomic_bool &stop) {
    const qint64 end = steadyNs() + ns;
    for (qint64 left = end - steadyNs(); left > 0 && !stop; left = end - steadyNs())
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<qint64>(left, 1'000'000)));
}

} // namespace coroscope
