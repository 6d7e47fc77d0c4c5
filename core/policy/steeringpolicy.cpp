// SPDX-License-Identifier: GPL-3.0-or-later
#include "steeringpolicy.h"

#include <algorithm>

#include "gigablockbitmaps.h"
#include "gigablocklists.h"

namespace gbw {

struct SteeringPolicy::Context
{
    MemoryModel& model;
    Zone& zone;
    int order;
    MigrateType mt;
    unsigned flags;
    bool movable() const
    {
        return mt == MigrateType::Movable;
    }
    // The atomic shape and optional high-order requests have a fallback (or
    // cannot wait): v2 26/40 refuses them rather than taint a clean gigablock.
    bool optional() const
    {
        return flags & AllocOptional;
    }
};

SteeringPolicy::SteeringPolicy(std::string name, std::unique_ptr<GigablockFinder> finder, SteeringKnobs knobs)
    : m_name(std::move(name))
    , m_finder(std::move(finder))
    , m_knobs(knobs)
{
    // The RFC's __rmqueue_smallest() passes, then the vanilla fallbacks
    // steered toward tainted gigablocks (rfc-notes §4.2, §4.3).
    m_steps = {
        {"highatomic", &SteeringPolicy::highatomicReserve},
        {"preferred", &SteeringPolicy::preferred},
        {"claim_whole_tainted", &SteeringPolicy::claimWholeFromTainted},
        {"claim_subblock_tainted", &SteeringPolicy::subPageblockClaimFromTainted},
        {"cross_type_borrow", &SteeringPolicy::crossTypeBorrow},
        {"borrow_movable_tainted", &SteeringPolicy::borrowMovableInTainted},
        {"empty_gigablock", &SteeringPolicy::emptyGigablock},
        {"movable_to_tainted", &SteeringPolicy::movableToTainted},
        {"zone_claim", &SteeringPolicy::zoneClaim},
        {"zone_steal", &SteeringPolicy::zoneSteal},
    };
    std::vector<std::string> names;
    for (const auto& step : m_steps)
        names.emplace_back(step.name);
    m_counters.setSteps(std::move(names));
}

void SteeringPolicy::attach(MemoryModel& model)
{
    m_model = &model;
    m_finder->attach(model);
    model.setListener(m_finder.get());
}

RmqueueResult SteeringPolicy::rmqueue(MemoryModel& model, Zone& zone, const ZoneRequest& request)
{
    Context c {model, zone, request.order, request.migrateType, request.flags};
    bool refused = false;
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        RmqueueResult result = (this->*m_steps[i].run)(c);
        refused = refused || result.refused;
        if (result) {
            ++m_counters.of(c.mt).servedByStep[i];
            return result;
        }
    }
    RmqueueResult none;
    none.refused = refused;
    return none;
}

// ---- helpers ---------------------------------------------------------------

std::uint32_t SteeringPolicy::pick(Context& c, FinderCursor& cursor)
{
    OverheadCounters& counters = m_counters.of(c.mt);
    ++counters.picks;
    return m_finder->next(c.zone, cursor, counters);
}

bool SteeringPolicy::mayPackSubPageblock(const Context& c) const
{
    // Under NOFRAGMENT only large zones may eat sub-pageblock fragments of
    // tainted gigablocks: on small ones each gigablock is too big a share.
    return !(c.flags & AllocNoFragment) || c.zone.gigablockCount > std::uint32_t(m_knobs.aggressiveThreshold);
}

bool SteeringPolicy::refusesToTaint(const Context& c, std::uint32_t gigablock)
{
    if (c.movable() || c.model.gigablocks()[gigablock].category() == GigablockCategory::Tainted)
        return false;
    const bool optional = m_knobs.refuseOptionalTaint && c.optional();
    const bool tooEarly = m_knobs.preferReclaimOverTaint && !(c.flags & AllocMayTaint);
    if (!optional && !tooEarly)
        return false;
    ++m_counters.of(c.mt).refusedToTaint;
    return true;
}

Pfn SteeringPolicy::firstOfOrder(Context& c, std::uint32_t gigablock, int order, MigrateType mt)
{
    ++m_counters.of(c.mt).listsExamined;
    return c.model.firstFree(c.zone, c.model.gigablockArea(gigablock).list(order, mt));
}

RmqueueResult SteeringPolicy::claimIn(Context& c, std::uint32_t gb, int order, MigrateType blockType, bool skipCompat)
{
    RmqueueResult result;
    result.mode = RmqueueMode::Claim;
    const Pfn candidate = firstOfOrder(c, gb, order, blockType);
    if (candidate == MemoryModel::kNoPfn)
        return result;
    const rmqueue::ClaimRules rules {skipCompat, true};
    result.pfn = rmqueue::tryToClaimBlock(
        c.model, c.zone, c.model.gigablockArea(gb), candidate, order, c.order, c.mt, blockType, &result.boosts, rules);
    if (result) {
        ++c.model.counters().extfragEvents;
        if (order < c.model.geometry().pageblockOrder)
            ++c.model.counters().fragmentingFallbacks;
    }
    return result;
}

