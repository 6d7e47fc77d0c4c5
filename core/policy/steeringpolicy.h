// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gigablockfinder.h"
#include "policy.h"
#include "steeringknobs.h"

namespace gbw {

// The RFC's placement: keep unmovable and reclaimable memory in gigablocks
// that are already tainted, and movable memory packed into the fullest clean
// ones, so that the rest stay empty for 1 GB pages. Its passes are an ordered
// list of small steps; each step picks gigablocks through a GigablockFinder
// (the RFC's list walk, or the proposed bitmaps) and allocates inside them.
class SteeringPolicy final : public Policy
{
public:
    SteeringPolicy(std::string name, std::unique_ptr<GigablockFinder> finder, SteeringKnobs knobs = {});

    std::string_view name() const override
    {
        return m_name;
    }
    ListScope listScope() const override
    {
        return ListScope::Gigablock;
    }
    void attach(MemoryModel& model) override;
    RmqueueResult rmqueue(MemoryModel& model, Zone& zone, const ZoneRequest& request) override;
    const PolicyCounters& counters() const override
    {
        return m_counters;
    }

    SteeringKnobs& knobs()
    {
        return m_knobs;
    }
    GigablockFinder& finder()
    {
        return *m_finder;
    }
    const GigablockFinder& finder() const
    {
        return *m_finder;
    }

private:
    struct Context;
    using StepFn = RmqueueResult (SteeringPolicy::*)(Context&);
    struct Step
    {
        const char* name;
        StepFn run;
    };

    RmqueueResult highatomicReserve(Context& c);
    RmqueueResult preferred(Context& c);
    RmqueueResult claimWholeFromTainted(Context& c);
    RmqueueResult subPageblockClaimFromTainted(Context& c);
    RmqueueResult crossTypeBorrow(Context& c);
    RmqueueResult borrowMovableInTainted(Context& c);
    RmqueueResult emptyGigablock(Context& c);
    RmqueueResult movableToTainted(Context& c);
    RmqueueResult zoneClaim(Context& c);
    RmqueueResult zoneSteal(Context& c);

    // Helpers shared by the steps.
    std::uint32_t pick(Context& c, FinderCursor& cursor);
    bool mayPackSubPageblock(const Context& c) const;
    bool refusesToTaint(const Context& c, std::uint32_t gigablock);
    Pfn firstOfOrder(Context& c, std::uint32_t gigablock, int order, MigrateType mt);
    RmqueueResult borrowInTainted(Context& c, MigrateType blockType);
    RmqueueResult claimIn(Context& c, std::uint32_t gigablock, int order, MigrateType blockType, bool skipCompat);

    std::string m_name;
    std::unique_ptr<GigablockFinder> m_finder;
    SteeringKnobs m_knobs;
    std::vector<Step> m_steps;
    PolicyCounters m_counters;
    MemoryModel* m_model = nullptr;
};

// The named policies built on it.
std::unique_ptr<Policy> makeSuperpageblockPolicy(SteeringKnobs knobs = {});
std::unique_ptr<Policy> makeGigablockBitmapPolicy(SteeringKnobs knobs = {});

} // namespace gbw
