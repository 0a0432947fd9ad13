// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QAbstractSpinBox;

namespace coroscope {

/*!
 * \brief The lesson picker in the Parameters panel: the scenario (each lesson's name and
 * its one-line summary, from the engine's table), its variant, and its own options.
 *
 * Only the chosen scenario's options show; their fields hold the engine's limits
 * (LabParams, RunParams), and the engine's validateLab() says what a field holds that
 * this run cannot take (the panel shows it under the fields). The seed is the default.
 */
class ScenarioFields : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioFields(QWidget *parent = nullptr);

    //! Shows \a params' scenario, variant and options (no signal).
    void setParams(const RunParams &params);
    //! Copies the scenario, variant and options shown into \a params.
    void fill(RunParams &params) const;
    Scenario scenario() const;
    //! Compare runs both variants: the variant field is for one variant only.
    void setCompare(bool on);
    QComboBox *scenarioCombo() const { return m_scenario; }

Q_SIGNALS:
    //! An option or the variant changed.
    void changed();
    //! Another scenario was picked (the panel fills in its defaults).
    void scenarioPicked(Scenario scenario);

private:
    struct Field {
        Scenario scenario;
        QAbstractSpinBox *box;
        int LabParams::*whole = nullptr;
        double LabParams::*real = nullptr;
    };
    void showFieldsOf(Scenario s);

    QComboBox *m_scenario;
    QLabel *m_summary;
    QComboBox *m_variant;
    QLabel *m_variantLabel;
    QFormLayout *m_form;
    std::vector<Field> m_fields;
    bool m_compare = false;
};

} // namespace coroscope
