// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>

#include "freearea.h"
#include "freelinks.h"
#include "hostconfig.h"

namespace gbw {

enum class Watermark : std::uint8_t
{
    Min,
    Low,
    High,
    Promo
};
inline constexpr int kWatermarks = 4;

// One zone: its span, its free lists and their counts, and its watermarks.
struct Zone
{
    int node = 0;
    ZoneType type = ZoneType::Normal;
    Pfn startPfn = 0;
    Pfn endPfn = 0;
    std::uint64_t presentPages = 0; // spanned minus holes
    std::uint64_t managedPages = 0; // present minus reserved
    std::uint32_t firstGigablock = 0;
    std::uint32_t gigablockCount = 0;

    FreeArea area; // zone-wide lists (vanilla); unused when lists are per gigablock
    FreeLinks links;
    std::array<std::array<std::uint64_t, kMigrateTypes>, kMaxSupportedOrder + 1> freeBlocks = {};
    std::array<std::uint64_t, kMigrateTypes> freePagesByType = {};
    std::uint64_t freePages = 0;

    std::array<std::uint64_t, kWatermarks> watermark = {};
    std::uint64_t watermarkBoost = 0;
    std::array<std::uint64_t, kZoneTypes> lowmemReserve = {}; // indexed by the request's highest zone
    std::uint64_t reservedHighatomic = 0; // pages in HighAtomic pageblocks

    std::uint64_t spannedPages() const
    {
        return endPfn - startPfn;
    }
    std::uint64_t mark(Watermark w) const
    {
        return watermark[std::size_t(w)] + watermarkBoost;
    }
    std::uint64_t freeBlocksOfOrder(int order) const
    {
        std::uint64_t n = 0;
        for (auto c : freeBlocks[std::size_t(order)])
            n += c;
        return n;
    }
    bool contains(Pfn pfn) const
    {
        return pfn >= startPfn && pfn < endPfn;
    }
};

} // namespace gbw
