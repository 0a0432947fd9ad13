// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "theme.h"

#include "render/chartpalette.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace coroscope {

namespace {

//! \a a weighted \a wa against \a b.
QColor mix(const QColor &a, const QColor &b, double wa) {
    return QColor::fromRgbF(float(a.redF() * wa + b.redF() * (1 - wa)),
                            float(a.greenF() * wa + b.greenF() * (1 - wa)),
                            float(a.blueF() * wa + b.blueF() * (1 - wa)));
}

} // namespace

QString Theme::normalized(const QString &name) {
    return name == QLatin1String("light") || name == QLatin1String("dark")
               ? name
               : QStringLiteral("system");
}

QPalette Theme::darkPalette(const QPalette &base) {
    const ChartPalette c = ChartPalette::darkPalette();
    QPalette p = base;
    // Fields and lists are the lanes' background; the window's chrome sits halfway to the
    // lane separators, a step lighter, as in the chart's own frame.
    const QColor window = mix(c.background, c.laneSeparator, 0.5);
    const QColor disabled = mix(c.mutedText, c.background, 0.65);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::Base, c.background);
    p.setColor(QPalette::AlternateBase, c.laneAlternate);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, c.text);
    p.setColor(QPalette::ToolTipBase, c.background);
    p.setColor(QPalette::ToolTipText, c.text);
    p.setColor(QPalette::PlaceholderText, c.mutedText);
    p.setColor(QPalette::Highlight, c.concurrent.darker(135));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, c.concurrent);
    for (auto role : {QPalette::Text, QPalette::ButtonText, QPalette::WindowText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QString Theme::apply(const QString &name) {
    m_name = normalized(name);
    if (m_name == QLatin1String("system")) {
        if (m_themed) {
            QApplication::setStyle(QStyleFactory::create(m_systemStyle));
            QApplication::setPalette(QApplication::style()->standardPalette());
        }
        return m_name;
    }
    if (!m_themed)
        m_systemStyle = QApplication::style()->name();
    m_themed = true;
    // Fusion draws every widget from the palette, so both themes look whole.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QPalette standard = QApplication::style()->standardPalette();
    QApplication::setPalette(m_name == QLatin1String("dark") ? darkPalette(standard) : standard);
    return m_name;
}

} // namespace coroscope
