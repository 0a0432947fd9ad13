// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// A watched program's label yields (values that are not numbers: "'ready'", None): kept in
// the record in their task's order with their times, drawn on the lane, saved, read back,
// refused when malformed, and written to CSV and trace exports.
#include "io/csvwriter.h"
#include "io/numberformat.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "io/tracewriter.h"
#include "render/chartexport.h"
#include "render/lanepainter.h"
#include "watch/traceline.h"
#include "watch/watchedrun.h"
#include "watch/watchsnapshot.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <malloc.h>

#include <cmath>
#include <limits>

using namespace coroscope;

namespace {

constexpr qint64 kMs = 1'000'000;

/*!
 * A watched program's record: task 0 yields 2.5, 'start', 7.25, 'ready' (every 100 ms,
 * 0.3 ms late); task 1 only labels, 'start' then a text with a quote and a comma.
 */
std::unique_ptr<RunRecord> labelledRecord() {
    auto r = std::make_unique<RunRecord>();
    RunParams &p = r->params;
    p.mode = Mode::Concurrent;
    p.timing = Timing::Relative;
    p.runtime = Runtime::Asyncio;
    p.tasks = 2;
    p.values = 4;
    p.delaySeconds = 0.1;
    p.maxValue = 10;
    p.seed = 0;
    r->source = ProgramSource{QStringLiteral("/usr/bin/python3"),
                              QStringLiteral("3.11.2"),
                              QStringLiteral("labels.py"),
                              {}};
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, p.tasks, p.values);
    const auto due = [](int i) { return qint64(i + 1) * 100 * kMs; };
    const qint64 late = 300'000;
    g->taskStarted(0, 0);
    g->recordYield(0, 0, 2.5, due(0), due(0) + late);
    g->recordLabelYield(0, 1, QStringLiteral("'start'"), due(1), due(1) + late);
    g->recordYield(0, 2, 7.25, due(2), due(2) + late);
    g->recordLabelYield(0, 3, QStringLiteral("'ready'"), due(3), due(3) + late);
    g->taskEnded(0, 400 * kMs + late);
    g->taskStarted(1, 0);
    g->recordLabelYield(1, 0, QStringLiteral("'start'"), due(0), due(0) + late);
    g->recordLabelYield(1, 1, QStringLiteral("'say \"hi\", then'"), due(1), due(1) + late);
    g->taskEnded(1, 200 * kMs + late);
    g->computeHealth(p, 400 * kMs + late, 0.1, RunStatus::Finished);
    r->groups.push_back(std::move(g));
    return r;
}

QByteArray json(const RunRecord &r) {
    return RecordJsonWriter::toJson(r, RecordJsonWriter::Content::Full);
}

watch::TraceEvent traceEvent(const QByteArray &line) {
    const watch::TraceParse parsed = watch::parseTraceLine(line);
    if (!parsed.event)
        qFatal("bad trace line %s: %s", line.constData(), qPrintable(parsed.error));
    return *parsed.event;
}

} // namespace

class TestLabelYields : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordKeepsLabelsInOrder();
    void numbersAreNeverLabels();
    void watchedRunKeepsLabels();
    void roundTrips();
    void refusals_data();
    void refusals();
    void versionOneSkipsLabels();
    void csvWritesTheText();
    void traceExportWritesTheText();
    void painterMarksLabels();
    void labelTextsNeverOverlap();
    void hitTestFindsTheMark();
    void exportedChartsHoldThem();
    void liveCutoffHidesLaterLabels();
    void denseLaneKeepsItsLabels();
    void labelsCostNothingPerTask();
};

