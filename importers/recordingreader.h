// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "replay/recording.h"
#include "sim/engine.h"

namespace gbw::importers {

class SqliteStore;

// A recorded simulation as the store keeps it (simulation_runs).
struct SimulationRunInfo
{
    std::int64_t runId = 0;
    std::int64_t sessionId = 0;
    std::string policy;
    std::uint64_t seed = 0;
    nlohmann::json config;
    std::uint64_t events = 0;
    VirtualTime duration = 0;
};

// One stored point of a run's time series, with the number of recorded
// events before it (so the replayed state at that point is exact).
struct StoredSample
{
    VirtualTime time = 0;
    std::uint64_t eventIndex = 0;
    EngineSample sample;
};

// The simulation run recorded in `session`, if it is one.
std::optional<SimulationRunInfo> simulationRun(const SqliteStore& store, std::int64_t session);
std::vector<StoredSample> loadSamples(const SqliteStore& store, std::int64_t runId);

// Reads a session's events for replay: a recorded simulation (its host from
// its configuration, start state: boot), or an imported ftrace trace (start
// state unknown; labels from mm_page_alloc_extfrag). A trace's host is `host`
// when given, else derived from the nearest zoneinfo (else pagetypeinfo)
// snapshot of the same host in the store; with `seed`, the nearest
// pagetypeinfo of that host seeds its zone-level counts (hostsnapshot.h).
// nullopt and `error` otherwise.
std::optional<Recording> loadRecording(const SqliteStore& store, std::int64_t session,
    const std::optional<HostConfig>& host, std::string* error, bool seed = true);

} // namespace gbw::importers
