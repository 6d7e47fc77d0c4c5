// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine.h"
#include "mm/compaction.h"
#include "mm/contigallocator.h"
#include "statesummary.h"

namespace gbw {

// What a simulated run leaves behind: the state summary at the end, the 1 GB
// metrics, the reclaim and compaction counters and the sampled time series.
// `simulate --workload`, `compare` and later `replay` share its keys.
struct EngineReport
{
    StateSummary state;
    std::string workload;
    double seconds = 0;
    std::uint64_t events = 0;
    std::uint32_t allocatable1g = 0;
    std::uint32_t allocatable1gFree = 0;
    std::uint32_t maxTainted = 0; // over the samples
    std::uint32_t minAllocatable1g = 0; // over the samples after the first minute
    EngineCounters engine;
    CompactionCounters compaction;
    ContigCounters contig;
    double reclaimSeconds = 0; // virtual work
    double compactionSeconds = 0;
    std::vector<EngineSample> samples;

    static EngineReport of(const Engine& engine);
    std::string text() const;
    void toJson(nlohmann::json& out, bool withSamples = true) const;
};

} // namespace gbw
