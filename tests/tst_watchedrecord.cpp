// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "io/csvwriter.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "model/sidebyside.h"
#include "render/chartrenderer.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>

#include <QTest>

using namespace coroscope;
Q_DECLARE_METATYPE(coroscope::RunStatus)

namespace {

//! A watched program's record as WatchedRun::toRecord() makes it: one asyncio group.
std::unique_ptr<RunRecord> watchedRecord(RunStatus status) {
    auto r = std::make_unique<RunRecord>();
    RunParams &p = r->params;
    p.mode = Mode::Concurrent;
    p.timing = Timing::Relative;
    p.runtime = Runtime::Asyncio;
    p.tasks = 2;
    p.values = 3;
    p.delaySeconds = 0.1;
    p.maxValue = 10;
    p.seed = 0;
    r->source = ProgramSource{QStringLiteral("/usr/bin/python3"),
                              QStringLiteral("3.11.2"),
                              QStringLiteral("/home/me/main_2.py"),
                              {QStringLiteral("0.1"), QStringLiteral("two words")}};
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, p.tasks, p.values);
    for (int t = 0; t < p.tasks; ++t) {
        g->taskStarted(t, 0);
        for (int i = 0; i < p.values; ++i)
            g->recordYield(t, i, 1.5 * (i + t), (i + 1) * 100'000'000LL,
                           (i + 1) * 100'000'000LL + 250'000);
        g->taskEnded(t, 300'500'000);
    }
    g->computeHealth(p, 300'500'000, 0.2, status);
    r->groups.push_back(std::move(g));
    return r;
}

//! Coroscope's own run of the watched record's shape, as sideBySideParams() asks for it.
std::unique_ptr<RunRecord> qcoroRecord(const RunRecord &watched) {
    auto r = std::make_unique<RunRecord>();
    r->params = sideBySideParams(watched);
    const RunParams &p = r->params;
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, p.tasks, p.values);
    for (int t = 0; t < p.tasks; ++t) {
        g->taskStarted(t, 0);
        for (int i = 0; i < p.values; ++i)
            g->recordYield(t, i, 7.25 - i - t, (i + 1) * 100'000'000LL,
                           (i + 1) * 100'000'000LL + 40'000);
        g->taskEnded(t, 300'040'000);
    }
    g->computeHealth(p, 300'040'000, 0.1, RunStatus::Finished);
    r->groups.push_back(std::move(g));
    return r;
}

QByteArray json(const RunRecord &r) {
    return RecordJsonWriter::toJson(r, RecordJsonWriter::Content::Full);
}

} // namespace

/*!
 * A watched Python program's record (record version 2's "source"): written, read back
 * whole, refused field by field, and named as asyncio in charts and lanes.
 */
class TestWatchedRecord : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrips_data();
    void roundTrips();
    void refusals_data();
    void refusals();
    void versionOneSkipsSource();
    void chartsNameTheProgram();
    void sideBySideParamsAreTheWatchedShape();
    void copyGroupIsWhole();
    void sideBySideRoundTrips();
    void sideBySideRefusals_data();
    void sideBySideRefusals();
    void sideBySideGroupsHaveTheirOwnColours();
};

void TestWatchedRecord::roundTrips_data() {
    QTest::addColumn<RunStatus>("status");
    QTest::newRow("finished") << RunStatus::Finished;
    QTest::newRow("stopped") << RunStatus::Stopped;
    QTest::newRow("failed") << RunStatus::Failed; // the script raised: version 2 has it
}

