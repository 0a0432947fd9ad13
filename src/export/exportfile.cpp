// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "exportfile.h"

#include "io/csvwriter.h"
#include "io/recordjson.h"
#include "io/tracewriter.h"

#include <QSaveFile>

#include <functional>
#include <optional>

namespace coroscope {

namespace {

QString cannotWrite(const QString &path, const QString &why) {
    return QStringLiteral("cannot write %1: %2").arg(path, why);
}

/*!
 * Passes writes on to the file and reports the bytes written; a false answer fails the
 * next write, so the writers (which check for a failed write once per task) stop at once.
 */
class ProgressDevice : public QIODevice {
public:
    ProgressDevice(QIODevice &target, const ExportProgress &progress)
        : m_target(target)
        , m_progress(progress) {
        open(QIODevice::WriteOnly);
    }
    bool cancelled() const { return m_cancelled; }
    qint64 written() const { return m_written; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override {
        if (m_cancelled || (m_written >= m_nextReport && !report()))
            return -1;
        const qint64 n = m_target.write(data, size);
        if (n < 0)
            setErrorString(m_target.errorString());
        else
            m_written += n;
        return n;
    }

private:
    bool report() {
        static constexpr qint64 kStep = qint64(1) << 20;
        m_nextReport = m_written + kStep;
        m_cancelled = !m_progress(m_written);
        if (m_cancelled)
            setErrorString(QStringLiteral("cancelled"));
        return !m_cancelled;
    }

    QIODevice &m_target;
    const ExportProgress &m_progress;
    qint64 m_written = 0;
    qint64 m_nextReport = 0;
    bool m_cancelled = false;
};

QString saveAtomically(const QString &path, const std::function<bool(QIODevice &)> &write,
                       const ExportProgress &progress) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(path, file.errorString());
    std::optional<ProgressDevice> device;
    QIODevice &out = progress ? static_cast<QIODevice &>(device.emplace(file, progress)) : file;
    const bool ok = write(out);
    // One last report after the writer's final flush: a late Cancel still counts.
    const bool cancelled = device && (device->cancelled() || (ok && !progress(device->written())));
    if (!ok || cancelled) {
        const QString why = cancelled ? QStringLiteral("cancelled") : out.errorString();
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

bool isChartPath(const QString &path) {
    for (const char *suffix : {".png", ".svg", ".pdf"})
        if (path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive) &&
            path.size() > qsizetype(strlen(suffix)))
            return true;
    return false;
}

QString exportRecord(const QString &path, const RunRecord &record, const ExportProgress &progress) {
    auto endsWith = [&](const char *suffix) {
        return path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive) &&
               path.size() > qsizetype(strlen(suffix));
    };
    if (endsWith(".trace.json"))
        return saveAtomically(
            path, [&](QIODevice &out) { return TraceWriter::write(out, record); }, progress);
    if (endsWith(".json"))
        return saveAtomically(
            path,
            [&](QIODevice &out) {
                return RecordJsonWriter::write(out, record, RecordJsonWriter::Content::Full);
            },
            progress);
    if (endsWith(".csv"))
        return saveAtomically(
            path, [&](QIODevice &out) { return CsvWriter::write(out, record); }, progress);
    if (endsWith(".png") || endsWith(".svg") || endsWith(".pdf"))
        return g_chartWriter ? g_chartWriter(path, record)
                             : cannotWrite(path, QStringLiteral("charts need the renderer, "
                                                                "which is not loaded"));
    return cannotWrite(
        path, QStringLiteral("unknown ending (use .png .svg .pdf .csv .json .trace.json)"));
}

} // namespace coroscope
