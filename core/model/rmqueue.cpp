// SPDX-License-Identifier: GPL-3.0-or-later
#include "rmqueue.h"

namespace gbw::rmqueue {

const std::array<MigrateType, 2>& fallbacks(MigrateType mt)
{
    static const std::array<MigrateType, 2> table[kPcpTypes] = {
        {MigrateType::Reclaimable, MigrateType::Movable}, // Unmovable
        {MigrateType::Reclaimable, MigrateType::Unmovable}, // Movable
        {MigrateType::Unmovable, MigrateType::Movable}, // Reclaimable
    };
    return table[std::size_t(index(mt))];
}

Pfn smallest(MemoryModel& model, Zone& zone, FreeArea& area, int order, MigrateType mt)
{
    const int maxOrder = model.geometry().maxPageOrder;
    for (int current = order; current <= maxOrder; ++current) {
        const Pfn pfn = model.firstFree(zone, area.list(current, mt));
        if (pfn == MemoryModel::kNoPfn)
            continue;
        model.takeFreeBlock(zone, pfn, current, order, mt);
        return pfn;
    }
    return MemoryModel::kNoPfn;
}

bool shouldTryClaim(const Geometry& geometry, int currentOrder, MigrateType requested)
{
    // Whole blocks are always taken; below that, unmovable and reclaimable
    // requests claim eagerly because leaving their pages scattered in movable
    // blocks is what fragments memory, while small movable requests never claim.
    if (currentOrder >= geometry.pageblockOrder)
        return true;
    return currentOrder >= geometry.pageblockOrder / 2 || requested == MigrateType::Unmovable
        || requested == MigrateType::Reclaimable;
}

namespace {

// find_suitable_fallback(): the first fallback type with a block of this order.
int suitableFallback(const FreeArea& area, int order, MigrateType mt)
{
    for (MigrateType fallback : fallbacks(mt)) {
        if (!area.list(order, fallback).empty())
            return index(fallback);
    }
    return -1;
}

} // namespace

Pfn tryToClaimBlock(MemoryModel& model, Zone& zone, FreeArea& area, Pfn candidate, int currentOrder, int order,
    MigrateType requested, MigrateType blockType, int* boosts, ClaimRules rules)
{
    const auto& g = model.geometry();
    auto& counters = model.counters();
    if (currentOrder >= g.pageblockOrder) {
        // Take ownership of whole pageblocks; what the request does not need
        // goes back on the new type's lists.
        model.takeFreeBlock(zone, candidate, currentOrder, order, requested);
        model.relabelRange(candidate, currentOrder, requested);
        ++counters.pageblockClaims;
        return candidate;
    }
    ++*boosts;
    const std::size_t pb = model.pageblockOf(candidate);
    const PageblockInfo& info = model.pageblocks()[pb];
    const std::uint32_t freePages = info.freePages;
    const std::uint32_t movablePages = info.usedPages[std::size_t(index(MigrateType::Movable))];
    std::uint32_t alikePages = 0;
    if (requested == MigrateType::Movable)
        alikePages = movablePages;
    else if (blockType == MigrateType::Movable)
        // Nothing says which of the used pages match us; the kernel assumes all non-movable ones do.
        alikePages = std::uint32_t(g.pagesPerPageblock()) - (freePages + movablePages);
    const bool crossType = requested != MigrateType::Movable && blockType != MigrateType::Movable;
    if (rules.crossTypeNeedsFree && crossType && freePages != g.pagesPerPageblock()) {
        ++counters.claimRefused[std::size_t(ClaimRefusal::CrossTypeNotFree)];
        return MemoryModel::kNoPfn;
    }
    if (rules.skipCompat || freePages + alikePages >= g.pagesPerPageblock() / 2) {
        model.moveFreePagesAndRelabel(pb, requested);
        ++counters.pageblockClaims;
        return smallest(model, zone, area, order, requested);
    }
    ++counters.claimRefused[std::size_t(ClaimRefusal::InsufficientCompat)];
    return MemoryModel::kNoPfn;
}

RmqueueResult claim(MemoryModel& model, Zone& zone, FreeArea& area, int order, MigrateType mt, unsigned flags)
{
    const auto& g = model.geometry();
    int minOrder = order;
    if (order < g.pageblockOrder && (flags & AllocNoFragment))
        minOrder = g.pageblockOrder;
    RmqueueResult result;
    result.mode = RmqueueMode::Claim;
    // Largest first: a big foreign block most likely sits in a mostly free
    // pageblock, which is the cheapest one to convert.
    for (int current = g.maxPageOrder; current >= minOrder; --current) {
        const int fallback = suitableFallback(area, current, mt);
        if (fallback < 0)
            continue;
        if (!shouldTryClaim(g, current, mt))
            break;
        const auto blockType = static_cast<MigrateType>(fallback);
        const Pfn candidate = model.firstFree(zone, area.list(current, blockType));
        result.pfn = tryToClaimBlock(model, zone, area, candidate, current, order, mt, blockType, &result.boosts);
        if (result) {
            ++model.counters().extfragEvents;
            if (current < g.pageblockOrder)
                ++model.counters().fragmentingFallbacks;
            return result;
        }
    }
    return result;
}

RmqueueResult steal(MemoryModel& model, Zone& zone, FreeArea& area, int order, MigrateType mt)
{
    const auto& g = model.geometry();
    RmqueueResult result;
    result.mode = RmqueueMode::Steal;
    for (int current = order; current <= g.maxPageOrder; ++current) {
        const int fallback = suitableFallback(area, current, mt);
        if (fallback < 0)
            continue;
        const auto blockType = static_cast<MigrateType>(fallback);
        const Pfn pfn = model.firstFree(zone, area.list(current, blockType));
        model.takeFreeBlock(zone, pfn, current, order, blockType);
        ++model.counters().extfragEvents;
        if (current < g.pageblockOrder)
            ++model.counters().fragmentingFallbacks;
        result.pfn = pfn;
        return result;
    }
    return result;
}

} // namespace gbw::rmqueue
