// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "explainpanel.h"

#include "lessontext.h"
#include "narrator.h"

#include "io/numberformat.h"

namespace coroscope {

ExplainPanel::ExplainPanel(QWidget *parent)
    : QTextBrowser(parent) {
    setObjectName(QStringLiteral("explainText"));
    setOpenLinks(false);
}

void ExplainPanel::showRecord(const RunRecord *r, double t, double endS,
                              const QStringList &narration, const QHash<QString, int> &tagCounts) {
    QString html;
    if (!r) {
        html = QStringLiteral("<p>Press <b>Run</b>. Each task is an async comprehension, "
                              "<code>[i async for i in async_generator()]</code> in Python, a "
                              "QCoro task collecting an async generator with QCORO_FOREACH here. "
                              "This panel tells what the event loop is doing while they run.</p>");
    } else {
        html += QStringLiteral("<p><b>At %1 s</b></p><ul>")
                    .arg(QString::number(t < 0 ? endS : t, 'f', 3));
        // A lesson's tasks are where its code says (the seed's lines speak of its modes).
        const bool lesson = r->params.scenario != Scenario::Seed;
        for (const QString &line : lesson ? lessonNowLines(*r, tagCounts) : narration)
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        html += QStringLiteral("</ul>");
        if (r->params.scenario != Scenario::Seed) {
            // The lesson: what happened (facts recorded by the run) and why.
            // The latest facts: a queue's producer can wait for room a thousand times.
            constexpr qsizetype kFactsShown = 12;
            const QStringList facts = lessonFacts(*r, t);
            if (!facts.isEmpty()) {
                html += QStringLiteral("<p><b>What happened</b></p><ul>");
                if (facts.size() > kFactsShown)
                    html += QStringLiteral("<li><i>… %1 earlier (File → Export data holds them "
                                           "all)</i></li>")
                                .arg(countText(facts.size() - kFactsShown));
                for (const QString &f :
                     facts.mid(std::max<qsizetype>(0, facts.size() - kFactsShown)))
                    html += QStringLiteral("<li>%1</li>").arg(f.toHtmlEscaped());
                html += QStringLiteral("</ul>");
            }
            html += QStringLiteral("<p>%1</p>").arg(lessonWhy(*r).toHtmlEscaped());
            setHtml(html);
            return;
        }
        html += QStringLiteral("<p>%1</p>").arg(Narrator::whyParagraph(*r).toHtmlEscaped());
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

void ExplainPanel::showWatched(const watch::WatchSnapshot &s, const QString &script) {
    QString html = QStringLiteral("<p><b>%1</b> at %2 s: the tasks active last</p><ul>")
                       .arg(script.toHtmlEscaped(), QString::number(s.nowS, 'f', 3));
    for (const QString &line : s.explain)
        html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
    html += QStringLiteral("</ul>");
    if (s.blockingSteps > 0)
        html += QStringLiteral("<p>%1 steps ran longer than %2 ms: while one runs, no other task "
                               "can (the event loop has one thread). The longest took %3 ms.</p>")
                    .arg(s.blockingSteps)
                    .arg(double(s.slowNs) / 1e6)
                    .arg(double(s.longestStepNs) / 1e6, 0, 'f', 1);
    html += QStringLiteral("<p><i>Each lane is one asyncio task of your program that yielded "
                           "numbers from an async generator; each dot a value, placed when it "
                           "arrived. Lateness is how long after its sleep's end the task got to "
                           "run again.</i></p>");
    setHtml(html);
}

} // namespace coroscope
