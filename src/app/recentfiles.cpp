// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recentfiles.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace coroscope {

namespace {
const QString kKey = QStringLiteral("recent/files");
} // namespace

RecentFiles::RecentFiles(const QString &settingsPath, QMenu *fileMenu, QAction *after,
                         QObject *parent)
    : QObject(parent)
    , m_settingsPath(settingsPath)
    , m_menu(new QMenu(QStringLiteral("Open &Recent"), fileMenu)) {
    m_menu->setObjectName(QStringLiteral("menuOpenRecent"));
    m_menu->menuAction()->setObjectName(QStringLiteral("actionOpenRecent"));
    m_menu->menuAction()->setToolTip(QStringLiteral("Open one of the last runs opened or saved"));
    const QList<QAction *> actions = fileMenu->actions();
    const qsizetype at = actions.indexOf(after);
    fileMenu->insertMenu(at >= 0 && at + 1 < actions.size() ? actions[at + 1] : nullptr, m_menu);
    // Built when shown: a file deleted since the last look drops out then.
    connect(m_menu, &QMenu::aboutToShow, this, &RecentFiles::rebuild);
    rebuild();
}

QStringList RecentFiles::files() const {
    const QSettings s(m_settingsPath, QSettings::IniFormat);
    QStringList out;
    for (const QString &f : s.value(kKey).toStringList())
        if (QFileInfo(f).isFile() && !out.contains(f) && out.size() < kMax)
            out << f;
    return out;
}

void RecentFiles::save(const QStringList &files) const {
    QSettings s(m_settingsPath, QSettings::IniFormat);
    s.setValue(kKey, files);
}

void RecentFiles::add(const QString &path) {
    const QString file = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(file);
    list.prepend(file);
    save(list.mid(0, kMax));
    rebuild();
}

void RecentFiles::clear() {
    save({});
    rebuild();
}

void RecentFiles::setEnabled(bool enabled) {
    m_menu->setEnabled(enabled);
}

void RecentFiles::rebuild() {
    const QStringList list = files();
    // Pruned files leave the stored list too, not only the menu.
    if (const QSettings s(m_settingsPath, QSettings::IniFormat);
        s.value(kKey).toStringList() != list)
        save(list);
    m_menu->clear();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString &file = list[i];
        // &1 … &9, then 1&0: every entry has a key.
        const QString key = i < 9 ? QStringLiteral("&%1").arg(i + 1) : QStringLiteral("1&0");
        QAction *a = m_menu->addAction(QStringLiteral("%1  %2").arg(
            key, QFileInfo(file).fileName().replace(QLatin1Char('&'), QStringLiteral("&&"))));
        a->setObjectName(QStringLiteral("actionRecent%1").arg(i));
        a->setToolTip(QDir::toNativeSeparators(file));
        a->setStatusTip(a->toolTip());
        connect(a, &QAction::triggered, this, [this, file] { Q_EMIT openRequested(file); });
    }
    if (list.isEmpty()) {
        m_menu->addAction(QStringLiteral("No recent runs"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    QAction *clearAction = m_menu->addAction(QStringLiteral("&Clear the list"));
    clearAction->setObjectName(QStringLiteral("actionClearRecent"));
    clearAction->setToolTip(QStringLiteral("Forget the recent runs (the files stay)"));
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
}

} // namespace coroscope
