// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runparams.h"
#include "model/runrecord.h"

#include <QColor>

#include <array>

class QPalette;

namespace coroscope {

/*!
 * \brief The colours of the chart, light or dark, shared by the window and the exports.
 *
 * Group colours are chosen to stay apart for colour-blind viewers (orange for sequential,
 * blue for concurrent) and to read on a projector.
 */
struct ChartPalette {
    bool dark = false;
    QColor background;
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor laneSeparator;
    QColor laneAlternate;
    QColor idealFill;
    QColor idealEdge;
    QColor sequential;
    QColor concurrent;
    QColor nowCursor;
    QColor highlight;
    //! A task state's colour (TaskState order), for the lanes' state bands and the legend;
    //! StateStyle adds a pattern or a mark to each, so hue is never the only cue.
    std::array<QColor, 9> states;
    //! The QCoro group beside a watched asyncio program (groupColor(record, group)).
    QColor beside;
    //! The scheduler's own work on the event loop's lane (StateStyle::fillScheduler()).
    QColor scheduler;

    static ChartPalette light();
    static ChartPalette darkPalette();
    //! Light or dark after the window's palette, with its window and text colours.
    static ChartPalette fromPalette(const QPalette &palette);

    QColor groupColor(GroupKind kind) const {
        return kind == GroupKind::Sequential ? sequential : concurrent;
    }
    //! A group's colour in \a record: a side-by-side record's QCoro group (both groups are
    //! concurrent) takes beside, so the two runtimes do not share a hue.
    QColor groupColor(const RunRecord &record, const GroupRecord &g) const;
    QColor stateColor(TaskState s) const { return states[size_t(s)]; }
};

} // namespace coroscope
