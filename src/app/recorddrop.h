// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>

class QWidget;

namespace coroscope {

/*!
 * \brief Lets a run record be dropped on a window: accepts a drag that carries one local
 * file and says which file was dropped. Installed as an event filter, so the window's
 * own code needs no drag-and-drop handlers.
 *
 * \code
 * auto *drop = new RecordDrop(this); // on a QMainWindow
 * connect(drop, &RecordDrop::dropped, this, &MainWindow::openInBackground);
 * \endcode
 */
class RecordDrop : public QObject {
    Q_OBJECT
public:
    explicit RecordDrop(QWidget *window);
    //! Drops are refused while false (the window is busy).
    void setEnabled(bool enabled) { m_enabled = enabled; }

Q_SIGNALS:
    void dropped(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_enabled = true;
};

} // namespace coroscope
