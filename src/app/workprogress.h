// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace coroscope {

class BackgroundWork;

/*!
 * \brief The status bar's view of BackgroundWork: what it does ("Opening run.json…"),
 * a progress bar in megabytes, and Cancel. Shown only while a job runs.
 *
 * The worker only stores its figures in atomics; this widget reads them ten times a
 * second, so progress costs the worker nothing and the event loop one short update.
 */
class WorkProgress : public QWidget {
    Q_OBJECT
public:
    explicit WorkProgress(BackgroundWork *work, QWidget *parent = nullptr);

    QToolButton *cancelButton() const { return m_cancel; }
    QProgressBar *bar() const { return m_bar; }
    QString text() const;

private:
    void refresh();

    BackgroundWork *m_work;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
    QTimer m_timer;
};

} // namespace coroscope
