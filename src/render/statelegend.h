// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "statestyle.h"

#include <QFont>
#include <QRectF>

class QPainter;

namespace coroscope {

/*!
 * \brief The key to the state bands: "task states:" then each state's swatch (its colour
 * and pattern, or its mark) and name, in rows that wrap to the width given; last the
 * event loop's lane's own style, the scheduler's work.
 *
 * The exported charts draw it under their legend and the window shows it under the
 * timeline (StateLegendBar), both through paint().
 *
 * \code
 * const double h = StateLegend::height(width, font, 1.0);
 * StateLegend::paint(painter, QRectF(x, y, width, h), StateStyle(palette), font, 1.0);
 * \endcode
 */
class StateLegend {
public:
    //! The height paint() needs at \a width with \a font; \a scale sizes the swatches.
    static double height(double width, const QFont &font, double scale);
    //! Paints the legend in \a rect (text in the style's palette's muted colour).
    static void paint(QPainter &p, const QRectF &rect, const StateStyle &style, const QFont &font,
                      double scale);
    //! The legend's words, for tests and accessibility: "task states: running, …".
    static QString text();

private:
    //! Lays the items out; calls \a item(swatchRect, state or none for the scheduler,
    //! name, textPos) for each.
    template<typename Item>
    static double layout(const QRectF &rect, const QFont &font, double scale, Item item);
};

} // namespace coroscope
