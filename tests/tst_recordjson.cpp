// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "io/numberformat.h"
#include "io/recordjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace coroscope;

class TestRecordJson : public QObject {
    Q_OBJECT

    static RunRecord sample() {
        RunRecord r;
        r.params.mode = Mode::Compare;
        r.params.tasks = 2;
        r.params.values = 3;
        r.params.seed = RunParams::kMaxSeed; // the largest seed survives JSON
        for (GroupKind kind : {GroupKind::Sequential, GroupKind::Concurrent}) {
            auto g = std::make_unique<GroupRecord>(kind, 2, 3);
            for (int t = 0; t < 2; ++t) {
                g->taskStarted(t, qint64(1000) * t);
                for (int i = 0; i < 3; ++i)
                    g->recordYield(t, i, 0.1 + t + i / 3.0, (i + 1) * 1'000'000'000LL,
                                   (i + 1) * 1'000'000'000LL + 123'456 + t);
                g->taskEnded(t, 3'000'200'000LL);
            }
            g->computeHealth(r.params, 3'000'300'000LL, 0.25, RunStatus::Finished);
            r.groups.push_back(std::move(g));
        }
        return r;
    }

private Q_SLOTS:
    void numberTexts_data() {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("zero") << qint64(0) << QByteArray("0.0");
        QTest::newRow("one second") << qint64(1'000'000'000) << QByteArray("1.0");
        QTest::newRow("ns") << qint64(10'000'412'345) << QByteArray("10.000412345");
        QTest::newRow("trim") << qint64(40'001'300'000) << QByteArray("40.0013");
        QTest::newRow("negative") << qint64(-1'500'000) << QByteArray("-0.0015");
    }
    void numberTexts() {
        QFETCH(qint64, ns);
        QFETCH(QByteArray, text);
        QCOMPARE(secondsText(ns), text);
    }

    void pythonFloats() {
        QCOMPARE(pythonFloatText(5.0), QByteArray("5.0"));
        QCOMPARE(pythonFloatText(4.403136952967467), QByteArray("4.403136952967467"));
        QCOMPARE(millisText(-0.0001), QByteArray("0"));
        QCOMPARE(millisText(1.23456), QByteArray("1.235"));
    }

    void fullRecordIsValidJsonWithEveryYield() {
        const RunRecord r = sample();
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(
            RecordJsonWriter::toJson(r, RecordJsonWriter::Content::Full), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject o = doc.object();
        QCOMPARE(o[QStringLiteral("format")].toString(), QStringLiteral("coroscope-run"));
        QCOMPARE(o[QStringLiteral("version")].toInt(), 1);
        QCOMPARE(o[QStringLiteral("params")][QStringLiteral("mode")].toString(),
                 QStringLiteral("compare"));
        QCOMPARE(o[QStringLiteral("params")][QStringLiteral("seed")].toInteger(),
                 qint64(RunParams::kMaxSeed));
        QCOMPARE(o[QStringLiteral("params")][QStringLiteral("timing")].toString(),
                 QStringLiteral("drift-free"));
        QCOMPARE(o[QStringLiteral("app")][QStringLiteral("qt")].toString(),
                 QString::fromLatin1(qVersion()));
        const QJsonArray runs = o[QStringLiteral("runs")].toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0][QStringLiteral("mode")].toString(), QStringLiteral("sequential"));
        QCOMPARE(runs[1][QStringLiteral("mode")].toString(), QStringLiteral("concurrent"));
        const QJsonObject run = runs[1].toObject();
        QCOMPARE(run[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QCOMPARE(run[QStringLiteral("max_stall_ms")].toDouble(), 0.25);
        const QJsonArray tasks = run[QStringLiteral("tasks")].toArray();
        QCOMPARE(tasks.size(), 2);
        const QJsonObject t1 = tasks[1].toObject();
        QCOMPARE(t1[QStringLiteral("id")].toInt(), 1);
        QCOMPARE(t1[QStringLiteral("values")].toArray().size(), 3);
        // Exact: the text reads back as the very same double.
        QCOMPARE(t1[QStringLiteral("values")][2].toDouble(), 0.1 + 1 + 2 / 3.0);
        QCOMPARE(t1[QStringLiteral("at_s")][0].toDouble(), 1.000123457);
        QCOMPARE(t1[QStringLiteral("due_s")][2].toDouble(), 3.0);
    }

    void summaryHasNoTasks() {
        const QJsonObject o =
            QJsonDocument::fromJson(
                RecordJsonWriter::toJson(sample(), RecordJsonWriter::Content::Summary))
                .object();
        const QJsonObject run = o[QStringLiteral("runs")][0].toObject();
        QVERIFY(!run.contains(QStringLiteral("tasks")));
        QVERIFY(run.contains(QStringLiteral("wall_s")));
        QVERIFY(run[QStringLiteral("lateness_ms")].toObject().contains(QStringLiteral("p99")));
    }
};

QTEST_GUILESS_MAIN(TestRecordJson)
#include "tst_recordjson.moc"
