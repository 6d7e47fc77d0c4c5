// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlinker.h"

#include <cmath>

#include <QTimer>

#include "eventlistview.h"
#include "sourcerunner.h"

namespace gbw {

EventLinker::EventLinker(SimulationState* state, EventListView* view, QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_view(view)
    , m_followTimer(new QTimer(this))
{
    connect(state, &SimulationState::selectionChanged, this, &EventLinker::refresh);
    connect(state, &SimulationState::timeRangeChanged, this, &EventLinker::refresh);
    connect(view, &EventListView::refreshRequested, this, &EventLinker::refresh);
    // The first snapshot of a run says where the gigablocks are: ask then, if the view wanted to.
    connect(state, &SimulationState::snapshotChanged, this, [this] {
        if (m_firstAsk && m_state->snapshot())
            refresh();
    });
    connect(state, &SimulationState::cleared, this, [this] {
        m_firstAsk = true;
        m_waiting = false; // an answer about the previous run is dropped
        m_answeredScope.clear();
    });
    // A running source keeps adding events: follow it, once a second, while the list is looked at
    // (a brushed range that ended in the past has nothing new to say).
    m_followTimer->setInterval(1000);
    connect(m_followTimer, &QTimer::timeout, this, [this] {
        if (!m_source || !m_source->isRunning() || !m_listVisible)
            return;
        const auto& s = m_state->snapshot();
        if (m_state->hasTimeRange() && s && m_state->timeRange().second < s->seconds)
            return;
        refresh();
    });
    m_followTimer->start();
}

void EventLinker::setSource(SourceRunner* source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    m_waiting = false;
    m_answeredScope.clear();
    connect(source, &SourceRunner::eventsQueried, this, &EventLinker::receive);
    // Paused: the list catches up with where the run stopped.
    connect(source, &SourceRunner::runningChanged, this, [this](bool running) {
        if (!running)
            refresh();
    });
}

void EventLinker::setListVisible(bool visible)
{
    m_listVisible = visible;
}

QString EventLinker::scopeText() const
{
    const std::uint32_t gb = m_state->selectedGigablock();
    const std::uint32_t pb = m_state->selectedPageblock();
    const std::uint32_t page = m_state->selectedPage();
    QString what = gb == SimulationState::kNone ? tr("All memory")
        : pb == SimulationState::kNone          ? tr("Gigablock %1").arg(gb)
        : page == SimulationState::kNone        ? tr("Gigablock %1, pageblock %2").arg(gb).arg(pb)
                                                : tr("Gigablock %1, pageblock %2, page %3").arg(gb).arg(pb).arg(page);
    if (m_state->hasTimeRange()) {
        const auto [from, to] = m_state->timeRange();
        what += tr(", %1–%2 s").arg(from, 0, 'f', 2).arg(to, 0, 'f', 2);
    } else {
        what += tr(", whole run");
    }
    return what;
}

EventQuery EventLinker::currentQuery() const
{
    EventQuery query;
    const auto& s = m_state->snapshot();
    if (!s)
        return query;
    query.gigablockStarts.reserve(s->gigablocks.size());
    for (const GigablockCell& cell : s->gigablocks)
        query.gigablockStarts.push_back(cell.startPfn);
    if (m_state->hasTimeRange()) {
        const auto [from, to] = m_state->timeRange();
        query.from = VirtualTime(std::max(0.0, from) * 1e9);
        query.to = VirtualTime(std::max(0.0, to) * 1e9);
    }
    const std::uint32_t gb = m_state->selectedGigablock();
    if (gb >= s->gigablocks.size())
        return query;
    query.gigablock = gb;
    const Geometry& g = s->geometry;
    const Pfn start = s->gigablocks[gb].startPfn;
    const Pfn aligned = start & ~(Pfn(g.pagesPerGigablock()) - 1);
    query.first = start;
    query.end = gb + 1 < s->gigablocks.size() ? s->gigablocks[gb + 1].startPfn : aligned + g.pagesPerGigablock();
    const std::uint32_t pb = m_state->selectedPageblock();
    if (pb != SimulationState::kNone) {
        query.first = aligned + Pfn(pb) * g.pagesPerPageblock();
        query.end = query.first + g.pagesPerPageblock();
        // A page: every event whose block covers it (the query matches blocks that overlap the range).
        if (const std::uint32_t page = m_state->selectedPage(); page < g.pagesPerPageblock()) {
            query.first += page;
            query.end = query.first + 1;
        }
    }
    return query;
}

void EventLinker::refreshIfChanged()
{
    const auto& s = m_state->snapshot();
    const bool answered = !m_waiting && s && !m_answeredScope.isEmpty() && scopeText() == m_answeredScope
        && VirtualTime(std::llround(s->seconds * 1e9)) <= m_answeredAsOf;
    if (!answered)
        refresh();
}

void EventLinker::refresh()
{
    if (!m_source || !m_state->snapshot())
        return;
    // One question at a time: a source busy with a long range gets the newest question after it.
    if (m_waiting) {
        m_again = true;
        return;
    }
    EventQuery query = currentQuery();
    query.serial = ++m_serial;
    m_firstAsk = false;
    m_scope = scopeText();
    m_waiting = true;
    m_again = false;
    m_view->showPending(m_scope);
    m_source->queryEvents(query);
}

void EventLinker::receive(const EventQueryResultPtr& result)
{
    if (result->serial != m_serial)
        return; // the answer to an older question
    m_waiting = false;
    m_answeredScope = m_scope;
    m_answeredAsOf = result->asOf;
    m_view->showResult(result, m_scope);
    m_state->setTouchedGigablocks(result->available ? result->touched : std::vector<std::uint32_t> {});
    emit answered(result);
    if (m_again)
        refresh();
}

} // namespace gbw