void TestLabelYields::recordKeepsLabelsInOrder() {
    const auto r = labelledRecord();
    const GroupRecord &g = *r->groups.front();
    QVERIFY(g.hasLabels());
    QCOMPARE(g.count(0), 4);
    QCOMPARE(g.yields(), 6);
    QVERIFY(!g.isLabel(0, 0));
    QCOMPARE(g.value(0, 0), 2.5);
    QVERIFY(g.isLabel(0, 1));
    QCOMPARE(g.labelText(g.value(0, 1)), QStringLiteral("'start'"));
    QCOMPARE(g.value(0, 2), 7.25);
    QCOMPARE(g.labelText(g.value(0, 3)), QStringLiteral("'ready'"));
    // Each keeps its time, due time and lateness like a number.
    QCOMPARE(g.dueNs(0, 3), 400 * kMs);
    QCOMPARE(g.atNs(0, 3), 400 * kMs + 300'000);
    QCOMPARE(g.latenessNs(0, 1), 300'000);
    // The texts are stored once each ('start' is yielded twice).
    QCOMPARE(g.labels().size(), size_t(3));
    // valuesOf() carries them too, so a list shows them (yieldText()).
    const QList<double> values = g.valuesOf(0);
    QCOMPARE(yieldText(g, values[1], 10), QStringLiteral("'start'"));
    QCOMPARE(yieldText(g, values[2], 10), QStringLiteral("7.25"));
    // The lateness figures count them like numbers: all six yields are 0.3 ms late.
    QCOMPARE(g.health.latenessMaxMs, 0.3);
    QCOMPARE(g.health.latenessP50Ms, 0.3);
    // A copy (a side-by-side record) keeps them.
    const auto copy = copyGroup(g);
    QCOMPARE(copy->labelText(copy->value(1, 1)), QStringLiteral("'say \"hi\", then'"));
    QCOMPARE(copy->value(0, 2), 7.25);
}

void TestLabelYields::numbersAreNeverLabels() {
    // Only the tag marks a label: NaNs arithmetic makes (either sign), infinities and
    // ordinary numbers are not.
    QVERIFY(!GroupRecord::isLabel(std::numeric_limits<double>::quiet_NaN()));
    QVERIFY(!GroupRecord::isLabel(-std::numeric_limits<double>::quiet_NaN()));
    QVERIFY(!GroupRecord::isLabel(0.0 / std::numeric_limits<double>::infinity() *
                                  std::numeric_limits<double>::infinity()));
    QVERIFY(!GroupRecord::isLabel(std::numeric_limits<double>::infinity()));
    QVERIFY(!GroupRecord::isLabel(7.31));
    QVERIFY(!GroupRecord::isLabel(0.0));
    // A group of numbers only (every run of Coroscope's own) has no labels.
    GroupRecord g(GroupKind::Concurrent, 2, 2);
    g.recordYield(0, 0, 1.0, 10, 20);
    QVERIFY(!g.hasLabels());
    QVERIFY(!g.isLabel(0, 0));
}

void TestLabelYields::watchedRunKeepsLabels() {
    watch::WatchedRun run;
    const QList<QByteArray> lines = {
        "H\tcoroscope-trace\t1\t3.11.2\t/usr/bin/python3\t100000000\tlabels.py",
        "T\t1\t1000\t0\tTask-1\tmain\tlabels.py:3",
        "T\t2\t2000\t1\tTask-2\tproduce\tlabels.py:9",
        "T\t3\t3000\t1\tTask-3\tannounce\tlabels.py:14",
        "S\t2\t5000\t6000\tsleep\t100006000",
        "Y\t2\t100106000\t100006000\tl\t'start'",
        "Y\t2\t200206000\t200106000\tn\t4.5",
        "Y\t2\t300306000\t300206000\tl\t'ready'",
        "Y\t3\t150000000\t-\tl\tNone",
        "D\t2\t300306000\t300400000\tdone\t",
        "D\t3\t150000000\t150100000\tdone\t",
        "X\t400000000\tok\t0\t",
    };
    for (const QByteArray &line : lines)
        QCOMPARE(run.apply(traceEvent(line)), QString());
    const auto record = run.toRecord(RunStatus::Finished);
    QVERIFY(record);
    // Both tasks that yielded have a lane, the label-only one too; main yielded nothing.
    QCOMPARE(record->params.tasks, 2);
    QCOMPARE(record->params.values, 3);
    const GroupRecord &g = *record->groups.front();
    QCOMPARE(g.count(0), 3);
    QVERIFY(g.isLabel(0, 0));
    QCOMPARE(g.labelText(g.value(0, 0)), QStringLiteral("'start'"));
    QCOMPARE(g.value(0, 1), 4.5);
    QCOMPARE(g.labelText(g.value(0, 2)), QStringLiteral("'ready'"));
    // Times from the first task's creation (1,000 ns), due times from the sleeps.
    QCOMPARE(g.atNs(0, 0), 100'105'000);
    QCOMPARE(g.dueNs(0, 0), 100'005'000);
    QCOMPARE(g.atNs(0, 2), 300'305'000);
    QCOMPARE(g.latenessNs(0, 2), 100'000);
    QCOMPARE(g.count(1), 1);
    QCOMPARE(g.labelText(g.value(1, 0)), QStringLiteral("None"));
    QCOMPARE(g.latenessNs(1, 0), 0); // no sleep before it: due when yielded
    // The summary lists them in each lane's values.
    watch::WatchSnapshot s;
    s.record = std::shared_ptr<const RunRecord>(run.toRecord(RunStatus::Finished));
    const QString summary = watch::watchSummaryText(s);
    QVERIFY2(summary.contains(QStringLiteral("lane 0: ['start', 4.5, 'ready']")),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("lane 1: [None]")), qPrintable(summary));
}

void TestLabelYields::roundTrips() {
    const auto written = labelledRecord();
    const QByteArray bytes = json(*written);
    QVERIFY(bytes.contains("\"version\": 2"));
    QVERIFY2(bytes.contains("\"values\": [2.5, null, 7.25, null]"), bytes.constData());
    QVERIFY2(bytes.contains("\"labels\": [[1, \"'start'\"], [3, \"'ready'\"]]"), bytes.constData());
    QVERIFY2(bytes.contains("\"labels\": [[0, \"'start'\"], [1, \"'say \\\"hi\\\", then'\"]]"),
             bytes.constData());
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY2(read.record, qPrintable(read.error));
    const GroupRecord &g = *read.record->groups.front();
    const GroupRecord &w = *written->groups.front();
    for (int t = 0; t < 2; ++t) {
        QCOMPARE(g.count(t), w.count(t));
        for (int i = 0; i < g.count(t); ++i) {
            QCOMPARE(g.isLabel(t, i), w.isLabel(t, i));
            QCOMPARE(yieldText(g, g.value(t, i), 10), yieldText(w, w.value(t, i), 10));
            QCOMPARE(g.atNs(t, i), w.atNs(t, i));
            QCOMPARE(g.dueNs(t, i), w.dueNs(t, i));
        }
    }
    // Written again, byte for byte the same.
    QCOMPARE(json(*read.record), bytes);

    // A label with control characters and non-ASCII text survives too.
    auto odd = labelledRecord();
    GroupRecord &og = *odd->groups.front();
    auto fresh = std::make_unique<GroupRecord>(GroupKind::Concurrent, 2, 4);
    fresh->taskStarted(0, 0);
    fresh->recordLabelYield(0, 0, QStringLiteral("tab\there\nnew \u00e9\u2192"), 10, 20);
    fresh->computeHealth(odd->params, 30, 0, RunStatus::Finished);
    odd->groups.front() = std::move(fresh);
    Q_UNUSED(og);
    const RecordReadResult back = RecordReader::fromBytes(json(*odd));
    QVERIFY2(back.record, qPrintable(back.error));
    const GroupRecord &bg = *back.record->groups.front();
    QCOMPARE(bg.labelText(bg.value(0, 0)), QStringLiteral("tab\there\nnew \u00e9\u2192"));
}

void TestLabelYields::refusals_data() {
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("error");
    const QByteArray labels0 = "\"labels\": [[1, \"'start'\"], [3, \"'ready'\"]]";
    QTest::newRow("text not a string")
        << labels0 << QByteArray("\"labels\": [[1, 5], [3, \"'ready'\"]]")
        << QStringLiteral("runs[0].tasks[0].labels[0][1]: 5 is not a string");
    QTest::newRow("not an array") << labels0 << QByteArray("\"labels\": {}")
                                  << QStringLiteral("runs[0].tasks[0].labels: an object is not "
                                                    "an array");
    QTest::newRow("row too short")
        << labels0 << QByteArray("\"labels\": [[1], [3, \"'ready'\"]]")
        << QStringLiteral("runs[0].tasks[0].labels[0]: has 1 entries, not 2");
    QTest::newRow("index past values")
        << labels0 << QByteArray("\"labels\": [[1, \"'start'\"], [3, \"'ready'\"], [9, \"x\"]]")
        << QStringLiteral("runs[0].tasks[0].labels[2][0]: 9 is out of range (0 … 3)");
    QTest::newRow("label at a number")
        << labels0 << QByteArray("\"labels\": [[0, \"x\"], [1, \"'start'\"], [3, \"'ready'\"]]")
        << QStringLiteral("runs[0].tasks[0].labels[0][0]: 0 is a number's place in values, not a "
                          "label's (null)");
    QTest::newRow("null without a label")
        << labels0 << QByteArray("\"labels\": [[1, \"'start'\"]]")
        << QStringLiteral("runs[0].tasks[0].values[3]: is null but labels has no text for it");
    QTest::newRow("labels missing") << QByteArray(",\n       " + labels0) << QByteArray()
                                    << QStringLiteral("runs[0].tasks[0].values[1]: is null but "
                                                      "labels has no text for it");
    QTest::newRow("out of order")
        << labels0 << QByteArray("\"labels\": [[3, \"'ready'\"], [1, \"'start'\"]]")
        << QStringLiteral("runs[0].tasks[0].labels[1][0]: 1 is not after the label before it");
    QTest::newRow("too long") << labels0
                              << QByteArray("\"labels\": [[1, \"" + QByteArray(1001, 'x') +
                                            "\"], [3, \"'ready'\"]]")
                              << QStringLiteral("runs[0].tasks[0].labels[0][1]: is longer than "
                                                "1000 characters");
    QTest::newRow("null in version 1")
        << QByteArray("\"version\": 2") << QByteArray("\"version\": 1")
        << QStringLiteral("runs[0].tasks[0].values[1]: null is not a number");
}

void TestLabelYields::refusals() {
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, error);
    QByteArray bytes = json(*labelledRecord());
    QVERIFY2(bytes.contains(from), bytes.constData());
    bytes.replace(from, to);
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY(!read.record);
    QVERIFY2(read.error.startsWith(error), qPrintable(read.error));
    QVERIFY(!read.error.contains(QLatin1Char('\n')));
}

void TestLabelYields::versionOneSkipsLabels() {
    // Version 1 knows no labels: a member of that name is skipped like any unknown one.
    RunRecord r;
    r.params.tasks = 1;
    r.params.values = 1;
    r.params.delaySeconds = 0.1;
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 1, 1);
    g->taskStarted(0, 0);
    g->recordYield(0, 0, 3.5, 100 * kMs, 100 * kMs);
    g->taskEnded(0, 100 * kMs);
    g->computeHealth(r.params, 100 * kMs, 0, RunStatus::Finished);
    r.groups.push_back(std::move(g));
    QByteArray bytes = json(r);
    QVERIFY(bytes.contains("\"version\": 1"));
    QVERIFY(!bytes.contains("labels"));
    bytes.replace("\"at_s\": [0.1]", "\"at_s\": [0.1], \"labels\": [[0, \"x\"]]");
    const RecordReadResult read = RecordReader::fromBytes(bytes);
    QVERIFY2(read.record, qPrintable(read.error));
    QVERIFY(!read.record->groups.front()->hasLabels());
    QCOMPARE(read.record->groups.front()->value(0, 0), 3.5);
}

