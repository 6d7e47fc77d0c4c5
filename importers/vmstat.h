// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gbw::importers {

// Which part of memory management a /proc/vmstat counter describes. Names change between
// kernels (thp_split → thp_split_page, allocstall → allocstall_<zone>), so this goes by prefix.
enum class VmstatCategory
{
    Compaction,
    Migration,
    Reclaim,
    Thp,
    FreePages,
    Other
};

VmstatCategory vmstatCategory(std::string_view name);

struct VmstatSnapshot
{
    std::optional<Timestamp> timestamp;
    std::size_t firstLine = 0;
    // Every counter, in file order. Values are kept as the kernel's unsigned long: a gauge that
    // printed negative (per-CPU drift) wraps like it does in the kernel.
    std::vector<std::pair<std::string, std::uint64_t>> fields;

    bool operator==(const VmstatSnapshot&) const = default;

    std::optional<std::uint64_t> value(std::string_view name) const;
};

} // namespace gbw::importers
