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

using NamedCounters = std::vector<std::pair<std::string, std::uint64_t>>;

struct ZoneinfoPageset
{
    int cpu = 0;
    std::optional<std::uint64_t> count, high, batch, highMin, highMax, vmStatsThreshold;

    bool operator==(const ZoneinfoPageset&) const = default;
};

// One "Node N, zone NAME" block of /proc/zoneinfo. Lines that a kernel does not print stay empty
// (boost since 5.16, promo since ~6.1, cma since 5.12, managed since 3.8, scanned until 4.7).
struct ZoneinfoZone
{
    int node = 0;
    std::string zone;
    std::optional<std::uint64_t> freePages; // "pages free"
    std::optional<std::uint64_t> boost, min, low, high, promo, scanned, spanned, present, managed, cma;
    std::vector<std::uint64_t> protection; // lowmem_reserve[] against each zone index
    NamedCounters nodeStats; // the "per-node stats" block (4.8+), only under a node's first zone
    NamedCounters counters; // zone counters, in file order
    NamedCounters attributes; // "start_pfn:", "node_unreclaimable:", "all_unreclaimable:", ...
    std::vector<ZoneinfoPageset> pagesets;

    bool operator==(const ZoneinfoZone&) const = default;

    std::optional<std::uint64_t> counter(std::string_view name) const;
    std::optional<std::uint64_t> attribute(std::string_view name) const;
    // Since 4.12 zones without memory are listed too (and stop after "protection:").
    bool populated() const
    {
        return present.value_or(0) > 0 || spanned.value_or(0) > 0;
    }
};

struct ZoneinfoSnapshot
{
    std::optional<Timestamp> timestamp;
    std::size_t firstLine = 0;
    std::vector<ZoneinfoZone> zones;

    bool operator==(const ZoneinfoSnapshot&) const = default;

    const ZoneinfoZone* zone(int node, std::string_view name) const;
};

} // namespace gbw::importers
