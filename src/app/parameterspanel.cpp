// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "parameterspanel.h"

#include "engine/run.h"
#include "scenariofields.h"
#include "ui_parameterspanel.h"
#include "windowoptions.h"

#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QRegularExpressionValidator>

#include <cmath>

namespace coroscope {

ParametersPanel::ParametersPanel(QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::ParametersPanel>()) {
    ui->setupUi(this);
    ui->tasksSpin->setRange(RunParams::kMinTasks, RunParams::kMaxTasks);
    ui->valuesSpin->setRange(RunParams::kMinValues, RunParams::kMaxValues);
    ui->delaySpin->setRange(RunParams::kMinDelay, RunParams::kMaxDelay);
    ui->delaySpin->setSingleStep(0.1);
    ui->delaySpin->setDecimals(WindowFields::kDecimals);
    ui->maxValueSpin->setRange(WindowFields::kMinMaxValue, WindowFields::kMaxMaxValue);
    ui->maxValueSpin->setDecimals(WindowFields::kDecimals);
    ui->seedEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9]{1,19}")), ui->seedEdit));
    ui->errorLabel->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold"));
    ui->summaryLabel->setForegroundRole(QPalette::PlaceholderText);

    // The clock: real by default; virtual is the lesson clock (pause, step, speed).
    m_clockCombo = new QComboBox(this);
    m_clockCombo->setObjectName(QStringLiteral("clockCombo"));
    m_clockCombo->addItem(QStringLiteral("real"), int(Clock::Real));
    m_clockCombo->addItem(QStringLiteral("virtual"), int(Clock::Virtual));
    m_clockCombo->setToolTip(
        QStringLiteral("Real: sleeps take real time. Virtual: the lesson clock, which you can "
                       "pause (Space), step one wake-up at a time (F10) and speed up or slow "
                       "down; idle waits cost no real time."));
    m_clockCombo->setAccessibleName(QStringLiteral("Clock"));
    auto *clockLabel = new QLabel(QStringLiteral("C&lock:"), this);
    clockLabel->setBuddy(m_clockCombo);
    ui->formLayout->addRow(clockLabel, m_clockCombo);

    // The lesson first: it decides what the other fields mean.
    m_scenario = new ScenarioFields(this);
    ui->panelLayout->insertWidget(0, m_scenario);

    const auto notify = [this] {
        updateSummary();
        Q_EMIT changed();
    };
    connect(ui->tasksSpin, &QSpinBox::valueChanged, this, notify);
    connect(ui->valuesSpin, &QSpinBox::valueChanged, this, notify);
    connect(ui->delaySpin, &QDoubleSpinBox::valueChanged, this, notify);
    connect(ui->maxValueSpin, &QDoubleSpinBox::valueChanged, this, notify);
    connect(ui->seedEdit, &QLineEdit::textChanged, this, notify);
    connect(ui->timingCombo, &QComboBox::currentIndexChanged, this, notify);
    connect(m_clockCombo, &QComboBox::currentIndexChanged, this, notify);
    connect(m_scenario, &ScenarioFields::changed, this, notify);
    connect(m_scenario, &ScenarioFields::scenarioPicked, this, [this, notify](Scenario s) {
        // A new lesson starts from its defaults for the run's shape, and with the timing
        // its Python programs sleep with (relative), as on the command line.
        RunParams p = params();
        p.scenario = s;
        p.lab = LabParams{};
        p.variant = defaultVariant(s);
        p.timing = s == Scenario::Seed ? Timing::DriftFree : Timing::Relative;
        if (s != Scenario::Seed)
            resolveLabDefaults(p);
        setParams(p, seedFixed());
        notify();
    });
    connect(ui->fixedSeedCheck, &QCheckBox::toggled, this, [this, notify](bool on) {
        ui->seedEdit->setEnabled(on);
        notify();
    });
    connect(ui->fastDemoButton, &QPushButton::clicked, this,
            [this] { ui->delaySpin->setValue(0.1); });
    connect(ui->seedDefaultsButton, &QPushButton::clicked, this, [this] {
        RunParams defaults;
        defaults.seed = params().seed;
        setParams(defaults, seedFixed());
    });
    setParams(RunParams{}, false);
}

