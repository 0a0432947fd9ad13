// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "workprogress.h"

#include "backgroundwork.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace coroscope {

WorkProgress::WorkProgress(BackgroundWork *work, QWidget *parent)
    : QWidget(parent)
    , m_work(work)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this)) {
    setObjectName(QStringLiteral("workProgress"));
    m_label->setObjectName(QStringLiteral("workLabel"));
    m_bar->setObjectName(QStringLiteral("workBar"));
    m_bar->setAccessibleName(QStringLiteral("Progress"));
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(true);
    m_cancel->setObjectName(QStringLiteral("workCancel"));
    m_cancel->setText(QStringLiteral("Cancel"));
    m_cancel->setToolTip(QStringLiteral("Stop this and keep what the window showed"));
    m_cancel->setAccessibleName(QStringLiteral("Cancel"));
    m_cancel->setAccessibleDescription(m_cancel->toolTip());
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    hide();

    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &WorkProgress::refresh);
    connect(m_cancel, &QToolButton::clicked, m_work, &BackgroundWork::cancel);
    connect(m_work, &BackgroundWork::started, this, [this] {
        m_cancel->setEnabled(true);
        refresh();
        show();
        m_timer.start();
    });
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(m_work->what() + QStringLiteral(": cancelling…"));
    });
    connect(m_work, &BackgroundWork::finished, this, [this] {
        m_timer.stop();
        hide();
    });
}

QString WorkProgress::text() const {
    return m_label->text();
}

void WorkProgress::refresh() {
    if (!m_cancel->isEnabled())
        return; // "cancelling…" stays until the worker has stopped
    const qint64 done = m_work->done();
    const qint64 total = m_work->total();
    const QLocale locale;
    const auto mb = [&](qint64 bytes) { return locale.toString(double(bytes) / 1e6, 'f', 1); };
    if (total > 0) {
        // Per mille: a 2 GB file still moves the bar every few megabytes.
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::min<qint64>(1000, done * 1000 / total)));
        m_bar->setFormat(QStringLiteral("%1 of %2 MB").arg(mb(done), mb(total)));
    } else {
        m_bar->setRange(0, 0); // busy: the total is not known (an export's size)
        m_bar->setFormat(QString());
    }
    m_label->setText(total > 0 ? m_work->what() + QStringLiteral("…")
                               : QStringLiteral("%1… %2 MB").arg(m_work->what(), mb(done)));
}

} // namespace coroscope
