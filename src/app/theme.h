// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QPalette>
#include <QString>

namespace coroscope {

/*!
 * \brief The whole application's colours: the system's, or Coroscope's light or dark.
 *
 * The dark palette is the chart's (ChartPalette::darkPalette): the widgets around the
 * lanes take the lanes' background, text and accent colours, so a change to the chart's
 * colours reaches the window too. Light and dark use Fusion, which draws every widget
 * from the palette; "system" restores the style the application started with.
 */
class Theme {
public:
    //! "system", "light" or "dark"; anything else reads as "system".
    static QString normalized(const QString &name);
    //! Applies \a name to the application; returns the name applied.
    QString apply(const QString &name);
    QString current() const { return m_name; }
    //! The window palette for dark, derived from the chart's dark palette.
    static QPalette darkPalette(const QPalette &base);

private:
    QString m_name = QStringLiteral("system");
    QString m_systemStyle;
    bool m_themed = false;
};

} // namespace coroscope
