// SPDX-License-Identifier: GPL-3.0-or-later
#include "countersview.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "countermodel.h"
#include "simulationstate.h"

namespace gbw {

CountersView::CountersView(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_model(new CounterModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("counters"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CounterModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CounterModel::GroupColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* filter = new QLineEdit(this);
    filter->setPlaceholderText(tr("Filter counters…"));
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filter);
    layout->addWidget(m_table);

    connect(state, &SimulationState::snapshotChanged, this, [this, state] {
        if (const auto& s = state->snapshot()) {
            const bool first = m_model->rowCount() == 0;
            m_model->setRows(s->counters);
            if (first)
                m_table->resizeColumnsToContents();
        }
    });
}

} // namespace gbw
