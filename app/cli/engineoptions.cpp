// SPDX-License-Identifier: GPL-3.0-or-later
#include "engineoptions.h"

#include <charconv>

#include "sim/workloadfile.h"
#include "sweep/knobfile.h"

void EngineOptions::addTo(CLI::App& cmd, bool workloadRequired)
{
    cmd.add_option("--host", host, "Memory size, binary units: 16G, 256G, 1T")->capture_default_str();
    cmd.add_option("--nodes", nodes, "NUMA nodes")->check(CLI::Range(1, 64))->capture_default_str();
    auto* w = cmd.add_option(
        "--workload", workload, "Workload preset (" + [] {
            std::string names;
            for (const auto& n : gbw::WorkloadFile::presetNames())
                names += (names.empty() ? "" : ", ") + n;
            return names;
        }() + ") or a TOML file");
    if (workloadRequired)
        w->required();
    cmd.add_option("--workload-dir", workloadDir, "Directory of workload files that add to or replace the presets")
        ->check(CLI::ExistingDirectory);
    cmd.add_option("--duration", duration, "Virtual time to simulate: 90s, 30m, 2h")->capture_default_str();
    cmd.add_option("--sample", sample, "Interval between samples of the time series")->capture_default_str();
    cmd.add_option("--seed", seed, "Random seed; the same seed gives the same run")->capture_default_str();
    cmd.add_option(
        "--knob", knobs, "Set a knob before the run, NAME=VALUE (repeatable), e.g. vm.compaction_proactiveness=0");
    cmd.add_option("--knobs", knobsFile,
           "Set the knobs of a knob file (TOML [knobs] table, as gigablock sweep --export-sysctl writes) before "
           "--knob")
        ->check(CLI::ExistingFile);
    cmd.add_flag("--no-mobility-grouping", noMobilityGrouping,
        "Treat every request as one type (page_group_by_mobility_disabled)");
}

double EngineOptions::durationSeconds() const
{
    return gbw::parseDuration(duration).value_or(0);
}

std::optional<gbw::EngineConfig> EngineOptions::config(const std::string& policy, std::string* error) const
{
    gbw::EngineConfig config;
    std::string sizeError;
    const std::uint64_t bytes = gbw::parseSize(host, &sizeError);
    if (!bytes) {
        *error = "--host: " + sizeError;
        return std::nullopt;
    }
    config.host = gbw::HostConfig::x86_64(bytes, nodes);
    const auto loaded = gbw::WorkloadFile::open(workload, workloadDir);
    if (!loaded.workload) {
        *error = "--workload: " + loaded.error;
        return std::nullopt;
    }
    config.workload = *loaded.workload;
    const auto d = gbw::parseDuration(duration);
    if (!d || *d <= 0) {
        *error = "--duration: '" + duration + "' is not a duration such as 90s, 30m or 2h";
        return std::nullopt;
    }
    const auto s = gbw::parseDuration(sample);
    if (!s || *s <= 0) {
        *error = "--sample: '" + sample + "' is not a duration such as 500ms or 1s";
        return std::nullopt;
    }
    config.sampleSeconds = *s;
    config.seed = seed;
    config.policy = policy;
    config.groupByMobility = !noMobilityGrouping;
    return config;
}

std::string EngineOptions::applyKnobs(gbw::Engine& engine) const
{
    if (!knobsFile.empty()) {
        std::string error;
        const auto file = gbw::KnobFile::read(knobsFile, &error);
        if (!file)
            return "--knobs: " + error;
        for (const auto& [name, value] : file->knobs) {
            if (auto why = engine.setKnob(name, value); !why.empty())
                return "--knobs: " + knobsFile + ": " + why;
        }
    }
    for (const auto& setting : knobs) {
        const auto eq = setting.find('=');
        double value = 0;
        const char* begin = setting.data() + (eq == std::string::npos ? 0 : eq + 1);
        const char* end = setting.data() + setting.size();
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (eq == std::string::npos || ec != std::errc() || ptr != end)
            return "--knob: expected NAME=VALUE, got '" + setting + "'";
        if (auto why = engine.setKnob(setting.substr(0, eq), value); !why.empty())
            return "--knob: " + why;
    }
    return {};
}
