// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QWidget>

namespace coroscope {

/*!
 * \brief The key to the lanes' state bands, under the timeline: each task state's colour
 * and pattern (or mark) and name, painted by the charts' own StateLegend in the window's
 * light or dark chart palette. It wraps to a second row on a narrow window.
 */
class StateLegendBar : public QWidget {
    Q_OBJECT
public:
    explicit StateLegendBar(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    static constexpr int kPad = 6;
};

} // namespace coroscope