void TestWatchedRecord::roundTrips() {
    QFETCH(RunStatus, status);
    const auto written = watchedRecord(status);
    const QByteArray bytes = json(*written);
    QVERIFY(bytes.contains("\"version\": 2"));
    QVERIFY(bytes.contains("\"source\": {\"runtime\": \"asyncio\""));
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY2(read.record, qPrintable(read.error));
    const RunRecord &r = *read.record;
    QVERIFY(r.source);
    QCOMPARE(r.source->interpreter, written->source->interpreter);
    QCOMPARE(r.source->pythonVersion, written->source->pythonVersion);
    QCOMPARE(r.source->script, written->source->script);
    QCOMPARE(r.source->arguments, written->source->arguments);
    QCOMPARE(r.params.runtime, Runtime::Asyncio);
    QCOMPARE(r.groups.front()->status.load(), status);
    QCOMPARE(r.groups.front()->yields(), written->groups.front()->yields());
    // Written again, byte for byte the same.
    QCOMPARE(json(r), bytes);
}

void TestWatchedRecord::refusals_data() {
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("error");
    QTest::newRow("runtime") << QByteArray("\"runtime\": \"asyncio\"")
                             << QByteArray("\"runtime\": \"node\"")
                             << QStringLiteral("source.runtime: \"node\" is not \"asyncio\"");
    QTest::newRow("arguments not strings")
        << QByteArray("\"arguments\": [\"0.1\", \"two words\"]") << QByteArray("\"arguments\": [1]")
        << QStringLiteral("source.arguments[0]:");
    QTest::newRow("arguments missing")
        << QByteArray(", \"arguments\": [\"0.1\", \"two words\"]") << QByteArray()
        << QStringLiteral("source.arguments: is missing");
    QTest::newRow("script not a string")
        << QByteArray("\"script\": \"/home/me/main_2.py\"") << QByteArray("\"script\": null")
        << QStringLiteral("source.script:");
    QTest::newRow("not an object")
        << QByteArray(
               "\"source\": {\"runtime\": \"asyncio\", \"interpreter\": \"/usr/bin/python3\", "
               "\"python\": \"3.11.2\", \"script\": \"/home/me/main_2.py\", "
               "\"arguments\": [\"0.1\", \"two words\"]}")
        << QByteArray("\"source\": []") << QStringLiteral("source: an array is not an object");
    QTest::newRow("lab scenario")
        << QByteArray("\"scenario\": \"seed\"")
        << QByteArray("\"scenario\": \"bounded\", \"variant\": \"limited\", \"limit\": 2")
        << QStringLiteral("source: is given but params.scenario is bounded");
    QTest::newRow("unknown member")
        << QByteArray("\"runtime\": \"asyncio\"")
        << QByteArray("\"runtime\": \"asyncio\", \"pid\": 7") << QStringLiteral("source.pid:");
}

void TestWatchedRecord::refusals() {
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, error);
    QByteArray bytes = json(*watchedRecord(RunStatus::Finished));
    QVERIFY2(bytes.contains(from), bytes.constData());
    bytes.replace(from, to);
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY(!read.record);
    QVERIFY2(read.error.startsWith(error), qPrintable(read.error));
}

void TestWatchedRecord::versionOneSkipsSource() {
    // Version 1 has no "source": a version-1 file holding one (never written) skips it, as
    // version 1 skips every member it does not know, and opens as Coroscope's own run.
    QByteArray bytes = json(*watchedRecord(RunStatus::Finished));
    bytes.replace("\"version\": 2", "\"version\": 1");
    bytes.replace(", \"scenario\": \"seed\", \"clock\": \"real\"", "");
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY2(read.record, qPrintable(read.error));
    QVERIFY(!read.record->source);
    QCOMPARE(read.record->params.runtime, Runtime::QCoro);
}

void TestWatchedRecord::chartsNameTheProgram() {
    const auto r = watchedRecord(RunStatus::Finished);
    QCOMPARE(ChartRenderer::title(*r), QStringLiteral("main_2.py: 2 asyncio tasks, watched live"));
    const QString line = ChartRenderer::parametersLine(*r);
    QVERIFY2(line.contains(QStringLiteral("Python 3.11.2 (/usr/bin/python3)")), qPrintable(line));
    QVERIFY2(!line.contains(QStringLiteral("QCoro")), qPrintable(line));
    QCOMPARE(ChartRenderer::groupTitle(r->params, GroupKind::Concurrent),
             QStringLiteral("asyncio"));
}

