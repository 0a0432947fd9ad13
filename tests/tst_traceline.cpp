// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "watch/traceline.h"
#include "watch/watchedrun.h"

#include <QDir>
#include <QFile>

#include <QTest>

using namespace coroscope::watch;
using Kind = TraceEvent::Kind;

class TestTraceLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goodLines_data();
    void goodLines();
    void badLines_data();
    void badLines();
    void escapes();
    void everyPrefixOfAGoodLineIsHandled();
    void fuzzInputsReplay();
};

void TestTraceLine::goodLines_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<char>("kind");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<qint64>("t0");
    QTest::addColumn<qint64>("t1");
    QTest::addColumn<qint64>("arg");
    QTest::addColumn<QString>("text");
    QTest::newRow("header")
        << QByteArray("H\tcoroscope-trace\t1\t3.11.7\t/usr/bin/python3\t100000000\tmain_2.py")
        << 'H' << qint64(0) << qint64(0) << qint64(0) << qint64(100000000)
        << QStringLiteral("3.11.7");
    QTest::newRow("task") << QByteArray("T\t2\t26864325\t1\tTask-2\tasync_comprehension\tm.py:12")
                          << 'T' << qint64(2) << qint64(26864325) << qint64(0) << qint64(1)
                          << QStringLiteral("Task-2");
    QTest::newRow("name") << QByteArray("N\t3\tthe waiter") << 'N' << qint64(3) << qint64(0)
                          << qint64(0) << qint64(-1) << QStringLiteral("the waiter");
    QTest::newRow("sleep") << QByteArray("S\t2\t27019015\t27061715\tsleep\t127034013") << 'S'
                           << qint64(2) << qint64(27019015) << qint64(27061715) << qint64(127034013)
                           << QString();
    QTest::newRow("future") << QByteArray("S\t2\t5\t5\tfuture\t-") << 'S' << qint64(2) << qint64(5)
                            << qint64(5) << qint64(-1) << QString();
    QTest::newRow("blocking") << QByteArray("B\t7\t0\t150000000") << 'B' << qint64(7) << qint64(0)
                              << qint64(150000000) << qint64(-1) << QString();
    QTest::newRow("number") << QByteArray("Y\t2\t128414385\t127034013\tn\t9.679857431585724") << 'Y'
                            << qint64(2) << qint64(128414385) << qint64(0) << qint64(127034013)
                            << QString();
    QTest::newRow("label no due") << QByteArray("Y\t2\t1\t-\tl\t'abc'") << 'Y' << qint64(2)
                                  << qint64(1) << qint64(0) << qint64(-1)
                                  << QStringLiteral("'abc'");
    QTest::newRow("failed") << QByteArray(
                                   "D\t1\t10\t20\tfailed\tZeroDivisionError: division by zero")
                            << 'D' << qint64(1) << qint64(10) << qint64(20) << qint64(-1)
                            << QStringLiteral("ZeroDivisionError: division by zero");
    QTest::newRow("exit") << QByteArray("X\t99\texit\t3\t") << 'X' << qint64(0) << qint64(99)
                          << qint64(0) << qint64(3) << QString();
}

void TestTraceLine::goodLines() {
    QFETCH(QByteArray, line);
    QFETCH(char, kind);
    QFETCH(qint64, id);
    QFETCH(qint64, t0);
    QFETCH(qint64, t1);
    QFETCH(qint64, arg);
    QFETCH(QString, text);
    const TraceParse p = parseTraceLine(line);
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QVERIFY(p.event);
    QCOMPARE(char(p.event->kind), kind);
    QCOMPARE(p.event->id, id);
    QCOMPARE(p.event->t0, t0);
    QCOMPARE(p.event->t1, t1);
    QCOMPARE(p.event->arg, arg);
    QCOMPARE(p.event->text, text);
}

