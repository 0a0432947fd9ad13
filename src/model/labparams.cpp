// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runparams.h"
#include "taskrng.h"

#include <QStringList>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {

struct ScenarioInfo {
    Scenario scenario;
    const char *name;
    const char *variants[2];
    int defaultVariant;
    bool inTurn;
    const char *summary; //!< the lesson in one line (the window's scenario picker)
};

// One row per scenario: its name, its two variants (slot 0 first), the one run by default.
constexpr ScenarioInfo kScenarios[] = {
    {Scenario::Seed,
     "seed",
     {"", ""},
     0,
     false,
     "Async comprehensions on one event loop: one after another, or all at once"},
    {Scenario::Blocking,
     "blocking",
     {"block", "offload"},
     0,
     true,
     "One blocking call freezes every coroutine on the loop; offloaded to a thread, it does "
     "not"},
    {Scenario::Bounded,
     "bounded",
     {"limited", "unlimited"},
     0,
     false,
     "A semaphore lets K of N comprehensions run at once: ⌈N/K⌉ windows of work"},
    {Scenario::AsCompleted,
     "as-completed",
     {"gather", "as-completed"},
     1,
     false,
     "Results as each task finishes, or all of them at the end, in order (gather)"},
    {Scenario::Timeout,
     "timeout",
     {"no-timeout", "timeout"},
     1,
     false,
     "A deadline cancels the unfinished comprehensions mid-sleep; their partial lists stay"},
    {Scenario::Failure,
     "failure",
     {"gather", "task-group"},
     0,
     false,
     "One task throws: gather lets the others go on, a task group cancels them"},
    {Scenario::Queue,
     "queue",
     {"single", "workers"},
     1,
     false,
     "A producer fills a bounded queue, W workers drain it: ⌈items/W⌉ delays"},
    {Scenario::Cpu,
     "cpu",
     {"on-loop", "offload"},
     0,
     true,
     "CPU work on the loop holds every coroutine up; a thread pool runs it alongside"},
};

const ScenarioInfo &info(Scenario s) {
    return kScenarios[int(s)];
}

QString outOfRange(const char *option, const QString &value, const QString &range) {
    return QStringLiteral("--%1: %2 is out of range (%3)").arg(QLatin1String(option), value, range);
}

} // namespace

QString scenarioName(Scenario s) {
    return QLatin1String(info(s).name);
}

std::optional<Scenario> parseScenario(const QString &s) {
    for (const ScenarioInfo &i : kScenarios)
        if (s == QLatin1String(i.name))
            return i.scenario;
    return std::nullopt;
}

QString scenarioSummary(Scenario s) {
    return QString::fromUtf8(info(s).summary);
}

QList<Scenario> scenarios() {
    QList<Scenario> all;
    for (const ScenarioInfo &i : kScenarios)
        all << i.scenario;
    return all;
}

QString scenarioNames() {
    QStringList names;
    for (const ScenarioInfo &i : kScenarios)
        names << QLatin1String(i.name);
    return names.join(QStringLiteral(", "));
}

QString variantName(Scenario s, int variant) {
    return variant == 0 || variant == 1 ? QLatin1String(info(s).variants[variant]) : QString();
}

std::optional<int> parseVariant(Scenario s, const QString &name) {
    for (int v : {0, 1})
        if (s != Scenario::Seed && name == QLatin1String(info(s).variants[v]))
            return v;
    return std::nullopt;
}

int defaultVariant(Scenario s) {
    return info(s).defaultVariant;
}

bool variantsRunInTurn(Scenario s) {
    return info(s).inTurn;
}

