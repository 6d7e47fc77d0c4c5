// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlistview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "eventlistmodel.h"

namespace gbw {

EventListView::EventListView(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_model(new EventListModel(this))
    , m_header(new QLabel(this))
    , m_warning(new QLabel(this))
    , m_table(new QTableView(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_wholeRun(new QPushButton(tr("Whole run"), this))
{
    setObjectName(QStringLiteral("events"));
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->setWordWrap(true);
    m_warning->setObjectName(QStringLiteral("eventWarning"));
    m_warning->setStyleSheet(QStringLiteral("QLabel { color: #b35806; font-weight: bold; }"));
    m_warning->hide();
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_refresh->setToolTip(tr("Ask the source again: a running simulation has had more events since"));
    m_wholeRun->setToolTip(tr("Clear the time brush: list and overlays follow the whole run (Esc)"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_header, 1);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_wholeRun);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_warning);
    layout->addWidget(m_table, 1);

    connect(m_refresh, &QPushButton::clicked, this, &EventListView::refreshRequested);
    connect(m_wholeRun, &QPushButton::clicked, m_state, &SimulationState::clearTimeRange);
    connect(m_state, &SimulationState::timeRangeChanged, this, &EventListView::updateButtons);
    m_header->setText(tr("Click a gigablock (map or heatmap) or a pageblock to list the events that touched it."));
    updateButtons();
}

void EventListView::updateButtons()
{
    m_wholeRun->setEnabled(m_state->hasTimeRange());
}

void EventListView::showPending(const QString& scope)
{
    m_header->setText(tr("%1: asking the source…").arg(scope));
}

void EventListView::showResult(const EventQueryResultPtr& result, const QString& scope)
{
    m_model->setResult(result);
    const QLocale locale;
    if (!result->available) {
        m_header->setText(scope);
        m_warning->setText(tr("No event list: %1.").arg(QString::fromStdString(result->note)));
        m_warning->show();
        return;
    }
    QString header = tr("%1: %2 events").arg(scope, locale.toString(qulonglong(result->matched)));
    if (result->matched > result->events.size())
        header += tr(" (the latest %1 listed)").arg(locale.toString(qulonglong(result->events.size())));
    header += tr(", as of %1 s").arg(double(result->asOf) / 1e9, 0, 'f', 2);
    m_header->setText(header);
    if (result->incomplete) {
        m_warning->setText(tr("Incomplete: the range reaches back before %1 s, the oldest event this simulation "
                              "still keeps (%2 older events were dropped from its log). Brush a later range, or "
                              "record the run with `gigablock simulate --db` and replay it for every event.")
                               .arg(double(result->keptFrom) / 1e9, 0, 'f', 2)
                               .arg(locale.toString(qulonglong(result->forgotten))));
        m_warning->show();
    } else {
        m_warning->hide();
    }
    m_table->resizeColumnsToContents();
    m_table->scrollToBottom();
}

QString EventListView::headerText() const
{
    return m_header->text();
}

QString EventListView::warningText() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

} // namespace gbw