void TestWatchedRecord::sideBySideParamsAreTheWatchedShape() {
    const auto watched = watchedRecord(RunStatus::Finished);
    const RunParams p = sideBySideParams(*watched);
    QCOMPARE(p.runtime, Runtime::QCoro);
    QCOMPARE(p.mode, Mode::Concurrent);
    QCOMPARE(p.timing, Timing::Relative); // asyncio sleeps count from the wake-up
    QCOMPARE(p.tasks, 2);
    QCOMPARE(p.values, 3);
    QCOMPARE(p.delaySeconds, 0.1);
    QCOMPARE(p.maxValue, 10.0);
    QVERIFY(!p.sideBySide);
    QVERIFY(canRunBeside(*watched));
    // Not while the program runs, not for Coroscope's own runs, not twice.
    QVERIFY(!canRunBeside(*watchedRecord(RunStatus::Running)));
    QVERIFY(!canRunBeside(*qcoroRecord(*watched)));
    QVERIFY(!canRunBeside(*sideBySideRecord(*watched, *qcoroRecord(*watched))));
}

void TestWatchedRecord::copyGroupIsWhole() {
    const auto watched = watchedRecord(RunStatus::Stopped);
    const GroupRecord &g = *watched->groups.front();
    const auto c = copyGroup(g);
    QCOMPARE(c->kind(), g.kind());
    QCOMPARE(c->tasks(), g.tasks());
    QCOMPARE(c->values(), g.values());
    QCOMPARE(c->yields(), g.yields());
    QCOMPARE(c->lastYieldNs(), g.lastYieldNs());
    QCOMPARE(c->status.load(), RunStatus::Stopped);
    QCOMPARE(c->health.wallS, g.health.wallS);
    QCOMPARE(c->health.latenessP99Ms, g.health.latenessP99Ms);
    for (int t = 0; t < g.tasks(); ++t) {
        QCOMPARE(c->startNs(t), g.startNs(t));
        QCOMPARE(c->endNs(t), g.endNs(t));
        QCOMPARE(c->valuesOf(t), g.valuesOf(t));
        for (int i = 0; i < g.count(t); ++i) {
            QCOMPARE(c->atNs(t, i), g.atNs(t, i));
            QCOMPARE(c->dueNs(t, i), g.dueNs(t, i));
        }
    }
}

void TestWatchedRecord::sideBySideRoundTrips() {
    const auto watched = watchedRecord(RunStatus::Finished);
    const auto both = sideBySideRecord(*watched, *qcoroRecord(*watched));
    QVERIFY(both->params.sideBySide);
    QCOMPARE(both->groups.size(), size_t(2));
    const QByteArray bytes = json(*both);
    QVERIFY2(bytes.contains("\"beside\": \"qcoro\""), bytes.constData());
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY2(read.record, qPrintable(read.error));
    const RunRecord &r = *read.record;
    QVERIFY(r.params.sideBySide);
    QCOMPARE(r.params.runtime, Runtime::Asyncio);
    QCOMPARE(r.groups.size(), size_t(2));
    // The asyncio lanes first, QCoro's second, each its own values.
    QCOMPARE(r.groups[0]->valuesOf(1), watched->groups[0]->valuesOf(1));
    QCOMPARE(r.groups[1]->valuesOf(1), both->groups[1]->valuesOf(1));
    QVERIFY(r.groups[0]->valuesOf(1) != r.groups[1]->valuesOf(1));
    QCOMPARE(ChartRenderer::groupTitle(r, *r.groups[0]), QStringLiteral("asyncio"));
    QCOMPARE(ChartRenderer::groupTitle(r, *r.groups[1]), QStringLiteral("QCoro"));
    QCOMPARE(ChartRenderer::title(r),
             QStringLiteral("main_2.py: 2 asyncio tasks beside QCoro's run of the same shape"));
    QCOMPARE(groupRuntime(r, 0), Runtime::Asyncio);
    QCOMPARE(groupRuntime(r, 1), Runtime::QCoro);
    // Both figures in one line: walls 0.3005 s and 0.30004 s, lateness 0.25 ms and 0.04 ms.
    QCOMPARE(
        sideBySideLine(r),
        QStringLiteral("asyncio 0.3005 s, p99 late 0.25 ms; QCoro 0.3000 s, p99 late 0.04 ms"));
    QCOMPARE(sideBySideLine(*watched), QString()); // one program alone: no such line
    // The CSV names who ran each row.
    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QVERIFY(CsvWriter::write(csv, r));
    QCOMPARE(csv.data().count("\nasyncio,"), 6);
    QCOMPARE(csv.data().count("\nqcoro,"), 6);
    // Written again, byte for byte the same.
    QCOMPARE(json(r), bytes);
}

