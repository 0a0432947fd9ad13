// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QMenu;

namespace coroscope {

/*!
 * \brief File → Open Recent: the last kMax records opened or saved, newest first, kept in
 * the settings file; files that have gone are pruned when the menu opens.
 *
 * \code
 * auto *recent = new RecentFiles(settingsPath, ui->menuFile, ui->actionOpenRun, this);
 * connect(recent, &RecentFiles::openRequested, this, &MainWindow::openInBackground);
 * recent->add(path); // after a successful open
 * \endcode
 */
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 10;

    //! Adds an "Open Recent" submenu to \a fileMenu after \a after (or at its end).
    RecentFiles(const QString &settingsPath, QMenu *fileMenu, QAction *after,
                QObject *parent = nullptr);

    //! \a path goes to the top (absolute, no duplicates, at most kMax kept).
    void add(const QString &path);
    //! The list as stored, newest first, without files that no longer exist.
    QStringList files() const;
    void clear();
    QMenu *menu() const { return m_menu; }
    //! Greys the menu out (while the window is busy) or not.
    void setEnabled(bool enabled);

Q_SIGNALS:
    void openRequested(const QString &path);

private:
    void save(const QStringList &files) const;
    void rebuild();

    QString m_settingsPath;
    QMenu *m_menu;
};

} // namespace coroscope
