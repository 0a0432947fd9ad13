// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "lanemodel.h"

#include "model/taskstates.h"

#include "render/chartrenderer.h"
#include "render/lanepainter.h"

#include <QLocale>

namespace coroscope {

// internalId 0 marks a group row; a lane row stores its group's row + 1.
static constexpr quintptr kGroupRow = 0;

qint64 LaneModel::yieldsToCome(const RunParams &params, const GroupRecord &g) {
    if (params.scenario == Scenario::Queue)
        return params.lab.items;
    return qint64(g.tasks()) * g.values();
}

LaneModel::LaneModel(QObject *parent)
    : QAbstractItemModel(parent) {}

static std::vector<int> rowsOf(const RunRecord *record) {
    std::vector<int> rows;
    if (record)
        for (const auto &g : record->groups)
            rows.push_back(g->tasks());
    return rows;
}

void LaneModel::setRecord(const RunRecord *record) {
    beginResetModel();
    m_record = record;
    m_rows = rowsOf(record);
    m_nowS = -1;
    endResetModel();
}

void LaneModel::followRecord(const RunRecord *record) {
    bool sameShape = m_record && record && record->groups.size() == m_record->groups.size();
    for (size_t g = 0; sameShape && g < record->groups.size(); ++g)
        sameShape = record->groups[g]->kind() == m_record->groups[g]->kind() &&
                    record->groups[g]->tasks() >= m_rows[g];
    if (!sameShape) {
        const double now = m_nowS;
        setRecord(record);
        m_nowS = now;
        return;
    }
    m_record = record;
    Q_EMIT recordReplaced();
    for (size_t g = 0; g < record->groups.size(); ++g) {
        const int tasks = record->groups[g]->tasks();
        if (tasks == m_rows[g])
            continue;
        beginInsertRows(groupIndex(int(g)), m_rows[g], tasks - 1);
        m_rows[g] = tasks;
        endInsertRows();
    }
    refresh();
}

void LaneModel::setNow(double nowS) {
    if (nowS == m_nowS)
        return;
    m_nowS = nowS;
    refresh();
}

void LaneModel::refresh() {
    if (!m_record)
        return;
    // The group rows' counts by dataChanged (a row each: cheap); the lanes by one signal.
    for (int g = 0; g < int(m_record->groups.size()); ++g)
        Q_EMIT dataChanged(groupIndex(g, 0), groupIndex(g, ColumnCount - 1));
    Q_EMIT lanesChanged();
}

QModelIndex LaneModel::groupIndex(int group, int column) const {
    return index(group, column);
}

QModelIndex LaneModel::index(int row, int column, const QModelIndex &parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupRow);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex LaneModel::parent(const QModelIndex &child) const {
    if (!child.isValid() || child.internalId() == kGroupRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupRow);
}

int LaneModel::rowCount(const QModelIndex &parent) const {
    if (!m_record)
        return 0;
    if (!parent.isValid())
        return int(m_record->groups.size());
    if (parent.internalId() == kGroupRow && parent.column() == 0)
        return m_rows[size_t(parent.row())];
    return 0;
}

int LaneModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
}

int LaneModel::visibleCount(const GroupRecord &g, int task) const {
    return m_nowS < 0 ? g.count(task) : LanePainter::firstAtOrAfter(g, task, m_nowS + 1e-9);
}

QVariant LaneModel::data(const QModelIndex &index, int role) const {
    if (!m_record || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isGroup = index.internalId() == kGroupRow;
    const GroupRecord &g =
        *m_record->groups[size_t(isGroup ? index.row() : index.internalId() - 1)];
    const int task = isGroup ? -1 : index.row();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (isGroup) {
            if (index.column() == TaskColumn)
                return ChartRenderer::groupTitle(*m_record, g);
            return QStringLiteral("%1 tasks · %2 of %3 yields")
                .arg(countText(g.tasks()), countText(g.yields()),
                     countText(yieldsToCome(m_record->params, g)));
        }
        if (index.column() == TaskColumn)
            return laneName(m_record->params, g, task); // "task 3", "worker 1", "the producer"
        return QStringLiteral("%1 of %2 values").arg(visibleCount(g, task)).arg(g.values());
    case LaneRole:
        return QVariant::fromValue(LaneRef{m_record, &g, task});
    case GroupRole:
        return int(g.kind());
    case TaskRole:
        return task;
    case CountRole:
        if (isGroup)
            return g.yields();
        return visibleCount(g, task);
    case ValuesRole: {
        if (isGroup)
            return {};
        QList<double> values = g.valuesOf(task);
        values.resize(visibleCount(g, task));
        return QVariant::fromValue(values);
    }
    case StartRole:
        if (isGroup || g.startNs(task) < 0)
            return -1.0;
        return double(g.startNs(task)) / 1e9;
    case EndRole: {
        if (isGroup || g.endNs(task) < 0)
            return -1.0;
        const double end = double(g.endNs(task)) / 1e9;
        return m_nowS >= 0 && end > m_nowS ? -1.0 : end;
    }
    default:
        return {};
    }
}

QVariant LaneModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TaskColumn:
        return QStringLiteral("Task");
    case TimelineColumn:
        return QStringLiteral("Timeline");
    }
    return {};
}

Qt::ItemFlags LaneModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kGroupRow)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

} // namespace coroscope