void TestWatchedRecord::sideBySideRefusals_data() {
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("error");
    QTest::newRow("beside another runtime")
        << QByteArray("\"beside\": \"qcoro\"") << QByteArray("\"beside\": \"trio\"")
        << QStringLiteral("source.beside: \"trio\" is not \"qcoro\"");
    QTest::newRow("beside not a string")
        << QByteArray("\"beside\": \"qcoro\"") << QByteArray("\"beside\": true")
        << QStringLiteral("source.beside:");
    QTest::newRow("beside without its run")
        << QByteArray(",\n  {\"mode\"") << QByteArray("], \"x\": [{\"mode\"")
        << QStringLiteral("runs: 1 entries, but params.mode concurrent needs 2");
}

void TestWatchedRecord::sideBySideRefusals() {
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, error);
    const auto watched = watchedRecord(RunStatus::Finished);
    QByteArray bytes = json(*sideBySideRecord(*watched, *qcoroRecord(*watched)));
    QVERIFY2(bytes.contains(from), bytes.constData());
    bytes.replace(from, to);
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY(!read.record);
    QVERIFY2(read.error.startsWith(error), qPrintable(read.error));
}

//! A side-by-side chart draws QCoro's lanes in a hue of their own (both groups are
//! concurrent: before, both were the concurrent blue); its legend names both runtimes.
void TestWatchedRecord::sideBySideGroupsHaveTheirOwnColours() {
    const auto watched = watchedRecord(RunStatus::Finished);
    const auto both = sideBySideRecord(*watched, *qcoroRecord(*watched));
    for (const ChartPalette &pal : {ChartPalette::light(), ChartPalette::darkPalette()}) {
        QCOMPARE(pal.groupColor(*both, *both->groups[0]), pal.concurrent);
        QCOMPARE(pal.groupColor(*both, *both->groups[1]), pal.beside);
        QCOMPARE(pal.groupColor(*watched, *watched->groups[0]), pal.concurrent);
        QVERIFY(pal.beside != pal.concurrent && pal.beside != pal.sequential);
        // Pixels of each colour, exactly (dots are filled with it), in the two charts.
        const auto count = [&](const RunRecord &r, const QColor &c) {
            ChartOptions o;
            o.palette = pal;
            QImage image(ChartRenderer::pageSize(r, o).toSize(), QImage::Format_ARGB32);
            image.fill(pal.background);
            QPainter painter(&image);
            ChartRenderer::paint(painter, image.rect(), r, o);
            painter.end();
            int n = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    n += image.pixelColor(x, y).rgb() == c.rgb();
            return n;
        };
        QVERIFY(count(*both, pal.beside) > 100);
        QVERIFY(count(*both, pal.concurrent) > 100);
        QCOMPARE(count(*watched, pal.beside), 0);
    }
}

QTEST_MAIN(TestWatchedRecord)
#include "tst_watchedrecord.moc"