void TestLabelYields::csvWritesTheText() {
    const QByteArray csv = CsvWriter::toCsv(*labelledRecord());
    QVERIFY2(csv.contains("\ntask 0,0,0,2.5,0.1,0.1003,0.3\n") ||
                 csv.contains(",0,0,2.5,0.1,0.1003,0.3\n"),
             csv.constData());
    QVERIFY2(csv.contains(",0,1,\"'start'\",0.2,0.2003,0.3\n"), csv.constData());
    QVERIFY2(csv.contains(",0,3,\"'ready'\",0.4,0.4003,0.3\n"), csv.constData());
    // RFC 4180: the comma stays inside the quotes, a quote is doubled.
    QVERIFY2(csv.contains(",1,1,\"'say \"\"hi\"\", then'\",0.2,0.2003,0.3\n"), csv.constData());
    // Every row has the header's seven fields, read the RFC 4180 way.
    const QList<QByteArray> rows = csv.trimmed().split('\n');
    QCOMPARE(rows.size(), 1 + 6);
    for (const QByteArray &row : rows) {
        int fields = 1;
        bool quoted = false;
        for (const char c : row) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                ++fields;
        }
        QCOMPARE(fields, 7);
    }
}

void TestLabelYields::traceExportWritesTheText() {
    const QByteArray trace = TraceWriter::toJson(*labelledRecord());
    QVERIFY2(trace.contains("\"value\": \"'ready'\""), trace.constData());
    QVERIFY2(trace.contains("\"value\": \"'say \\\"hi\\\", then'\""), trace.constData());
    QVERIFY2(trace.contains("\"value\": 7.25"), trace.constData());
}

