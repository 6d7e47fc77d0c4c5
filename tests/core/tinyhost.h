// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <stdexcept>

#include "mm/pageallocator.h"
#include "policy/policy.h"

namespace gbw::test {

// A host small enough to reason about by hand: 8-page pageblocks, blocks of
// up to 16 pages (order 4), 64-page gigablocks, one Normal zone, no holes, no
// watermarks. `pages` must be a multiple of 16.
inline HostConfig tinyConfig(std::uint64_t pages)
{
    HostConfig config;
    config.geometry = Geometry {12, 3, 4, 6};
    config.memoryBytes = pages << 12;
    config.holes.clear();
    config.reserved.clear();
    config.dmaZones = false;
    return config;
}

inline std::unique_ptr<PageAllocator> tinyHost(std::uint64_t pages, std::unique_ptr<Policy> policy)
{
    std::string error;
    auto allocator = PageAllocator::create(tinyConfig(pages), std::move(policy), &error);
    if (!allocator)
        throw std::runtime_error(error);
    WatermarkSettings none;
    none.minFreeKbytes = 0;
    none.watermarkScaleFactor = 0;
    allocator->setWatermarkSettings(none);
    return allocator;
}

inline std::unique_ptr<PageAllocator> tinyHost(std::uint64_t pages, std::string_view policy = "vanilla")
{
    return tinyHost(pages, makePolicy(policy));
}

// The pfns on one free list of the first zone, head first.
inline std::vector<Pfn> freeList(const MemoryModel& model, int order, MigrateType mt)
{
    std::vector<Pfn> pfns;
    const Zone& zone = model.zone(0);
    for (Pfn pfn = model.firstFreeInZone(zone, order, mt); pfn != MemoryModel::kNoPfn; pfn = model.nextFree(zone, pfn))
        pfns.push_back(pfn);
    return pfns;
}

inline AllocRequest request(int order, MigrateType mt, GfpClass gfp = GfpClass::Normal)
{
    return AllocRequest {Order(order), mt, gfp, Tag::Other};
}

} // namespace gbw::test
