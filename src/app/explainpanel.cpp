// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "explainpanel.h"

#include "narrator.h"

#include "io/numberformat.h"

namespace coroscope {

ExplainPanel::ExplainPanel(QWidget *parent)
    : QTextBrowser(parent) {
    setObjectName(QStringLiteral("explainText"));
    setOpenLinks(false);
}

void ExplainPanel::showRecord(const RunRecord *r, double t, double endS,
                              const QStringList &narration) {
    QString html;
    if (!r) {
        html = QStringLiteral("<p>Press <b>Run</b>. Each task is an async comprehension, "
                              "<code>[i async for i in async_generator()]</code> in Python, a "
                              "QCoro task collecting an async generator with QCORO_FOREACH here. "
                              "This panel tells what the event loop is doing while they run.</p>");
    } else {
        html += QStringLiteral("<p><b>At %1 s</b></p><ul>")
                    .arg(QString::number(t < 0 ? endS : t, 'f', 3));
        for (const QString &line : narration)
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        html += QStringLiteral("</ul><p>%1</p>").arg(Narrator::whyParagraph(*r).toHtmlEscaped());
        const GroupRecord *seq = r->group(GroupKind::Sequential);
        const GroupRecord *conc = r->group(GroupKind::Concurrent);
        if (r->speedUp() > 0 && (t < 0 || t >= endS - 1e-9))
            html += QStringLiteral("<p><b>In this run</b> the concurrent group took %1 s and the "
                                   "sequential %2 s: the same %3 sleeps, %4× sooner, because "
                                   "they overlapped.</p>")
                        .arg(QString::number(conc->health.wallS, 'f', 3),
                             QString::number(seq->health.wallS, 'f', 3),
                             countText(qint64(r->params.tasks) * r->params.values),
                             QString::number(r->speedUp(), 'f', 2));
        if (r->params.timing == Timing::Relative)
            html += QStringLiteral("<p><i>Relative timing: each sleep counts from the moment the "
                                   "coroutine resumed, like asyncio.sleep in a loop, so every "
                                   "small delay adds up. Watch the Lateness tab: the drift "
                                   "grows with every value.</i></p>");
        else
            html +=
                QStringLiteral("<p><i>Drift-free timing: the k-th value is due at start + k × "
                               "delay, so a late wake-up never pushes the next one back.</i></p>");
    }
    setHtml(html);
}

} // namespace coroscope