ParametersPanel::~ParametersPanel() = default;

void ParametersPanel::setParams(const RunParams &p, bool seedFixed) {
    ui->tasksSpin->setValue(p.tasks);
    ui->valuesSpin->setValue(p.values);
    ui->delaySpin->setValue(p.delaySeconds);
    ui->maxValueSpin->setValue(p.maxValue);
    ui->timingCombo->setCurrentIndex(p.timing == Timing::DriftFree ? 0 : 1);
    m_clockCombo->setCurrentIndex(p.clock == Clock::Virtual ? 1 : 0);
    m_scenario->setParams(p);
    ui->fixedSeedCheck->setChecked(seedFixed);
    ui->seedEdit->setEnabled(seedFixed);
    ui->seedEdit->setText(seedFixed ? QString::number(p.seed) : QString());
    updateSummary();
}

RunParams ParametersPanel::params() const {
    RunParams p;
    p.mode = m_mode;
    p.tasks = ui->tasksSpin->value();
    p.values = ui->valuesSpin->value();
    p.delaySeconds = ui->delaySpin->value();
    p.maxValue = ui->maxValueSpin->value();
    p.timing = ui->timingCombo->currentIndex() == 0 ? Timing::DriftFree : Timing::Relative;
    p.seed = seedFixed() ? ui->seedEdit->text().toULongLong() : 0;
    p.clock = m_clockCombo->currentIndex() == 1 ? Clock::Virtual : Clock::Real;
    m_scenario->fill(p);
    return p;
}

bool ParametersPanel::seedFixed() const {
    return ui->fixedSeedCheck->isChecked();
}

QString ParametersPanel::problem() const {
    if (seedFixed()) {
        bool ok = false;
        const quint64 seed = ui->seedEdit->text().toULongLong(&ok);
        if (!ok || seed > RunParams::kMaxSeed)
            return QStringLiteral("Seed: enter a whole number from 0 to %1, or uncheck "
                                  "\"Fixed seed\"")
                .arg(RunParams::kMaxSeed);
    }
    const RunParams p = params();
    if (QString why = p.validate(); !why.isEmpty())
        return why;
    return Run::checkFits(p);
}

void ParametersPanel::showProblem(const QString &why) {
    ui->errorLabel->setText(why);
    ui->errorLabel->setVisible(!why.isEmpty());
}

void ParametersPanel::setMode(Mode mode) {
    m_mode = mode;
    m_scenario->setCompare(mode == Mode::Compare);
    updateSummary();
}

void ParametersPanel::updateSummary() {
    const RunParams p = params();
    QString text;
    const double one = p.values * p.delaySeconds;
    if (p.scenario != Scenario::Seed) {
        // A lesson's ideal is its own formula (⌈N/K⌉ windows, items × delay / W, …).
        if (p.validate().isEmpty())
            for (GroupKind kind : groupKinds(p))
                text += QStringLiteral("%1: about %2 s. ")
                            .arg(groupLabel(p, kind))
                            .arg(p.idealSeconds(kind), 0, 'g', 6);
    } else {
        if (p.mode != Mode::Sequential)
            text += QStringLiteral("Concurrent: about %1 s. ").arg(one, 0, 'g', 6);
        if (p.mode != Mode::Concurrent)
            text += QStringLiteral("Sequential: about %1 s. ").arg(one * p.tasks, 0, 'g', 6);
        text += QStringLiteral("%1 yields per group.").arg(countText(qint64(p.tasks) * p.values));
    }
    ui->summaryLabel->setText(text);
    showProblem(problem());
}

} // namespace coroscope
