// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "steadylabel.h"

#include <QLabel>

#include <algorithm>

namespace coroscope {

void setSteadyText(QLabel *label, const QString &text) {
    if (label->text() == text)
        return;
    label->setText(text);
    const QSize hint = label->sizeHint();
    const bool fixed = label->minimumSize() == label->maximumSize();
    // Grown only: a shorter text keeps the room (a status line that shrank and grew back
    // with each digit would lay the window out each time).
    if (!fixed || hint.width() > label->width() || hint.height() != label->height())
        label->setFixedSize(fixed ? std::max(hint.width(), label->width()) : hint.width(),
                            hint.height());
}

} // namespace coroscope
