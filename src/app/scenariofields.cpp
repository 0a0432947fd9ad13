// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "scenariofields.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace coroscope {

ScenarioFields::ScenarioFields(QWidget *parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("scenarioFields"));
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_scenario = new QComboBox(this);
    m_scenario->setObjectName(QStringLiteral("scenarioCombo"));
    m_scenario->setAccessibleName(QStringLiteral("Scenario"));
    for (Scenario s : scenarios()) {
        m_scenario->addItem(scenarioName(s), int(s));
        m_scenario->setItemData(m_scenario->count() - 1, scenarioSummary(s), Qt::ToolTipRole);
    }
    m_scenario->setToolTip(QStringLiteral("The lesson: the seed, or one of the lab's programs"));
    auto *label = new QLabel(QStringLiteral("&Scenario:"), this);
    label->setBuddy(m_scenario);
    m_form->addRow(label, m_scenario);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("scenarioSummary"));
    m_summary->setWordWrap(true);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_form->addRow(m_summary);

    m_variant = new QComboBox(this);
    m_variant->setObjectName(QStringLiteral("variantCombo"));
    m_variant->setAccessibleName(QStringLiteral("Variant"));
    m_variant->setToolTip(
        QStringLiteral("The variant a run shows; Compare runs both, one group each"));
    m_variantLabel = new QLabel(QStringLiteral("&Variant:"), this);
    m_variantLabel->setBuddy(m_variant);
    m_form->addRow(m_variantLabel, m_variant);

    // The options: the engine's limits; validateLab() judges those that depend on the run.
    const auto whole = [this](Scenario s, const char *name, const QString &text, const QString &tip,
                              int LabParams::*member, int min, int max) {
        auto *box = new QSpinBox(this);
        box->setObjectName(QLatin1String(name) + QStringLiteral("Spin"));
        box->setRange(min, max);
        box->setGroupSeparatorShown(true);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
        m_form->addRow(text, box);
        connect(box, &QSpinBox::valueChanged, this, &ScenarioFields::changed);
        m_fields.push_back({s, box, member, nullptr});
    };
    const auto real = [this](Scenario s, const char *name, const QString &text, const QString &tip,
                             double LabParams::*member, double min, double max,
                             const QString &suffix) {
        auto *box = new QDoubleSpinBox(this);
        box->setObjectName(QLatin1String(name) + QStringLiteral("Spin"));
        box->setDecimals(3);
        box->setRange(min, max);
        box->setSuffix(suffix);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
        m_form->addRow(text, box);
        connect(box, &QDoubleSpinBox::valueChanged, this, &ScenarioFields::changed);
        m_fields.push_back({s, box, nullptr, member});
    };
    using S = Scenario;
    using L = LabParams;
    const int lastTask = RunParams::kMaxTasks - 1;
    const int lastValue = RunParams::kMaxValues - 1;
    whole(S::Blocking, "blockTask", QStringLiteral("Blocking task:"),
          QStringLiteral("The task that makes the blocking call (0 … tasks − 1)"), &L::blockTask, 0,
          lastTask);
    whole(S::Blocking, "blockAt", QStringLiteral("Blocks at value:"),
          QStringLiteral("At which of its values (0 … values − 1)"), &L::blockAt, 0, lastValue);
    real(S::Blocking, "blockFor", QStringLiteral("Blocks for:"),
         QStringLiteral("How long the call holds the thread"), &L::blockForSeconds,
         RunParams::kMinDelay, RunParams::kMaxDelay, QStringLiteral(" s"));
    whole(S::Bounded, "limit", QStringLiteral("Limit (permits):"),
          QStringLiteral("How many comprehensions may run at once (1 … tasks)"), &L::limit, 1,
          RunParams::kMaxTasks);
    real(S::AsCompleted, "spread", QStringLiteral("Spread:"),
         QStringLiteral("Task t sleeps delay × (1 + spread × u), u random from the seed"),
         &L::spread, 0, L::kMaxSpread, QString());
    real(S::Timeout, "timeout", QStringLiteral("Timeout:"),
         QStringLiteral("The group's deadline: unfinished comprehensions are cancelled then"),
         &L::timeoutSeconds, RunParams::kMinDelay, RunParams::kMaxRunSeconds, QStringLiteral(" s"));
    whole(S::Failure, "failTask", QStringLiteral("Failing task:"),
          QStringLiteral("The task that throws (0 … tasks − 1)"), &L::failTask, 0, lastTask);
    whole(S::Failure, "failAt", QStringLiteral("Fails at value:"),
          QStringLiteral("At which of its values (0 … values − 1)"), &L::failAt, 0, lastValue);
    whole(S::Queue, "items", QStringLiteral("Items:"),
          QStringLiteral("How many items the producer puts in the queue"), &L::items, 1,
          L::kMaxItems);
    whole(S::Queue, "capacity", QStringLiteral("Queue capacity:"),
          QStringLiteral("How many items the queue holds before the producer waits"), &L::capacity,
          1, L::kMaxCapacity);
    whole(S::Queue, "workers", QStringLiteral("Workers:"),
          QStringLiteral("How many workers take items (the workers variant)"), &L::workers, 1,
          L::kMaxWorkers);
    real(S::Cpu, "work", QStringLiteral("Work per value:"),
         QStringLiteral("SHA-256 hashing per value"), &L::workMs, 1, L::kMaxWorkMs,
         QStringLiteral(" ms"));
    whole(S::Cpu, "threads", QStringLiteral("Threads:"),
          QStringLiteral("The thread pool's size for the offload variant"), &L::threads, 1,
          L::kMaxThreads);

    connect(m_scenario, &QComboBox::currentIndexChanged, this, [this] {
        showFieldsOf(scenario());
        Q_EMIT scenarioPicked(scenario());
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this, &ScenarioFields::changed);
    showFieldsOf(Scenario::Seed);
}

