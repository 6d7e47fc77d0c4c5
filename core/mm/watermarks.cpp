// SPDX-License-Identifier: GPL-3.0-or-later
#include "watermarks.h"

#include <algorithm>
#include <cmath>

#include "model/rmqueue.h"

namespace gbw::watermarks {

namespace {
bool countsAsLowmem(const Zone& zone)
{
    return zone.type != ZoneType::Movable;
}
// Managed pages of every zone but ZONE_MOVABLE: what min_free_kbytes is computed from and shared over.
std::uint64_t managedLowmemPages(const MemoryModel& model)
{
    std::uint64_t pages = 0;
    for (int i = 0; i < model.zoneCount(); ++i) {
        if (countsAsLowmem(model.zone(i)))
            pages += model.zone(i).managedPages;
    }
    return pages;
}

} // namespace

std::int64_t defaultMinFreeKbytes(const MemoryModel& model)
{
    const std::uint64_t lowmemPages = managedLowmemPages(model);
    const std::uint64_t lowmemKbytes = lowmemPages * (model.geometry().pageBytes() >> 10);
    const auto value = std::int64_t(std::sqrt(double(lowmemKbytes) * 16.0));
    return std::clamp<std::int64_t>(value, 128, 262144);
}

void setup(MemoryModel& model, const WatermarkSettings& settings)
{
    const std::int64_t minFreeKbytes
        = settings.minFreeKbytes >= 0 ? settings.minFreeKbytes : defaultMinFreeKbytes(model);
    const std::uint64_t pagesMin = std::uint64_t(minFreeKbytes) / (model.geometry().pageBytes() >> 10);
    const std::uint64_t lowmemPages = managedLowmemPages(model);
    for (int i = 0; i < model.zoneCount(); ++i) {
        Zone& zone = model.zone(i);
        const std::uint64_t managed = zone.managedPages;
        std::uint64_t share = lowmemPages ? pagesMin * managed / lowmemPages : 0;
        if (countsAsLowmem(zone))
            zone.watermark[std::size_t(Watermark::Min)] = share;
        else // ZONE_MOVABLE gets a small fixed floor: it must not eat into lowmem's reserve.
            zone.watermark[std::size_t(Watermark::Min)] = std::clamp<std::uint64_t>(managed / 1024, 32, 128);
        const std::uint64_t gap
            = std::max<std::uint64_t>(share >> 2, managed * std::uint64_t(settings.watermarkScaleFactor) / 10000);
        zone.watermark[std::size_t(Watermark::Low)] = zone.watermark[std::size_t(Watermark::Min)] + gap;
        zone.watermark[std::size_t(Watermark::High)] = zone.watermark[std::size_t(Watermark::Low)] + gap;
        zone.watermark[std::size_t(Watermark::Promo)] = zone.watermark[std::size_t(Watermark::High)] + gap;
        zone.watermarkBoost = 0;
    }
    // Lower zones keep a reserve against allocations that could have used a
    // higher zone, in proportion to how much memory sits above them.
    for (int i = 0; i < model.zoneCount(); ++i) {
        Zone& zone = model.zone(i);
        zone.lowmemReserve = {};
        const int ratio = settings.lowmemReserveRatio[std::size_t(zone.type)];
        std::uint64_t above = 0;
        for (int j = int(zone.type) + 1; j < kZoneTypes; ++j) {
            for (int k = 0; k < model.zoneCount(); ++k) {
                const Zone& upper = model.zone(k);
                if (upper.node == zone.node && int(upper.type) == j)
                    above += upper.managedPages;
            }
            zone.lowmemReserve[std::size_t(j)]
                = (ratio > 0 && zone.managedPages > 0) ? above / std::uint64_t(ratio) : 0;
        }
    }
}

bool boost(const Geometry& geometry, Zone& zone, int boostFactor)
{
    if (boostFactor == 0)
        return false;
    // Small zones would run out of memory from the boost alone.
    if (geometry.pagesPerPageblock() * 4 > zone.managedPages)
        return false;
    std::uint64_t maxBoost = zone.watermark[std::size_t(Watermark::High)] * std::uint64_t(boostFactor) / 10000;
    if (maxBoost == 0)
        return false;
    maxBoost = std::max<std::uint64_t>(geometry.pagesPerPageblock(), maxBoost);
    zone.watermarkBoost = std::min(zone.watermarkBoost + geometry.pagesPerPageblock(), maxBoost);
    return true;
}

Check check(const Zone& zone, int order, std::uint64_t mark, int highestZone, unsigned flags)
{
    std::int64_t freePages = std::int64_t(zone.freePages) - ((std::int64_t(1) << order) - 1);
    // Reserves the request may not touch do not count as free for it.
    if (!(flags & (AllocHighAtomic | AllocNonBlock | AllocMinReserve)))
        freePages -= std::int64_t(zone.freePagesByType[std::size_t(index(MigrateType::HighAtomic))]);
    // Isolated pages are not free for anyone (the kernel keeps them out of NR_FREE_PAGES).
    freePages -= std::int64_t(zone.freePagesByType[std::size_t(index(MigrateType::Isolate))]);
    if (!(flags & AllocCma))
        freePages -= std::int64_t(zone.freePagesByType[std::size_t(index(MigrateType::Cma))]);
    auto min = std::int64_t(mark);
    if (flags & AllocMinReserve) {
        min -= min / 2;
        if (flags & AllocNonBlock)
            min -= min / 4;
    }
    if (freePages <= min + std::int64_t(zone.lowmemReserve[std::size_t(highestZone)]))
        return Check::BelowWatermark;
    if (order == 0)
        return Check::Ok;
    for (int o = order; o < int(zone.freeBlocks.size()); ++o) {
        const auto& counts = zone.freeBlocks[std::size_t(o)];
        for (int mt = 0; mt < kPcpTypes; ++mt) {
            if (counts[std::size_t(mt)])
                return Check::Ok;
        }
        if ((flags & AllocCma) && counts[std::size_t(index(MigrateType::Cma))])
            return Check::Ok;
        if ((flags & AllocHighAtomic) && counts[std::size_t(index(MigrateType::HighAtomic))])
            return Check::Ok;
    }
    return Check::NoSuitableBlock;
}

} // namespace gbw::watermarks
