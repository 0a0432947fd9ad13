// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "memory.h"

#include "runparams.h"

#include <QFile>
#include <QString>

#include <unistd.h>

namespace coroscope {

quint64 availableMemory() {
    // MemAvailable counts reclaimable cache; fall back to physical memory.
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : meminfo.readAll().split('\n'))
            if (line.startsWith("MemAvailable:"))
                return line.mid(13).trimmed().split(' ').value(0).toULongLong() * 1024;
    }
    return quint64(sysconf(_SC_PHYS_PAGES)) * quint64(sysconf(_SC_PAGE_SIZE));
}

QString memoryRefusal(quint64 bytes, const QString &what) {
    const quint64 have = availableMemory();
    const quint64 allowed = have / 10 * 8;
    if (bytes <= allowed)
        return {};
    // Say the rule: "needs 22,720 MB; 23,734 MB are available" alone reads as if it fits.
    return QStringLiteral("%1 needs about %2 MB of memory, more than the %3 MB a run may use "
                          "(80 % of the %4 MB available now)")
        .arg(what, countText(qint64(bytes >> 20)), countText(qint64(allowed >> 20)),
             countText(qint64(have >> 20)));
}

} // namespace coroscope
