// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "labopts.h"

#include <cmath>

namespace coroscope {

namespace {

struct LabOption {
    const char *name;
    const char *valueName;
    const char *help;
    Scenario scenario; //!< the scenario it belongs to
};

const LabOption kOptions[] = {
    {"block-task", "N", "blocking: the task that blocks (default 0).", Scenario::Blocking},
    {"block-at", "K", "blocking: at its value K, 0-based (default values / 2).",
     Scenario::Blocking},
    {"block-for", "SECONDS", "blocking: how long the call blocks (default delay / 2).",
     Scenario::Blocking},
    {"limit", "K", "bounded: the semaphore's permits, 1 … tasks (default 2).", Scenario::Bounded},
    {"spread", "X", "as-completed: task delays spread over delay × [1, 1 + X), 0 … 10 (default 1).",
     Scenario::AsCompleted},
    {"timeout", "SECONDS", "timeout: the group's deadline (default (values / 2 + 0.5) × delay).",
     Scenario::Timeout},
    {"fail-task", "N", "failure: the task that raises (default 1).", Scenario::Failure},
    {"fail-at", "K", "failure: at its value K, 0-based (default values / 2).", Scenario::Failure},
    {"items", "N", "queue: items the producer puts, 1 … 1000000 (default tasks × values).",
     Scenario::Queue},
    {"capacity", "C", "queue: the queue's size, 1 … 1000000 (default 2).", Scenario::Queue},
    {"workers", "W", "queue: consumers, 1 … 10000 (default 4).", Scenario::Queue},
    {"work", "MS", "cpu: computation per value, 1 … 10000 ms (default delay × 100 ms/s).",
     Scenario::Cpu},
    {"threads", "N", "cpu: the thread pool's threads, 1 … 256 (default: the cores).",
     Scenario::Cpu},
};

QString value(const QCommandLineParser &p, const QString &name, QString &error) {
    const QStringList values = p.values(name);
    if (values.size() > 1 && error.isEmpty())
        error = QStringLiteral("--%1: given %2 times; give it once").arg(name).arg(values.size());
    return values.isEmpty() ? QString() : values.last();
}

bool whole(const QString &name, const QString &text, int &out, QString &error) {
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok || v < 0 || v > 1'000'000'000) {
        error = QStringLiteral("--%1: '%2' is not a whole number ≥ 0").arg(name, text);
        return false;
    }
    out = int(v);
    return true;
}

bool real(const QString &name, const QString &text, double &out, QString &error) {
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0) {
        error = QStringLiteral("--%1: '%2' is not a finite number ≥ 0").arg(name, text);
        return false;
    }
    out = v;
    return true;
}

} // namespace

void LabOptions::add(QCommandLineParser &p) {
    p.addOption({QStringLiteral("scenario"),
                 QStringLiteral("The lesson: %1 (default seed).").arg(scenarioNames()),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("variant"),
                 QStringLiteral("The scenario's variant to run outside compare: blocking "
                                "block|offload, bounded limited|unlimited, as-completed "
                                "gather|as-completed, timeout no-timeout|timeout, failure "
                                "gather|task-group, queue single|workers, cpu on-loop|offload."),
                 QStringLiteral("NAME")});
    for (const LabOption &o : kOptions)
        p.addOption({QLatin1String(o.name), QString::fromUtf8(o.help), QLatin1String(o.valueName)});
}

QString LabOptions::parse(const QCommandLineParser &p, RunParams &params, bool &any) {
    QString error;
    any = false;
    const QString scenario = value(p, QStringLiteral("scenario"), error);
    if (!scenario.isNull()) {
        any = true;
        if (auto s = parseScenario(scenario))
            params.scenario = *s;
        else
            return QStringLiteral("--scenario: '%1' is not one of %2")
                .arg(scenario, scenarioNames());
    }
    const Scenario s = params.scenario;
    params.variant = defaultVariant(s);
    const QString variant = value(p, QStringLiteral("variant"), error);
    if (!variant.isNull()) {
        any = true;
        if (s == Scenario::Seed)
            return QStringLiteral("--variant: the seed's groups are its modes; use --mode (or "
                                  "give a --scenario)");
        if (params.mode == Mode::Compare)
            return QStringLiteral("--variant: --mode compare runs both variants; give one or "
                                  "the other");
        if (auto v = parseVariant(s, variant))
            params.variant = *v;
        else
            return QStringLiteral("--variant: '%1' is not one of %2, %3 (--scenario %4)")
                .arg(variant, variantName(s, 0), variantName(s, 1), scenarioName(s));
    }
    if (s != Scenario::Seed && !p.isSet(QStringLiteral("timing")))
        params.timing = Timing::Relative; // the Python programs it mirrors sleep relative

    LabParams &l = params.lab;
    for (const LabOption &o : kOptions) {
        const QString name = QLatin1String(o.name);
        const QString text = value(p, name, error);
        if (!error.isEmpty())
            return error;
        if (text.isNull())
            continue;
        any = true;
        if (o.scenario != s)
            return QStringLiteral("--%1: belongs to --scenario %2")
                .arg(name, scenarioName(o.scenario));
        bool ok = true;
        if (name == QLatin1String("block-task"))
            ok = whole(name, text, l.blockTask, error);
        else if (name == QLatin1String("block-at"))
            ok = whole(name, text, l.blockAt, error);
        else if (name == QLatin1String("block-for"))
            ok = real(name, text, l.blockForSeconds, error);
        else if (name == QLatin1String("limit"))
            ok = whole(name, text, l.limit, error);
        else if (name == QLatin1String("spread"))
            ok = real(name, text, l.spread, error);
        else if (name == QLatin1String("timeout"))
            ok = real(name, text, l.timeoutSeconds, error);
        else if (name == QLatin1String("fail-task"))
            ok = whole(name, text, l.failTask, error);
        else if (name == QLatin1String("fail-at"))
            ok = whole(name, text, l.failAt, error);
        else if (name == QLatin1String("items"))
            ok = whole(name, text, l.items, error);
        else if (name == QLatin1String("capacity"))
            ok = whole(name, text, l.capacity, error);
        else if (name == QLatin1String("workers"))
            ok = whole(name, text, l.workers, error);
        else if (name == QLatin1String("work"))
            ok = real(name, text, l.workMs, error);
        else if (name == QLatin1String("threads"))
            ok = whole(name, text, l.threads, error);
        if (!ok)
            return error;
    }
    if (!error.isEmpty())
        return error;
    if (s != Scenario::Seed)
        resolveLabDefaults(params);
    return {};
}

} // namespace coroscope