void TestTraceLine::badLines_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty line");
    QTest::newRow("unknown kind") << QByteArray("Q\t1") << QStringLiteral("unknown line kind");
    QTest::newRow("long kind") << QByteArray("SS\t1") << QStringLiteral("unknown line kind");
    QTest::newRow("too few") << QByteArray("S\t1\t2\t3\tsleep")
                             << QStringLiteral("'S' line has 5 fields, not 6");
    QTest::newRow("too many") << QByteArray("B\t1\t2\t3\t4")
                              << QStringLiteral("'B' line has 5 fields, not 4");
    QTest::newRow("far too many") << QByteArray("N\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11")
                                  << QStringLiteral("'N' line has 10 fields, not 3");
    QTest::newRow("negative") << QByteArray("B\t1\t-2\t3")
                              << QStringLiteral("start is not a whole number in 0 … 2^62");
    QTest::newRow("leading zero") << QByteArray("B\t01\t2\t3")
                                  << QStringLiteral("task id is not a whole number in 0 … 2^62");
    QTest::newRow("huge") << QByteArray("B\t1\t2\t99999999999999999999")
                          << QStringLiteral("end is not a whole number in 0 … 2^62");
    QTest::newRow("space") << QByteArray("B\t1\t 2\t3")
                           << QStringLiteral("start is not a whole number in 0 … 2^62");
    QTest::newRow("backwards") << QByteArray("B\t1\t5\t3")
                               << QStringLiteral("end time is before the start time");
    QTest::newRow("id 0") << QByteArray("B\t0\t1\t3") << QStringLiteral("task id is 0");
    QTest::newRow("unknown wait") << QByteArray("S\t1\t2\t3\tnap\t-")
                                  << QStringLiteral("suspended on is not a known word");
    QTest::newRow("sleep without until")
        << QByteArray("S\t1\t2\t3\tsleep\t-")
        << QStringLiteral("argument is not a whole number in 0 … 2^62");
    QTest::newRow("future with arg")
        << QByteArray("S\t1\t2\t3\tfuture\t7")
        << QStringLiteral("argument is given for a suspension that takes none");
    QTest::newRow("nan value") << QByteArray("Y\t1\t2\t-\tn\tnan")
                               << QStringLiteral("value is not a finite number");
    QTest::newRow("inf value") << QByteArray("Y\t1\t2\t-\tn\tinf")
                               << QStringLiteral("value is not a finite number");
    QTest::newRow("text value") << QByteArray("Y\t1\t2\t-\tn\t3.0x")
                                << QStringLiteral("value is not a finite number");
    QTest::newRow("value kind") << QByteArray("Y\t1\t2\t-\tq\t3")
                                << QStringLiteral("value kind is neither n nor l");
    QTest::newRow("bad escape") << QByteArray("N\t1\ta\\qb")
                                << QStringLiteral("name has an unknown escape");
    QTest::newRow("lone backslash")
        << QByteArray("N\t1\tab\\") << QStringLiteral("name ends in a lone backslash");
    QTest::newRow("carriage return")
        << QByteArray("N\t1\tab\r") << QStringLiteral("name holds a control character");
    QTest::newRow("nul") << QByteArray("N\t1\ta\0b", 7)
                         << QStringLiteral("name holds a control character");
    QTest::newRow("bad utf8") << QByteArray("N\t1\t\xff\xfe")
                              << QStringLiteral("name is not valid UTF-8");
    QTest::newRow("other format") << QByteArray("H\tother\t1\t3\tp\t1\ts")
                                  << QStringLiteral("format is not coroscope-trace");
    QTest::newRow("newer format") << QByteArray("H\tcoroscope-trace\t2\t3\tp\t1\ts")
                                  << QStringLiteral("version is not 1 (a newer tracer?)");
    QTest::newRow("unknown ending")
        << QByteArray("D\t1\t2\t3\texploded\t") << QStringLiteral("ending is not a known word");
    QTest::newRow("unknown status")
        << QByteArray("X\t1\tcrashed\t0\t") << QStringLiteral("status is not a known word");
    QTest::newRow("too long") << QByteArray("N\t1\t") + QByteArray(kMaxTraceLine, 'a')
                              << QStringLiteral("line longer than 65536 bytes");
}

void TestTraceLine::badLines() {
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    const TraceParse p = parseTraceLine(line);
    QVERIFY(!p.event);
    QCOMPARE(p.error, error);
}

void TestTraceLine::escapes() {
    const TraceParse p = parseTraceLine("T\t1\t0\t0\ttab\\there\\nnl\\\\\tc\\r\tw");
    QVERIFY2(p.event, qPrintable(p.error));
    QCOMPARE(p.event->text, QStringLiteral("tab\there\nnl\\"));
    QCOMPARE(p.event->text2, QStringLiteral("c\r"));
    const TraceParse u = parseTraceLine("N\t1\tcaf\xc3\xa9 \xe2\x80\xa6");
    QVERIFY2(u.event, qPrintable(u.error));
    QCOMPARE(u.event->text, QStringLiteral("café …"));
}

void TestTraceLine::everyPrefixOfAGoodLineIsHandled() {
    // A line cut anywhere is refused (or, where the cut leaves a valid shorter line, read as
    // that): never a crash, never an event without an error check.
    const QByteArray line("Y\t12\t128414385\t127034013\tn\t9.679857431585724");
    int refused = 0;
    for (qsizetype n = 0; n < line.size(); ++n) {
        const TraceParse p = parseTraceLine(QByteArrayView(line).first(n));
        QVERIFY(bool(p.event) != !p.error.isEmpty());
        refused += p.event ? 0 : 1;
    }
    // Only cuts inside the value's digits leave a valid line ("9", "9.6", …).
    QCOMPARE(refused, int(line.indexOf("\tn\t") + 4));
}

void TestTraceLine::fuzzInputsReplay() {
    // The fuzzer's corpus and what it found: each file split into lines, every line parsed
    // and applied (as the watcher does) without a crash; the corpus's real traces are valid.
    int files = 0;
    for (const char *folder : {"/corpus-traceline", "/regressions-traceline"}) {
        const QDir dir(QStringLiteral(COROSCOPE_FUZZ_DIR) + QLatin1String(folder));
        for (const QFileInfo &info : dir.entryInfoList(QDir::Files)) {
            QFile f(info.filePath());
            QVERIFY(f.open(QIODevice::ReadOnly));
            WatchedRun run;
            QString error;
            for (const QByteArray &line : f.readAll().split('\n')) {
                const TraceParse p = parseTraceLine(line);
                error = p.event ? run.apply(*p.event) : p.error;
                if (!error.isEmpty())
                    break;
            }
            (void)run.toRecord(coroscope::RunStatus::Stopped);
            if (info.fileName() == QLatin1String("main_2_fast.trace")) {
                QCOMPARE(error, QStringLiteral("empty line")); // only the split's last piece
                QVERIFY(run.ended());
                QCOMPARE(run.numbers(), 40);
            }
            ++files;
        }
    }
    QVERIFY(files >= 3);
}

QTEST_GUILESS_MAIN(TestTraceLine)
#include "tst_traceline.moc"
