// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QAbstractItemModel>

#include <vector>

namespace coroscope {

//! Which lane a row draws: plain data handed to the delegate through LaneModel::LaneRole.
struct LaneRef {
    const RunRecord *record = nullptr;
    const GroupRecord *group = nullptr;
    int task = -1; //!< -1: the group's header row
};

/*!
 * \brief The timeline's lanes: one top-level row per group ("Sequential", "Concurrent"),
 * one child row per task.
 *
 * Reads the run record live (no copy): refresh() tells the views that yields arrived,
 * at the window's frame rate, never per yield. setNow() hides yields after a time, for
 * replay and scrubbing.
 */
class LaneModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Columns { TaskColumn, TimelineColumn, ColumnCount };
    enum Roles {
        LaneRole = Qt::UserRole + 1, //!< LaneRef
        GroupRole,                   //!< int(GroupKind)
        TaskRole,                    //!< task id, -1 on a group row
        CountRole,                   //!< yields so far (up to now())
        ValuesRole,                  //!< QList<double>: the collected list so far
        StartRole,                   //!< start in seconds, or -1
        EndRole,                     //!< end in seconds (if ≤ now()), or -1
    };

    explicit LaneModel(QObject *parent = nullptr);

    //! The yields \a g makes when it runs its course: tasks × values, but the queue lesson's
    //! items (its lanes are the workers and the producer, which yields none).
    static qint64 yieldsToCome(const RunParams &params, const GroupRecord &g);

    //! Shows \a record (not owned; nullptr clears). Call before the record is destroyed.
    void setRecord(const RunRecord *record);
    const RunRecord *record() const { return m_record; }
    //! Hide yields later than \a nowS (< 0: show everything).
    void setNow(double nowS);
    double now() const { return m_nowS; }
    /*!
     * Shows \a record in place of the current one when it is a later copy of the same run
     * (a watched program's next snapshot: the same groups, as many tasks or more): new
     * lanes are inserted, nothing is reset, so the view keeps its layout, scroll position
     * and hover. Anything else is setRecord(). The old record may be freed afterwards.
     */
    void followRecord(const RunRecord *record);
    //! New yields were recorded: the lanes' data changed.
    void refresh();

    QModelIndex groupIndex(int group, int column = TaskColumn) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    /*!
     * The lanes' yields changed (refresh()). Deliberately not a dataChanged() over every
     * lane: a view turns a range into the rectangle it covers by visiting each row of it,
     * O(lanes) per frame; a view that paints lanes repaints what it shows instead.
     */
    void lanesChanged();
    //! followRecord() swapped the record: per-lane caches keyed by its addresses are stale.
    void recordReplaced();

private:
    //! Yields of \a task visible at now().
    int visibleCount(const GroupRecord &g, int task) const;

    const RunRecord *m_record = nullptr;
    //! Rows per group as the views know them (followRecord() grows them with inserts).
    std::vector<int> m_rows;
    double m_nowS = -1;
};

} // namespace coroscope

Q_DECLARE_METATYPE(coroscope::LaneRef)
