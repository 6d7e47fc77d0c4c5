// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <span>

#include "model/memorymodel.h"

// The kernel's fragmentation metrics (mm/vmstat.c, mm/compaction.c), as pure
// functions of the per-order free block counts of a zone. Integer arithmetic
// as the kernel does it, so the values match /sys/kernel/debug/extfrag and
// the thresholds compare exactly as they do in the kernel.
namespace gbw::fragmentation {

// fill_contig_page_info(): what the free lists offer a request of one order.
struct ContigPageInfo
{
    std::uint64_t freePages = 0;
    std::uint64_t freeBlocksTotal = 0;
    std::uint64_t freeBlocksSuitable = 0; // blocks of the order obtainable by splitting larger ones
};

// freeBlocks[o] is nr_free of order o (all migratetypes together, as in the kernel).
ContigPageInfo contigPageInfo(std::span<const std::uint64_t> freeBlocks, int order);
ContigPageInfo contigPageInfo(const Zone& zone, int order);

// __fragmentation_index(), x1000: -1000 when a block of the order is free (the
// request would succeed), 0 with no free blocks, towards 0 when a failure is
// due to lack of memory (reclaim), towards 1000 when it is due to fragmentation.
int fragmentationIndex(const ContigPageInfo& info, int order);
int fragmentationIndex(const Zone& zone, int order);

// unusable_free_index(), x1000: the share of free memory that cannot serve the
// order. No free memory counts as all of it unusable (1000), as Gorman chose
// so that graphs do not jump when memory runs out.
int unusableFreeIndex(const ContigPageInfo& info, int order);
int unusableFreeIndex(const Zone& zone, int order);

// extfrag_for_order(): the unusable index as a percentage, but 0 without free memory.
unsigned extfragForOrder(const Zone& zone, int order);

// Proactive compaction (5.9+) works on the THP order, which is the pageblock
// order wherever pageblock_order = HPAGE_PMD_ORDER (x86-64, arm64 4K).
// fragmentation_score_zone(): compared with the low mark when a zone's run ends.
unsigned zoneScore(const MemoryModel& model, const Zone& zone);
// fragmentation_score_zone_weighted(): scaled by the zone's share of its
// node, so small zones (DMA, DMA32) never trigger proactive compaction.
unsigned weightedZoneScore(const MemoryModel& model, const Zone& zone);
// fragmentation_score_node(): the sum of the weighted zone scores.
unsigned nodeScore(const MemoryModel& model, int node);
std::uint64_t nodePresentPages(const MemoryModel& model, int node);

// fragmentation_score_wmark(): low = max(100 - proactiveness, 5), high = min(low + 10, 100).
unsigned scoreLowMark(int proactiveness);
unsigned scoreHighMark(int proactiveness);

} // namespace gbw::fragmentation
