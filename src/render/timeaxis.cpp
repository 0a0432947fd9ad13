// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "timeaxis.h"

#include <algorithm>
#include <cmath>

namespace coroscope {

TimeAxis::TimeAxis(double startS, double endS, double x0, double width) {
    setDomain(startS, endS);
    setPixelSpan(x0, width);
}

void TimeAxis::setDomain(double startS, double endS) {
    if (!(endS - startS >= kMinSpanS))
        endS = startS + kMinSpanS;
    m_domainStart = startS;
    m_domainEnd = endS;
    resetView();
}

void TimeAxis::extendDomain(double startS, double endS) {
    const bool zoomed = isZoomed();
    const double vs = m_viewStart;
    const double ve = m_viewEnd;
    if (!(endS - startS >= kMinSpanS))
        endS = startS + kMinSpanS;
    m_domainStart = startS;
    m_domainEnd = endS;
    if (zoomed) {
        m_viewStart = vs;
        m_viewEnd = ve;
        clampView();
    } else {
        resetView();
    }
}

void TimeAxis::setPixelSpan(double x0, double width) {
    m_x0 = x0;
    m_width = std::max(1.0, width);
}

bool TimeAxis::isZoomed() const {
    const double eps = (m_domainEnd - m_domainStart) * 1e-9;
    return m_viewStart > m_domainStart + eps || m_viewEnd < m_domainEnd - eps;
}

double TimeAxis::xForTime(double s) const {
    return m_x0 + (s - m_viewStart) / viewSpan() * m_width;
}

double TimeAxis::timeForX(double x) const {
    return m_viewStart + (x - m_x0) / m_width * viewSpan();
}

double TimeAxis::pixelsPerSecond() const {
    return m_width / viewSpan();
}

void TimeAxis::zoom(double factor, double anchorX) {
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    const double anchorT = timeForX(anchorX);
    const double domain = m_domainEnd - m_domainStart;
    const double span = std::clamp(viewSpan() / factor, std::min(kMinSpanS, domain), domain);
    const double frac = (anchorX - m_x0) / m_width;
    m_viewStart = anchorT - frac * span;
    m_viewEnd = m_viewStart + span;
    clampView();
}

void TimeAxis::pan(double dx) {
    const double dt = dx / pixelsPerSecond();
    m_viewStart += dt;
    m_viewEnd += dt;
    clampView();
}

void TimeAxis::resetView() {
    m_viewStart = m_domainStart;
    m_viewEnd = m_domainEnd;
}

void TimeAxis::setView(double startS, double endS) {
    m_viewStart = startS;
    m_viewEnd = std::max(endS, startS + kMinSpanS);
    clampView();
}

void TimeAxis::clampView() {
    const double span = std::min(m_viewEnd - m_viewStart, m_domainEnd - m_domainStart);
    if (m_viewStart < m_domainStart)
        m_viewStart = m_domainStart;
    if (m_viewStart + span > m_domainEnd)
        m_viewStart = m_domainEnd - span;
    m_viewEnd = m_viewStart + span;
}

double TimeAxis::niceStep(double raw) {
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        // A relative tolerance so 0.3/0.1 rounding noise does not skip a step.
        if (m * magnitude >= raw * (1 - 1e-9))
            return m * magnitude;
    }
    return 10 * magnitude;
}

double TimeAxis::tickStep(double minPixels) const {
    return niceStep(minPixels / pixelsPerSecond());
}

QList<double> TimeAxis::ticks(double minPixels) const {
    return ticksAtStep(tickStep(minPixels));
}

double TimeAxis::labelStep(double minPixels,
                           const std::function<double(double step)> &labelPixels) const {
    double step = tickStep(minPixels);
    // Twelve halvings reach 1/1000 of the step: far below any label's width.
    for (int i = 0; i < 12 && ticksAtStep(step).size() < 2; ++i) {
        const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        const double mantissa = step / magnitude;
        // 5 → 2 → 1 → 0.5: the next smaller nice step.
        const double smaller = mantissa > 4     ? 2 * magnitude
                               : mantissa > 1.5 ? magnitude
                                                : 0.5 * magnitude;
        if (smaller * pixelsPerSecond() <= labelPixels(smaller))
            break;
        step = smaller;
    }
    return step;
}

QList<double> TimeAxis::ticksAtStep(double step) const {
    QList<double> out;
    if (!(step > 0))
        return out;
    const double first = std::ceil(m_viewStart / step - 1e-9);
    for (double k = first;; ++k) {
        const double t = k * step;
        if (t > m_viewEnd + step * 1e-9 || out.size() > 1000)
            break;
        out.append(std::abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return out;
}

QString TimeAxis::tickLabel(double s, double step) {
    const int decimals = step >= 1 ? 0 : std::min(9, int(std::ceil(-std::log10(step) - 1e-9)));
    return QString::number(s, 'f', decimals) + QStringLiteral(" s");
}

double TimeAxis::yForValue(double value, double maxValue, double top, double height) {
    const double f = maxValue > 0 ? std::clamp(value / maxValue, 0.0, 1.0) : 0.0;
    return top + height * (1.0 - f);
}

double TimeAxis::valueForY(double y, double maxValue, double top, double height) {
    if (height <= 0)
        return 0;
    return std::clamp(1.0 - (y - top) / height, 0.0, 1.0) * maxValue;
}

} // namespace coroscope
