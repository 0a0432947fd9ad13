// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "scenariomenu.h"

#include "model/labparams.h"

#include <QActionGroup>
#include <QComboBox>

namespace coroscope {

ScenarioMenu::ScenarioMenu(QComboBox *picker, QWidget *parent)
    : QMenu(QStringLiteral("&Scenario"), parent)
    , m_picker(picker)
    , m_group(new QActionGroup(this)) {
    setObjectName(QStringLiteral("menuScenario"));
    setToolTipsVisible(true);
    m_group->setExclusive(true);
    const QList<Scenario> all = scenarios(); // the picker's order: the seed first
    for (int i = 0; i < all.size(); ++i) {
        const Scenario s = all[i];
        QAction *a = addAction(scenarioName(s));
        a->setObjectName(QStringLiteral("actionScenario_") + scenarioName(s));
        a->setCheckable(true);
        a->setToolTip(scenarioSummary(s));
        a->setStatusTip(scenarioSummary(s));
        m_group->addAction(a);
        connect(a, &QAction::triggered, this, [this, i] { m_picker->setCurrentIndex(i); });
        if (s == Scenario::Seed)
            addSeparator();
    }
    connect(m_picker, &QComboBox::currentIndexChanged, this, &ScenarioMenu::follow);
    follow();
}

void ScenarioMenu::follow() {
    const QList<QAction *> actions = m_group->actions();
    const int i = m_picker->currentIndex();
    if (i >= 0 && i < actions.size())
        actions[i]->setChecked(true);
}

} // namespace coroscope
