// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>

#include "simulationstate.h"

namespace gbw {

// The events of an EventQueryResult as a table, one row per event in time order: time, what
// happened, pfn, order, migratetype and the detail (the tag of an allocation, a label change).
class EventListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        PfnColumn,
        OrderColumn,
        MigratetypeColumn,
        DetailColumn,
        NUM_COLUMNS
    };
    // The event's time in nanoseconds and its pfn as numbers, for sorting and tests.
    static constexpr int SortRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setResult(const EventQueryResultPtr& result);
    const EventQueryResultPtr& result() const
    {
        return m_result;
    }
    const RecordedEvent& event(int row) const
    {
        return m_result->events[std::size_t(row)];
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(const RecordedEvent& event);
    static QString detailText(const RecordedEvent& event);

private:
    EventQueryResultPtr m_result;
};

} // namespace gbw
