// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/engine.h"

// The options `simulate --workload` and `compare` share: host, workload,
// duration, seed, knobs. One place turns them into an EngineConfig.
struct EngineOptions
{
    std::string host = "64G";
    int nodes = 1;
    std::string workload;
    std::string workloadDir;
    std::string duration = "5m";
    std::string sample = "1s";
    std::uint64_t seed = 1;
    std::vector<std::string> knobs; // name=value
    std::string knobsFile; // a knob file (gigablock sweep --export-sysctl writes one), applied before --knob
    bool noMobilityGrouping = false;

    void addTo(CLI::App& cmd, bool workloadRequired);
    // The config, or an error naming the flag.
    std::optional<gbw::EngineConfig> config(const std::string& policy, std::string* error) const;
    double durationSeconds() const;
    // Apply --knob settings to a fresh engine; empty or the first error.
    std::string applyKnobs(gbw::Engine& engine) const;
};
