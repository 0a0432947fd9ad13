#include "recordreader.h"

#include "numberformat.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

namespace coroscope {

namespace {

// The largest time a record can hold: nanoseconds since the start must fit in qint64.
constexpr double kMaxSeconds = 9.2e9;

//! Thrown inside the validator with the message for the user; caught in fromBytes().
struct Invalid {
    QString message;
};

[[noreturn]] void fail(const QString &field, const QString &why) {
    throw Invalid{field.isEmpty() ? why : field + QStringLiteral(": ") + why};
}

QString quoted(const QString &s) {
    constexpr int kShown = 40;
    return QLatin1Char('"') + (s.size() > kShown ? s.left(kShown) + QStringLiteral("…") : s) +
           QLatin1Char('"');
}

//! A short description of a value for messages: its text, or its kind.
QString shown(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::fromLatin1(doubleText(v.toDouble()));
    case QJsonValue::String:
        return quoted(v.toString());
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

QString at(const QString &parent, const char *key) {
    return parent.isEmpty() ? QString::fromLatin1(key)
                            : parent + QLatin1Char('.') + QLatin1String(key);
}

QString at(const QString &parent, qsizetype index) {
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QJsonValue member(const QJsonObject &o, const QString &parent, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        fail(at(parent, key), QStringLiteral("is missing"));
    return v;
}

QJsonObject object(const QJsonValue &v, const QString &field) {
    if (!v.isObject())
        fail(field, shown(v) + QStringLiteral(" is not an object"));
    return v.toObject();
}

QJsonArray array(const QJsonValue &v, const QString &field) {
    if (!v.isArray())
        fail(field, shown(v) + QStringLiteral(" is not an array"));
    return v.toArray();
}

QString string(const QJsonValue &v, const QString &field) {
    if (!v.isString())
        fail(field, shown(v) + QStringLiteral(" is not a string"));
    return v.toString();
}

qint64 integer(const QJsonValue &v, const QString &field, qint64 lo, qint64 hi) {
    constexpr qint64 kNone = std::numeric_limits<qint64>::min();
    const qint64 n = v.isDouble() ? v.toInteger(kNone) : kNone;
    if (n == kNone)
        fail(field, shown(v) + QStringLiteral(" is not a whole number"));
    if (n < lo || n > hi)
        fail(field, QStringLiteral("%1 is out of range (%2 … %3)").arg(n).arg(lo).arg(hi));
    return n;
}

double number(const QJsonValue &v, const QString &field) {
    if (!v.isDouble())
        fail(field, shown(v) + QStringLiteral(" is not a number"));
    const double d = v.toDouble();
    if (!std::isfinite(d)) // the JSON parser refuses these today; don't rely on it
        fail(field, QStringLiteral("is not a finite number"));
    return d;
}

double nonNegative(const QJsonValue &v, const QString &field) {
    const double d = number(v, field);
    if (d < 0)
        fail(field, shown(v) + QStringLiteral(" is negative"));
    return d;
}

//! Exact nanoseconds from seconds written by secondsText() (at most 9 decimals).
qint64 nanoseconds(double s) {
    const qint64 guess = std::llround(s * 1e9);
    // Below 2^20 s the double's error is under a quarter nanosecond, so rounding is exact.
    // Above it, pick the neighbour whose text reads back as the same double.
    if (s < double(1 << 20))
        return guess;
    for (qint64 d : {0, -1, 1, -2, 2}) {
        const qint64 candidate = guess + d;
        if (candidate >= 0 && std::strtod(secondsText(candidate).constData(), nullptr) == s)
            return candidate;
    }
    return guess;
}

//! A time in seconds since the run's start, as nanoseconds; null allowed when \a nullable.
qint64 time(const QJsonValue &v, const QString &field, bool nullable = false) {
    if (nullable && v.isNull())
        return -1;
    const double s = nonNegative(v, field);
    if (s > kMaxSeconds)
        fail(field, shown(v) + QStringLiteral(" is too large (at most %1 s)").arg(kMaxSeconds));
    return nanoseconds(s);
}

quint64 availableMemory() {
    // MemAvailable counts reclaimable cache; fall back to physical memory.
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : meminfo.readAll().split('\n'))
            if (line.startsWith("MemAvailable:"))
                return line.mid(13).trimmed().split(' ').value(0).toULongLong() * 1024;
    }
    return quint64(sysconf(_SC_PHYS_PAGES)) * quint64(sysconf(_SC_PAGE_SIZE));
}

//! Refuses nesting deeper than \a maxDepth without building anything (QJsonDocument
//! recurses, and a deep file is never a run record).
void checkDepth(const QByteArray &bytes, int maxDepth) {
    int depth = 0;
    bool inString = false;
    const char *p = bytes.constData();
    const char *end = p + bytes.size();
    for (const char *c = p; c != end; ++c) {
        if (inString) {
            if (*c == '\\')
                ++c; // skip the escaped character (at the end, the loop stops below)
            else if (*c == '"')
                inString = false;
            if (c == end)
                break;
            continue;
        }
        switch (*c) {
        case '"':
            inString = true;
            break;
        case '[':
        case '{':
            if (++depth > maxDepth)
                fail({}, QStringLiteral("nested deeper than %1 levels (at byte %2)")
                             .arg(maxDepth)
                             .arg(c - p));
            break;
        case ']':
        case '}':
            --depth;
            break;
        default:
            break;
        }
    }
}

RunParams readParams(const QJsonObject &root) {
    const QString where = QStringLiteral("params");
    const QJsonObject o = object(member(root, {}, "params"), where);
    RunParams p;
    const QString mode = string(member(o, where, "mode"), at(where, "mode"));
    if (auto m = parseMode(mode))
        p.mode = *m;
    else
        fail(at(where, "mode"),
             quoted(mode) + QStringLiteral(" is not one of concurrent, sequential, compare"));
    p.tasks = int(integer(member(o, where, "tasks"), at(where, "tasks"), RunParams::kMinTasks,
                          RunParams::kMaxTasks));
    p.values = int(integer(member(o, where, "values"), at(where, "values"), RunParams::kMinValues,
                           RunParams::kMaxValues));
    p.delaySeconds = number(member(o, where, "delay_s"), at(where, "delay_s"));
    if (p.delaySeconds < RunParams::kMinDelay || p.delaySeconds > RunParams::kMaxDelay)
        fail(at(where, "delay_s"), QStringLiteral("%1 is out of range (0.001 … 3600)")
                                       .arg(QString::fromLatin1(doubleText(p.delaySeconds))));
    p.maxValue = number(member(o, where, "max_value"), at(where, "max_value"));
    if (p.maxValue <= 0 || p.maxValue > RunParams::kMaxMaxValue)
        fail(at(where, "max_value"), QStringLiteral("%1 must be > 0 and ≤ 1e300")
                                         .arg(QString::fromLatin1(doubleText(p.maxValue))));
    p.seed = quint64(
        integer(member(o, where, "seed"), at(where, "seed"), 0, qint64(RunParams::kMaxSeed)));
    const QString timing = string(member(o, where, "timing"), at(where, "timing"));
    if (auto t = parseTiming(timing))
        p.timing = *t;
    else
        fail(at(where, "timing"),
             quoted(timing) + QStringLiteral(" is not one of drift-free, relative"));
    return p;
}

AppInfo readApp(const QJsonObject &root) {
    AppInfo app{QString(), QString(), QString()};
    const QJsonValue v = root.value(QLatin1String("app"));
    if (v.isUndefined())
        return app;
    const QJsonObject o = object(v, QStringLiteral("app"));
    auto text = [&](const char *key) {
        const QJsonValue s = o.value(QLatin1String(key));
        if (s.isUndefined())
            return QString();
        const QString field = at(QStringLiteral("app"), key);
        const QString t = string(s, field);
        if (t.size() > 100)
            fail(field, QStringLiteral("is longer than 100 characters"));
        return t;
    };
    app.version = text("version");
    app.qt = text("qt");
    app.qcoro = text("qcoro");
    return app;
}

void readHealth(const QJsonObject &o, const QString &where, GroupHealth &h) {
    h.wallS = nonNegative(member(o, where, "wall_s"), at(where, "wall_s"));
    h.idealS = nonNegative(member(o, where, "ideal_s"), at(where, "ideal_s"));
    h.overrunMs = number(member(o, where, "overrun_ms"), at(where, "overrun_ms"));
    const QString lateness = at(where, "lateness_ms");
    const QJsonObject l = object(member(o, where, "lateness_ms"), lateness);
    h.latenessP50Ms = number(member(l, lateness, "p50"), at(lateness, "p50"));
    h.latenessP99Ms = number(member(l, lateness, "p99"), at(lateness, "p99"));
    h.latenessMaxMs = number(member(l, lateness, "max"), at(lateness, "max"));
    h.maxStallMs = nonNegative(member(o, where, "max_stall_ms"), at(where, "max_stall_ms"));
}

void readTask(const QJsonValue &v, const QString &where, const RunParams &p, GroupRecord &g,
              std::vector<bool> &seen) {
    const QJsonObject o = object(v, where);
    const int id = int(integer(member(o, where, "id"), at(where, "id"), 0, p.tasks - 1));
    if (seen[size_t(id)])
        fail(at(where, "id"), QStringLiteral("%1 is listed twice").arg(id));
    seen[size_t(id)] = true;

    const qint64 start = time(member(o, where, "start_s"), at(where, "start_s"), true);
    const qint64 end = time(member(o, where, "end_s"), at(where, "end_s"), true);
    if (end >= 0 && (start < 0 || end < start))
        fail(at(where, "end_s"), start < 0 ? QStringLiteral("is set but start_s is null")
                                           : QStringLiteral("is before start_s"));
    if (start >= 0)
        g.taskStarted(id, start);
    if (end >= 0)
        g.taskEnded(id, end);

    const QString valuesAt = at(where, "values");
    const QString dueAt = at(where, "due_s");
    const QString atAt = at(where, "at_s");
    const QJsonArray values = array(member(o, where, "values"), valuesAt);
    const QJsonArray due = array(member(o, where, "due_s"), dueAt);
    const QJsonArray actual = array(member(o, where, "at_s"), atAt);
    if (values.size() > p.values)
        fail(valuesAt, QStringLiteral("%1 entries, more than params.values (%2)")
                           .arg(values.size())
                           .arg(p.values));
    if (due.size() != values.size())
        fail(dueAt,
             QStringLiteral("%1 entries, but values has %2").arg(due.size()).arg(values.size()));
    if (actual.size() != values.size())
        fail(atAt,
             QStringLiteral("%1 entries, but values has %2").arg(actual.size()).arg(values.size()));
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QJsonValue value = values.at(i);
        const double x = value.isDouble() ? value.toDouble() : -1;
        // The field's name is only built for a message: a million tasks pass through here.
        if (!value.isDouble() || !(x >= 0 && x <= p.maxValue)) {
            const double checked = nonNegative(value, at(valuesAt, i));
            fail(at(valuesAt, i), QStringLiteral("%1 is above max_value (%2)")
                                      .arg(QString::fromLatin1(doubleText(checked)),
                                           QString::fromLatin1(doubleText(p.maxValue))));
        }
        const QJsonValue d = due.at(i);
        const QJsonValue a = actual.at(i);
        const qint64 dueNs = d.isDouble() && d.toDouble() >= 0 && d.toDouble() <= kMaxSeconds
                                 ? nanoseconds(d.toDouble())
                                 : time(d, at(dueAt, i));
        const qint64 atNs = a.isDouble() && a.toDouble() >= 0 && a.toDouble() <= kMaxSeconds
                                ? nanoseconds(a.toDouble())
                                : time(a, at(atAt, i));
        g.recordYield(id, int(i), x, dueNs, atNs);
    }
    if (!values.isEmpty() && start < 0)
        fail(at(where, "start_s"), QStringLiteral("is null but the task has yielded"));
}

std::unique_ptr<GroupRecord> readGroup(const QJsonValue &v, const QString &where, GroupKind kind,
                                       const RunParams &p) {
    const QJsonObject o = object(v, where);
    const QString mode = string(member(o, where, "mode"), at(where, "mode"));
    if (mode != groupName(kind))
        fail(at(where, "mode"), QStringLiteral("%1 should be \"%2\" here (params.mode is %3)")
                                    .arg(quoted(mode), groupName(kind), modeName(p.mode)));
    RunStatus status = RunStatus::Finished;
    const QString statusText = string(member(o, where, "status"), at(where, "status"));
    if (statusText == statusName(RunStatus::Stopped))
        status = RunStatus::Stopped;
    else if (statusText != statusName(RunStatus::Finished))
        fail(at(where, "status"),
             quoted(statusText) + QStringLiteral(" is not one of finished, stopped"));
    GroupHealth health;
    readHealth(o, where, health);

    const QString tasksAt = at(where, "tasks");
    const QJsonArray tasks = array(member(o, where, "tasks"), tasksAt);
    if (tasks.size() != p.tasks)
        fail(tasksAt, QStringLiteral("%1 tasks listed, but params.tasks is %2")
                          .arg(tasks.size())
                          .arg(p.tasks));

    auto g = std::make_unique<GroupRecord>(kind, p.tasks, p.values);
    g->status = status;
    g->health = health;
    std::vector<bool> seen(size_t(p.tasks), false);
    for (qsizetype t = 0; t < tasks.size(); ++t)
        readTask(tasks.at(t), at(tasksAt, t), p, *g, seen);

    if (const QJsonValue yields = o.value(QLatin1String("yields")); !yields.isUndefined()) {
        const qint64 n =
            integer(yields, at(where, "yields"), 0, std::numeric_limits<qint64>::max());
        if (n != g->yields())
            fail(at(where, "yields"),
                 QStringLiteral("%1, but the tasks hold %2 values").arg(n).arg(g->yields()));
    }
    return g;
}

std::unique_ptr<RunRecord> readRecord(const QJsonObject &root) {
    const QString format = string(member(root, {}, "format"), QStringLiteral("format"));
    if (format != QLatin1String("coroscope-run"))
        fail(QStringLiteral("format"),
             quoted(format) + QStringLiteral(" is not \"coroscope-run\""));
    const QJsonValue version = member(root, {}, "version");
    if (version.toInteger(0) != 1 || !version.isDouble())
        fail(QStringLiteral("version"),
             shown(version) + QStringLiteral(" is not supported (only 1)"));

    auto record = std::make_unique<RunRecord>();
    record->app = readApp(root);
    record->params = readParams(root);
    const RunParams &p = record->params;
    if (const QJsonValue speedUp = root.value(QLatin1String("speedup")); !speedUp.isUndefined())
        nonNegative(speedUp, QStringLiteral("speedup")); // derived: recomputed from the runs

    std::vector<GroupKind> kinds;
    if (p.mode != Mode::Concurrent)
        kinds.push_back(GroupKind::Sequential);
    if (p.mode != Mode::Sequential)
        kinds.push_back(GroupKind::Concurrent);
    const QJsonArray runs = array(member(root, {}, "runs"), QStringLiteral("runs"));
    if (runs.size() != qsizetype(kinds.size()))
        fail(QStringLiteral("runs"), QStringLiteral("%1 entries, but params.mode %2 needs %3")
                                         .arg(runs.size())
                                         .arg(modeName(p.mode))
                                         .arg(kinds.size()));

    const quint64 need =
        quint64(kinds.size()) * GroupRecord::bytesNeeded(quint64(p.tasks), quint64(p.values));
    const quint64 have = availableMemory();
    if (need > have / 10 * 8)
        fail(QStringLiteral("params"),
             QStringLiteral("a record of %1 tasks × %2 values needs about %3 MB "
                            "of memory; only %4 MB are available")
                 .arg(p.tasks)
                 .arg(p.values)
                 .arg(need >> 20)
                 .arg(have >> 20));

    for (size_t i = 0; i < kinds.size(); ++i)
        record->groups.push_back(readGroup(runs.at(qsizetype(i)),
                                           at(QStringLiteral("runs"), qsizetype(i)), kinds[i], p));
    return record;
}

} // namespace

