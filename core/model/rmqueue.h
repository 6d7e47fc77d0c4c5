// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "counters.h"
#include "memorymodel.h"

namespace gbw {

// The allocation flags that change how a zone's free lists may be used.
enum AllocFlag : unsigned
{
    AllocWmarkMin = 0x0,
    AllocWmarkLow = 0x1,
    AllocWmarkHigh = 0x2,
    AllocWmarkMask = 0x3,
    AllocMinReserve = 0x8, // may dip below min (GFP_ATOMIC, __GFP_HIGH)
    AllocNonBlock = 0x10, // cannot reclaim: dips further, may use the highatomic reserve
    AllocHighAtomic = 0x20, // high-order atomic: may reserve a highatomic pageblock
    AllocCma = 0x40, // movable: may use CMA pageblocks
    AllocNoFragment = 0x100, // no fallback below pageblock order, no steal
    AllocKswapd = 0x200,
    AllocOptional = 0x400, // ALLOC_HIGHORDER_OPTIONAL (RFC): the caller has a fallback or cannot wait
    AllocMayTaint = 0x800, // RFC relax step DROP_NOFRAGMENT: a kernel request may taint a clean gigablock
};

// What one pass over a set of free lists produced.
struct RmqueueResult
{
    Pfn pfn = MemoryModel::kNoPfn;
    RmqueueMode mode = RmqueueMode::Normal;
    int boosts = 0; // try_to_claim_block() attempts below pageblock order: each boosts the watermark
    bool refused = false; // a policy declined rather than pollute memory

    explicit operator bool() const
    {
        return pfn != MemoryModel::kNoPfn;
    }
};

// The buddy allocator's list rules over one FreeArea (a zone's, or a
// gigablock's). Each takes a block of exactly `order` off the lists and
// returns its pfn; the caller marks it allocated. They exist once and every
// policy uses them.
namespace rmqueue {

// The types a request may fall back to, in the kernel's order.
const std::array<MigrateType, 2>& fallbacks(MigrateType mt);

// __rmqueue_smallest(): the smallest block of type mt that fits.
Pfn smallest(MemoryModel& model, Zone& zone, FreeArea& area, int order, MigrateType mt);

// should_try_claim_block(): whether a fallback of currentOrder may relabel its pageblock.
bool shouldTryClaim(const Geometry& geometry, int currentOrder, MigrateType requested);

// __rmqueue_claim(): largest fallback block first; relabel its pageblock
// when the block is at least a pageblock or the 50 % rule allows.
RmqueueResult claim(MemoryModel& model, Zone& zone, FreeArea& area, int order, MigrateType mt, unsigned flags);

// The RFC's changes to the claim rules, off in the vanilla kernel.
struct ClaimRules
{
    bool skipCompat = false; // inside a tainted gigablock, relabel whatever the 50 % rule says (v1 25/45)
    bool crossTypeNeedsFree = false; // unmovable <-> reclaimable only for a fully free pageblock (v2 24/40)
};

// try_to_claim_block() on one candidate: returns the allocated pfn or kNoPfn.
Pfn tryToClaimBlock(MemoryModel& model, Zone& zone, FreeArea& area, Pfn candidate, int currentOrder, int order,
    MigrateType requested, MigrateType blockType, int* boosts, ClaimRules rules = {});

// __rmqueue_steal(): the smallest foreign buddy, no relabelling.
RmqueueResult steal(MemoryModel& model, Zone& zone, FreeArea& area, int order, MigrateType mt);

} // namespace rmqueue
} // namespace gbw
