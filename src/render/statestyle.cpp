// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "statestyle.h"

#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <vector>

namespace coroscope {

StateStyle::StateStyle(const ChartPalette &palette)
    : m_palette(palette) {}

StateStyle::Pattern StateStyle::pattern(TaskState s) {
    switch (s) {
    case TaskState::Ready:
        return Pattern::Stripes;
    case TaskState::Waiting:
        return Pattern::Dots;
    case TaskState::Blocked:
        return Pattern::Hatch;
    case TaskState::Offloaded:
        return Pattern::Midline;
    default:
        return Pattern::Solid;
    }
}

QColor StateStyle::ink(TaskState s) const {
    return color(s).lightnessF() > 0.55 ? QColor(0x14, 0x16, 0x1a, 170)
                                        : QColor(0xff, 0xff, 0xff, 200);
}

void StateStyle::fill(QPainter &p, const QRectF &r, TaskState s) const {
    if (r.width() <= 0 || r.height() <= 0)
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false); // straight boxes and lines
    p.fillRect(r, color(s));
    const Pattern pat = pattern(s);
    // The pattern's grid follows the band's height, so a big export scales it too; it is
    // anchored at x = 0, so two stretches side by side continue one pattern.
    const double step = std::max(3.0, std::round(r.height() * 0.45));
    const double line = std::max(1.0, std::round(r.height() / 9));
    if (pat != Pattern::Solid && r.width() >= 2) {
        QPen pen(ink(s), line, Qt::SolidLine, Qt::FlatCap);
        std::vector<QLineF> lines;
        switch (pat) {
        case Pattern::Stripes:
            for (double x = std::ceil(r.left() / step) * step; x < r.right(); x += step)
                lines.emplace_back(x + 0.5, r.top(), x + 0.5, r.bottom());
            break;
        case Pattern::Hatch: {
            // Lines rising at 45°, each cut to the stretch: x from xs at the bottom to xs + h.
            const double h = r.height();
            for (double xs = std::floor((r.left() - h) / step) * step; xs < r.right(); xs += step) {
                const double a = std::max(0.0, r.left() - xs);
                const double b = std::min(h, r.right() - xs);
                if (b > a)
                    lines.emplace_back(xs + a, r.bottom() - a, xs + b, r.bottom() - b);
            }
            break;
        }
        case Pattern::Midline:
            lines.emplace_back(r.left(), r.center().y(), r.right(), r.center().y());
            pen.setWidthF(std::max(1.0, std::round(r.height() / 4)));
            break;
        case Pattern::Dots: {
            std::vector<QPointF> dots;
            const double dot = std::max(1.0, std::round(r.height() / 6));
            const double half = step / 2;
            int row = 0;
            for (double y = r.top() + half - dot / 2; y + dot <= r.bottom() + 0.01;
                 y += half, ++row) {
                // Every other row shifted by half a step: a staggered, even grain.
                const double shift = (row % 2) * half;
                for (double x = std::ceil((r.left() - shift) / step) * step + shift;
                     x + dot <= r.right() + 0.01; x += step)
                    dots.emplace_back(x + dot / 2, y + dot / 2);
            }
            p.setPen(QPen(ink(s), dot, Qt::SolidLine, Qt::SquareCap));
            if (!dots.empty())
                p.drawPoints(dots.data(), int(dots.size()));
            break;
        }
        case Pattern::Solid:
            break;
        }
        if (!lines.empty()) {
            p.setPen(pen);
            p.drawLines(lines.data(), int(lines.size()));
        }
    }
    p.restore();
}

void StateStyle::mark(QPainter &p, const QPointF &c, double size, TaskState s) const {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const double h = size / 2;
    const QPen halo(m_palette.background, std::max(1.0, size / 8));
    switch (s) {
    case TaskState::Done:
        p.setPen(halo);
        p.setBrush(color(s));
        p.drawEllipse(c, h, h);
        break;
    case TaskState::Cancelled: // a stop mark: a square
        p.setPen(halo);
        p.setBrush(color(s));
        p.drawRect(QRectF(c.x() - h * 0.85, c.y() - h * 0.85, h * 1.7, h * 1.7));
        break;
    case TaskState::Failed: { // a cross, on a halo so it reads over any band
        const double w = std::max(1.5, size / 4.5);
        const QLineF a(c.x() - h, c.y() - h, c.x() + h, c.y() + h);
        const QLineF b(c.x() - h, c.y() + h, c.x() + h, c.y() - h);
        p.setPen(QPen(m_palette.background, w + 2 * std::max(1.0, size / 10), Qt::SolidLine,
                      Qt::RoundCap));
        p.drawLine(a);
        p.drawLine(b);
        p.setPen(QPen(color(s), w, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(a);
        p.drawLine(b);
        break;
    }
    default:
        break;
    }
    p.restore();
}

void StateStyle::fillScheduler(QPainter &p, const QRectF &r) const {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor c = m_palette.scheduler;
    p.fillRect(r, c);
    // The edges from 6 px tall on: thinner, the fill alone (the loop's lane is 4-8 px).
    if (r.height() >= 6 && r.width() >= 1) {
        const QColor edge = c.lightness() > 140 ? QColor(0x1e, 0x20, 0x24) : QColor(Qt::white);
        const double w = std::max(1.0, std::round(r.height() / 6));
        p.fillRect(QRectF(r.left(), r.top(), r.width(), w), edge);
        p.fillRect(QRectF(r.left(), r.bottom() - w, r.width(), w), edge);
    }
    p.restore();
}

void StateStyle::swatch(QPainter &p, const QRectF &r, TaskState s) const {
    if (isTerminal(s))
        mark(p, r.center(), std::min(r.width(), r.height()) * 0.95, s);
    else
        fill(p, r, s);
}

} // namespace coroscope
