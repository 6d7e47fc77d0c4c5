// SPDX-License-Identifier: GPL-3.0-or-later
#include "countermodel.h"

#include <QLocale>

namespace gbw {

CounterModel::CounterModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void CounterModel::setRows(const std::vector<CounterRow>& rows)
{
    const bool sameRows = rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(),
            [](const CounterRow& a, const CounterRow& b) { return a.name == b.name && a.group == b.group; });
    if (!sameRows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    // Values change every frame; names almost never. One dataChanged for the column keeps
    // sorting proxies and selections stable.
    m_rows = rows;
    if (!m_rows.empty())
        emit dataChanged(index(0, ValueColumn), index(int(m_rows.size()) - 1, ValueColumn));
}

int CounterModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CounterModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant CounterModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CounterRow& row = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Columns(index.column())) {
        case GroupColumn:
            return QString::fromStdString(row.group);
        case NameColumn:
            return QString::fromStdString(row.name);
        case ValueColumn:
            if (role == SortRole)
                return qulonglong(row.value);
            return QLocale().toString(qulonglong(row.value));
        case NUM_COLUMNS:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == ValueColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CounterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case GroupColumn:
        return tr("Group");
    case NameColumn:
        return tr("Counter");
    case ValueColumn:
        return tr("Value");
    case NUM_COLUMNS:
        break;
    }
    return {};
}

} // namespace gbw
