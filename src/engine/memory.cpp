#include "memory.h"

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
    if (bytes <= have / 10 * 8)
        return {};
    return QStringLiteral("%1 needs about %2 MB of memory; only %3 MB are available")
        .arg(what)
        .arg(bytes >> 20)
        .arg(have >> 20);
}

} // namespace coroscope
