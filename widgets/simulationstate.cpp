// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulationstate.h"

#include <algorithm>

namespace gbw {

SimulationState::SimulationState(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<EventQueryResultPtr>();
    qRegisterMetaType<EventQuery>();
}

const DrillDown* SimulationState::drillDown() const
{
    if (!m_snapshot || selectedGigablock() == kNone || m_snapshot->drill.gigablock != selectedGigablock())
        return nullptr;
    return &m_snapshot->drill;
}

void SimulationState::setSnapshot(const SnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    // Snapshots carry the samples since the previous one; keep the series whole even if the
    // history was cleared in between (then the new run starts at sample 0 again).
    const std::size_t first = snapshot->firstSample;
    if (first <= m_history.size()) {
        m_history.resize(first);
        m_history.insert(m_history.end(), snapshot->samples.begin(), snapshot->samples.end());
    }
    m_snapshot = snapshot;
    if (selectedGigablock() != kNone && selectedGigablock() >= snapshot->gigablocks.size() && choose(Gigablock, kNone))
        emit selectionChanged();
    emit snapshotChanged();
}

bool SimulationState::choose(Level level, std::uint32_t value)
{
    if (m_selection[level] == value)
        return false;
    m_selection[level] = value;
    std::fill(m_selection.begin() + level + 1, m_selection.end(), kNone);
    return true;
}

void SimulationState::selectGigablock(std::uint32_t gigablock)
{
    if (choose(Gigablock, gigablock))
        emit selectionChanged();
}

void SimulationState::selectPageblock(std::uint32_t pageblock)
{
    if (choose(Pageblock, pageblock))
        emit selectionChanged();
}

void SimulationState::selectPage(std::uint32_t page)
{
    if (choose(Page, page))
        emit selectionChanged();
}

void SimulationState::setTimeRange(double from, double to)
{
    if (from > to)
        std::swap(from, to);
    if (std::pair(from, to) == m_range)
        return;
    m_range = {from, to};
    m_touched.clear(); // until the source says which gigablocks the new range touched
    emit timeRangeChanged();
    emit touchedChanged();
}

void SimulationState::clearTimeRange()
{
    if (!hasTimeRange())
        return;
    m_range = {0, 0};
    m_touched.clear();
    emit timeRangeChanged();
    emit touchedChanged();
}

void SimulationState::setTouchedGigablocks(std::vector<std::uint32_t> touched)
{
    m_touched = hasTimeRange() ? std::move(touched) : std::vector<std::uint32_t> {};
    emit touchedChanged();
}

void SimulationState::clear()
{
    m_snapshot.reset();
    m_history.clear();
    m_selection.fill(kNone);
    m_touched.clear();
    emit cleared();
    emit selectionChanged();
    emit snapshotChanged();
}

} // namespace gbw
