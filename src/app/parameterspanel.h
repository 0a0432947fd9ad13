// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

#include <QWidget>

#include <memory>

class QComboBox;

namespace coroscope {
class ScenarioFields;
}

namespace Ui {
class ParametersPanel;
}

namespace coroscope {

/*!
 * \brief The run's parameters (the scenario and its options, tasks, values, delay, max
 * value, seed, timing, clock) with the engine's ranges, and a one-line reason when they cannot run.
 *
 * The mode is not here: it is the window's Run menu and toolbar.
 */
class ParametersPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParametersPanel(QWidget *parent = nullptr);
    ~ParametersPanel() override;

    //! Fills the controls; \a seedFixed checks "Fixed seed" with params.seed.
    void setParams(const RunParams &params, bool seedFixed);
    //! The parameters shown (mode left as default, seed 0 unless fixed).
    RunParams params() const;
    bool seedFixed() const;
    //! Why these parameters cannot run (range, seed, memory), or empty.
    QString problem() const;
    //! Shows the reason a run was refused (or clears it).
    void showProblem(const QString &why);

    void setMode(Mode mode);
    //! The lesson picker (scenario, variant, the scenario's options).
    ScenarioFields *scenarioFields() const { return m_scenario; }

Q_SIGNALS:
    void changed();

private:
    void updateSummary();

    std::unique_ptr<Ui::ParametersPanel> ui;
    ScenarioFields *m_scenario = nullptr;
    QComboBox *m_clockCombo = nullptr; //!< real (default) or virtual: the lesson clock
    Mode m_mode = Mode::Concurrent;
};

} // namespace coroscope
