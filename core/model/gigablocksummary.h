// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "geometry.h"
#include "types.h"

namespace gbw {

// Empty: every usable pageblock free. Clean: only free and movable content.
// Tainted: some pageblock holds unmovable or reclaimable pages, so no 1 GB page
// can be made here without freeing those. Isolated: held by a 1 GB allocation.
enum class GigablockCategory : std::uint8_t
{
    Empty,
    Clean,
    Tainted,
    Isolated
};
inline constexpr int kGigablockCategories = 4;
std::string_view name(GigablockCategory category);

// The RFC's struct superpageblock, without its free lists: counters kept exact
// on every change, so that views and policies never rescan memory.
struct GigablockSummary
{
    // Touched on every allocation and free: kept together in the first cache line.
    std::uint64_t freePages = 0;
    std::uint64_t fullnessLow = 0, fullnessHigh = 0; // free-page edges of the current bucket
    std::array<std::uint64_t, kPcpTypes> usedPages = {}; // allocated pages by requested type
    std::uint16_t freePageblocks = 0; // PB_all_free
    std::uint16_t unmovablePageblocks = 0; // PB_has_unmovable
    std::uint16_t reclaimablePageblocks = 0; // PB_has_reclaimable
    std::uint16_t pageblocks = 0; // zone-clipped
    std::uint16_t reservedPageblocks = 0;
    bool contigAllocated = false;
    std::uint8_t fullness = 0; // bucket of fullnessOf(freePages), kept by the model
    std::uint8_t zone = 0;
    std::uint32_t pagesPerPageblock = 0;

    // Changed only on label changes, free-list presence changes and by views.
    Pfn startPfn = 0; // clipped to the zone
    Pfn endPfn = 0;
    std::array<std::uint16_t, kMigrateTypes> labelCount = {}; // usable pageblocks by label
    std::array<std::array<std::uint32_t, kMigrateTypes>, kMaxSupportedOrder + 1> freeBlocks = {};

    // Fullness buckets, 0 = fullest (under a quarter free) to 3 = almost
    // empty (three quarters free or more). The RFC's bucket edges are not
    // public; quarters keep "fill the fullest first" meaningful.
    static constexpr int kFullnessBuckets = 4;
    std::uint8_t fullnessOf(std::uint64_t free) const
    {
        const std::uint64_t usable = usablePages();
        return std::uint8_t(
            std::min<std::uint64_t>(free * kFullnessBuckets / (usable ? usable : 1), kFullnessBuckets - 1));
    }
    std::uint16_t usablePageblocks() const
    {
        return std::uint16_t(pageblocks - reservedPageblocks);
    }
    std::uint64_t usablePages() const
    {
        return std::uint64_t(usablePageblocks()) * pagesPerPageblock;
    }
    bool isTainted() const
    {
        return unmovablePageblocks + reclaimablePageblocks > 0;
    }
    GigablockCategory category() const
    {
        if (contigAllocated)
            return GigablockCategory::Isolated;
        if (isTainted())
            return GigablockCategory::Tainted;
        if (usablePageblocks() > 0 && freePageblocks == usablePageblocks())
            return GigablockCategory::Empty;
        return GigablockCategory::Clean;
    }
    std::uint32_t freeBlocksOfOrder(int order) const
    {
        std::uint32_t n = 0;
        for (auto c : freeBlocks[std::size_t(order)])
            n += c;
        return n;
    }
};

} // namespace gbw
