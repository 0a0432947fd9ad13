// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "chartpalette.h"

#include "model/sidebyside.h"

#include <QPalette>

namespace coroscope {

ChartPalette ChartPalette::light() {
    ChartPalette p;
    p.dark = false;
    p.background = QColor(0xff, 0xff, 0xff);
    p.text = QColor(0x1f, 0x23, 0x28);
    p.mutedText = QColor(0x5f, 0x67, 0x70);
    p.grid = QColor(0xe3, 0xe6, 0xea);
    p.laneSeparator = QColor(0xd5, 0xd9, 0xde);
    p.laneAlternate = QColor(0xf6, 0xf7, 0xf9);
    p.idealFill = QColor(0x2f, 0x80, 0x5a, 34);
    p.idealEdge = QColor(0x2f, 0x80, 0x5a, 150);
    p.sequential = QColor(0xd9, 0x5f, 0x0e);
    p.concurrent = QColor(0x1f, 0x6f, 0xc5);
    p.beside = QColor(0x7b, 0x3f, 0xb5);
    p.scheduler = QColor(0x3b, 0x3f, 0x8f); // indigo: none of the states' hues
    p.nowCursor = QColor(0xc0, 0x1c, 0x4a);
    p.highlight = QColor(0x1f, 0x6f, 0xc5, 40);
    // Running, suspended, ready, waiting, blocked, offloaded, done, cancelled, failed:
    // after Okabe and Ito's colour-blind-safe set, the calm suspended state palest.
    p.states = {QColor(0xd5, 0x5e, 0x00), QColor(0xc6, 0xd0, 0xdc), QColor(0xe6, 0xa7, 0x00),
                QColor(0x56, 0xb4, 0xe9), QColor(0xb0, 0x1e, 0x5a), QColor(0x00, 0x9e, 0x73),
                QColor(0x1b, 0x7f, 0x3b), QColor(0x70, 0x70, 0x70), QColor(0xd0, 0x10, 0x20)};
    return p;
}

ChartPalette ChartPalette::darkPalette() {
    ChartPalette p;
    p.dark = true;
    p.background = QColor(0x1e, 0x20, 0x24);
    p.text = QColor(0xe8, 0xea, 0xed);
    p.mutedText = QColor(0xa0, 0xa7, 0xb0);
    p.grid = QColor(0x33, 0x37, 0x3d);
    p.laneSeparator = QColor(0x3a, 0x3f, 0x46);
    p.laneAlternate = QColor(0x25, 0x28, 0x2d);
    p.idealFill = QColor(0x5c, 0xc2, 0x8e, 40);
    p.idealEdge = QColor(0x5c, 0xc2, 0x8e, 150);
    p.sequential = QColor(0xff, 0x9a, 0x4a);
    p.concurrent = QColor(0x6a, 0xb0, 0xff);
    p.beside = QColor(0xc0, 0x96, 0xff);
    p.scheduler = QColor(0x9c, 0xa3, 0xff);
    p.nowCursor = QColor(0xff, 0x5c, 0x8a);
    p.highlight = QColor(0x6a, 0xb0, 0xff, 50);
    p.states = {QColor(0xff, 0x8a, 0x3d), QColor(0x4a, 0x55, 0x66), QColor(0xf2, 0xc1, 0x4e),
                QColor(0x5f, 0xb8, 0xec), QColor(0xf0, 0x5a, 0x96), QColor(0x3c, 0xc7, 0x9a),
                QColor(0x5b, 0xd0, 0x7a), QColor(0xb4, 0xbb, 0xc4), QColor(0xff, 0x5a, 0x5a)};
    return p;
}

ChartPalette ChartPalette::fromPalette(const QPalette &palette) {
    const QColor window = palette.color(QPalette::Base);
    ChartPalette p = window.lightness() < 128 ? darkPalette() : light();
    p.background = window;
    p.text = palette.color(QPalette::Text);
    return p;
}

QColor ChartPalette::groupColor(const RunRecord &record, const GroupRecord &g) const {
    return isBesideGroup(record, g) ? beside : groupColor(g.kind());
}

} // namespace coroscope
