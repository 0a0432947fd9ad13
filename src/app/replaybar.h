// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace coroscope {

/*!
 * \brief The bar under the lanes: Replay at a speed, a scrub slider over the record, the
 * time shown, and steps back and forward one event (yield) at a time.
 *
 * It only shows and asks: the window moves the view time and tells the bar where it is.
 */
class ReplayBar : public QWidget {
    Q_OBJECT
public:
    explicit ReplayBar(QWidget *parent = nullptr);

    //! The replay speeds offered (×), in the combo's order.
    static QList<double> speeds();
    double speed() const;
    //! The knob and label at \a seconds of a record \a endS long (no signal).
    void setPosition(double seconds, double endS);
    //! The knob at \a fraction (0 – 1) and the label at \a seconds (no signal).
    void setFraction(double fraction, double seconds);
    //! The Replay button's state (no signal).
    void setPlaying(bool on);
    //! Replay, the slider and the steps work on a complete record only.
    void setAvailable(bool on);

    QToolButton *replayButton() const { return m_replay; }
    QSlider *slider() const { return m_slider; }
    QToolButton *stepBackButton() const { return m_back; }
    QToolButton *stepForwardButton() const { return m_forward; }

Q_SIGNALS:
    void playRequested(double speed);
    void stopRequested();
    //! The user moved the knob to \a fraction of the record.
    void scrubbed(double fraction);
    //! One event back (false) or forward (true).
    void stepRequested(bool forward);

private:
    QToolButton *m_replay;
    QComboBox *m_speed;
    QToolButton *m_back;
    QSlider *m_slider;
    QToolButton *m_forward;
    QLabel *m_time;
};

} // namespace coroscope
