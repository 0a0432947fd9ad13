// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "sliderjump.h"

#include <QMouseEvent>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>

#include <algorithm>

namespace coroscope {

namespace {

class GrooveClickFilter : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (event->type() != QEvent::MouseButtonPress)
            return false;
        auto *slider = static_cast<QSlider *>(watched);
        const auto *press = static_cast<QMouseEvent *>(event);
        if (press->button() != Qt::LeftButton || slider->orientation() != Qt::Horizontal)
            return false;
        // QSlider::initStyleOption() is protected: the option as it fills it.
        QStyleOptionSlider opt;
        opt.initFrom(slider);
        opt.subControls = QStyle::SC_None;
        opt.activeSubControls = QStyle::SC_None;
        opt.orientation = slider->orientation();
        opt.minimum = slider->minimum();
        opt.maximum = slider->maximum();
        opt.sliderPosition = slider->sliderPosition();
        opt.sliderValue = slider->value();
        opt.singleStep = slider->singleStep();
        opt.pageStep = slider->pageStep();
        opt.tickPosition = slider->tickPosition();
        opt.tickInterval = slider->tickInterval();
        opt.upsideDown = slider->invertedAppearance() != (opt.direction == Qt::RightToLeft);
        QStyle *style = slider->style();
        const QRect handle =
            style->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, slider);
        const QPoint at = press->position().toPoint();
        if (handle.contains(at))
            return false; // a drag of the knob: QSlider's own
        const QRect groove =
            style->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, slider);
        const int span = groove.width() - handle.width();
        const int x = at.x() - groove.x() - handle.width() / 2;
        slider->setValue(QStyle::sliderValueFromPosition(opt.minimum, opt.maximum, x,
                                                         std::max(1, span), opt.upsideDown));
        // The knob is under the pointer now: QSlider takes the press as the start of a drag.
        return false;
    }
};

} // namespace

void jumpOnGrooveClick(QSlider *slider) {
    slider->installEventFilter(new GrooveClickFilter(slider));
}

} // namespace coroscope
