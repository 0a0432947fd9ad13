// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "datafixtures.h"

#include "io/tracewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTest>

using namespace coroscope;
using namespace coroscope::test;

namespace {

QJsonArray events(const RunRecord &r) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(TraceWriter::toJson(r), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("trace is not JSON: %s at %d", qPrintable(error.errorString()), error.offset);
    return doc.object().value(QLatin1String("traceEvents")).toArray();
}

QString str(const QJsonObject &e, const char *key) {
    return e.value(QLatin1String(key)).toString();
}

} // namespace

class TestTraceWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void isTraceEventJson() {
        const QJsonDocument doc = QJsonDocument::fromJson(TraceWriter::toJson(sampleRecord()));
        QVERIFY(doc.isObject());
        QVERIFY(doc.object().value(QLatin1String("traceEvents")).isArray());
        for (const QJsonValue v : events(sampleRecord())) {
            const QJsonObject e = v.toObject();
            QVERIFY(!str(e, "ph").isEmpty());
            QVERIFY(e.value(QLatin1String("pid")).isDouble());
            // One thread per process: a thread seen in two processes confuses viewers.
            QCOMPARE(e.value(QLatin1String("tid")).toInt(), e.value(QLatin1String("pid")).toInt());
            if (str(e, "ph") != QLatin1String("M"))
                QVERIFY(e.value(QLatin1String("ts")).isDouble());
        }
    }

    void oneProcessPerMode() {
        QMap<int, QString> names;
        for (const QJsonValue v : events(sampleRecord())) {
            const QJsonObject e = v.toObject();
            if (str(e, "ph") == QLatin1String("M") &&
                str(e, "name") == QLatin1String("process_name"))
                names.insert(e.value(QLatin1String("pid")).toInt(),
                             e.value(QLatin1String("args"))
                                 .toObject()
                                 .value(QLatin1String("name"))
                                 .toString());
        }
        QCOMPARE(names.size(), 2);
        QCOMPARE(names.value(1), QStringLiteral("sequential"));
        QCOMPARE(names.value(2), QStringLiteral("concurrent"));
    }

    void phaseCounts() {
        const RunRecord r = sampleRecord();
        QMap<QString, int> count;
        QMap<QString, int> perPid;
        for (const QJsonValue v : events(r)) {
            const QJsonObject e = v.toObject();
            ++count[str(e, "ph")];
            ++perPid[str(e, "ph") + QString::number(e.value(QLatin1String("pid")).toInt())];
        }
        const int yields = int(r.groups[0]->yields() + r.groups[1]->yields());
        QCOMPARE(count.value(QStringLiteral("b")), 6); // every task started
        QCOMPARE(count.value(QStringLiteral("e")), 6); // the stopped one closes at the stop
        QCOMPARE(count.value(QStringLiteral("n")), yields);
        QCOMPARE(count.value(QStringLiteral("C")), yields);
        QCOMPARE(perPid.value(QStringLiteral("n1")), 10);
        QCOMPARE(perPid.value(QStringLiteral("n2")), 12);
    }

    void spansNestTheirYields() {
        const RunRecord r = sampleRecord();
        QMap<QString, double> begin; // by pid/id
        QMap<QString, double> end;
        QSet<QString> ids;
        for (const QJsonValue v : events(r)) {
            const QJsonObject e = v.toObject();
            const QString ph = str(e, "ph");
            if (ph != QLatin1String("b") && ph != QLatin1String("e") && ph != QLatin1String("n"))
                continue;
            QCOMPARE(str(e, "cat"), QStringLiteral("task"));
            const QString key = QString::number(e.value(QLatin1String("pid")).toInt()) +
                                QLatin1Char('/') +
                                QString::number(e.value(QLatin1String("id")).toInteger());
            const double ts = e.value(QLatin1String("ts")).toDouble();
            if (ph == QLatin1String("b")) {
                QVERIFY(!begin.contains(key));
                QVERIFY(str(e, "name").startsWith(QLatin1String("task ")));
                begin.insert(key, ts);
                ids.insert(QString::number(e.value(QLatin1String("id")).toInteger()));
            } else if (ph == QLatin1String("n")) {
                QVERIFY(begin.contains(key));
                QVERIFY(!end.contains(key));
                QVERIFY(ts >= begin.value(key));
                const QJsonObject args = e.value(QLatin1String("args")).toObject();
                QVERIFY(args.value(QLatin1String("value")).isDouble());
            } else {
                QVERIFY(begin.contains(key));
                QVERIFY(ts >= begin.value(key));
                end.insert(key, ts);
            }
        }
        QCOMPARE(end.size(), begin.size());
        QCOMPARE(ids.size(), 6); // ids are unique across processes too
    }

    void timestampsAreExactMicroseconds() {
        const RunRecord r = sampleRecord();
        for (const QJsonValue v : events(r)) {
            const QJsonObject e = v.toObject();
            if (str(e, "ph") != QLatin1String("n"))
                continue;
            const QJsonObject args = e.value(QLatin1String("args")).toObject();
            const int pid = e.value(QLatin1String("pid")).toInt();
            const int task = args.value(QLatin1String("task")).toInt();
            const int index = args.value(QLatin1String("index")).toInt();
            const GroupRecord &g = *r.groups[size_t(pid - 1)];
            QCOMPARE(e.value(QLatin1String("ts")).toDouble(), double(g.atNs(task, index)) / 1e3);
            QCOMPARE(args.value(QLatin1String("value")).toDouble(), g.value(task, index));
        }
        QVERIFY(TraceWriter::toJson(r).contains("\"ts\": 500123.456"));
    }

    void stoppedTaskEndsAtTheStop() {
        const RunRecord r = sampleRecord();
        bool found = false;
        for (const QJsonValue v : events(r)) {
            const QJsonObject e = v.toObject();
            if (str(e, "ph") == QLatin1String("e") && e.value(QLatin1String("pid")).toInt() == 1 &&
                str(e, "name") == QLatin1String("task 2")) {
                found = true;
                QCOMPARE(e.value(QLatin1String("args"))
                             .toObject()
                             .value(QLatin1String("status"))
                             .toString(),
                         QStringLiteral("stopped"));
                QVERIFY(e.value(QLatin1String("ts")).toDouble() >=
                        double(r.groups[0]->atNs(2, 1)) / 1e3);
            }
        }
        QVERIFY(found);
    }

    void manyTasksHaveNoCounterTracks() {
        const RunRecord r = sampleRecord(TraceWriter::kMaxCounterTasks + 1, 2);
        int counters = 0;
        int instants = 0;
        for (const QJsonValue v : events(r)) {
            counters += str(v.toObject(), "ph") == QLatin1String("C");
            instants += str(v.toObject(), "ph") == QLatin1String("n");
        }
        QCOMPARE(counters, 0);
        QCOMPARE(instants, int(r.groups[0]->yields() + r.groups[1]->yields()));
    }

    void failedWriteIsReported() {
        FailingDevice full(100);
        QVERIFY(!TraceWriter::write(full, sampleRecord(20'000, 10)));
        QCOMPARE(full.writeCalls(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTraceWriter)
#include "tst_tracewriter.moc"
