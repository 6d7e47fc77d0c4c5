// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gbw {

struct SweepFile;

// One run of a sweep: everything that decides its outcome. Two specs with the
// same configuration have the same id, wherever and whenever they are made.
struct RunSpec
{
    std::size_t index = 0; // position in the sweep's expansion
    std::string policy;
    std::string workload; // preset name or file, as written in the sweep file
    // 16 hex digits: FNV-1a of the bytes the workload resolved to when the sweep was expanded
    // (workloadsource.h); empty if it did not resolve. The id hashes this, not the name.
    std::string workloadHash;
    std::string host; // as written in the sweep file
    std::uint64_t hostBytes = 0;
    std::uint64_t seed = 1;
    double durationSeconds = 0;
    double sampleSeconds = 1;
    std::vector<std::pair<std::string, double>> knobs; // sorted by name

    // The configuration as one canonical line, e.g. "policy=vanilla;workload_hash=1f0c…;host=...".
    // The workload is its contents' hash, so the same bytes under another path are the same
    // run and an edited file is another; a workload that did not resolve is its name and
    // "workload_hash=none". Stores from before this have no "workload_hash=" in their lines.
    std::string canonical() const;
    // The same line with the workload as the sweep file names it and no hash: what a run is in
    // the sweep file's words, for matching stored runs to a file whatever became of the workload.
    std::string setting() const;
    // 16 hex digits: FNV-1a (64 bit) of canonical(). Not a security hash; it
    // only has to tell configurations apart and be the same on every machine.
    std::string id() const;
    // "superpageblock kernel-build 16G seed 2 vm.compaction_proactiveness=20"
    std::string label() const;

    void toJson(nlohmann::json& out) const;
    static RunSpec fromJson(const nlohmann::json& in); // throws nlohmann::json::exception
};

// FNV-1a, 64 bit (the published offset basis and prime).
std::uint64_t fnv1a64(std::string_view bytes);

// Every run of a sweep, in a fixed order: workload, host, policy, then the
// knob values (the first knob by name varies slowest), then the seed. Each
// workload is resolved once (`workloadDir` first for presets, as the runs do)
// to hash its contents into the ids.
std::vector<RunSpec> expandSweep(const SweepFile& sweep, const std::filesystem::path& workloadDir = {});

} // namespace gbw
