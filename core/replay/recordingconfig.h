// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "model/hostconfig.h"

namespace gbw {

struct EngineConfig;
struct EngineSample;
class KnobSet;
class MemoryModel;

// A simulation's configuration as stored with its recording
// (simulation_runs.config): everything needed to rebuild the same host, and
// what the run was (policy, workload, seed, knobs), for people and for replay.
nlohmann::json recordingConfig(const EngineConfig& config, const KnobSet& knobs);
nlohmann::json hostConfigJson(const HostConfig& host);
// The host back from hostConfigJson(); nullopt and `error` naming the field if it is not one.
std::optional<HostConfig> hostConfigFromJson(const nlohmann::json& json, std::string* error);

// A time-series point computed from a bare model (a reconstructed state):
// categories, free memory, the node-0 fragmentation score and the 1 GB
// counts. Without an allocator, "with compaction" counts every whole gigablock
// that is neither tainted nor taken: an upper bound of what migration could free.
EngineSample sampleOf(const MemoryModel& model, double seconds, std::uint64_t events);

} // namespace gbw
