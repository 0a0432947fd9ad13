// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lessonclockcontrols.h"

#include "runcontroller.h"

#include <QAction>
#include <QComboBox>
#include <QIcon>

#include <cmath>

namespace coroscope {

LessonClockControls::LessonClockControls(RunController *controller, QWidget *comboParent,
                                         QObject *parent)
    : QObject(parent)
    , m_controller(controller) {
    m_pause =
        new QAction(QIcon(QStringLiteral(":/icons/pause.svg")), QStringLiteral("&Pause"), parent);
    m_pause->setObjectName(QStringLiteral("actionPause"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::Key_Space));
    m_pause->setToolTip(QStringLiteral("Pause or resume the lesson clock (Space): on the virtual "
                                       "clock, time stands still and so do the lanes"));
    m_step = new QAction(QIcon(QStringLiteral(":/icons/step.svg")),
                         QStringLiteral("Step to next &wake-up"), parent);
    m_step->setObjectName(QStringLiteral("actionStepWake"));
    m_step->setShortcut(QKeySequence(Qt::Key_F10));
    m_step->setToolTip(
        QStringLiteral("Step to the next wake-up (F10): the clock jumps to the next "
                       "deadline, the coroutines due then run, and it stands again"));

    m_speed = new QComboBox(comboParent);
    m_speed->setObjectName(QStringLiteral("lessonSpeedCombo"));
    m_speed->setToolTip(QStringLiteral("Speed of the virtual clock against real time"));
    m_speed->setAccessibleName(QStringLiteral("Lesson clock speed"));
    for (double x : speeds())
        m_speed->addItem(QString::number(x) + QStringLiteral("×"), x);
    m_speed->setCurrentIndex(int(speeds().indexOf(1.0)));

    connect(m_pause, &QAction::toggled, m_controller, &RunController::setPaused);
    connect(m_step, &QAction::triggered, m_controller, &RunController::stepToNextWake);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    connect(m_controller, &RunController::lessonClockChanged, this, &LessonClockControls::update);
    update();
}

QList<double> LessonClockControls::speeds() {
    return {0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0};
}

void LessonClockControls::setNextRunVirtual(bool on) {
    m_nextVirtual = on;
    update();
}

void LessonClockControls::update() {
    const bool lesson = m_controller->hasLessonClock();
    m_pause->setEnabled(lesson);
    {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(lesson && m_controller->isPaused());
    }
    m_pause->setText(m_pause->isChecked() ? QStringLiteral("Resume") : QStringLiteral("&Pause"));
    m_step->setEnabled(lesson);
    m_speed->setEnabled(lesson || m_nextVirtual);
    const int index = int(speeds().indexOf(m_controller->speed()));
    if (index >= 0 && index != m_speed->currentIndex()) {
        const QSignalBlocker block(m_speed);
        m_speed->setCurrentIndex(index);
    }
}

} // namespace coroscope
