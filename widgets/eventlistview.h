// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "simulationstate.h"

class QLabel;
class QPushButton;
class QTableView;

namespace gbw {

class EventListModel;

// The events that touched the selected gigablock (or pageblock) within the brushed time range:
// a line saying what is listed and what is missing, the table, and buttons to refresh and to go
// back to the whole run. The window asks the source (EventLinker) and hands the answer here.
class EventListView : public QWidget
{
    Q_OBJECT
public:
    explicit EventListView(SimulationState* state, QWidget* parent = nullptr);

    EventListModel* model() const
    {
        return m_model;
    }
    QTableView* table() const
    {
        return m_table;
    }
    // What the list is about ("gigablock 12, 10.0–20.0 s"); shown while the answer is on its way.
    void showPending(const QString& scope);
    void showResult(const EventQueryResultPtr& result, const QString& scope);
    // The header line and the warning line, for tests and screenshots.
    QString headerText() const;
    QString warningText() const;

signals:
    void refreshRequested();

private:
    void updateButtons();

    SimulationState* m_state;
    EventListModel* m_model;
    QLabel* m_header;
    QLabel* m_warning;
    QTableView* m_table;
    QPushButton* m_refresh;
    QPushButton* m_wholeRun;
};

} // namespace gbw
