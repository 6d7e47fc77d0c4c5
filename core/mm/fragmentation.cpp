// SPDX-License-Identifier: GPL-3.0-or-later
#include "fragmentation.h"

#include <algorithm>
#include <array>

namespace gbw::fragmentation {

ContigPageInfo contigPageInfo(std::span<const std::uint64_t> freeBlocks, int order)
{
    ContigPageInfo info;
    for (std::size_t o = 0; o < freeBlocks.size(); ++o) {
        const std::uint64_t blocks = freeBlocks[o];
        info.freeBlocksTotal += blocks;
        info.freePages += blocks << o;
        if (int(o) >= order)
            info.freeBlocksSuitable += blocks << (int(o) - order);
    }
    return info;
}

ContigPageInfo contigPageInfo(const Zone& zone, int order)
{
    std::array<std::uint64_t, kMaxSupportedOrder + 1> counts {};
    for (std::size_t o = 0; o < counts.size(); ++o)
        counts[o] = zone.freeBlocksOfOrder(int(o));
    return contigPageInfo(counts, order);
}

int fragmentationIndex(const ContigPageInfo& info, int order)
{
    if (info.freeBlocksTotal == 0)
        return 0;
    // Only meaningful when the request would fail.
    if (info.freeBlocksSuitable)
        return -1000;
    const std::uint64_t requested = std::uint64_t(1) << order;
    return int(1000 - (1000 + info.freePages * 1000 / requested) / info.freeBlocksTotal);
}

int fragmentationIndex(const Zone& zone, int order)
{
    return fragmentationIndex(contigPageInfo(zone, order), order);
}

int unusableFreeIndex(const ContigPageInfo& info, int order)
{
    if (info.freePages == 0)
        return 1000;
    return int((info.freePages - (info.freeBlocksSuitable << order)) * 1000 / info.freePages);
}

int unusableFreeIndex(const Zone& zone, int order)
{
    return unusableFreeIndex(contigPageInfo(zone, order), order);
}

unsigned extfragForOrder(const Zone& zone, int order)
{
    const ContigPageInfo info = contigPageInfo(zone, order);
    if (info.freePages == 0)
        return 0;
    return unsigned((info.freePages - (info.freeBlocksSuitable << order)) * 100 / info.freePages);
}

unsigned zoneScore(const MemoryModel& model, const Zone& zone)
{
    return extfragForOrder(zone, model.geometry().pageblockOrder);
}

std::uint64_t nodePresentPages(const MemoryModel& model, int node)
{
    std::uint64_t pages = 0;
    for (int i = 0; i < model.zoneCount(); ++i) {
        if (model.zone(i).node == node)
            pages += model.zone(i).presentPages;
    }
    return pages;
}

unsigned weightedZoneScore(const MemoryModel& model, const Zone& zone)
{
    // The kernel adds one to the divisor so an empty node cannot divide by zero.
    return unsigned(zone.presentPages * zoneScore(model, zone) / (nodePresentPages(model, zone.node) + 1));
}

unsigned nodeScore(const MemoryModel& model, int node)
{
    const std::uint64_t present = nodePresentPages(model, node) + 1;
    unsigned score = 0;
    for (int i = 0; i < model.zoneCount(); ++i) {
        const Zone& zone = model.zone(i);
        if (zone.node == node && zone.presentPages)
            score += unsigned(zone.presentPages * zoneScore(model, zone) / present);
    }
    return score;
}

unsigned scoreLowMark(int proactiveness)
{
    return unsigned(std::max(100 - proactiveness, 5));
}

unsigned scoreHighMark(int proactiveness)
{
    return std::min(scoreLowMark(proactiveness) + 10, 100u);
}

} // namespace gbw::fragmentation
