// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// Records and devices shared by the data tests (CSV, trace, reader, export).

#include "model/runrecord.h"
#include "testparams.h"

#include <QIODevice>

#include <memory>

namespace coroscope::test {

/*!
 * A compare record with awkward numbers: a stopped sequential group whose last task
 * yielded twice and never ended, times with nanosecond digits, values 0 and max_value.
 */
inline RunRecord sampleRecord(int tasks = 3, int values = 4) {
    RunRecord r;
    r.params.mode = Mode::Compare;
    r.params.tasks = tasks;
    r.params.values = values;
    r.params.delaySeconds = 0.5;
    r.params.maxValue = 10.0;
    r.params.seed = 7;
    r.params.timing = Timing::Relative;
    const qint64 delayNs = 500'000'000;
    for (GroupKind kind : {GroupKind::Sequential, GroupKind::Concurrent}) {
        const bool sequential = kind == GroupKind::Sequential;
        auto g = std::make_unique<GroupRecord>(kind, tasks, values);
        for (int t = 0; t < tasks; ++t) {
            const qint64 origin = sequential ? qint64(t) * values * delayNs : 0;
            const bool stopped = sequential && t == tasks - 1;
            g->taskStarted(t, origin + 1'582 + t);
            const int n = stopped ? std::min(2, values) : values;
            for (int i = 0; i < n; ++i) {
                const qint64 due = origin + (i + 1) * delayNs;
                const double value = (i == 0) ? 0.0 : (i == 1 ? 10.0 : 0.1 * (t + 1) + i / 3.0);
                g->recordYield(t, i, value, due, due + 123'456 + qint64(t) * 1'000 + i);
            }
            if (!stopped)
                g->taskEnded(t, origin + values * delayNs + 200'017);
        }
        const qint64 wall = sequential
                                ? qint64(tasks - 1) * values * delayNs + 2 * delayNs + 300'000
                                : values * delayNs + 300'000;
        g->computeHealth(r.params, wall, 0.25,
                         sequential ? RunStatus::Stopped : RunStatus::Finished);
        r.groups.push_back(std::move(g));
    }
    return r;
}

//! A finished run of \a tasks × \a values, 10 ms apart, a few µs late: about 25 bytes of
//! JSON per yield. \a mode Compare gives both groups (the sequential one's tasks in turn).
inline RunRecord bigRecord(int tasks, int values, Mode mode = Mode::Concurrent) {
    RunRecord r;
    r.params.mode = mode;
    r.params.tasks = tasks;
    r.params.values = values;
    r.params.delaySeconds = 0.01;
    const qint64 delayNs = 10'000'000;
    for (GroupKind kind : {GroupKind::Sequential, GroupKind::Concurrent}) {
        const bool sequential = kind == GroupKind::Sequential;
        if (sequential ? mode == Mode::Concurrent : mode == Mode::Sequential)
            continue;
        auto g = std::make_unique<GroupRecord>(kind, tasks, values);
        for (int t = 0; t < tasks; ++t) {
            const qint64 origin = sequential ? qint64(t) * values * delayNs : 0;
            g->taskStarted(t, origin + 1'000 + t);
            for (int i = 0; i < values; ++i) {
                const qint64 due = origin + (i + 1) * delayNs;
                g->recordYield(t, i, double((t * values + i) % 11), due, due + 3'000 + t);
            }
            g->taskEnded(t, origin + values * delayNs + 5'000 + t);
        }
        const qint64 wall =
            (sequential ? qint64(tasks) * values : values) * delayNs + 9'000 + tasks;
        g->computeHealth(r.params, wall, 1.5, RunStatus::Finished);
        r.groups.push_back(std::move(g));
    }
    return r;
}

//! Accepts \a limit bytes, then refuses every write, as a full disk does.
class FailingDevice : public QIODevice {
public:
    explicit FailingDevice(qint64 limit)
        : m_limit(limit) {
        open(QIODevice::WriteOnly);
    }
    qint64 written() const { return m_written; }
    int writeCalls() const { return m_calls; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override {
        ++m_calls;
        if (m_written + size > m_limit) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        m_written += size;
        return size;
    }

private:
    qint64 m_limit;
    qint64 m_written = 0;
    int m_calls = 0;
};

} // namespace coroscope::test