namespace {

//! Task \a task of \a r drawn on a 400 × 60 lane over 0 … 0.5 s.
QImage paintTask(const RunRecord &r, int task, const TimeAxis &axis, int highlight = -1,
                 double nowS = -1) {
    QImage image(QSize(420, 80), QImage::Format_ARGB32_Premultiplied);
    LanePainter lanes;
    image.fill(lanes.palette().background);
    QPainter p(&image);
    LaneOptions o;
    o.highlightIndex = highlight;
    o.nowS = nowS;
    lanes.paint(p, QRectF(10, 10, 400, 60), axis, *r.groups.front(), task, r.params, o);
    return image;
}

//! Pixels in \a box far from the background (> 60 in some channel).
int inked(const QImage &image, const QRect &box) {
    const QColor bg = LanePainter().palette().background;
    int n = 0;
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - bg.red()) > 60 || std::abs(c.green() - bg.green()) > 60 ||
                std::abs(c.blue() - bg.blue()) > 60)
                ++n;
        }
    return n;
}

} // namespace

void TestLabelYields::painterMarksLabels() {
    const auto r = labelledRecord();
    const TimeAxis axis(0, 0.5, 10, 400);
    const QRectF lane(10, 10, 400, 60);
    const double size = LanePainter::labelMarkSize(lane);
    const double y = LanePainter::labelY(lane, size);
    // Task 1 yields only labels: 'start' at 0.1003 s. Its diamond is on the baseline, in
    // the group's colour, outlined.
    const QImage image = paintTask(*r, 1, axis);
    const int x = int(std::lround(axis.xForTime(0.1003)));
    const QColor fill = LanePainter().palette().groupColor(GroupKind::Concurrent);
    const QColor centre = image.pixelColor(x, int(y));
    QVERIFY2(std::abs(centre.red() - fill.red()) < 40 &&
                 std::abs(centre.green() - fill.green()) < 40 &&
                 std::abs(centre.blue() - fill.blue()) < 40,
             qPrintable(centre.name()));
    // Its text beside it, up to the next label (0.2003 s, 80 px on): ink right of the mark.
    const int next = int(axis.xForTime(0.2003));
    QVERIFY(inked(image, QRect(x + int(size) + 3, int(y) - 14, next - x - int(size) - 8, 10)) > 20);
    // The same lane with the labels taken out: nothing there.
    RunRecord empty;
    empty.params = r->params;
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 2, 4);
    g->taskStarted(1, 0);
    g->taskEnded(1, 200 * kMs + 300'000);
    g->computeHealth(empty.params, 400 * kMs, 0, RunStatus::Finished);
    empty.groups.push_back(std::move(g));
    const QImage none = paintTask(empty, 1, axis);
    QCOMPARE(inked(none, QRect(x - 2, int(y) - 2, 5, 5)), 0);
    QCOMPARE(inked(none, QRect(x + int(size) + 3, int(y) - 14, next - x - int(size) - 8, 10)), 0);

    // Task 0 mixes them: its numbers' line goes from 2.5 (0.1003 s) to 7.25 (0.3003 s),
    // past the label at 0.2003 s, not down to it; the label's diamond is at the foot.
    const QImage mixed = paintTask(*r, 0, axis);
    const QRectF plot = LanePainter::plotRect(lane);
    const double xl = axis.xForTime(0.2003);
    const double lineY = TimeAxis::yForValue((2.5 + 7.25) / 2, 10, plot.top(), plot.height());
    QVERIFY(inked(mixed, QRect(int(xl) - 1, int(lineY) - 2, 3, 5)) > 0);
    QVERIFY(inked(mixed, QRect(int(xl) - 1, int(y) - 1, 3, 3)) > 0);
    // Highlighted (hovered), the diamond grows.
    const QImage hovered = paintTask(*r, 1, axis, 0);
    QVERIFY(inked(hovered, QRect(x - 8, int(y) - 8, 17, 17)) >
            inked(image, QRect(x - 8, int(y) - 8, 17, 17)));
}

