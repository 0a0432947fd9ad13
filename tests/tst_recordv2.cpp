// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Record version 2 (the lesson lab): every scenario's record, written and read back with
// its states, outcomes and deliveries; every new field refused when malformed, by name.
#include "engine/run.h"
#include "io/csvwriter.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "io/tracewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QSignalSpy>

#include <QTest>
#include <cstring>

using namespace coroscope;

namespace {

std::unique_ptr<Run> finishedRun(Scenario s, Mode mode, Clock clock = Clock::Real) {
    RunParams p;
    p.clock = clock;
    p.scenario = s;
    p.mode = mode;
    p.variant = defaultVariant(s);
    p.tasks = 3;
    p.values = 4;
    p.delaySeconds = 0.01;
    p.seed = 5;
    p.lab.workMs = 2;
    p.lab.items = 6;
    p.lab.workers = 2;
    p.lab.failAt = 1;
    p.lab.blockAt = 1;
    p.lab.timeoutSeconds = 0.025;
    resolveLabDefaults(p);
    auto run = std::make_unique<Run>(p);
    QSignalSpy finished(run.get(), &Run::finished);
    run->start();
    if (!finished.wait(20'000))
        qFatal("run did not finish");
    return run;
}

QByteArray full(const RunRecord &r) {
    return RecordJsonWriter::toJson(r, RecordJsonWriter::Content::Full);
}

} // namespace

Q_DECLARE_METATYPE(coroscope::Clock)

class TestRecordV2 : public QObject {
    Q_OBJECT
    //! A failure run's record (concurrent, real clock): every bad-field row edits a copy.
    QByteArray m_failure;

private Q_SLOTS:
    void initTestCase() {
        m_failure = full(finishedRun(Scenario::Failure, Mode::Concurrent)->record());
    }

    void everyScenarioRoundTrips_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("mode");
        QTest::addColumn<Clock>("clock");
        for (int s = int(Scenario::Blocking); s <= int(Scenario::Cpu); ++s) {
            const QByteArray name = scenarioName(Scenario(s)).toUtf8();
            QTest::addRow("%s", name.constData()) << s << int(Mode::Concurrent) << Clock::Real;
            QTest::addRow("%s compare", name.constData()) << s << int(Mode::Compare) << Clock::Real;
            QTest::addRow("%s compare, virtual clock", name.constData())
                << s << int(Mode::Compare) << Clock::Virtual;
        }
    }
    void everyScenarioRoundTrips() {
        QFETCH(int, scenario);
        QFETCH(int, mode);
        QFETCH(Clock, clock);
        const auto run = finishedRun(Scenario(scenario), Mode(mode), clock);
        const QByteArray bytes = full(run->record());
        QVERIFY(bytes.contains("\"version\": 2"));
        const RecordReadResult read = RecordReader::fromBytes(bytes);
        QVERIFY2(read.record, qPrintable(read.error));
        const RunRecord &a = run->record();
        const RunRecord &b = *read.record;
        QCOMPARE(b.params.scenario, a.params.scenario);
        QCOMPARE(b.params.clock, clock);
        if (a.params.mode != Mode::Compare) // compare records both variants, not one
            QCOMPARE(b.params.variant, a.params.variant);
        for (int v : {0, 1}) // the scenario's own options (only those are recorded)
            QCOMPARE(labIdealSeconds(b.params, v), labIdealSeconds(a.params, v));
        QCOMPARE(b.groups.size(), a.groups.size());
        for (size_t i = 0; i < a.groups.size(); ++i) {
            const GroupRecord &x = *a.groups[i];
            const GroupRecord &y = *b.groups[i];
            QCOMPARE(y.status, x.status);
            QCOMPARE(y.tasks(), x.tasks());
            QCOMPARE(y.spans().size(), x.spans().size());
            for (size_t k = 0; k < x.spans().size(); ++k) {
                QCOMPARE(y.spans()[k].fromNs, x.spans()[k].fromNs);
                QCOMPARE(y.spans()[k].toNs, x.spans()[k].toNs);
                QCOMPARE(y.spans()[k].state, x.spans()[k].state);
                QCOMPARE(y.spans()[k].on, x.spans()[k].on);
            }
            QCOMPARE(y.outcomes().size(), x.outcomes().size());
            for (size_t k = 0; k < x.outcomes().size(); ++k) {
                QCOMPARE(y.outcomes()[k].cause, x.outcomes()[k].cause);
                QCOMPARE(y.outcomes()[k].error, x.outcomes()[k].error);
                QCOMPARE(y.outcomes()[k].atNs, x.outcomes()[k].atNs);
            }
            QCOMPARE(y.deliveries().size(), x.deliveries().size());
            // The scheduler's passes (the loop's lane): a real-clock run always has some;
            // a virtual one only where a blocking call made a pass take time.
            if (clock == Clock::Real)
                QVERIFY(!x.passes().empty());
            QCOMPARE(y.passes().size(), x.passes().size());
            for (size_t k = 0; k < x.passes().size(); ++k) {
                QCOMPARE(y.passes()[k].fromNs, x.passes()[k].fromNs);
                QCOMPARE(y.passes()[k].toNs, x.passes()[k].toNs);
                QCOMPARE(y.passes()[k].resumed, x.passes()[k].resumed);
            }
        }
        QCOMPARE(full(b), bytes); // the same file, byte for byte
    }

    // Version-2 files written before the scheduler's passes were recorded still read: the
    // member is optional (and version 1 never had it).
    void passesAreOptional() {
        QVERIFY(m_failure.contains("\"scheduler_passes\": [["));
        QByteArray older = m_failure;
        qsizetype at;
        while ((at = older.indexOf(",\n     \"scheduler_passes\": [")) >= 0)
            older.remove(at, older.indexOf("]]", at) + 2 - at);
        QVERIFY(!older.contains("scheduler_passes"));
        const RecordReadResult read = RecordReader::fromBytes(older);
        QVERIFY2(read.record, qPrintable(read.error));
        QVERIFY(read.record->groups.at(0)->passes().empty());
        QCOMPARE(full(*read.record), older);
    }

    void badFieldsAreNamed_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, const char *from, const char *to, const char *msg) {
            QTest::newRow(name) << QByteArray(from) << QByteArray(to) << QString::fromUtf8(msg);
        };
        row("unknown scenario", "\"scenario\": \"failure\"", "\"scenario\": \"nap\"",
            "params.scenario: \"nap\" is not one of seed, blocking");
        row("unknown variant", "\"variant\": \"gather\"", "\"variant\": \"fast\"",
            "params.variant: \"fast\" is not one of gather, task-group");
        row("fail_at out of range", "\"fail_at\": 1", "\"fail_at\": 4",
            "params.fail_at: 4 is out of range (0 … 3, a value of --values)");
        row("fail_task missing", "\"fail_task\": 1, ", "", "params.fail_task: is missing");
        row("option of another scenario", "\"fail_at\": 1", "\"fail_at\": 1, \"limit\": 2",
            "params.limit: belongs to scenario bounded, not failure");
        row("pass ends before it starts", "\"scheduler_passes\": [[",
            "\"scheduler_passes\": [[9, 1, 1], [",
            "runs[0].scheduler_passes[0][1]: is before the pass's start");
        row("pass resumed nothing", "\"scheduler_passes\": [[",
            "\"scheduler_passes\": [[0, 0, 0], [",
            "runs[0].scheduler_passes[0][2]: 0 is out of range");
        row("status", "\"status\": \"failed\"", "\"status\": \"exploded\"",
            "runs[0].status: \"exploded\" is not one of finished, stopped, timed-out, failed");
        row("run variant", "\"variant\": \"gather\",\n     \"states\"",
            "\"variant\": \"task-group\",\n     \"states\"",
            "runs[0].variant: \"task-group\" should be \"gather\" here");
        row("outcome state", "\"state\": \"failed\"", "\"state\": \"done\"",
            "runs[0].outcomes[0].state: \"done\" is not one of cancelled, failed");
        row("outcome task", "{\"task\": 1,", "{\"task\": 7,",
            "runs[0].outcomes[0].task: 7 is out of range (0 … 2)");
        row("outcome cause", "\"cause\": \"none\"", "\"cause\": \"stop\"",
            "runs[0].outcomes[0].cause: a failed task has cause \"none\"");
        row("outcome time", "\"state\": \"failed\", \"at_s\": 0.",
            "\"state\": \"failed\", \"at_s\": -1.", "runs[0].outcomes[0].at_s: -1");
        row("no variant", "\"variant\": \"gather\",\n     \"states\"", "\"states\"",
            "runs[0].variant: is missing");
        row("variant in compare's place", "\"mode\": \"concurrent\"", "\"mode\": \"compare\"",
            "params.variant: is given but params.mode is compare");
        row("clock unknown", "\"clock\": \"real\"", "\"clock\": \"wall\"",
            "params.clock: \"wall\" is not one of real, virtual");
        row("clock missing", "\"clock\": \"real\", ", "", "params.clock: is missing");
        row("scenario missing", "\"scenario\": \"failure\", ", "", "params.scenario: is missing");
        row("lab option not whole", "\"fail_task\": 1", "\"fail_task\": 1.5",
            "params.fail_task: 1.5 is not a whole number");
        row("lab option of wrong type", "\"fail_task\": 1", "\"fail_task\": \"1\"",
            "params.fail_task: \"1\" is not a whole number");
        row("version 1 knows no lab", "\"version\": 2", "\"version\": 1",
            "runs[0].mode: \"sequential\" should be \"concurrent\" here");
        row("version 3", "\"version\": 2", "\"version\": 3",
            "version: 3 is not supported (only 1 and 2)");
        // Version 2 refuses members it does not know, at every depth (version 1 skips them).
        row("unknown at the top", "\"runs\": [", "\"notes\": 1, \"runs\": [",
            "notes: is not a member of record version 2");
        row("unknown before the version", "\"format\": \"coroscope-run\"",
            "\"notes\": 1, \"format\": \"coroscope-run\"",
            "notes: is not a member of record version 2");
        row("unknown in params", "\"fail_at\": 1", "\"fail_at\": 1, \"speed\": 2",
            "params.speed: is not a member of record version 2");
        row("unknown in app",
            "\"qt\": ", "\"kde\": \"5\", \"qt\": ", "app.kde: is not a member of record version 2");
        row("unknown in a run", "\"yields\": ", "\"colour\": \"red\", \"yields\": ",
            "runs[0].colour: is not a member of record version 2");
        row("unknown in lateness", "\"p50\": ", "\"p90\": 1, \"p50\": ",
            "runs[0].lateness_ms.p90: is not a member of record version 2");
        row("unknown in a task", "{\"id\": 0, ", "{\"id\": 0, \"name\": \"a\", ",
            "runs[0].tasks[0].name: is not a member of record version 2");
        row("unknown in an outcome", "{\"task\": 1, ", "{\"task\": 1, \"why\": 0, ",
            "runs[0].outcomes[0].why: is not a member of record version 2");
        row("repeated scenario", "\"scenario\": \"failure\"",
            "\"scenario\": \"failure\", \"scenario\": \"failure\"",
            "params.scenario: is given twice");
        row("repeated states", "\"states\": [", "\"states\": [], \"states\": [",
            "runs[0].states: is given twice");
        row("outcomes misspelt", "\"outcomes\": [", "\"outcomez\": [",
            "runs[0].outcomez: is not a member of record version 2");
        row("more lanes than the run has", "{\"id\": 0, ", "{\"id\": 3, ",
            "runs[0].tasks[0].id: 3 is out of range (0 … 2)");
    }
    void badFieldsAreNamed() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, message);
        QByteArray bytes = m_failure;
        QVERIFY2(bytes.contains(from), bytes.constData());
        bytes.replace(bytes.indexOf(from), from.size(), to);
        const RecordReadResult read = RecordReader::fromBytes(bytes);
        QVERIFY(!read.record);
        QVERIFY2(read.error.startsWith(message), qPrintable(read.error));
    }

    // QJsonDocument writes members in alphabetical order: runs before version, app before
    // format. The reader then reads runs on a second pass, once the version is known.
    void membersInAnyOrder() {
        const auto run = finishedRun(Scenario::Failure, Mode::Compare);
        const QByteArray bytes = full(run->record());
        const QByteArray sorted = QJsonDocument::fromJson(bytes).toJson(QJsonDocument::Compact);
        QVERIFY(sorted.indexOf("\"runs\"") < sorted.indexOf("\"version\":2"));
        const RecordReadResult read = RecordReader::fromBytes(sorted);
        QVERIFY2(read.record, qPrintable(read.error));
        QCOMPARE(full(*read.record), bytes);
        // An unknown member before the version is refused once the version says 2.
        QByteArray unknown = sorted;
        unknown.replace("{\"app\":", "{\"aaa\": 1, \"app\":");
        const RecordReadResult refused = RecordReader::fromBytes(unknown);
        QVERIFY(!refused.record);
        QCOMPARE(refused.error, QStringLiteral("aaa: is not a member of record version 2"));
    }

    // One state row of a bounded run (task 2 waiting for a permit), replaced.
    void badStateRowsAreNamed_data() {
        QTest::addColumn<QByteArray>("replacement");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, const char *replacement, const char *msg) {
            QTest::newRow(name) << QByteArray(replacement) << QString::fromUtf8(msg);
        };
        row("state", "[2, \"napping\", 0, 1, \"permit\", -1]",
            "runs[0].states[0][1]: \"napping\" is not one of");
        row("end before start", "[2, \"waiting\", 1, 0, \"permit\", -1]",
            "runs[0].states[0][3]: is before the span's start");
        row("task", "[9, \"waiting\", 0, 1, \"permit\", -1]",
            "runs[0].states[0][0]: 9 is out of range (0 … 2)");
        row("waits on", "[2, \"waiting\", 0, 1, \"mutex\", -1]",
            "runs[0].states[0][4]: \"mutex\" is not one of");
        row("short row", "[2, \"waiting\", 0, 1, \"permit\"]",
            "runs[0].states[0]: has 5 entries, not 6");
    }
    void badStateRowsAreNamed() {
        QFETCH(QByteArray, replacement);
        QFETCH(QString, message);
        const auto run = finishedRun(Scenario::Bounded, Mode::Concurrent, Clock::Virtual);
        QByteArray bytes = full(run->record());
        const qsizetype at = bytes.indexOf("\"states\": [[");
        QVERIFY(at > 0);
        const qsizetype row = at + qsizetype(strlen("\"states\": ["));
        const qsizetype end = bytes.indexOf(']', row);
        QVERIFY(RecordReader::fromBytes(bytes).record); // the row as written is read
        bytes.replace(row, end - row + 1, replacement);
        const RecordReadResult read = RecordReader::fromBytes(bytes);
        QVERIFY(!read.record);
        QVERIFY2(read.error.startsWith(message), qPrintable(read.error));
    }

    void traceHasOneStateTrackPerTask() {
        const auto run = finishedRun(Scenario::Bounded, Mode::Concurrent);
        const QByteArray trace = TraceWriter::toJson(run->record());
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(trace, &e);
        QCOMPARE(e.error, QJsonParseError::NoError);
        int tracks = 0;
        int waiting = 0;
        int done = 0;
        for (const QJsonValue v : doc.object()[QStringLiteral("traceEvents")].toArray()) {
            const QJsonObject ev = v.toObject();
            if (ev[QStringLiteral("name")] == QStringLiteral("thread_name") &&
                ev[QStringLiteral("args")][QStringLiteral("name")].toString().endsWith(
                    QStringLiteral(" states")))
                ++tracks;
            if (ev[QStringLiteral("cat")] == QStringLiteral("state")) {
                QCOMPARE(ev[QStringLiteral("tid")].toInt() >= 2, true);
                if (ev[QStringLiteral("name")] == QStringLiteral("waiting")) {
                    ++waiting; // task 2 waited for a permit: a slice with a duration
                    QCOMPARE(ev[QStringLiteral("ph")].toString(), QStringLiteral("X"));
                    QVERIFY(ev[QStringLiteral("dur")].toDouble() > 0);
                    QCOMPARE(ev[QStringLiteral("args")][QStringLiteral("on")].toString(),
                             QStringLiteral("permit"));
                }
                if (ev[QStringLiteral("name")] == QStringLiteral("done"))
                    ++done;
            }
        }
        QCOMPARE(tracks, 3);
        QCOMPARE(waiting, 1); // 3 tasks, limit 2
        QCOMPARE(done, 3);
    }

    void csvHasAStateRowPerStretch() {
        const auto run = finishedRun(Scenario::Bounded, Mode::Concurrent);
        const QList<QByteArray> lines = CsvWriter::toCsv(run->record()).split('\n');
        QCOMPARE(lines.front(),
                 QByteArray("mode,task,index,value,due_s,at_s,lateness_ms,state,from_s,to_s"));
        int yields = 0;
        int waiting = 0;
        for (const QByteArray &line : lines.mid(1)) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> f = line.split(',');
            QCOMPARE(f.size(), 10);
            QCOMPARE(f[0], QByteArray("limited"));
            if (!f[2].isEmpty())
                ++yields;
            if (f[7] == "waiting") {
                ++waiting;
                QCOMPARE(f[1], QByteArray("2")); // the third task, limit 2
                QVERIFY(f[9].toDouble() > f[8].toDouble());
            }
        }
        QCOMPARE(yields, 12);
        QCOMPARE(waiting, 1);
    }

    void seedRecordsStayVersionOne() {
        RunParams p;
        p.tasks = 2;
        p.values = 2;
        p.delaySeconds = 0.01;
        Run run(p);
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QVERIFY(finished.wait(5000));
        const QByteArray bytes = full(run.record());
        QVERIFY(bytes.contains("\"version\": 1"));
        QVERIFY(!bytes.contains("scenario"));
        QVERIFY(RecordReader::fromBytes(bytes).record);
    }
};

QTEST_GUILESS_MAIN(TestRecordV2)
#include "tst_recordv2.moc"
