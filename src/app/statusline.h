// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QObject>

class QLabel;
class QStatusBar;

namespace coroscope {

class BackgroundWork;
class RunController;

/*!
 * \brief The status bar's three labels: the state (and which clock runs), the clock at
 * the time shown, and the yields shown of the total.
 */
class StatusLine : public QObject {
    Q_OBJECT
public:
    //! Adds the labels to \a bar.
    StatusLine(QStatusBar *bar, QObject *parent);

    //! Shows what \a controller shows; \a work: busy opening or exporting, or null.
    void update(const RunController &controller, const BackgroundWork *work);
    //! "mm:ss.mmm"
    static QString clockText(double seconds);

private:
    QLabel *m_state;
    QLabel *m_clock;
    QLabel *m_yields;
};

} // namespace coroscope