namespace {

//! One task yielding two labels, \a first at 0.1 s and \a second at \a secondS.
std::unique_ptr<RunRecord> twoLabels(const QString &first, const QString &second, double secondS) {
    auto r = labelledRecord();
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 2, 4);
    g->taskStarted(1, 0);
    g->recordLabelYield(1, 0, first, 100 * kMs, 100 * kMs);
    const qint64 at = std::llround(secondS * 1e9);
    g->recordLabelYield(1, 1, second, at, at);
    g->taskEnded(1, at);
    g->computeHealth(r->params, at, 0, RunStatus::Finished);
    r->groups.front() = std::move(g);
    return r;
}

//! Whether \a a and \b b hold the same pixels in \a box.
bool samePixels(const QImage &a, const QImage &b, const QRect &box) {
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y))
                return false;
    return true;
}

} // namespace

void TestLabelYields::labelTextsNeverOverlap() {
    const QRectF lane(10, 10, 400, 60);
    const int size = int(std::ceil(LanePainter::labelMarkSize(lane)));
    const int y = int(LanePainter::labelY(lane, size));
    const QString longText = QStringLiteral("'a rather long label, longer than the gap'");
    const TimeAxis axis(0, 0.5, 10, 400); // 800 px a second

    // 40 px apart: the first text is elided to end before the second mark. Everything from
    // just left of that mark on is what it is with an empty first text.
    const double x0 = axis.xForTime(0.1);
    const double x1 = axis.xForTime(0.15);
    const QImage elided = paintTask(*twoLabels(longText, QStringLiteral("'b'"), 0.15), 1, axis);
    const QImage blank = paintTask(*twoLabels(QString(), QStringLiteral("'b'"), 0.15), 1, axis);
    QVERIFY(inked(elided, QRect(int(x0) + size + 2, y - 14, 20, 10)) > 10); // the text is there
    QVERIFY(samePixels(elided, blank, QRect(int(x1) - size - 2, 10, 420 - int(x1), 60)));
    // Without a next label it runs on to the lane's end.
    const QImage last = paintTask(*twoLabels(QStringLiteral("'b'"), longText, 0.15), 1, axis);
    QVERIFY(inked(last, QRect(int(x1) + size + 60, y - 14, 60, 10)) > 10);

    // 2 px apart (20 px a second): no room for the first text at all, so right of the
    // second mark only the second text shows.
    const TimeAxis wide(0, 20, 10, 400);
    const double w1 = wide.xForTime(0.2);
    const QImage crowded = paintTask(*twoLabels(longText, QStringLiteral("'b'"), 0.2), 1, wide);
    const QImage alone = paintTask(*twoLabels(QString(), QStringLiteral("'b'"), 0.2), 1, wide);
    QVERIFY(inked(crowded, QRect(int(w1) + size + 2, y - 14, 12, 10)) > 5);
    QVERIFY(samePixels(crowded, alone, QRect(int(w1) + size, 10, 100, 60)));
}

