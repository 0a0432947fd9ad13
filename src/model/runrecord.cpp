// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runrecord.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

namespace coroscope {

QString statusName(RunStatus s) {
    switch (s) {
    case RunStatus::Idle:
        return QStringLiteral("idle");
    case RunStatus::Running:
        return QStringLiteral("running");
    case RunStatus::Finished:
        return QStringLiteral("finished");
    case RunStatus::Stopped:
        return QStringLiteral("stopped");
    case RunStatus::TimedOut:
        return QStringLiteral("timed-out");
    case RunStatus::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

namespace {
template<typename E, size_t N>
std::optional<E> parseName(const QString &s, const char *const (&names)[N]) {
    for (size_t i = 0; i < N; ++i)
        if (s == QLatin1String(names[i]))
            return E(i);
    return std::nullopt;
}
constexpr const char *kStateNames[] = {"running",   "suspended", "ready",     "waiting", "blocked",
                                       "offloaded", "done",      "cancelled", "failed"};
constexpr const char *kWaitNames[] = {"none",       "task",       "permit",
                                      "queue-item", "queue-room", "thread"};
constexpr const char *kCauseNames[] = {"none", "stop", "timeout", "failure"};
} // namespace

QString stateName(TaskState s) {
    return QLatin1String(kStateNames[int(s)]);
}
std::optional<TaskState> parseState(const QString &s) {
    return parseName<TaskState>(s, kStateNames);
}
QString waitTargetName(WaitTarget w) {
    return QLatin1String(kWaitNames[int(w)]);
}
std::optional<WaitTarget> parseWaitTarget(const QString &s) {
    return parseName<WaitTarget>(s, kWaitNames);
}
QString causeName(CancelCause c) {
    return QLatin1String(kCauseNames[int(c)]);
}
std::optional<CancelCause> parseCause(const QString &s) {
    return parseName<CancelCause>(s, kCauseNames);
}

const TaskOutcome *GroupRecord::outcomeOf(int task) const {
    for (const TaskOutcome &o : m_outcomes)
        if (o.task == task)
            return &o;
    return nullptr;
}

GroupRecord::GroupRecord(GroupKind kind, int tasks, int values, std::optional<DueSchedule> schedule)
    : m_kind(kind)
    , m_tasks(tasks)
    , m_values(values)
    , m_scheduled(schedule.has_value())
    , m_schedule(schedule.value_or(DueSchedule{}))
    , m_counts(size_t(tasks))
    , m_collected(std::make_unique_for_overwrite<double[]>(size_t(tasks) * size_t(values)))
    , m_latenessNs(std::make_unique_for_overwrite<qint32[]>(size_t(tasks) * size_t(values)))
    , m_atNs(m_scheduled ? nullptr
                         : std::make_unique_for_overwrite<qint64[]>(size_t(tasks) * size_t(values)))
    , m_startNs(size_t(tasks))
    , m_endNs(size_t(tasks))
    , m_current(size_t(tasks)) {
    for (size_t t = 0; t < size_t(tasks); ++t) {
        m_startNs[t].store(-1, std::memory_order_relaxed);
        m_endNs[t].store(-1, std::memory_order_relaxed);
        m_current[t].store(0, std::memory_order_relaxed);
    }
}

namespace {

//! Faults in the pages of [data, data + bytes) for writing, without changing a byte.
void mapIn(void *data, size_t bytes) {
    if (!data || bytes == 0)
        return;
#ifdef MADV_POPULATE_WRITE
    // From the start of the first page (madvise wants it aligned), by pointer arithmetic.
    const auto page = size_t(sysconf(_SC_PAGESIZE));
    const size_t intoPage = size_t(reinterpret_cast<uintptr_t>(data) & (page - 1));
    if (madvise(static_cast<char *>(data) - intoPage, bytes + intoPage, MADV_POPULATE_WRITE) == 0)
        return;
#endif
    // Linux before 5.14: write them (nothing reads a slot before its yield is published).
    std::memset(data, 0, bytes);
}

} // namespace

void GroupRecord::mapSlotsIn() {
    const size_t slots = size_t(m_tasks) * size_t(m_values);
    mapIn(m_collected.get(), slots * sizeof(double));
    mapIn(m_latenessNs.get(), slots * sizeof(qint32));
    mapIn(m_atNs.get(), m_atNs ? slots * sizeof(qint64) : 0);
}

std::optional<DueSchedule> GroupRecord::scheduleFor(const RunParams &params, GroupKind kind) {
    // The seed's generators in drift-free timing: asyncGenerator() and runSequential().
    if (params.scenario != Scenario::Seed || params.timing != Timing::DriftFree)
        return std::nullopt;
    const qint64 delay = params.delayNs();
    return DueSchedule{delay, kind == GroupKind::Sequential ? qint64(params.values) * delay : 0};
}

std::unique_ptr<GroupRecord> copyGroup(const GroupRecord &g) {
    auto c = std::make_unique<GroupRecord>(g.kind(), g.tasks(), g.values(), g.schedule());
    for (int t = 0; t < g.tasks(); ++t) {
        const int n = g.count(t);
        for (int i = 0; i < n; ++i) {
            const double v = g.value(t, i);
            if (GroupRecord::isLabel(v))
                c->recordLabelYield(t, i, g.labelText(v), g.dueNs(t, i), g.atNs(t, i));
            else
                c->recordYield(t, i, v, g.dueNs(t, i), g.atNs(t, i));
        }
        if (g.startNs(t) >= 0)
            c->taskStarted(t, g.startNs(t));
        if (g.endNs(t) >= 0)
            c->taskEnded(t, g.endNs(t));
    }
    for (const StateSpan &s : g.spans())
        c->addSpan(s);
    for (const TaskOutcome &o : g.outcomes())
        c->addOutcome(o);
    for (const SchedulerPass &p : g.passes())
        c->addPass(p);
    for (const Delivery &d : g.deliveries())
        c->addDelivery(d);
    c->health = g.health;
    c->status = g.status.load();
    return c;
}

quint64 GroupRecord::bytesNeeded(quint64 tasks, quint64 values, bool scheduled) {
    // Lateness, value and (without a schedule) actual time per yield; per task the published
    // count, the start and end and its current stretch.
    return tasks * values * (sizeof(qint32) + sizeof(double) + (scheduled ? 0 : sizeof(qint64))) +
           tasks * (sizeof(quint32) + 3 * sizeof(qint64));
}

namespace {

// Lateness as an order-preserving unsigned key. Stored values satisfy |v| < 2^31 - 1, so
// their keys are 1 … 2^32 - 2; the two ends stand for the side table's big values.
constexpr quint32 kBigNegativeKey = 0;
constexpr quint32 kBigPositiveKey = 0xFFFFFFFFu;

} // namespace

qint64 GroupRecord::kthLatenessNs(qint64 k) const {
    const qint64 ks[1] = {k};
    qint64 out[1] = {0};
    kthLatenessesNs(ks, out);
    return out[0];
}

void GroupRecord::kthLatenessesNs(std::span<const qint64> ks, std::span<qint64> out) const {
    // A two-pass radix select (high 16 bits of the key, then the low 16 bits of those in
    // the chosen bucket): exact, in place. Copying a million tasks' ten million yields to
    // sort them would take 80 MB more at the very end of a run, the peak of its memory.
    // The ranks share the first pass, and those in the same high bucket the second (on
    // the virtual clock p50, p99 and max usually are all 0): 2 passes for 3 ranks, not 6.
    Q_ASSERT(ks.size() == out.size());
    // The side table is read without its lock: only this (the writer's) thread changes it.
    auto key = [this](size_t slot) -> quint32 {
        qint64 v = m_latenessNs[slot];
        if (v == kLatenessOverflow) {
            v = m_bigLatenessNs.at(slot); // past ±2.1 s, or small but off the schedule
            if (v >= kLatenessOverflow || v <= -kLatenessOverflow)
                return v < 0 ? kBigNegativeKey : kBigPositiveKey;
        }
        return quint32(qint32(v)) ^ 0x80000000u;
    };
    auto forEachKey = [this, &key](auto &&visit) {
        for (int t = 0; t < m_tasks; ++t) {
            const size_t first = size_t(t) * size_t(m_values);
            for (size_t s = first, end = first + size_t(count(t)); s < end; ++s)
                visit(s, key(s));
        }
    };
    std::vector<qint64> high(65536);
    forEachKey([&](size_t, quint32 key) { ++high[key >> 16]; });
    //! The bucket of \a histogram holding rank \a rank; \a rank becomes the rank within it.
    auto pick = [](const std::vector<qint64> &histogram, qint64 &rank) {
        size_t bucket = 0;
        while (rank >= histogram[bucket])
            rank -= histogram[bucket++];
        return quint32(bucket);
    };
    std::vector<qint64> rank(ks.begin(), ks.end());
    std::vector<quint32> bucket(ks.size());
    for (size_t i = 0; i < ks.size(); ++i)
        bucket[i] = pick(high, rank[i]);
    std::vector<qint64> low(65536);
    for (size_t i = 0; i < ks.size(); ++i) {
        if (i > 0 && std::find(bucket.begin(), bucket.begin() + qptrdiff(i), bucket[i]) !=
                         bucket.begin() + qptrdiff(i))
            continue; // this high bucket's ranks were found with an earlier one
        std::fill(low.begin(), low.end(), 0);
        const quint32 h = bucket[i];
        forEachKey([&](size_t, quint32 key) {
            if (key >> 16 == h)
                ++low[key & 0xFFFF];
        });
        for (size_t r = i; r < ks.size(); ++r) {
            if (bucket[r] != h)
                continue;
            qint64 inBucket = rank[r];
            const quint32 found = h << 16 | pick(low, inBucket);
            if (found != kBigNegativeKey && found != kBigPositiveKey) {
                out[r] = qint32(found ^ 0x80000000u);
                continue;
            }
            std::vector<qint64> big; // the few yields over ±2.1 s late, exactly
            forEachKey([&](size_t slot, quint32 key) {
                if (key == found)
                    big.push_back(m_bigLatenessNs.at(slot));
            });
            std::nth_element(big.begin(), big.begin() + qptrdiff(inBucket), big.end());
            out[r] = big[size_t(inBucket)];
        }
    }
}

void GroupRecord::computeHealth(const RunParams &params, qint64 wallNs, double maxStallMs,
                                RunStatus finalStatus) {
    health.wallS = double(wallNs) / 1e9;
    health.idealS = params.idealSeconds(m_kind);
    health.overrunMs = finalStatus == RunStatus::Stopped ? 0 : (health.wallS - health.idealS) * 1e3;
    health.maxStallMs = maxStallMs;
    health.latenessMaxMs = health.latenessP99Ms = health.latenessP50Ms = 0;
    qint64 n = 0; // the yields whose value was collected too
    for (int t = 0; t < m_tasks; ++t)
        n += count(t);
    if (n == 0) {
        status = finalStatus;
        return;
    }
    // The k-th smallest for quantile q: the smallest value with at least q of them below
    // or at it (nearest rank).
    auto rankOf = [n](double q) {
        return std::min(n - 1, qint64(std::ceil(q * double(n))) - (q > 0 ? 1 : 0));
    };
    const qint64 ranks[3] = {rankOf(1.0), rankOf(0.99), rankOf(0.50)};
    qint64 latenessNs[3] = {0, 0, 0};
    kthLatenessesNs(ranks, latenessNs);
    health.latenessMaxMs = double(latenessNs[0]) / 1e6;
    health.latenessP99Ms = double(latenessNs[1]) / 1e6;
    health.latenessP50Ms = double(latenessNs[2]) / 1e6;
    status = finalStatus;
}

GroupRecord *RunRecord::group(GroupKind kind) const {
    for (const auto &g : groups)
        if (g->kind() == kind)
            return g.get();
    return nullptr;
}

double RunRecord::speedUp() const {
    const GroupRecord *seq = group(GroupKind::Sequential);
    const GroupRecord *con = group(GroupKind::Concurrent);
    if (!seq || !con || seq->status != RunStatus::Finished || con->status != RunStatus::Finished ||
        con->health.wallS <= 0)
        return 0;
    return seq->health.wallS / con->health.wallS;
}

} // namespace coroscope
