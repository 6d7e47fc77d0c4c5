// SPDX-License-Identifier: GPL-3.0-or-later
#include "pageallocator.h"

#include <algorithm>

namespace gbw {

std::unique_ptr<PageAllocator> PageAllocator::create(
    const HostConfig& config, std::unique_ptr<Policy> policy, std::string* error)
{
    if (!policy) {
        if (error)
            *error = "no policy given";
        return nullptr;
    }
    auto model = MemoryModel::create(config, policy->listScope(), error);
    if (!model)
        return nullptr;
    return std::unique_ptr<PageAllocator>(new PageAllocator(std::move(model), std::move(policy)));
}

PageAllocator::PageAllocator(std::unique_ptr<MemoryModel> model, std::unique_ptr<Policy> policy)
    : m_model(std::move(model))
    , m_policy(std::move(policy))
{
    watermarks::setup(*m_model, m_watermarks);
    // ZONELIST_FALLBACK: the local node's zones from the highest allowed
    // down, then the other nodes'. Requests start on node 0.
    int nodes = 0;
    for (int i = 0; i < m_model->zoneCount(); ++i)
        nodes = std::max(nodes, m_model->zone(i).node + 1);
    m_multiNode = nodes > 1;
    for (int node = 0; node < nodes; ++node) {
        for (int i = m_model->zoneCount() - 1; i >= 0; --i) {
            if (m_model->zone(i).node != node || m_model->zone(i).managedPages == 0)
                continue;
            m_movableZonelist.push_back(i);
            if (m_model->zone(i).type != ZoneType::Movable)
                m_kernelZonelist.push_back(i);
        }
    }
    m_policy->attach(*m_model);
    m_pcp.resize(std::size_t(m_model->zoneCount()));
    sizePerCpuPages();
}

void PageAllocator::setWatermarkSettings(const WatermarkSettings& settings)
{
    m_watermarks = settings;
    watermarks::setup(*m_model, m_watermarks);
    sizePerCpuPages(); // high follows the low watermark
}

const std::vector<int>& PageAllocator::zonelist(MigrateType mt) const
{
    return mt == MigrateType::Movable ? m_movableZonelist : m_kernelZonelist;
}

// __GFP_NORETRY high-order requests (THP, slab refill) and the atomic shape
// have a fallback or cannot wait; __GFP_NOFAIL never does (v2 26/40).
static unsigned optionalFlag(const AllocRequest& request)
{
    const bool optional = (request.gfp == GfpClass::NoRetry && request.order > 0) || request.gfp == GfpClass::Atomic;
    return optional ? unsigned(AllocOptional) : 0u;
}

unsigned PageAllocator::fastPathFlags(const AllocRequest& request) const
{
    unsigned flags = AllocWmarkLow | AllocKswapd | optionalFlag(request);
    if (request.migrateType == MigrateType::Movable)
        flags |= AllocCma;
    // alloc_flags_nofragment(): spread into DMA32 before fragmenting Normal;
    // with defrag_mode never fragment while anything else is possible.
    const auto& zones = zonelist(request.migrateType);
    if (m_defragMode || (!zones.empty() && m_model->zone(zones.front()).type == ZoneType::Normal))
        flags |= AllocNoFragment;
    return flags;
}

unsigned PageAllocator::slowPathFlags(const AllocRequest& request) const
{
    unsigned flags = AllocWmarkMin | AllocKswapd | optionalFlag(request);
    if (request.migrateType == MigrateType::Movable)
        flags |= AllocCma;
    if (request.gfp == GfpClass::Atomic) {
        flags |= AllocMinReserve | AllocNonBlock;
        if (request.order > 0)
            flags |= AllocHighAtomic;
    }
    if (m_defragMode)
        flags |= AllocNoFragment;
    return flags;
}

struct PageAllocator::Attempt
{
    const AllocRequest& request;
    int highestZone;
    unsigned relaxed; // flags every try adds (AllocMayTaint)
    AllocResult& result;
    bool sawWatermark = false;
    bool sawFragmented = false;
    bool sawRefused = false;
};

void PageAllocator::tryZones(Attempt& attempt, unsigned flags)
{
    flags |= attempt.relaxed;
    const auto& zones = zonelist(attempt.request.migrateType);
    const int localNode = zones.empty() ? 0 : m_model->zone(zones.front()).node;
    for (;;) {
        const bool noFallback = flags & AllocNoFragment;
        bool retry = false;
        for (int zi : zones) {
            Zone& zone = m_model->zone(zi);
            if (noFallback && m_multiNode && zone.node != localNode) {
                // Locality matters more than avoiding fragmentation.
                retry = true;
                break;
            }
            const auto mark = zone.mark(static_cast<Watermark>(flags & AllocWmarkMask));
            auto check = watermarks::check(zone, attempt.request.order, mark, attempt.highestZone, flags);
            // zone_watermark_fast(): an order-0 request that may dip into the
            // reserves is not held back by a boost, only by the real min mark.
            const bool boostOnly = attempt.request.order == 0 && (flags & AllocMinReserve) && zone.watermarkBoost
                && (flags & AllocWmarkMask) == AllocWmarkMin;
            if (check != watermarks::Check::Ok && boostOnly)
                check = watermarks::check(
                    zone, 0, zone.watermark[std::size_t(Watermark::Min)], attempt.highestZone, flags);
            if (check != watermarks::Check::Ok) {
                (check == watermarks::Check::BelowWatermark ? attempt.sawWatermark : attempt.sawFragmented) = true;
                continue;
            }
            const ZoneRequest request {attempt.request.order, attempt.request.migrateType, flags};
            // rmqueue(): the per-cpu list first; the buddy lists when it
            // cannot be refilled (the highatomic reserve is only there).
            RmqueueResult got;
            const bool fromPcp = usesPcp(request.order) && (got = takeFromPcp(zone, zi, request));
            if (!fromPcp) {
                got = m_policy->rmqueue(*m_model, zone, request);
                applyBoosts(zone, got.boosts);
            }
            if (!got) {
                (got.refused ? attempt.sawRefused : attempt.sawFragmented) = true;
                continue;
            }
            if (!fromPcp)
                m_model->markAllocated(got.pfn, attempt.request.order, attempt.request.migrateType);
            attempt.result.fromPcp = fromPcp;
            if (flags & AllocHighAtomic)
                reserveHighatomic(zone, got.pfn, attempt.request.order);
            attempt.result.ok = true;
            attempt.result.block = {got.pfn, Order(attempt.request.order)};
            attempt.result.mode = got.mode;
            attempt.result.zone = zi;
            return;
        }
        if (!noFallback && !retry)
            return;
        if (m_defragMode && !retry)
            return; // defrag_mode keeps NOFRAGMENT until reclaim and compaction have failed
        flags &= ~unsigned(AllocNoFragment);
        ++m_model->counters().noFragmentRetries;
    }
}

AllocResult PageAllocator::allocate(const AllocRequest& request, bool mayTaint)
{
    auto& counters = m_model->counters();
    // The one result, built in place and returned by every path: moving its
    // string out of an Attempt was a library call on every allocation.
    AllocResult result;
    if (request.order > m_model->geometry().maxPageOrder || !isPcpType(request.migrateType)) {
        result.error = request.order > m_model->geometry().maxPageOrder
            ? "order " + std::to_string(request.order) + " exceeds MAX_PAGE_ORDER "
                + std::to_string(m_model->geometry().maxPageOrder)
            : "migratetype " + std::string(name(request.migrateType)) + " cannot be requested";
        ++counters.failedByReason[std::size_t(AllocFailure::InvalidRequest)];
        return result;
    }
    Attempt attempt {request,
        request.migrateType == MigrateType::Movable ? int(ZoneType::Movable) : int(ZoneType::Normal),
        mayTaint ? unsigned(AllocMayTaint) : 0u, result};
    const std::uint64_t taintsBefore = counters.taintEvents, untaintsBefore = counters.untaintEvents;
    tryZones(attempt, fastPathFlags(request));
    if (!result) {
        ++counters.slowPathEntries;
        tryZones(attempt, slowPathFlags(request));
    }
    // Under pressure a request that could have reclaimed takes back a
    // highatomic pageblock before giving up (after direct reclaim, in the kernel).
    if (!result && request.gfp != GfpClass::Atomic && unreserveHighatomic(request.migrateType, false))
        tryZones(attempt, slowPathFlags(request));
    // ... and frees what the per-cpu lists hold, once.
    if (!result && request.gfp != GfpClass::Atomic && drainPerCpuPages() > 0)
        tryZones(attempt, slowPathFlags(request));
    if (result) {
        if (counters.taintEvents != taintsBefore || counters.untaintEvents != untaintsBefore)
            logTaints(taintsBefore, request, result.block.pfn);
        ++counters.allocSuccess[request.order];
        if (!result.fromPcp) // a refill counted its own pages
            ++counters.servedBy[std::size_t(result.mode)];
        return result;
    }
    result.failure = attempt.sawRefused ? AllocFailure::Refused
        : attempt.sawFragmented         ? AllocFailure::Fragmented
                                        : AllocFailure::BelowWatermark;
    ++counters.allocFailed[request.order];
    ++counters.failedByReason[std::size_t(result.failure)];
    return result;
}

void PageAllocator::reserveHighatomic(Zone& zone, Pfn pfn, int order)
{
    const auto& g = m_model->geometry();
    // About 1 % of the zone, rounded up to a pageblock; the check comes before
    // the reservation, so the reserve can end one pageblock above it.
    const std::uint64_t pb = g.pagesPerPageblock();
    if (zone.managedPages / 100 < pb)
        return; // since 6.8: too small a zone to give a pageblock away
    const std::uint64_t limit = (zone.managedPages / 100 + pb - 1) / pb * pb;
    if (zone.reservedHighatomic >= limit)
        return;
    const std::size_t pageblock = m_model->pageblockOf(pfn);
    if (!isPcpType(m_model->pageblocks()[pageblock].label))
        return;
    if (order < g.pageblockOrder) {
        m_model->moveFreePagesAndRelabel(pageblock, MigrateType::HighAtomic);
        zone.reservedHighatomic += pb;
    } else {
        m_model->relabelRange(pfn, order, MigrateType::HighAtomic);
        zone.reservedHighatomic += std::uint64_t(1) << order;
    }
    ++m_model->counters().highatomicReserved;
}

bool PageAllocator::unreserveHighatomic(MigrateType to, bool force)
{
    const auto& g = m_model->geometry();
    for (int zi : zonelist(to)) {
        Zone& zone = m_model->zone(zi);
        if (zone.reservedHighatomic == 0 || (!force && zone.reservedHighatomic <= g.pagesPerPageblock()))
            continue;
        for (int order = 0; order <= g.maxPageOrder; ++order) {
            const Pfn pfn = m_model->firstFreeInZone(zone, order, MigrateType::HighAtomic);
            if (pfn == MemoryModel::kNoPfn)
                continue;
            const std::uint64_t size = std::max<std::uint64_t>(g.pagesPerPageblock(), std::uint64_t(1) << order);
            zone.reservedHighatomic -= std::min(size, zone.reservedHighatomic);
            if (order < g.pageblockOrder) {
                m_model->moveFreePagesAndRelabel(m_model->pageblockOf(pfn), to);
            } else {
                const std::size_t first = m_model->pageblockOf(pfn);
                for (std::size_t i = 0; i < (std::size_t(1) << (order - g.pageblockOrder)); ++i)
                    m_model->moveFreePagesAndRelabel(first + i, to);
            }
            ++m_model->counters().highatomicUnreserved;
            return true;
        }
    }
    return false;
}

void PageAllocator::logTaints(std::uint64_t taintsBefore, const AllocRequest& cause, Pfn pfn)
{
    auto& counters = m_model->counters();
    const bool tainted = counters.taintEvents != taintsBefore;
    if (tainted) {
        ++counters.taintsByTag[std::size_t(cause.tag)];
        ++counters.taintsByGfp[std::size_t(cause.gfp)];
        ++counters.taintsByOrder[cause.order];
    }
    if (m_taintLog.size() == kTaintLogSize)
        m_taintLog.pop_front();
    m_taintLog.push_back({counters.lastCategoryChange, tainted, cause, pfn});
}

void PageAllocator::applyBoosts(Zone& zone, int boosts)
{
    for (int i = 0; i < boosts; ++i) {
        if (watermarks::boost(m_model->geometry(), zone, m_watermarks.watermarkBoostFactor))
            ++m_model->counters().watermarkBoosts;
    }
}

std::string PageAllocator::validate(const Block& block) const
{
    const auto& g = m_model->geometry();
    if (block.order > g.maxPageOrder)
        return "order " + std::to_string(block.order) + " exceeds MAX_PAGE_ORDER " + std::to_string(g.maxPageOrder);
    if (block.pfn >= m_model->endPfn())
        return "pfn " + std::to_string(block.pfn) + " is outside the host (" + std::to_string(m_model->endPfn())
            + " pages)";
    const PageState state = m_model->page(block.pfn);
    if (state.isReserved())
        return "pfn " + std::to_string(block.pfn) + " is reserved memory";
    if (state.isFreeHead())
        return "double free: pfn " + std::to_string(block.pfn) + " is already free";
    if (!state.isAllocatedHead()) {
        const auto containing = m_model->blockContaining(block.pfn);
        if (containing && m_model->page(containing->pfn).isFreeHead())
            return "double free: pfn " + std::to_string(block.pfn) + " lies in a free block of order "
                + std::to_string(containing->order);
        return "pfn " + std::to_string(block.pfn) + " is not the start of an allocated block";
    }
    if (state.order() != block.order)
        return "wrong order: pfn " + std::to_string(block.pfn) + " was allocated with order "
            + std::to_string(state.order()) + ", freed with order " + std::to_string(block.order);
    return {};
}

FreeResult PageAllocator::free(const Block& block)
{
    FreeResult result;
    // The common case, a valid free, is decided from the page state alone.
    const bool valid = block.pfn < m_model->endPfn() && m_model->page(block.pfn).isAllocatedHead()
        && m_model->page(block.pfn).order() == block.order;
    if (!valid) {
        result.error = validate(block);
        return result;
    }
    auto& counters = m_model->counters();
    const std::uint64_t taintsBefore = counters.taintEvents, untaintsBefore = counters.untaintEvents;
    const MigrateType mt = m_model->page(block.pfn).migrateType();
    if (!usesPcp(block.order) || !freeToPcp(block))
        m_model->freeBlock(block.pfn, block.order);
    if (counters.taintEvents != taintsBefore || counters.untaintEvents != untaintsBefore)
        logTaints(taintsBefore, {block.order, mt, GfpClass::Normal, Tag::Other}, block.pfn);
    result.ok = true;
    return result;
}

// ---- per-cpu page lists -------------------------------------------------------

void PageAllocator::setPerCpuPages(bool on, int cpus)
{
    m_cpus = std::max(cpus, 1);
    sizePerCpuPages();
    if (!on)
        drainPerCpuPages();
    m_pcpOn = on;
}

void PageAllocator::sizePerCpuPages()
{
    for (int i = 0; i < m_model->zoneCount(); ++i)
        m_pcp[std::size_t(i)].size(m_model->zone(i), m_cpus);
}

std::uint64_t PageAllocator::perCpuPagesHeld() const
{
    std::uint64_t held = 0;
    for (const PerCpuPages& pcp : m_pcp)
        held += pcp.count;
    return held;
}

std::uint64_t PageAllocator::drainPerCpuPages()
{
    const std::uint64_t held = perCpuPagesHeld();
    if (held == 0)
        return 0;
    for (int i = 0; i < m_model->zoneCount(); ++i)
        freePcpBulk(i, std::int64_t(m_pcp[std::size_t(i)].count), 0);
    ++m_pcpCounters.drains;
    return held;
}

// rmqueue_pcplist(): the head of the list, refilled by a batch from the
// buddy lists (through the policy) when it is empty.
RmqueueResult PageAllocator::takeFromPcp(Zone& zone, int zoneIndex, const ZoneRequest& request)
{
    PerCpuPages& pcp = m_pcp[std::size_t(zoneIndex)];
    PfnRing& list = pcp.list(PerCpuPages::listIndex(request.order, request.migrateType));
    if (list.empty())
        refillPcp(zone, pcp, list, request);
    if (list.empty())
        return {};
    pcp.freeFactor >>= 1;
    pcp.count -= std::uint64_t(1) << request.order;
    ++m_pcpCounters.hits;
    return {list.popFront(), RmqueueMode::Normal, false, false};
}

// rmqueue_bulk(): pages join the tail in the order the buddy gave them, so
// the list hands them out in address-ish order.
void PageAllocator::refillPcp(Zone& zone, PerCpuPages& pcp, PfnRing& list, const ZoneRequest& request)
{
    const int want = request.order ? std::max(pcp.batch >> request.order, 2) : pcp.batch;
    ++m_pcpCounters.refills;
    for (int i = 0; i < want; ++i) {
        const RmqueueResult got = m_policy->rmqueue(*m_model, zone, request);
        applyBoosts(zone, got.boosts);
        if (!got)
            break;
        m_model->markAllocated(got.pfn, request.order, request.migrateType);
        list.pushBack(got.pfn);
        if (m_pcpObserver)
            m_pcpObserver->pcpRefilled(got.pfn, request.order, request.migrateType);
        pcp.count += std::uint64_t(1) << request.order;
        ++m_model->counters().servedBy[std::size_t(got.mode)];
        ++m_pcpCounters.refillPages;
    }
}

// free_unref_page(): onto the head of the list of the pageblock's type, and
// a batch back to the buddy lists once the lists hold `high` pages.
bool PageAllocator::freeToPcp(const Block& block)
{
    MigrateType listType = m_model->pageblocks()[m_model->pageblockOf(block.pfn)].label;
    if (listType == MigrateType::Isolate)
        return false;
    if (!isPcpType(listType))
        listType = MigrateType::Movable; // highatomic and CMA pages wait on the movable list
    // The page now counts as what its list holds, as free_unref_page() relabels it.
    if (m_model->page(block.pfn).migrateType() != listType)
        m_model->retypeAllocated(block.pfn, block.order, listType);
    const int zoneIndex = m_model->zoneIndexOf(block.pfn);
    PerCpuPages& pcp = m_pcp[std::size_t(zoneIndex)];
    const int list = PerCpuPages::listIndex(block.order, listType);
    pcp.list(list).pushFront(block.pfn);
    pcp.count += std::uint64_t(1) << block.order;
    ++m_pcpCounters.frees;

    // nr_pcp_high() / nr_pcp_free(): a high-order free while frees outrun
    // allocations empties the lists; otherwise free a batch, scaled up while
    // frees keep coming, and never below `batch` or above `high - batch`.
    const bool freeHigh = pcp.freeFactor > 0 && block.order > 0 && block.order <= PerCpuPages::kCostlyOrder;
    const std::int64_t high = freeHigh ? 0 : pcp.high;
    if (std::int64_t(pcp.count) < high)
        return true;
    std::int64_t pages = std::int64_t(pcp.count);
    if (!freeHigh) {
        const std::int64_t minFree = pcp.batch, maxFree = high - pcp.batch;
        const std::int64_t scaled = std::int64_t(pcp.batch) << std::min(pcp.freeFactor, 30);
        if (scaled < maxFree)
            ++pcp.freeFactor;
        pages = high < pcp.batch ? 1 : std::clamp(scaled, minFree, std::max(minFree, maxFree));
    }
    freePcpBulk(zoneIndex, pages, list);
    return true;
}

// free_pcppages_bulk(): round robin over the lists from `startList`, each
// emptied from its tail (the coldest pages) before moving on.
void PageAllocator::freePcpBulk(int zoneIndex, std::int64_t pages, int startList)
{
    PerCpuPages& pcp = m_pcp[std::size_t(zoneIndex)];
    pages = std::min(pages, std::int64_t(pcp.count));
    if (pages <= 0)
        return;
    ++m_pcpCounters.bulkFrees;
    int list = startList - 1;
    while (pages > 0) {
        do {
            list = list + 1 == PerCpuPages::kLists ? 0 : list + 1;
        } while (pcp.list(list).empty());
        const int order = PerCpuPages::orderOfList(m_model->geometry(), list);
        PfnRing& ring = pcp.list(list);
        // The tail holds the pages freed longest ago, long out of cache:
        // start on the ones a few frees on, as free_pcppages_bulk() does
        // with prefetch_buddy(), so that their misses overlap.
        constexpr std::size_t kAhead = 4;
        for (std::size_t k = 1; k < kAhead && k < ring.size(); ++k)
            m_model->prefetch(ring.at(ring.size() - 1 - k), order);
        do {
            if (ring.size() > kAhead)
                m_model->prefetch(ring.at(ring.size() - 1 - kAhead), order);
            const Pfn pfn = ring.popBack();
            pages -= std::int64_t(1) << order;
            pcp.count -= std::uint64_t(1) << order;
            m_pcpCounters.bulkFreedPages += std::uint64_t(1) << order;
            if (m_pcpObserver)
                m_pcpObserver->pcpDrained(pfn, order, m_model->page(pfn).migrateType());
            m_model->freeBlock(pfn, order);
        } while (pages > 0 && !ring.empty());
    }
}

} // namespace gbw
