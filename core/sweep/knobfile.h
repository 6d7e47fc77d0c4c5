// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gbw {

// Knob settings as a small TOML file, what `gigablock sweep --report
// --export-sysctl` writes and `--knobs FILE` loads:
//
//   policy = "superpageblock"   # optional, the policy the settings were found for
//   [knobs]
//   "rfc.tainted_reserve" = 8
struct KnobFile
{
    std::string policy;
    std::vector<std::pair<std::string, double>> knobs; // in file order

    // Checks names and ranges against KnobSet; errors name file, line and key.
    static std::optional<KnobFile> parse(std::string_view text, std::string_view fileName, std::string* error);
    static std::optional<KnobFile> read(const std::filesystem::path& path, std::string* error);
    std::string toToml(std::string_view comment) const;
};

} // namespace gbw
