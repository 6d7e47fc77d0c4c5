// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QSortFilterProxyModel;
class QTableView;

namespace gbw {

class CounterModel;
class SimulationState;

// The counters table: sortable by any column, filtered by name as you type.
class CountersView : public QWidget
{
    Q_OBJECT
public:
    explicit CountersView(SimulationState* state, QWidget* parent = nullptr);
    CounterModel* model() const
    {
        return m_model;
    }
    QSortFilterProxyModel* proxy() const
    {
        return m_proxy;
    }

private:
    CounterModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
};

} // namespace gbw
