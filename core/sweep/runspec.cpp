// SPDX-License-Identifier: GPL-3.0-or-later
#include "runspec.h"

#include <array>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "model/hostconfig.h"
#include "sweepfile.h"
#include "workloadsource.h"

namespace gbw {
namespace {

// Shortest text that reads back as the same double, so ids do not depend on printf rounding.
std::string exact(double value)
{
    std::array<char, 32> buffer {};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
    return std::string(buffer.data(), end);
}

// The configuration line, with `workload` saying how the workload is named.
std::string configuration(const RunSpec& s, const std::string& workload)
{
    std::string text = "policy=" + s.policy + workload + ";host=" + std::to_string(s.hostBytes) + ";seed="
        + std::to_string(s.seed) + ";duration=" + exact(s.durationSeconds) + ";sample=" + exact(s.sampleSeconds);
    for (const auto& [name, value] : s.knobs)
        text += ";" + name + "=" + exact(value);
    return text;
}

} // namespace

std::uint64_t fnv1a64(std::string_view bytes)
{
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

std::string RunSpec::canonical() const
{
    return configuration(*this,
        workloadHash.empty() ? ";workload=" + workload + ";workload_hash=none" : ";workload_hash=" + workloadHash);
}

std::string RunSpec::setting() const
{
    return configuration(*this, ";workload=" + workload);
}

std::string RunSpec::id() const
{
    char text[17];
    std::snprintf(text, sizeof text, "%016" PRIx64, fnv1a64(canonical()));
    return text;
}

std::string RunSpec::label() const
{
    std::string text = policy + " " + workload + " " + host + " seed " + std::to_string(seed);
    for (const auto& [name, value] : knobs)
        text += " " + name + "=" + exact(value);
    return text;
}

void RunSpec::toJson(nlohmann::json& out) const
{
    out["index"] = index;
    out["policy"] = policy;
    out["workload"] = workload;
    out["workload_hash"] = workloadHash;
    out["host"] = host;
    out["host_bytes"] = hostBytes;
    out["seed"] = seed;
    out["duration_seconds"] = durationSeconds;
    out["sample_seconds"] = sampleSeconds;
    auto& k = out["knobs"] = nlohmann::json::array();
    for (const auto& [name, value] : knobs)
        k.push_back({name, value});
}

RunSpec RunSpec::fromJson(const nlohmann::json& in)
{
    RunSpec spec;
    spec.index = in.at("index").get<std::size_t>();
    spec.policy = in.at("policy").get<std::string>();
    spec.workload = in.at("workload").get<std::string>();
    // Result files from before ids hashed the workload have none: their id then does not match.
    spec.workloadHash = in.value("workload_hash", std::string());
    spec.host = in.at("host").get<std::string>();
    spec.hostBytes = in.at("host_bytes").get<std::uint64_t>();
    spec.seed = in.at("seed").get<std::uint64_t>();
    spec.durationSeconds = in.at("duration_seconds").get<double>();
    spec.sampleSeconds = in.at("sample_seconds").get<double>();
    for (const auto& pair : in.at("knobs"))
        spec.knobs.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<double>());
    return spec;
}

std::vector<RunSpec> expandSweep(const SweepFile& sweep, const std::filesystem::path& workloadDir)
{
    std::map<std::string, std::string> hashes;
    for (const auto& workload : sweep.workloads)
        hashes[workload] = resolveWorkload(workload, workloadDir).hash;
    // Knob combinations as a mixed-radix counter, the last knob fastest.
    std::size_t combinations = 1;
    for (const auto& axis : sweep.knobs)
        combinations *= axis.values.size();
    std::vector<RunSpec> runs;
    for (const auto& workload : sweep.workloads) {
        for (const auto& host : sweep.hosts) {
            for (const auto& policy : sweep.policies) {
                for (std::size_t c = 0; c < combinations; ++c) {
                    RunSpec base;
                    base.policy = policy;
                    base.workload = workload;
                    base.workloadHash = hashes[workload];
                    base.host = host;
                    base.hostBytes = parseSize(host, nullptr);
                    base.durationSeconds = sweep.durationSeconds;
                    base.sampleSeconds = sweep.sampleSeconds;
                    std::size_t rest = c;
                    base.knobs.resize(sweep.knobs.size());
                    for (std::size_t k = sweep.knobs.size(); k-- > 0;) {
                        const auto& values = sweep.knobs[k].values;
                        base.knobs[k] = {sweep.knobs[k].name, values[rest % values.size()]};
                        rest /= values.size();
                    }
                    for (auto seed : sweep.seeds) {
                        RunSpec spec = base;
                        spec.seed = seed;
                        spec.index = runs.size();
                        runs.push_back(std::move(spec));
                    }
                }
            }
        }
    }
    return runs;
}

} // namespace gbw
