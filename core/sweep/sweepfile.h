// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "objective.h"

namespace gbw {

// One knob of a sweep and the values it takes, in the order the file gives
// (a list), a range expands to (from, from + step, ... up to to) or a seeded
// uniform sample draws them.
struct KnobAxis
{
    std::string name;
    std::vector<double> values;
};

// A sweep file (TOML): every combination of policy, workload, host, knob
// values and seed is one run. See docs/sweeps.md for the format.
struct SweepFile
{
    std::string name; // the file name, for the store
    std::string text; // as read, stored with the results
    std::vector<std::string> policies;
    std::vector<std::string> workloads; // preset names or TOML files, resolved per run
    std::vector<std::string> hosts; // as written, "16G"
    std::vector<std::uint64_t> seeds;
    double durationSeconds = 0;
    double sampleSeconds = 1;
    std::vector<KnobAxis> knobs; // sorted by name
    std::vector<Objective> objectives;
};

// A sweep, or why not: "sweep.toml:7: knobs.vm.compaction_proactiveness: ...".
struct SweepFileResult
{
    std::optional<SweepFile> sweep;
    std::string error;

    explicit operator bool() const
    {
        return sweep.has_value();
    }
};

class SweepFileReader
{
public:
    // `fileName` appears in error messages and in SweepFile::name.
    static SweepFileResult parse(std::string_view text, std::string_view fileName);
    static SweepFileResult read(const std::filesystem::path& path);
};

} // namespace gbw
