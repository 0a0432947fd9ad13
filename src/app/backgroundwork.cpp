// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "backgroundwork.h"

#include "densitystrip.h"
#include "lessonpositions.h"
#include "render/chartrenderer.h"

#include "export/exportfile.h"
#include "io/recordreader.h"
#include "render/chartexport.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace coroscope {

BackgroundWork::BackgroundWork(QObject *parent)
    : QObject(parent) {}

BackgroundWork::~BackgroundWork() {
    // The worker may hold a record the window is about to free: let it see the cancel
    // and end (milliseconds) before anything goes.
    cancel();
    m_future.waitForFinished();
}

std::shared_ptr<BackgroundWork::State> BackgroundWork::begin(const QString &what) {
    // The awaiting coroutine may start the next job before the last one's finished()
    // (the job counter keeps that late signal from ending this one).
    Q_ASSERT(m_future.isFinished());
    ++m_job;
    m_state = std::make_shared<State>();
    m_what = what;
    m_busy = true;
    return m_state;
}

void BackgroundWork::track(const QFuture<void> &future) {
    m_future = future;
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job = m_job] {
        watcher->deleteLater();
        if (job != m_job)
            return;
        m_busy = false;
        m_what.clear();
        Q_EMIT finished();
    });
    watcher->setFuture(future);
    Q_EMIT started(); // now busy() says so
}

void BackgroundWork::cancel() {
    if (m_state)
        m_state->cancel = true;
}

QFuture<OpenResult> BackgroundWork::open(const QString &path) {
    std::shared_ptr<State> state =
        begin(QStringLiteral("Opening %1").arg(QFileInfo(path).fileName()));
    QFuture<OpenResult> future = QtConcurrent::run([path, state] {
        OpenResult out;
        RecordReadResult read = RecordReader::read(path, [&state](qint64 done, qint64 total) {
            state->done = done;
            state->total = total;
            return !state->cancel.load();
        });
        if (!read.record || state->cancel) {
            out.cancelled = read.cancelled || state->cancel;
            out.error = out.cancelled ? path + QStringLiteral(": cancelled") : read.error;
            return out;
        }
        // Indexing visits every yield once (a million tasks: ten million): here, not on
        // the UI thread.
        auto loaded = std::make_shared<LoadedRecord>();
        loaded->record = std::move(read.record);
        loaded->tally.reset(loaded->record.get());
        loaded->tally.finish();
        const double endS = ChartRenderer::autoEndS(*loaded->record);
        for (const auto &g : loaded->record->groups)
            loaded->densities.push_back(
                YieldDensity::compute(*g, 0, endS, DensityStrip::kBins, -1));
        loaded->tagCounts = lessonTagCounts(*loaded->record, -1);
        out.loaded = std::move(loaded);
        return out;
    });
    track(QFuture<void>(future));
    return future;
}

QFuture<QString> BackgroundWork::exportFile(const QString &path, const RunRecord &record,
                                            ChartExportOptions chart) {
    std::shared_ptr<State> state =
        begin(QStringLiteral("Writing %1").arg(QFileInfo(path).fileName()));
    QFuture<QString> future = QtConcurrent::run([path, &record, chart, state]() mutable {
        const ExportProgress progress = [&state](qint64 done) {
            state->done = done;
            return !state->cancel.load();
        };
        if (isChartPath(path)) {
            chart.progress = progress; // the scale and the view (startS, endS) as asked
            return exportChart(path, record, chart);
        }
        return exportRecord(path, record, progress);
    });
    track(QFuture<void>(future));
    return future;
}

} // namespace coroscope