Scenario ScenarioFields::scenario() const {
    return Scenario(m_scenario->currentData().toInt());
}

void ScenarioFields::showFieldsOf(Scenario s) {
    m_summary->setText(scenarioSummary(s));
    {
        const QSignalBlocker block(m_variant);
        const int variant = m_variant->currentIndex();
        m_variant->clear();
        if (s != Scenario::Seed) {
            for (int v : {0, 1})
                m_variant->addItem(variantName(s, v), v);
            m_variant->setCurrentIndex(variant == 1 ? 1 : 0);
        }
    }
    m_form->setRowVisible(m_variant, s != Scenario::Seed);
    m_variant->setEnabled(!m_compare);
    for (const Field &f : m_fields)
        m_form->setRowVisible(f.box, f.scenario == s);
}

void ScenarioFields::setCompare(bool on) {
    m_compare = on;
    m_variant->setEnabled(!on);
}

void ScenarioFields::setParams(const RunParams &p) {
    const QSignalBlocker blockScenario(m_scenario);
    m_scenario->setCurrentIndex(m_scenario->findData(int(p.scenario)));
    showFieldsOf(p.scenario);
    {
        const QSignalBlocker block(m_variant);
        m_variant->setCurrentIndex(p.scenario == Scenario::Seed ? -1 : (p.variant == 1 ? 1 : 0));
    }
    for (const Field &f : m_fields) {
        const QSignalBlocker block(f.box);
        if (f.whole)
            static_cast<QSpinBox *>(f.box)->setValue(p.lab.*f.whole);
        else
            static_cast<QDoubleSpinBox *>(f.box)->setValue(p.lab.*f.real);
    }
}

void ScenarioFields::fill(RunParams &p) const {
    p.scenario = scenario();
    p.lab = LabParams{};
    p.variant = 0;
    if (p.scenario == Scenario::Seed)
        return;
    p.variant = p.mode == Mode::Compare ? 0 : std::max(0, m_variant->currentData().toInt());
    // Every option is filled (the other scenarios' with their values too, as the command
    // line's resolveLabDefaults() does); only the scenario's own are shown and used.
    for (const Field &f : m_fields) {
        if (f.whole)
            p.lab.*f.whole = static_cast<const QSpinBox *>(f.box)->value();
        else
            p.lab.*f.real = static_cast<const QDoubleSpinBox *>(f.box)->value();
    }
}

} // namespace coroscope