void TestLabelYields::hitTestFindsTheMark() {
    const auto r = labelledRecord();
    const TimeAxis axis(0, 0.5, 10, 400);
    const QRectF lane(10, 10, 400, 60);
    const double y = LanePainter::labelY(lane, LanePainter::labelMarkSize(lane));
    const GroupRecord &g = *r->groups.front();
    const double x = axis.xForTime(0.2003);
    QCOMPARE(LanePainter::hitTest(QPointF(x, y), lane, axis, g, 0, r->params, -1), 1);
    // At the top of the lane, above the mark: nothing there.
    QCOMPARE(LanePainter::hitTest(QPointF(x, lane.top() + 2), lane, axis, g, 0, r->params, -1), -1);
}

//! A live lane (or a replay) at 0.15 s: the label at 0.1003 s shows, the one at 0.2003 s
//! not yet.
void TestLabelYields::liveCutoffHidesLaterLabels() {
    const auto r = labelledRecord();
    const TimeAxis axis(0, 0.5, 10, 400);
    const QRectF lane(10, 10, 400, 60);
    const int y = int(LanePainter::labelY(lane, LanePainter::labelMarkSize(lane)));
    const QImage live = paintTask(*r, 1, axis, -1, 0.15);
    const int x0 = int(std::lround(axis.xForTime(0.1003)));
    const int x1 = int(std::lround(axis.xForTime(0.2003)));
    QVERIFY(inked(live, QRect(x0 - 1, y - 1, 3, 3)) > 0);
    QCOMPARE(inked(live, QRect(x1 - 2, y - 14, 60, 17)), 0);
    QVERIFY(inked(paintTask(*r, 1, axis), QRect(x1 - 2, y - 14, 60, 17)) > 0);
}

