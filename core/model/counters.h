// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>

#include "geometry.h"
#include "gigablocksummary.h"
#include "types.h"

namespace gbw {

// Why the kernel declined to relabel a pageblock in try_to_claim_block() (the
// RFC traces the same reasons).
enum class ClaimRefusal : std::uint8_t
{
    Isolate,
    Cma,
    ZoneBoundary,
    CrossTypeNotFree,
    InsufficientCompat
};
inline constexpr int kClaimRefusals = 5;
std::string_view name(ClaimRefusal reason);

// Which __rmqueue() path served an allocation.
enum class RmqueueMode : std::uint8_t
{
    Normal,
    Cma,
    Claim,
    Steal,
    HighAtomic
};
inline constexpr int kRmqueueModes = 5;
std::string_view name(RmqueueMode mode);

// The mechanism's counters: what happened to memory, independent of which
// policy placed it. Policies keep their own overhead counters.
struct ModelCounters
{
    std::array<std::uint64_t, kMaxSupportedOrder + 1> allocSuccess = {};
    std::array<std::uint64_t, kMaxSupportedOrder + 1> allocFailed = {};
    std::array<std::uint64_t, 4> failedByReason = {}; // AllocFailure
    std::array<std::uint64_t, kRmqueueModes> servedBy = {};
    std::array<std::uint64_t, kClaimRefusals> claimRefused = {};
    std::uint64_t frees = 0;
    std::uint64_t merges = 0;
    std::uint64_t splits = 0;
    std::uint64_t extfragEvents = 0; // trace mm_page_alloc_extfrag
    std::uint64_t fragmentingFallbacks = 0; // extfrag events below pageblock order
    std::uint64_t pageblockClaims = 0; // relabels by a fallback
    std::uint64_t watermarkBoosts = 0;
    std::uint64_t highatomicReserved = 0; // pageblocks moved into the reserve
    std::uint64_t highatomicUnreserved = 0;
    std::uint64_t noFragmentRetries = 0; // fast path dropped ALLOC_NOFRAGMENT
    std::uint64_t slowPathEntries = 0;
    std::uint64_t taintEvents = 0; // a gigablock became tainted
    std::uint64_t untaintEvents = 0; // a tainted gigablock became clean or empty
    std::array<std::uint64_t, kMigrateTypes> taintsByType = {}; // request type that tainted
    std::array<std::uint64_t, kTags> taintsByTag = {}; // who asked (kept by the allocator)
    std::array<std::uint64_t, kGfpClasses> taintsByGfp = {};
    std::array<std::uint64_t, kMaxSupportedOrder + 1> taintsByOrder = {};
    std::uint32_t lastCategoryChange = ~std::uint32_t(0); // gigablock of the latest taint or untaint
};

// One taint or untaint, with what caused it: the allocation that brought
// unmovable or reclaimable content into a clean gigablock, or the free that
// took the last of it away.
struct TaintRecord
{
    std::uint32_t gigablock = 0;
    bool tainted = true;
    AllocRequest request; // the allocation (tainted) or the freed block's order and type (untainted)
    Pfn pfn = 0;
};

} // namespace gbw
