// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>

class QAction;
class QComboBox;
class QWidget;

namespace coroscope {

class RunController;

/*!
 * \brief The lesson clock's controls: Pause/Resume (Space), Step to next wake-up (F10),
 * and the virtual clock's speed, 0.1× – 10×.
 *
 * They work while a run goes on the virtual clock (the real clock cannot be paused);
 * the speed can be chosen beforehand whenever the next run will be virtual.
 */
class LessonClockControls : public QObject {
    Q_OBJECT
public:
    //! \a comboParent: the speed combo's parent (e.g. the toolbar).
    LessonClockControls(RunController *controller, QWidget *comboParent, QObject *parent);

    QAction *pauseAction() const { return m_pause; }
    QAction *stepAction() const { return m_step; }
    QComboBox *speedCombo() const { return m_speed; }
    //! The speeds offered (×), in the combo's order.
    static QList<double> speeds();
    //! Whether the next run will use the virtual clock (the speed can be set for it).
    void setNextRunVirtual(bool on);
    //! Enables what applies now and shows paused or not.
    void update();

private:
    RunController *m_controller;
    QAction *m_pause;
    QAction *m_step;
    QComboBox *m_speed;
    bool m_nextVirtual = false;
};

} // namespace coroscope
