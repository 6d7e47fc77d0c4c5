// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gbw::importers {

// "Node 0, zone   Normal   4381   1093 ..." (free blocks per order, all migratetypes)
struct BuddyinfoRow
{
    int node = 0;
    std::string zone;
    std::vector<std::uint64_t> counts; // index = order

    bool operator==(const BuddyinfoRow&) const = default;
};

struct BuddyinfoSnapshot
{
    std::optional<Timestamp> timestamp;
    std::size_t firstLine = 0;
    bool trailingSpace = true;
    std::vector<BuddyinfoRow> rows;

    bool operator==(const BuddyinfoSnapshot&) const = default;

    const BuddyinfoRow* row(int node, std::string_view zone) const;
    // Σ count·2^order over all zones: the free pages held by the buddy allocator.
    std::uint64_t freePages() const;
};

} // namespace gbw::importers