void resolveLabDefaults(RunParams &p) {
    LabParams &l = p.lab;
    if (l.blockTask < 0)
        l.blockTask = 0;
    if (l.blockAt < 0)
        l.blockAt = p.values / 2;
    if (l.blockForSeconds < 0)
        l.blockForSeconds = p.delaySeconds / 2; // within one delay: offloaded, it costs nothing
    if (l.limit < 0)
        l.limit = std::min(2, p.tasks);
    if (l.spread < 0)
        l.spread = 1;
    if (l.timeoutSeconds < 0) {
        const int half = p.values / 2; // whole values: the deadline falls mid-sleep
        l.timeoutSeconds = (half + 0.5) * p.delaySeconds; // 5.5 s by default
    }
    if (l.failTask < 0)
        l.failTask = std::min(1, p.tasks - 1);
    if (l.failAt < 0)
        l.failAt = p.values / 2;
    if (l.items < 0)
        l.items = int(std::min<qint64>(qint64(p.tasks) * p.values, LabParams::kMaxItems));
    if (l.capacity < 0)
        l.capacity = 2;
    if (l.workers < 0)
        l.workers = 4;
    if (l.workMs < 0)
        l.workMs =
            std::clamp(p.delaySeconds * 100, 1.0, LabParams::kMaxWorkMs); // 100 ms a 1 s delay
    if (l.threads < 0)
        l.threads = std::clamp(QThread::idealThreadCount(), 1, LabParams::kMaxThreads);
}

QString validateLab(const RunParams &p) {
    if (p.scenario == Scenario::Seed)
        return {};
    const LabParams &l = p.lab;
    const auto n = [](double v) { return QString::number(v, 'g', 17); };
    if (p.mode == Mode::Sequential)
        return QStringLiteral("--mode: sequential is the seed's; --scenario %1 runs one variant "
                              "(--variant) or both (--mode compare)")
            .arg(scenarioName(p.scenario));
    if (p.variant != 0 && p.variant != 1)
        return QStringLiteral("--variant: %1 is not a variant").arg(p.variant);
    switch (p.scenario) {
    case Scenario::Seed:
        break;
    case Scenario::Blocking:
        if (l.blockTask < 0 || l.blockTask >= p.tasks)
            return outOfRange("block-task", n(l.blockTask),
                              QStringLiteral("0 … %1, a task of --tasks").arg(p.tasks - 1));
        if (l.blockAt < 0 || l.blockAt >= p.values)
            return outOfRange("block-at", n(l.blockAt),
                              QStringLiteral("0 … %1, a value of --values").arg(p.values - 1));
        if (!std::isfinite(l.blockForSeconds) || l.blockForSeconds < RunParams::kMinDelay ||
            l.blockForSeconds > RunParams::kMaxDelay)
            return outOfRange("block-for", n(l.blockForSeconds), QStringLiteral("0.001 … 3600 s"));
        break;
    case Scenario::Bounded:
        if (l.limit < 1 || l.limit > p.tasks)
            return outOfRange("limit", n(l.limit), QStringLiteral("1 … %1, --tasks").arg(p.tasks));
        break;
    case Scenario::AsCompleted:
        if (!std::isfinite(l.spread) || l.spread < 0 || l.spread > LabParams::kMaxSpread)
            return outOfRange("spread", n(l.spread), QStringLiteral("0 … 10"));
        break;
    case Scenario::Timeout:
        if (!std::isfinite(l.timeoutSeconds) || l.timeoutSeconds < RunParams::kMinDelay ||
            l.timeoutSeconds > RunParams::kMaxRunSeconds)
            return outOfRange("timeout", n(l.timeoutSeconds), QStringLiteral("0.001 … 1e9 s"));
        break;
    case Scenario::Failure:
        if (l.failTask < 0 || l.failTask >= p.tasks)
            return outOfRange("fail-task", n(l.failTask),
                              QStringLiteral("0 … %1, a task of --tasks").arg(p.tasks - 1));
        if (l.failAt < 0 || l.failAt >= p.values)
            return outOfRange("fail-at", n(l.failAt),
                              QStringLiteral("0 … %1, a value of --values").arg(p.values - 1));
        break;
    case Scenario::Queue:
        if (l.items < 1 || l.items > LabParams::kMaxItems)
            return outOfRange("items", n(l.items), QStringLiteral("1 … 1000000"));
        if (l.capacity < 1 || l.capacity > LabParams::kMaxCapacity)
            return outOfRange("capacity", n(l.capacity), QStringLiteral("1 … 1000000"));
        if (l.workers < 1 || l.workers > LabParams::kMaxWorkers)
            return outOfRange("workers", n(l.workers), QStringLiteral("1 … 10000"));
        break;
    case Scenario::Cpu:
        if (!std::isfinite(l.workMs) || l.workMs < 1 || l.workMs > LabParams::kMaxWorkMs)
            return outOfRange("work", n(l.workMs), QStringLiteral("1 … 10000 ms"));
        if (l.threads < 1 || l.threads > LabParams::kMaxThreads)
            return outOfRange("threads", n(l.threads), QStringLiteral("1 … 256"));
        break;
    }
    for (int v : {0, 1})
        if (labIdealSeconds(p, v) > RunParams::kMaxRunSeconds)
            return QStringLiteral("--scenario %1: the %2 variant would take %3 s, more than %4 s")
                .arg(scenarioName(p.scenario), variantName(p.scenario, v))
                .arg(labIdealSeconds(p, v))
                .arg(RunParams::kMaxRunSeconds);
    return {};
}

