#include "exportfile.h"

#include "recordjson.h"

#include <QSaveFile>

#include <functional>

namespace coroscope {

static QString saveAtomically(const QString &path, const std::function<bool(QIODevice &)> &write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (!write(file)) {
        const QString why = file.errorString();
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, why);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString exportRecord(const QString &path, const RunRecord &record)
{
    const QString lower = path.toLower();
    if (lower.endsWith(QStringLiteral(".trace.json")))
        return QStringLiteral("cannot write %1: Chrome trace export is not built yet").arg(path);
    if (lower.endsWith(QStringLiteral(".json")))
        return saveAtomically(path, [&](QIODevice &out) {
            return RecordJsonWriter::write(out, record, RecordJsonWriter::Content::Full);
        });
    return QStringLiteral("cannot write %1: this format is not built yet").arg(path);
}

} // namespace coroscope
