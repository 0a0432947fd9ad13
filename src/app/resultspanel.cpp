// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "resultspanel.h"

#include "model/looptimeline.h"

#include "lanemodel.h"
#include "lessontext.h"
#include "render/chartrenderer.h"

#include "io/numberformat.h"
#include "model/sidebyside.h"
#include "model/taskstates.h"

namespace coroscope {

namespace {

QString ms(double v) {
    return QString::number(v, 'f', 3) + QStringLiteral(" ms");
}

} // namespace

ResultsPanel::ResultsPanel(QWidget *parent)
    : QTextBrowser(parent) {
    setObjectName(QStringLiteral("resultsText"));
}

void ResultsPanel::showRecord(const RunRecord *r, double t, double endS, const LaneModel &lanes) {
    if (!r) {
        setHtml(QStringLiteral("<p>No run yet.</p>"));
        return;
    }
    QString html;
    // A watched program beside QCoro's run of its shape: both figures in one line first.
    if (const QString both = sideBySideLine(*r); !both.isEmpty())
        html += QStringLiteral("<p><b>Side by side, the same shape:</b> %1</p>")
                    .arg(both.toHtmlEscaped());
    html += QStringLiteral("<table cellpadding='3' cellspacing='0' width='100%'>");
    html += QStringLiteral("<tr><th align='left'></th>");
    for (const auto &g : r->groups)
        html += QStringLiteral("<th align='right'>%1</th>").arg(ChartRenderer::groupTitle(*r, *g));
    html += QStringLiteral("</tr>");
    auto row = [&](const QString &name, auto cell) {
        html += QStringLiteral("<tr><td>%1</td>").arg(name);
        for (const auto &g : r->groups) {
            // Over, however it ended (a failed or timed-out lesson too), and reached.
            const bool done = g->isDone() && (t < 0 || t >= g->health.wallS);
            html += QStringLiteral("<td align='right'>%1</td>")
                        .arg(done ? cell(*g) : QStringLiteral("…"));
        }
        html += QStringLiteral("</tr>");
    };
    row(QStringLiteral("Status"), [](const GroupRecord &g) { return statusName(g.status); });
    row(QStringLiteral("Wall time"), [](const GroupRecord &g) {
        return QString::number(g.health.wallS, 'f', 4) + QStringLiteral(" s");
    });
    html += QStringLiteral("<tr><td>Ideal</td>");
    for (const auto &g : r->groups)
        html +=
            QStringLiteral("<td align='right'>%1 s</td>").arg(r->params.idealSeconds(g->kind()));
    html += QStringLiteral("</tr>");
    row(QStringLiteral("Overrun"), [](const GroupRecord &g) {
        // Stopped: no overrun (it did not run its course), just when it stopped.
        return g.status == RunStatus::Stopped
                   ? QStringLiteral("stopped at %1 s").arg(QString::number(g.health.wallS, 'f', 3))
                   : ms(g.health.overrunMs);
    });
    row(QStringLiteral("Lateness p50"),
        [](const GroupRecord &g) { return ms(g.health.latenessP50Ms); });
    row(QStringLiteral("Lateness p99"),
        [](const GroupRecord &g) { return ms(g.health.latenessP99Ms); });
    row(QStringLiteral("Lateness max"),
        [](const GroupRecord &g) { return ms(g.health.latenessMaxMs); });
    // Two loops, two figures: the run's own (its timing) and the window's (its frames).
    row(QStringLiteral("Run loop stall"),
        [](const GroupRecord &g) { return ms(g.health.maxStallMs); });
    row(QStringLiteral("Window stall"), [](const GroupRecord &g) {
        return g.health.windowStallMs < 0 ? QStringLiteral("— (headless)")
                                          : ms(g.health.windowStallMs);
    });
    html += QStringLiteral("</table>");
    // What the one thread did: each ended group's event loop, once its timeline (computed
    // off the window's thread) is ready.
    if (m_loopSource && (t < 0 || t >= endS - 1e-9))
        for (const auto &g : r->groups)
            if (g->isDone())
                if (const auto loop = m_loopSource(*g, r->params); loop && loop->over)
                    html += QStringLiteral("<p><b>Event loop, %1:</b> %2</p>")
                                .arg(ChartRenderer::groupTitle(*r, *g).toHtmlEscaped(),
                                     loopIdleText(loop->use).toHtmlEscaped());
    const double speedUp = r->speedUp();
    if (speedUp > 0 && (t < 0 || t >= endS - 1e-9))
        // The groups' own names: a lesson compares its variants ("limited ÷ unlimited").
        html += QStringLiteral("<p style='font-size:large'><b>Speed-up: %1×</b> (%2 ÷ %3 wall "
                               "time)</p>")
                    .arg(QString::number(speedUp, 'f', 2),
                         groupLabel(r->params, GroupKind::Sequential).toHtmlEscaped(),
                         groupLabel(r->params, GroupKind::Concurrent).toHtmlEscaped());

    // A lesson's own figures: its formula against the wall, each task's status, the
    // completion order, the error.
    html += lessonResultsHtml(*r, t);

    // The comprehensions' results, as far as the time shown.
    constexpr int kListed = 12;
    html += QStringLiteral("<h4>Collected lists</h4>");
    for (const auto &g : r->groups) {
        const int tasks = std::min(g->tasks(), kListed);
        html += QStringLiteral("<p><b>%1</b><br/>").arg(ChartRenderer::groupTitle(*r, *g));
        const QModelIndex parent = lanes.groupIndex(int(&g - &r->groups.front()));
        for (int task = 0; task < tasks; ++task) {
            const QList<double> values =
                lanes.index(task, 0, parent).data(LaneModel::ValuesRole).value<QList<double>>();
            QStringList items;
            for (int i = 0; i < std::min<qsizetype>(values.size(), 20); ++i)
                // A watched program's labels as the program's repr ("'ready'"), escaped.
                items << yieldText(*g, values[i], r->params.maxValue).toHtmlEscaped();
            if (values.size() > 20)
                items << QStringLiteral("…");
            // The lane's own name: "worker 2", "the producer" in the queue lesson.
            html += QStringLiteral("%1: [%2]<br/>")
                        .arg(laneName(r->params, *g, task), items.join(QStringLiteral(", ")));
        }
        if (g->tasks() > kListed)
            html += QStringLiteral("<i>… %1 more (File → Export data holds them all)</i>")
                        .arg(countText(g->tasks() - kListed));
        html += QStringLiteral("</p>");
    }
    setHtml(html);
}

void ResultsPanel::showWatched(const watch::WatchSnapshot &s, const QString &script) {
    QString html =
        QStringLiteral("<pre>%1</pre>")
            .arg(s.script.isEmpty() ? QStringLiteral("Starting %1…").arg(script).toHtmlEscaped()
                                    : watch::watchSummaryText(s).toHtmlEscaped());
    if (!s.error.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p>").arg(s.error.toHtmlEscaped());
    setHtml(html);
}

} // namespace coroscope