//! 10,000 yields on 400 px (drawn from column extents, not yield by yield), every 1,000th
//! a label: the numbers' trace is drawn, each label's diamond too.
void TestLabelYields::denseLaneKeepsItsLabels() {
    RunRecord r;
    r.params.tasks = 1;
    r.params.values = 10'000;
    r.params.delaySeconds = 0.001;
    r.params.maxValue = 10;
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, 1, 10'000);
    g->taskStarted(0, 0);
    for (int i = 0; i < 10'000; ++i) {
        const qint64 at = (i + 1) * kMs;
        if (i % 1000 == 500)
            g->recordLabelYield(0, i, QStringLiteral("'tick'"), at, at);
        else
            g->recordYield(0, i, 8.0, at, at);
    }
    g->computeHealth(r.params, 10'000 * kMs, 0, RunStatus::Finished);
    r.groups.push_back(std::move(g));
    const TimeAxis axis(0, 10, 10, 400);
    const QRectF lane(10, 10, 400, 60);
    const int y = int(LanePainter::labelY(lane, LanePainter::labelMarkSize(lane)));
    const QImage image = paintTask(r, 0, axis);
    const QRectF plot = LanePainter::plotRect(lane);
    const int traceY = int(TimeAxis::yForValue(8.0, 10, plot.top(), plot.height()));
    const int size = int(std::ceil(LanePainter::labelMarkSize(lane)));
    for (int k = 0; k < 10; ++k) {
        const int x = int(std::lround(axis.xForTime((k * 1000 + 501) * 1e-3)));
        QVERIFY2(inked(image, QRect(x - 1, y - 1, 3, 3)) > 0, qPrintable(QString::number(k)));
        QVERIFY(inked(image, QRect(x - 1, traceY - 1, 3, 3)) > 0); // the trace at 8
        // Above the diamond (its text is right of it) the trace does not dip to the label.
        QCOMPARE(inked(image, QRect(x, traceY + 3, 1, y - size - 2 - (traceY + 3))), 0);
    }
}

//! The exported SVG (the window's painter on another device) writes the texts and the
//! legend's entry (the raster path is painterMarksLabels()'s).
void TestLabelYields::exportedChartsHoldThem() {
    QTemporaryDir dir;
    const auto r = labelledRecord();
    const QString svg = dir.filePath(QStringLiteral("chart.svg"));
    QCOMPARE(exportChart(svg, *r), QString());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("'ready'"));
    QVERIFY(text.contains("label (a yield that is not a number)"));
    // Task 1's text with its quotes, as the SVG escapes them (or elided at this width).
    QVERIFY(text.contains("&apos;say") || text.contains("'say"));
}

