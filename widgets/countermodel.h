// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include <QAbstractTableModel>

#include "sim/enginesnapshot.h"

namespace gbw {

// The engine's counters (vmstat names, the model's and the policy's overhead
// counters) as a flat table; sort it through a QSortFilterProxyModel.
class CounterModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        GroupColumn,
        NameColumn,
        ValueColumn,
        NUM_COLUMNS
    };
    enum Roles
    {
        SortRole = Qt::UserRole, // numbers as numbers, for the value column
    };

    explicit CounterModel(QObject* parent = nullptr);
    void setRows(const std::vector<CounterRow>& rows);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<CounterRow> m_rows;
};

} // namespace gbw
