// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "protocol/sourceset.h"
#include "sim/enginesnapshot.h"

namespace gbw {

// Turns what a gigablock-agent streams (the kernel's /proc texts) into the
// snapshot every view reads. A host reports per-zone totals only, so the
// snapshot has no per-gigablock cells and says why; free pages per order come
// from buddyinfo, counters from vmstat, the gigablock categories and 1 GB
// counts only from a simulated agent's extra vmstat lines. Qt-free, for tests.
class LiveSnapshotBuilder
{
public:
    void connected(const std::string& host, bool simulated);
    void disconnected(const std::string& reason, bool retrying);
    // After each update: adds a time-series point when buddyinfo or vmstat were read anew.
    void update(const protocol::SourceSet& state, const std::vector<std::string>& changed, double wallSeconds);

    EngineSnapshot build(const protocol::SourceSet& state, const SnapshotRequest& request) const;
    const std::vector<EngineSample>& series() const
    {
        return m_series;
    }
    bool isConnected() const
    {
        return m_connected;
    }

    // The point a reading gives; categories are left at 0 when the texts do not carry them.
    static EngineSample sampleOf(const protocol::SourceSet& state, double seconds, bool* categoriesKnown);

private:
    std::string m_host;
    bool m_simulated = false;
    bool m_connected = false;
    bool m_categoriesKnown = false;
    std::string m_connection = "connecting";
    double m_firstWall = -1; // wall clock of the first reading: live time starts there
    std::vector<EngineSample> m_series;
};

} // namespace gbw
