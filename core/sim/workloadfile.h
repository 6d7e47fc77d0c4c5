// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workload.h"

namespace gbw {

// A workload read from a file, or why it could not be read. The error names
// the file, the line and the key: "x.toml:12: class[2].rate: must be ...".
struct WorkloadFileResult
{
    std::optional<Workload> workload;
    std::string error;

    explicit operator bool() const
    {
        return workload.has_value();
    }
};

// A preset compiled into the binary: its name (the file name without .toml)
// and its text, so a user can start from a copy.
struct PresetText
{
    std::string_view name;
    std::string_view text;
};

// Reads and writes workloads as TOML (see resources/workloads/*.toml for the
// format; every preset there is commented). Presets are looked up in a
// directory given at run time first, then among the built-in ones.
class WorkloadFile
{
public:
    // `fileName` only appears in error messages.
    static WorkloadFileResult parse(std::string_view text, std::string_view fileName);
    static WorkloadFileResult read(const std::filesystem::path& path);

    // `name` is a preset name ("syzkaller"); `presetDir`, if set, may hold
    // <name>.toml files that replace or add to the built-in presets.
    static WorkloadFileResult loadPreset(std::string_view name, const std::filesystem::path& presetDir = {});
    // Sorted, built-in and `presetDir` ones together.
    static std::vector<std::string> presetNames(const std::filesystem::path& presetDir = {});
    // A path if it names a file (contains '/' or ends in .toml), else a preset.
    static WorkloadFileResult open(std::string_view nameOrPath, const std::filesystem::path& presetDir = {});

    // The text of a workload in the same format, without comments; parse()
    // gives the same workload back.
    static std::string toToml(const Workload& workload);
};

// Defined in a source file generated at build time from resources/workloads/.
std::span<const PresetText> builtinPresetTexts();

// "500ms", "30s", "1.5m", "2h" (also "us" and "d") in seconds; nullopt if not a duration.
std::optional<double> parseDuration(std::string_view text);
// The shortest text parseDuration() reads back as exactly `seconds`.
std::string formatDuration(double seconds);

std::string_view name(Reclaimable reclaimable);

// Pages per request on average, from the order weights.
double meanPages(const RequestClass& requestClass);
// Seconds an allocation lives on average; infinite for Lifetime::Kind::Forever.
double meanLifetime(const Lifetime& lifetime);
// Memory a class holds once arrivals and frees balance, as a share of host
// memory: rate × lifetime × size (Little's law), capped by max_share. Reclaim
// is left out, so the shares of a workload that overcommits memory add up to
// more than 1. A class that never frees holds what arrives until its stop
// time; infinite if it has neither a cap nor a stop time.
double steadyShare(const RequestClass& requestClass);

} // namespace gbw
