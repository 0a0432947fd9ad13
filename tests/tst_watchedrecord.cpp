// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "render/chartrenderer.h"

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

QTEST_GUILESS_MAIN(TestWatchedRecord)
#include "tst_watchedrecord.moc"
