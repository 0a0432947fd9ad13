#include "exportfile.h"

#include "io/csvwriter.h"
#include "io/recordjson.h"
#include "io/tracewriter.h"

#include <QSaveFile>

#include <functional>

namespace coroscope {

namespace {

QString cannotWrite(const QString &path, const QString &why) {
    return QStringLiteral("cannot write %1: %2").arg(path, why);
}

QString saveAtomically(const QString &path, const std::function<bool(QIODevice &)> &write) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(path, file.errorString());
    if (!write(file)) {
        const QString why = file.errorString();
        file.cancelWriting();
        return cannotWrite(path, why.isEmpty() ? QStringLiteral("the write failed") : why);
    }
    if (!file.commit())
        return cannotWrite(path, file.errorString());
    return {};
}

ChartWriter g_chartWriter = nullptr;

} // namespace

void setChartWriter(ChartWriter writer) {
    g_chartWriter = writer;
}

QString exportRecord(const QString &path, const RunRecord &record) {
    auto endsWith = [&](const char *suffix) {
        return path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive) &&
               path.size() > qsizetype(strlen(suffix));
    };
    if (endsWith(".trace.json"))
        return saveAtomically(path,
                              [&](QIODevice &out) { return TraceWriter::write(out, record); });
    if (endsWith(".json"))
        return saveAtomically(path, [&](QIODevice &out) {
            return RecordJsonWriter::write(out, record, RecordJsonWriter::Content::Full);
        });
    if (endsWith(".csv"))
        return saveAtomically(path, [&](QIODevice &out) { return CsvWriter::write(out, record); });
    if (endsWith(".png") || endsWith(".svg") || endsWith(".pdf"))
        return g_chartWriter ? g_chartWriter(path, record)
                             : cannotWrite(path, QStringLiteral("charts need the renderer, "
                                                                "which is not loaded"));
    return cannotWrite(
        path, QStringLiteral("unknown ending (use .png .svg .pdf .csv .json .trace.json)"));
}

} // namespace coroscope
