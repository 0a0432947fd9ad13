// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "datafixtures.h"

#include "io/csvwriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <limits>

using namespace coroscope;
using namespace coroscope::test;

class TestCsvWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headerAndRowCount() {
        const RunRecord r = sampleRecord();
        const QByteArray csv = CsvWriter::toCsv(r);
        QVERIFY(csv.endsWith('\n'));
        const QList<QByteArray> lines = csv.chopped(1).split('\n');
        QCOMPARE(lines.first(), QByteArray("mode,task,index,value,due_s,at_s,lateness_ms"));
        const qint64 yields = r.groups[0]->yields() + r.groups[1]->yields();
        QCOMPARE(yields, qint64(2 * 4 + 2 + 3 * 4));
        QCOMPARE(lines.size(), 1 + yields);
        for (const QByteArray &line : lines)
            QCOMPARE(line.count(','), 6);
    }

    void rowsInRecordOrder() {
        const RunRecord r = sampleRecord();
        const QList<QByteArray> lines = CsvWriter::toCsv(r).chopped(1).split('\n');
        int row = 1;
        for (const auto &g : r.groups) {
            for (int t = 0; t < g->tasks(); ++t) {
                for (int i = 0; i < g->count(t); ++i, ++row) {
                    const QList<QByteArray> cells = lines.at(row).split(',');
                    QCOMPARE(cells.at(0), groupName(g->kind()).toUtf8());
                    QCOMPARE(cells.at(1).toInt(), t);
                    QCOMPARE(cells.at(2).toInt(), i);
                    QCOMPARE(cells.at(3).toDouble(), g->value(t, i)); // round trip exact
                }
            }
        }
        QCOMPARE(row, lines.size());
    }

    void numbers_data() {
        QTest::addColumn<int>("row");
        QTest::addColumn<QByteArray>("line");
        // task 0 yields 0 first, 123.456 µs late: due and actual exact to the nanosecond
        QTest::newRow("zero value") << 1 << QByteArray("sequential,0,0,0,0.5,0.500123456,0.123");
        // the sequential task 1 starts after task 0's 4 × 0.5 s; value max_value
        QTest::newRow("max value") << 6 << QByteArray("sequential,1,1,10,3.0,3.000124457,0.124");
        QTest::newRow("shortest double")
            << 3 << QByteArray("sequential,0,2,0.7666666666666666,1.5,1.500123458,0.123");
        QTest::newRow("concurrent first")
            << 11 << QByteArray("concurrent,0,0,0,0.5,0.500123456,0.123");
    }
    void numbers() {
        QFETCH(int, row);
        QFETCH(QByteArray, line);
        QCOMPARE(CsvWriter::toCsv(sampleRecord()).split('\n').at(row), line);
    }

    void stoppedTaskWritesWhatItYielded() {
        const RunRecord r = sampleRecord();
        const QList<QByteArray> lines = CsvWriter::toCsv(r).split('\n');
        QVERIFY(lines.contains(QByteArray("sequential,2,1,10,5.0,5.000125457,0.125")));
        QVERIFY(!lines.contains(QByteArray("sequential,2,2")));
        for (const QByteArray &line : lines)
            QVERIFY(!line.startsWith("sequential,2,2,"));
    }

    void failedWriteIsReportedAndStopsEarly() {
        // ~40 MB of rows against a device that is full after 1 KB.
        RunRecord r = sampleRecord(100'000, 10);
        FailingDevice full(1024);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!CsvWriter::write(full, r));
        QCOMPARE(full.written(), qint64(0));
        QCOMPARE(full.writeCalls(), 1); // no retries after the first refusal
        QVERIFY(clock.elapsed() < 2000);
    }

    void devFullIsReported() {
        QFile full(QStringLiteral("/dev/full"));
        if (!full.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            QSKIP("no /dev/full here");
        QVERIFY(!CsvWriter::write(full, sampleRecord()));
    }

    void millionRowsStream() {
        const RunRecord r = sampleRecord(100'000, 10);
        FailingDevice sink(std::numeric_limits<qint64>::max());
        QElapsedTimer clock;
        clock.start();
        QVERIFY(CsvWriter::write(sink, r));
        qInfo("%lld rows, %lld MB in %lld ms",
              qlonglong(r.groups[0]->yields() + r.groups[1]->yields()),
              qlonglong(sink.written() >> 20), qlonglong(clock.elapsed()));
        QVERIFY(sink.writeCalls() > 10); // written in chunks, not held whole in memory
    }
};

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
