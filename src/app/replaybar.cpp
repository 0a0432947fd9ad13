// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "replaybar.h"

#include "sliderjump.h"
#include "steadylabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QSlider>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {

QToolButton *stepButton(QWidget *parent, const char *name, const QString &text, const QString &tip,
                        Qt::ArrowType arrow) {
    auto *b = new QToolButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setText(text);
    b->setArrowType(arrow);
    b->setToolTip(tip);
    b->setAccessibleName(text);
    b->setAccessibleDescription(tip);
    b->setAutoRepeat(true); // held down: walk through the events
    return b;
}

} // namespace

ReplayBar::ReplayBar(QWidget *parent)
    : QWidget(parent) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_replay = new QToolButton(this);
    m_replay->setObjectName(QStringLiteral("replayButton"));
    m_replay->setText(QStringLiteral("&Replay"));
    m_replay->setToolTip(
        QStringLiteral("Replay the finished or opened run from t = 0 at the chosen speed"));
    m_replay->setAccessibleName(QStringLiteral("Replay"));
    m_replay->setCheckable(true);
    m_replay->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_replay->setIcon(QIcon(QStringLiteral(":/icons/run.svg")));

    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeedCombo"));
    m_speed->setToolTip(QStringLiteral("Replay speed"));
    m_speed->setAccessibleName(QStringLiteral("Replay speed"));
    for (double x : speeds())
        m_speed->addItem(QString::number(x) + QStringLiteral("×"));
    m_speed->setCurrentIndex(1);

    m_back = stepButton(this, "stepBackButton", QStringLiteral("Step back"),
                        QStringLiteral("Back to the previous event: the last yield before the "
                                       "time shown (Alt+Left)"),
                        Qt::LeftArrow);
    m_back->setShortcut(QKeySequence(QStringLiteral("Alt+Left")));

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setToolTip(
        QStringLiteral("Scrub through the run: lanes, results and narration follow"));
    m_slider->setAccessibleName(QStringLiteral("Replay position"));
    m_slider->setMaximum(1000);
    jumpOnGrooveClick(m_slider);

    m_forward = stepButton(this, "stepForwardButton", QStringLiteral("Step forward"),
                           QStringLiteral("On to the next event: the next yield after the time "
                                          "shown (Alt+Right)"),
                           Qt::RightArrow);
    m_forward->setShortcut(QKeySequence(QStringLiteral("Alt+Right")));

    m_time = new QLabel(QStringLiteral("0.000 s"), this);
    m_time->setObjectName(QStringLiteral("replayTimeLabel"));
    m_time->setAccessibleName(QStringLiteral("Replay time"));
    m_time->setMinimumWidth(90);

    layout->addWidget(m_replay);
    layout->addWidget(m_speed);
    layout->addWidget(m_back);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_forward);
    layout->addWidget(m_time);

    connect(m_replay, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            Q_EMIT playRequested(speed());
        else
            Q_EMIT stopRequested();
    });
    connect(m_slider, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT scrubbed(double(v) / m_slider->maximum()); });
    connect(m_back, &QToolButton::clicked, this, [this] { Q_EMIT stepRequested(false); });
    connect(m_forward, &QToolButton::clicked, this, [this] { Q_EMIT stepRequested(true); });
}

QList<double> ReplayBar::speeds() {
    return {0.25, 1.0, 4.0};
}

double ReplayBar::speed() const {
    const QList<double> all = speeds();
    return all[std::clamp(m_speed->currentIndex(), 0, int(all.size()) - 1)];
}

void ReplayBar::setPosition(double seconds, double endS) {
    setFraction(endS > 0 ? seconds / endS : 0.0, seconds);
}

void ReplayBar::setFraction(double fraction, double seconds) {
    const QSignalBlocker block(m_slider);
    m_slider->setValue(int(std::lround(m_slider->maximum() * std::clamp(fraction, 0.0, 1.0))));
    setSteadyText(m_time, QString::number(seconds, 'f', 3) + QStringLiteral(" s"));
}

void ReplayBar::setPlaying(bool on) {
    const QSignalBlocker block(m_replay);
    m_replay->setChecked(on);
}

void ReplayBar::setAvailable(bool on) {
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_replay, m_speed, m_slider, m_back, m_forward})
        w->setEnabled(on);
}

} // namespace coroscope