/*!
 * Coroscope's own runs pay nothing for labels: a 1,000,000-task group of numbers allocates
 * what bytesNeeded() says (the arrays a yield and a task need) and no more, and its first
 * label adds one small table, not bytes a task.
 */
void TestLabelYields::labelsCostNothingPerTask() {
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("the sanitizers' allocator keeps its own books (mallinfo2 says nothing)");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    QSKIP("the sanitizers' allocator keeps its own books (mallinfo2 says nothing)");
#endif
#endif
    constexpr int kTasks = 1'000'000;
    constexpr int kValues = 10;
    const DueSchedule schedule{100 * kMs, 0};
    // Small blocks (uordblks) and the large ones malloc maps on their own (hblkhd).
    const auto inUse = [] {
        const struct mallinfo2 m = mallinfo2();
        return m.uordblks + m.hblkhd;
    };
    const size_t before = inUse();
    auto g = std::make_unique<GroupRecord>(GroupKind::Concurrent, kTasks, kValues, schedule);
    for (int t = 0; t < kTasks; ++t)
        for (int i = 0; i < kValues; ++i)
            g->recordYield(t, i, 1.0, qint64(i + 1) * 100 * kMs, qint64(i + 1) * 100 * kMs + 1000);
    const size_t numbers = inUse() - before;
    const quint64 needed = GroupRecord::bytesNeeded(kTasks, kValues, true);
    // The arrays are sized exactly; 64 KiB covers the object itself and small tables.
    QVERIFY2(numbers >= needed && numbers <= needed + quint64(64) * 1024,
             qPrintable(QStringLiteral("%1 bytes allocated, %2 needed").arg(numbers).arg(needed)));
    QVERIFY(!g->hasLabels());
    g.reset();
    // A label: one entry in the table of texts (a chunk of 64), nothing a task.
    auto l = std::make_unique<GroupRecord>(GroupKind::Concurrent, kTasks, 1);
    const size_t beforeLabel = inUse();
    l->recordLabelYield(kTasks - 1, 0, QStringLiteral("'ready'"), 10, 20);
    const size_t label = inUse() - beforeLabel;
    QVERIFY2(label <= 4096, qPrintable(QString::number(label)));
    QVERIFY(l->hasLabels());
}

QTEST_MAIN(TestLabelYields)
#include "tst_labelyields.moc"
