// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QMenu>

class QActionGroup;
class QComboBox;

namespace coroscope {

/*!
 * \brief The Scenario menu: each lesson (the seed first) with its one-line summary as
 * tooltip and status tip. It holds no state of its own: choosing one sets the Parameters
 * panel's scenario picker (\a picker), and the check mark follows the picker. Choosing
 * does not start a run.
 */
class ScenarioMenu : public QMenu {
    Q_OBJECT
public:
    ScenarioMenu(QComboBox *picker, QWidget *parent = nullptr);

private:
    void follow();

    QComboBox *m_picker;
    QActionGroup *m_group;
};

} // namespace coroscope
