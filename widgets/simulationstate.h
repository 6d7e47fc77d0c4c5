// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <vector>

#include <QObject>

#include "sim/enginesnapshot.h"

namespace gbw {

using SnapshotPtr = std::shared_ptr<const EngineSnapshot>;

// The one state every view follows: the latest snapshot, the time series so
// far, and the selected gigablock and pageblock. Lives on the UI thread.
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
        return m_gigablock;
    }
    // Index inside the selected gigablock.
    std::uint32_t selectedPageblock() const
    {
        return m_pageblock;
    }
    // The drill-down of the snapshot if it matches the selection, else null.
    const DrillDown* drillDown() const;

public slots:
    void setSnapshot(const gbw::SnapshotPtr& snapshot);
    void selectGigablock(std::uint32_t gigablock);
    void selectPageblock(std::uint32_t pageblock);
    // Forget everything, for a new run.
    void clear();

signals:
    void snapshotChanged();
    void selectionChanged();
    void cleared();

private:
    SnapshotPtr m_snapshot;
    std::vector<EngineSample> m_history;
    std::uint32_t m_gigablock = kNone;
    std::uint32_t m_pageblock = kNone;
};

} // namespace gbw

Q_DECLARE_METATYPE(gbw::SnapshotPtr)
