// SPDX-License-Identifier: GPL-3.0-or-later
#include "vanillapolicy.h"

namespace gbw {

VanillaPolicy::VanillaPolicy()
{
    std::vector<std::string> steps;
    for (int mode = 0; mode < kRmqueueModes; ++mode)
        steps.emplace_back(gbw::name(static_cast<RmqueueMode>(mode)));
    m_counters.setSteps(std::move(steps));
}

RmqueueResult VanillaPolicy::served(RmqueueResult result, MigrateType mt)
{
    if (result)
        ++m_counters.of(mt).servedByStep[std::size_t(result.mode)];
    return result;
}

RmqueueResult VanillaPolicy::rmqueue(MemoryModel& model, Zone& zone, const ZoneRequest& request)
{
    const bool highatomic = request.order > 0 && (request.flags & AllocHighAtomic);
    if (highatomic) {
        if (Pfn pfn = rmqueue::smallest(model, zone, zone.area, request.order, MigrateType::HighAtomic);
            pfn != MemoryModel::kNoPfn)
            return served({pfn, RmqueueMode::HighAtomic, false}, request.migrateType);
    }
    if (auto result = serve(model, zone, request))
        return served(result, request.migrateType);
    // A request that cannot reclaim gets a last try at the reserve.
    if (request.flags & AllocNonBlock) {
        if (Pfn pfn = rmqueue::smallest(model, zone, zone.area, request.order, MigrateType::HighAtomic);
            pfn != MemoryModel::kNoPfn)
            return served({pfn, RmqueueMode::HighAtomic, false}, request.migrateType);
    }
    return {};
}

RmqueueResult VanillaPolicy::serve(MemoryModel& model, Zone& zone, const ZoneRequest& request)
{
    const int order = request.order;
    const MigrateType mt = request.migrateType;
    // Balance movable allocations between CMA and the rest of the zone: use
    // CMA first once it holds more than half of the free memory.
    const bool cmaFirst
        = (request.flags & AllocCma) && zone.freePagesByType[std::size_t(index(MigrateType::Cma))] > zone.freePages / 2;
    if (cmaFirst) {
        if (Pfn pfn = rmqueue::smallest(model, zone, zone.area, order, MigrateType::Cma); pfn != MemoryModel::kNoPfn)
            return {pfn, RmqueueMode::Cma, false};
    }
    m_counters.of(mt).listsExamined += std::uint64_t(model.geometry().maxPageOrder - order + 1);
    if (Pfn pfn = rmqueue::smallest(model, zone, zone.area, order, mt); pfn != MemoryModel::kNoPfn)
        return {pfn, RmqueueMode::Normal, false};
    if ((request.flags & AllocCma) && !cmaFirst) {
        if (Pfn pfn = rmqueue::smallest(model, zone, zone.area, order, MigrateType::Cma); pfn != MemoryModel::kNoPfn)
            return {pfn, RmqueueMode::Cma, false};
    }
    const auto claimed = rmqueue::claim(model, zone, zone.area, order, mt, request.flags);
    if (claimed || (request.flags & AllocNoFragment))
        return claimed;
    auto stolen = rmqueue::steal(model, zone, zone.area, order, mt);
    stolen.boosts = claimed.boosts; // a refused claim still boosts
    return stolen;
}

} // namespace gbw