// ---- the steps -------------------------------------------------------------

RmqueueResult SteeringPolicy::highatomicReserve(Context& c)
{
    const bool wanted = (c.order > 0 && (c.flags & AllocHighAtomic)) || (c.flags & AllocNonBlock);
    if (!wanted || c.zone.freePagesByType[std::size_t(index(MigrateType::HighAtomic))] == 0)
        return {};
    // The reserve is small and rarely non-empty: a direct look over the zone suffices.
    for (std::uint32_t gb = c.zone.firstGigablock; gb < c.zone.firstGigablock + c.zone.gigablockCount; ++gb) {
        if (!GigablockFinder::hasFree(
                c.model.gigablocks()[gb], MigrateType::HighAtomic, c.order, c.model.geometry().maxPageOrder))
            continue;
        const Pfn pfn = rmqueue::smallest(c.model, c.zone, c.model.gigablockArea(gb), c.order, MigrateType::HighAtomic);
        return {pfn, RmqueueMode::HighAtomic, false, false};
    }
    return {};
}

// Pass 1: movable into the fullest clean gigablock, the rest into the fullest tainted one.
RmqueueResult SteeringPolicy::preferred(Context& c)
{
    FinderCursor cursor {c.movable() ? Steering::Clean : Steering::Tainted, c.mt, c.order};
    const std::uint32_t gb = pick(c, cursor);
    if (gb == GigablockFinder::kNone)
        return {};
    return {rmqueue::smallest(c.model, c.zone, c.model.gigablockArea(gb), c.order, c.mt), RmqueueMode::Normal, false,
        false};
}

// Pass 2: a whole movable pageblock (or more) inside a tainted gigablock, relabelled.
RmqueueResult SteeringPolicy::claimWholeFromTainted(Context& c)
{
    if (c.movable())
        return {};
    const int pbOrder = c.model.geometry().pageblockOrder;
    FinderCursor cursor {Steering::Tainted, MigrateType::Movable, std::max(c.order, pbOrder)};
    const std::uint32_t gb = pick(c, cursor);
    if (gb == GigablockFinder::kNone)
        return {};
    for (int order = cursor.minOrder; order <= c.model.geometry().maxPageOrder; ++order) {
        if (auto result = claimIn(c, gb, order, MigrateType::Movable, false))
            return result;
    }
    return {};
}

// Pass 2b: sub-pageblock movable chunks of tainted gigablocks, claimed without the 50 % rule.
RmqueueResult SteeringPolicy::subPageblockClaimFromTainted(Context& c)
{
    if (c.movable() || !mayPackSubPageblock(c))
        return {};
    FinderCursor cursor {Steering::Tainted, MigrateType::Movable, c.order};
    for (std::uint32_t gb = pick(c, cursor); gb != GigablockFinder::kNone; gb = pick(c, cursor)) {
        for (int order = c.model.geometry().pageblockOrder - 1; order >= c.order; --order) {
            if (auto result = claimIn(c, gb, order, MigrateType::Movable, true))
                return result;
        }
    }
    return {};
}

// Pass 2c: borrow from the other non-movable type inside a tainted gigablock, no relabel.
RmqueueResult SteeringPolicy::crossTypeBorrow(Context& c)
{
    if (c.movable())
        return {};
    const MigrateType other = c.mt == MigrateType::Unmovable ? MigrateType::Reclaimable : MigrateType::Unmovable;
    return borrowInTainted(c, other);
}

// Pass 2d: borrow a movable buddy inside a tainted gigablock, no relabel.
RmqueueResult SteeringPolicy::borrowMovableInTainted(Context& c)
{
    if (c.movable() || !mayPackSubPageblock(c))
        return {};
    return borrowInTainted(c, MigrateType::Movable);
}

RmqueueResult SteeringPolicy::borrowInTainted(Context& c, MigrateType blockType)
{
    FinderCursor cursor {Steering::Tainted, blockType, c.order};
    const std::uint32_t gb = pick(c, cursor);
    if (gb == GigablockFinder::kNone)
        return {};
    for (int order = c.order; order <= c.model.geometry().maxPageOrder; ++order) {
        const Pfn pfn = firstOfOrder(c, gb, order, blockType);
        if (pfn == MemoryModel::kNoPfn)
            continue;
        c.model.takeFreeBlock(c.zone, pfn, order, c.order, blockType);
        return {pfn, RmqueueMode::Steal, false, false};
    }
    return {};
}

