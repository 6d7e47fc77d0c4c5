// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include "simulationstate.h"

class QTimer;

namespace gbw {

class EventListView;
class SourceRunner;

// Links the selection and the time brush to the source's events: asks the source for the events
// of the selected gigablock (or pageblock) within the brushed range whenever one of them changes
// (and every second while a run goes on), lists the answer and gives the map and heatmaps the
// gigablocks the range touched. Old answers that a newer question overtook are dropped.
class EventLinker : public QObject
{
    Q_OBJECT
public:
    EventLinker(SimulationState* state, EventListView* view, QObject* parent = nullptr);

    void setSource(SourceRunner* source);
    // The list is only asked for while somebody can see it; the overlay always is.
    void setListVisible(bool visible);
    // The question the window would ask now.
    EventQuery currentQuery() const;
    QString scopeText() const;
    // A question is on its way to the source (--screenshot waits for the answer).
    bool isWaiting() const
    {
        return m_waiting;
    }

public slots:
    void refresh();
    // The same, unless the list already shows the answer to this very question (the dock shown
    // again, the run paused where it was): asking again would only flash "asking the source…".
    void refreshIfChanged();

signals:
    // An answer reached the list (tests wait for it).
    void answered(const gbw::EventQueryResultPtr& result);

private:
    void receive(const EventQueryResultPtr& result);

    SimulationState* m_state;
    EventListView* m_view;
    SourceRunner* m_source = nullptr;
    QTimer* m_followTimer;
    std::uint64_t m_serial = 0;
    QString m_scope; // of the question in flight
    QString m_answeredScope; // of the answer the list shows (empty: none)
    VirtualTime m_answeredAsOf = 0; // the source's time when it answered
    bool m_waiting = false; // a question is in flight
    bool m_again = false; // and another is due when it is answered
    bool m_listVisible = true;
    bool m_firstAsk = true; // nothing asked about this run yet
};

} // namespace gbw
