// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "statelegendbar.h"

#include "render/chartpalette.h"
#include "render/statelegend.h"

#include <QPainter>

#include <cmath>

namespace coroscope {

StateLegendBar::StateLegendBar(QWidget *parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("stateLegend"));
    setAccessibleName(QStringLiteral("Task state legend"));
    setAccessibleDescription(StateLegend::text());
    setToolTip(QStringLiteral("Under each lane's values, a band shows what its task was doing; "
                              "hover a lane to read the state, since when and why"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setFixedHeight(heightForWidth(900));
}

int StateLegendBar::heightForWidth(int width) const {
    return int(std::ceil(StateLegend::height(width - 2 * kPad, font(), 1.0))) + 2;
}

QSize StateLegendBar::sizeHint() const {
    return QSize(900, heightForWidth(900));
}

QSize StateLegendBar::minimumSizeHint() const {
    return QSize(200, heightForWidth(std::max(200, width())));
}

void StateLegendBar::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    // A narrower window wraps the legend: the layout asks for the new height.
    if (height() != heightForWidth(width()))
        setFixedHeight(heightForWidth(width()));
}

void StateLegendBar::paintEvent(QPaintEvent *) {
    QPainter p(this);
    StateLegend::paint(p, QRectF(rect()).adjusted(kPad, 1, -kPad, -1),
                       StateStyle(ChartPalette::fromPalette(palette())), font(), 1.0);
}

} // namespace coroscope
