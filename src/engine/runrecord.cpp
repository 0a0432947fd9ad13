#include "runrecord.h"

#include <algorithm>
#include <cmath>

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
constexpr const char *kStateNames[] = {"running", "suspended", "ready",     "waiting", "blocked",
                                       "offloaded", "done",    "cancelled", "failed"};
constexpr const char *kWaitNames[] = {"none", "task", "permit", "queue-item", "queue-room", "thread"};
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

GroupRecord::GroupRecord(GroupKind kind, int tasks, int values)
    : m_kind(kind)
    , m_tasks(tasks)
    , m_values(values)
    , m_collected(size_t(tasks))
    , m_latenessNs(size_t(tasks) * size_t(values))
    , m_atNs(size_t(tasks) * size_t(values))
    , m_startNs(size_t(tasks), -1)
    , m_endNs(size_t(tasks), -1) {}

quint64 GroupRecord::bytesNeeded(quint64 tasks, quint64 values) {
    // Actual time and lateness per yield, each task's list (QList header plus its data block) and
    // the per-task start and end.
    return tasks * values * (sizeof(qint64) + sizeof(qint32) + sizeof(double)) +
           tasks * (sizeof(QList<double>) + 32 + 2 * sizeof(qint64));
}

static double percentile(std::vector<qint64> &v, double q) {
    if (v.empty())
        return 0;
    const size_t k =
        std::min(v.size() - 1, size_t(std::ceil(q * double(v.size()))) - (q > 0 ? 1 : 0));
    std::nth_element(v.begin(), v.begin() + qptrdiff(k), v.end());
    return double(v[k]) / 1e6;
}

void GroupRecord::computeHealth(const RunParams &params, qint64 wallNs, double maxStallMs) {
    health.wallS = double(wallNs) / 1e9;
    health.idealS = params.idealSeconds(m_kind);
    health.overrunMs = (health.wallS - health.idealS) * 1e3;
    health.maxStallMs = maxStallMs;

    std::vector<qint64> lateness;
    lateness.reserve(size_t(m_yields));
    for (int t = 0; t < m_tasks; ++t)
        for (int i = 0; i < count(t); ++i)
            lateness.push_back(latenessNs(t, i));
    health.latenessMaxMs =
        lateness.empty() ? 0 : double(*std::max_element(lateness.begin(), lateness.end())) / 1e6;
    health.latenessP99Ms = percentile(lateness, 0.99);
    health.latenessP50Ms = percentile(lateness, 0.50);
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
