// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <memory>
#include <vector>

#include <QObject>

#include "replay/eventlog.h"
#include "sim/enginesnapshot.h"

namespace gbw {

using SnapshotPtr = std::shared_ptr<const EngineSnapshot>;
using EventQueryResultPtr = std::shared_ptr<const EventQueryResult>;

// The one state every view follows: the latest snapshot, the time series so
// far, and the selected gigablock, pageblock and page. Lives on the UI thread.
class SimulationState : public QObject
{
    Q_OBJECT
public:
    static constexpr std::uint32_t kNone = SnapshotRequest::kNone;

    explicit SimulationState(QObject* parent = nullptr);

    const SnapshotPtr& snapshot() const
    {
        return m_snapshot;
    }
    // Every engine sample received, oldest first.
    const std::vector<EngineSample>& history() const
    {
        return m_history;
    }
    std::uint32_t selectedGigablock() const
    {
        return m_selection[Gigablock];
    }
    // Index inside the selected gigablock.
    std::uint32_t selectedPageblock() const
    {
        return m_selection[Pageblock];
    }
    // Index inside the selected pageblock: the events list keeps to that one page.
    std::uint32_t selectedPage() const
    {
        return m_selection[Page];
    }
    // The drill-down of the snapshot if it matches the selection, else null.
    const DrillDown* drillDown() const;

    // The time brush, in virtual seconds: what the event list and the overlays look at. Without
    // one (from >= to) they look at the whole run.
    bool hasTimeRange() const
    {
        return m_range.first < m_range.second;
    }
    std::pair<double, double> timeRange() const
    {
        return m_range;
    }
    // Events per gigablock within the brushed range, from the source's event data; empty when no
    // range is brushed or the source cannot tell (a live host). The map and heatmaps dim the rest.
    const std::vector<std::uint32_t>& touchedGigablocks() const
    {
        return m_touched;
    }

public slots:
    void setSnapshot(const gbw::SnapshotPtr& snapshot);
    void selectGigablock(std::uint32_t gigablock);
    void selectPageblock(std::uint32_t pageblock);
    void selectPage(std::uint32_t page);
    void setTimeRange(double from, double to);
    void clearTimeRange();
    void setTouchedGigablocks(std::vector<std::uint32_t> touched);
    // Forget everything, for a new run.
    void clear();

signals:
    void snapshotChanged();
    void selectionChanged();
    void cleared();
    void timeRangeChanged();
    void touchedChanged();

private:
    // Coarsest first: a choice holds only inside the one before it.
    enum Level
    {
        Gigablock,
        Pageblock,
        Page,
        kLevels
    };
    // Sets a level and forgets the finer ones; false if it was set already.
    bool choose(Level level, std::uint32_t value);

    SnapshotPtr m_snapshot;
    std::vector<EngineSample> m_history;
    std::array<std::uint32_t, kLevels> m_selection = {kNone, kNone, kNone};
    std::pair<double, double> m_range = {0, 0};
    std::vector<std::uint32_t> m_touched;
};

} // namespace gbw

Q_DECLARE_METATYPE(gbw::SnapshotPtr)
Q_DECLARE_METATYPE(gbw::EventQueryResultPtr)
Q_DECLARE_METATYPE(gbw::EventQuery)