qint64 labTaskDelayNs(const RunParams &p, int task) {
    if (p.scenario != Scenario::AsCompleted)
        return p.delayNs();
    // Its own stream, apart from the values': the same seed gives the same values.
    TaskRng rng(p.seed ^ 0x5DEECE66DULL, quint32(task));
    return std::llround(p.delaySeconds * (1 + p.lab.spread * rng.uniform(1.0)) * 1e9);
}

static double labIdeal(const RunParams &p, int variant);

double labIdealSeconds(const RunParams &p, int variant) {
    // Whole nanoseconds, like every time in the record: 0.6 s, not 0.6000000000000001.
    return std::round(labIdeal(p, variant) * 1e9) / 1e9;
}

static double labIdeal(const RunParams &p, int variant) {
    const LabParams &l = p.lab;
    const double window = p.values * p.delaySeconds; // one comprehension, undisturbed
    const auto ceilDiv = [](qint64 a, qint64 b) {
        const qint64 rounds = (a + b - 1) / b; // whole rounds, rounded up
        return double(rounds);
    };
    switch (p.scenario) {
    case Scenario::Seed:
        return p.idealSeconds(variant == 0 ? GroupKind::Sequential : GroupKind::Concurrent);
    case Scenario::Blocking:
        // The call overlaps the blocking task's sleep: it costs only what exceeds a delay.
        return window + std::max(0.0, l.blockForSeconds - p.delaySeconds);
    case Scenario::Bounded:
        return variant == 0 ? ceilDiv(p.tasks, l.limit) * window : window;
    case Scenario::AsCompleted: {
        qint64 longest = 0;
        for (int t = 0; t < p.tasks; ++t)
            longest = std::max(longest, labTaskDelayNs(p, t));
        return p.values * double(longest) / 1e9;
    }
    case Scenario::Timeout:
        return variant == 0 ? window : std::min(window, l.timeoutSeconds);
    case Scenario::Failure:
        return variant == 0 ? window : (l.failAt + 1) * p.delaySeconds;
    case Scenario::Queue:
        return (variant == 0 ? double(l.items) : ceilDiv(l.items, l.workers)) * p.delaySeconds;
    case Scenario::Cpu:
        return ceilDiv(p.tasks, l.threads) * p.values * l.workMs / 1e3;
    }
    return 0;
}

QString groupLabel(const RunParams &p, GroupKind slot) {
    return p.scenario == Scenario::Seed ? groupName(slot) : variantName(p.scenario, int(slot));
}

std::vector<GroupKind> groupKinds(const RunParams &p) {
    if (p.runtime == Runtime::Asyncio && p.sideBySide) // the watched tasks, then QCoro's
        return {GroupKind::Concurrent, GroupKind::Concurrent};
    if (p.mode == Mode::Compare)
        return {GroupKind::Sequential, GroupKind::Concurrent};
    if (p.scenario != Scenario::Seed)
        return {p.variant == 0 ? GroupKind::Sequential : GroupKind::Concurrent};
    return {p.mode == Mode::Sequential ? GroupKind::Sequential : GroupKind::Concurrent};
}

int groupLanes(const RunParams &p, GroupKind slot) {
    if (p.scenario == Scenario::Queue) // the workers, then the producer
        return (slot == GroupKind::Sequential ? 1 : p.lab.workers) + 1;
    return p.tasks;
}

int groupSlots(const RunParams &p, GroupKind) {
    return p.scenario == Scenario::Queue ? p.lab.items : p.values;
}

} // namespace coroscope
