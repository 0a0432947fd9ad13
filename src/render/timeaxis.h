// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QList>
#include <QString>

#include <cmath>
#include <functional>

namespace coroscope {

/*!
 * \brief Time ↔ x mapping of the timeline, with zoom and pan, plus value ↔ y inside a lane.
 *
 * The domain is the whole time range a run can show (seconds); the view is the part of
 * it on screen, mapped onto the pixel span [x0, x0 + width]. Zooming keeps the time under
 * the anchor pixel fixed; panning and zooming never leave the domain.
 *
 * \code
 * TimeAxis axis(0.0, 10.0, 100.0, 800.0); // 0 … 10 s onto x = 100 … 900
 * axis.xForTime(5.0);                      // 500
 * axis.zoom(2.0, 500.0);                   // view 2.5 … 7.5 s
 * axis.ticks(80.0);                        // nice steps, at least 80 px apart
 * \endcode
 */
class TimeAxis {
public:
    TimeAxis() = default;
    TimeAxis(double startS, double endS, double x0, double width);

    //! Sets the whole range and shows all of it.
    void setDomain(double startS, double endS);
    //! Sets the whole range, keeping the view where possible (a live run's range grows).
    void extendDomain(double startS, double endS);
    void setPixelSpan(double x0, double width);

    double domainStart() const { return m_domainStart; }
    double domainEnd() const { return m_domainEnd; }
    double viewStart() const { return m_viewStart; }
    double viewEnd() const { return m_viewEnd; }
    double viewSpan() const { return m_viewEnd - m_viewStart; }
    double x0() const { return m_x0; }
    double width() const { return m_width; }
    bool isZoomed() const;

    double xForTime(double s) const;
    double timeForX(double x) const;
    double pixelsPerSecond() const;
    //! \a s lies more than one pixel (of the view's scale) right of the domain's end.
    bool isPixelPastDomainEnd(double s) const { return s > m_domainEnd + 1 / pixelsPerSecond(); }
    //! Whether \a s is at most a pixel (of the view) before or after the domain's end.
    bool isWithinPixelOfDomainEnd(double s) const {
        return std::abs(s - m_domainEnd) <= 1 / pixelsPerSecond();
    }

    //! factor > 1 zooms in, < 1 out; the time under \a anchorX stays under it.
    void zoom(double factor, double anchorX);
    //! Moves the view by \a dx pixels (positive: towards later times).
    void pan(double dx);
    void resetView();
    //! Shows [startS, endS] (clamped into the domain; at least kMinSpanS wide).
    void setView(double startS, double endS);

    //! A 1, 2 or 5 × 10^k step in seconds at least \a minPixels wide.
    double tickStep(double minPixels) const;
    //! Tick times in the view, multiples of tickStep(minPixels).
    QList<double> ticks(double minPixels) const;
    //! Tick times in the view, multiples of \a step.
    QList<double> ticksAtStep(double step) const;
    /*!
     * The step of labelled ticks: tickStep(\a minPixels), or, when that leaves fewer than
     * two ticks in the view (a short axis on a small or scaled screen), the largest
     * smaller 1, 2 or 5 × 10^k step whose ticks stay more than \a labelPixels(step)
     * apart, so labels never touch.
     */
    double labelStep(double minPixels, const std::function<double(double step)> &labelPixels) const;
    //! "2.5 s"-style label with as many decimals as \a step needs.
    static QString tickLabel(double s, double step);
    //! The smallest 1, 2 or 5 × 10^k ≥ \a raw.
    static double niceStep(double raw);

    //! Value 0 at the lane's bottom, \a maxValue at its top, clamped into the lane.
    static double yForValue(double value, double maxValue, double top, double height);
    static double valueForY(double y, double maxValue, double top, double height);

    //! Shortest view span: below it ticks and timestamps stop meaning anything.
    static constexpr double kMinSpanS = 1e-6;

private:
    void clampView();

    double m_domainStart = 0;
    double m_domainEnd = 1;
    double m_viewStart = 0;
    double m_viewEnd = 1;
    double m_x0 = 0;
    double m_width = 1;
};

} // namespace coroscope