// Pass 3: a pageblock of an empty gigablock; for non-movable memory this taints it.
RmqueueResult SteeringPolicy::emptyGigablock(Context& c)
{
    const int pbOrder = c.model.geometry().pageblockOrder;
    FinderCursor own {Steering::Empty, c.mt, c.order};
    std::uint32_t gb = pick(c, own);
    if (gb != GigablockFinder::kNone) {
        if (refusesToTaint(c, gb))
            return {MemoryModel::kNoPfn, RmqueueMode::Normal, false, true};
        return {rmqueue::smallest(c.model, c.zone, c.model.gigablockArea(gb), c.order, c.mt), RmqueueMode::Normal,
            false, false};
    }
    if (c.movable())
        return {};
    FinderCursor movable {Steering::Empty, MigrateType::Movable, std::max(c.order, pbOrder)};
    gb = pick(c, movable);
    if (gb == GigablockFinder::kNone)
        return {};
    if (refusesToTaint(c, gb))
        return {MemoryModel::kNoPfn, RmqueueMode::Normal, false, true};
    for (int order = movable.minOrder; order <= c.model.geometry().maxPageOrder; ++order) {
        if (auto result = claimIn(c, gb, order, MigrateType::Movable, false))
            return result;
    }
    return {};
}

// Pass 4: movable memory that found no clean room goes to tainted gigablocks
// with more than their reserve of free pageblocks.
RmqueueResult SteeringPolicy::movableToTainted(Context& c)
{
    if (!c.movable())
        return {};
    FinderCursor cursor {Steering::Tainted, MigrateType::Movable, c.order};
    for (std::uint32_t gb = pick(c, cursor); gb != GigablockFinder::kNone; gb = pick(c, cursor)) {
        const GigablockSummary& summary = c.model.gigablocks()[gb];
        if (summary.freePageblocks <= m_knobs.taintedReserve(summary.usablePageblocks()))
            continue;
        return {rmqueue::smallest(c.model, c.zone, c.model.gigablockArea(gb), c.order, c.mt), RmqueueMode::Normal,
            false, false};
    }
    return {};
}

// The vanilla claim, largest order first, looking a few candidates ahead for
// one in a tainted gigablock before settling for a clean one (SPB_SCAN_LIMIT).
RmqueueResult SteeringPolicy::zoneClaim(Context& c)
{
    const auto& g = c.model.geometry();
    const int minOrder = (c.order < g.pageblockOrder && (c.flags & AllocNoFragment)) ? g.pageblockOrder : c.order;
    bool refused = false;
    for (int order = g.maxPageOrder; order >= minOrder; --order) {
        if (!rmqueue::shouldTryClaim(g, order, c.mt))
            break;
        for (MigrateType fallback : rmqueue::fallbacks(c.mt)) {
            if (!c.zone.freeBlocks[std::size_t(order)][std::size_t(index(fallback))])
                continue;
            for (Steering steering : {Steering::Tainted, Steering::Clean, Steering::Empty}) {
                FinderCursor cursor {steering, fallback, order};
                int budget = steering == Steering::Tainted ? m_knobs.claimScanLimit : 1 << 30;
                for (std::uint32_t gb = pick(c, cursor); gb != GigablockFinder::kNone && budget-- > 0;
                     gb = pick(c, cursor)) {
                    if (refusesToTaint(c, gb)) {
                        refused = true;
                        break;
                    }
                    if (auto result = claimIn(c, gb, order, fallback, false))
                        return result;
                }
            }
        }
    }
    RmqueueResult none;
    none.refused = refused;
    return none;
}

// The vanilla steal: the smallest foreign buddy, tainted gigablocks first.
RmqueueResult SteeringPolicy::zoneSteal(Context& c)
{
    if (c.flags & AllocNoFragment)
        return {};
    for (int order = c.order; order <= c.model.geometry().maxPageOrder; ++order) {
        for (MigrateType fallback : rmqueue::fallbacks(c.mt)) {
            if (!c.zone.freeBlocks[std::size_t(order)][std::size_t(index(fallback))])
                continue;
            for (Steering steering : {Steering::Tainted, Steering::Clean, Steering::Empty}) {
                FinderCursor cursor {steering, fallback, order};
                for (std::uint32_t gb = pick(c, cursor); gb != GigablockFinder::kNone; gb = pick(c, cursor)) {
                    const Pfn pfn = firstOfOrder(c, gb, order, fallback);
                    if (pfn == MemoryModel::kNoPfn)
                        continue;
                    if (refusesToTaint(c, gb))
                        return {MemoryModel::kNoPfn, RmqueueMode::Steal, false, true};
                    c.model.takeFreeBlock(c.zone, pfn, order, c.order, fallback);
                    ++c.model.counters().extfragEvents;
                    if (order < c.model.geometry().pageblockOrder)
                        ++c.model.counters().fragmentingFallbacks;
                    return {pfn, RmqueueMode::Steal, false, false};
                }
            }
        }
    }
    return {};
}

std::unique_ptr<Policy> makeSuperpageblockPolicy(SteeringKnobs knobs)
{
    return std::make_unique<SteeringPolicy>("superpageblock", std::make_unique<GigablockLists>(), knobs);
}

std::unique_ptr<Policy> makeGigablockBitmapPolicy(SteeringKnobs knobs)
{
    return std::make_unique<SteeringPolicy>("gigablock-bitmap", std::make_unique<GigablockBitmaps>(), knobs);
}

} // namespace gbw