RecordReadResult RecordReader::fromBytes(const QByteArray &bytes) {
    RecordReadResult result;
    try {
        if (std::all_of(bytes.cbegin(), bytes.cend(),
                        [](char c) { return std::isspace(uchar(c)); }))
            fail({}, QStringLiteral("the file is empty"));
        if (bytes.size() > kMaxFileBytes)
            fail({}, QStringLiteral("the file is larger than %1 MB").arg(kMaxFileBytes >> 20));
        checkDepth(bytes, kMaxDepth);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        if (error.error != QJsonParseError::NoError)
            fail({}, QStringLiteral("not JSON: %1 at byte %2")
                         .arg(error.errorString())
                         .arg(error.offset));
        if (!doc.isObject())
            fail({}, QStringLiteral("not a run record (the JSON is not an object)"));
        result.record = readRecord(doc.object());
    } catch (const Invalid &invalid) {
        result.error = invalid.message;
    } catch (const std::bad_alloc &) {
        result.error = QStringLiteral("not enough memory to read the record");
    }
    if (!result.error.isEmpty())
        result.record.reset();
    return result;
}

RecordReadResult RecordReader::read(const QString &path) {
    RecordReadResult result;
    const QFileInfo info(path);
    QFile file(path);
    if (info.isDir()) {
        result.error = QStringLiteral("%1: is a folder, not a run record").arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    if (file.size() > kMaxFileBytes) {
        result.error =
            QStringLiteral("%1: the file is larger than %2 MB").arg(path).arg(kMaxFileBytes >> 20);
        return result;
    }
    // Read in chunks up to the bound: a pipe or a device has no size to check up front.
    QByteArray bytes;
    if (!file.isSequential())
        bytes.reserve(qsizetype(file.size()));
    constexpr qint64 kChunk = qint64(4) << 20;
    while (bytes.size() <= kMaxFileBytes) {
        const QByteArray chunk = file.read(kChunk);
        if (chunk.isEmpty()) {
            if (file.error() != QFileDevice::NoError) {
                result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
                return result;
            }
            break;
        }
        bytes += chunk;
    }
    result = fromBytes(bytes);
    if (!result.error.isEmpty())
        result.error = path + QStringLiteral(": ") + result.error;
    return result;
}

} // namespace coroscope
