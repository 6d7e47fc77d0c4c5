// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include <algorithm>

#include "mm/compaction.h"
#include "mm/contigallocator.h"
#include "mm/fragmentation.h"
#include "policy/steeringpolicy.h"

namespace gbw {

namespace {
// Cost of reclaim per page scanned (LRU isolation, rmap walk, unmap) in
// virtual nanoseconds; science.md §3.4 puts reclaim at a fraction of a
// microsecond per page for clean page cache.
constexpr VirtualTime kReclaimNsPerPage = 300;
constexpr VirtualTime kKcompactdInterval = 500'000'000; // HPAGE_FRAG_CHECK_INTERVAL_MSEC
constexpr VirtualTime kDefragInterval = 100'000'000;
constexpr std::uint64_t kSwapClusterMax = 32;
// A request's ticket is its allocation's id (allocate()); one held forever
// has none and gets one of the table's own.
static_assert(Request::kTicketLimit <= AllocationTable::kOwnIds && Request::kNoTicket == AllocationTable::kNone);
} // namespace

std::unique_ptr<Engine> Engine::create(const EngineConfig& config, std::string* error)
{
    auto policy = makePolicy(config.policy);
    if (!policy) {
        if (error)
            *error = "unknown policy '" + config.policy + "'";
        return nullptr;
    }
    if (config.workload.classes.size() > AllocationTable::kMaxRequestClasses) {
        if (error)
            *error = "the workload has " + std::to_string(config.workload.classes.size()) + " request classes; at most "
                + std::to_string(AllocationTable::kMaxRequestClasses) + " are supported";
        return nullptr;
    }
    for (const auto& cls : config.workload.classes) {
        if (int(cls.orderWeights.size()) > config.host.geometry.orders()) {
            if (error)
                *error = "request class '" + cls.name + "' asks for orders above MAX_PAGE_ORDER";
            return nullptr;
        }
    }
    auto allocator = PageAllocator::create(config.host, std::move(policy), error);
    if (!allocator)
        return nullptr;
    std::unique_ptr<Engine> engine(new Engine(config, std::move(allocator)));
    engine->start();
    return engine;
}

Engine::Engine(const EngineConfig& config, std::unique_ptr<PageAllocator> allocator)
    : m_config(config)
    , m_allocator(std::move(allocator))
{
    m_table.reservePfns(m_allocator->model().endPfn());
    m_compactor = std::make_unique<Compactor>(*m_allocator, static_cast<MigrationObserver&>(*this));
    m_contig = std::make_unique<ContigAllocator>(*m_allocator, *m_compactor);
    for (int i = 0; i < m_allocator->model().zoneCount(); ++i)
        m_hostPages += m_allocator->model().zone(i).managedPages;
    // Two policies given the same seed see the identical request stream.
    const double gib = double(config.host.memoryBytes) / double(std::uint64_t(1) << 30);
    m_requests = std::make_unique<RequestFeed>(RequestGenerator(config.workload, gib, config.seed),
        config.requestsAhead ? RequestFeed::Mode::Ahead : RequestFeed::Mode::OnDemand);
    m_classPages.assign(config.workload.classes.size(), 0);
}

Engine::~Engine() = default;

void Engine::start()
{
    applyKnobs();
    schedule(0, Sample);
    schedule(kKcompactdInterval, Kcompactd);
    if (m_allocator->model().listScope() == ListScope::Gigablock)
        schedule(kDefragInterval, Defrag);
    if (m_config.workload.gigantic.everySeconds > 0)
        schedule(fromSeconds(m_config.workload.gigantic.everySeconds), GiganticAlloc);
}

void Engine::schedule(VirtualTime at, Kind kind, std::uint32_t a)
{
    m_queue.push({at, 0, kind, a, 0}, m_now);
    timersChanged();
}

void Engine::timersChanged()
{
    m_nextTimer = m_queue.empty() ? Event {~VirtualTime(0)} : m_queue.peek();
}

// The two sources merged in scheduling order, as if one queue held both;
// at one time and instant the timer goes first.
bool Engine::requestComesFirst() const
{
    const Request& r = m_requests->peek();
    if (r.time != m_nextTimer.time)
        return r.time < m_nextTimer.time;
    return r.kind != Request::End && r.scheduledAt < m_nextTimer.scheduledAt;
}

void Engine::runUntil(VirtualTime end, const std::function<void(VirtualTime)>& progress)
{
    VirtualTime nextReport = m_now + fromSeconds(1);
    // Peek rather than pop and push back: a pushed event is sequenced anew,
    // and would then follow events of its own time scheduled after it, so
    // where a caller cut the run into slices would change its results.
    const auto report = [&] {
        if (progress && m_now >= nextReport) {
            progress(m_now);
            nextReport = m_now + fromSeconds(1);
        }
    };
    for (;;) {
        // Requests due before the next timer need no merging: handling one
        // never schedules a timer.
        const VirtualTime before = m_nextTimer.time;
        for (const Request* r = &m_requests->peek(); r->time < before && r->time <= end; r = &m_requests->peek()) {
            takeRequest();
            report();
        }
        if (requestComesFirst()) {
            if (m_requests->peek().time > end)
                break;
            takeRequest();
        } else {
            if (m_queue.empty() || m_nextTimer.time > end)
                break;
            const Event event = m_queue.pop();
            timersChanged();
            m_now = std::max(m_now, event.time);
            handle(event);
        }
        report();
    }
    m_now = std::max(m_now, end);
}

void Engine::takeRequest()
{
    const Request request = m_requests->peek();
    m_requests->pop();
    m_now = std::max(m_now, request.time);
    prefetchAhead();
    handle(request);
}

// Frees land on memory last touched long ago: every one would stall on the
// table, the pfn index and the page state in turn. Starting those loads a few
// events early overlaps the misses (a pipeline of two stages, since where the
// block is becomes known only once its table entry has arrived).
void Engine::prefetchAhead() const
{
    constexpr std::size_t kEntryDistance = 8, kBlockDistance = 3;
    if (const Request* r = m_requests->upcoming(kEntryDistance); r && r->kind == Request::Free)
        m_table.prefetch(r->ticket);
    // Under reclaim most frees are stale (reclaim took the block first);
    // their entry says so, and their block need not be fetched.
    const Request* r = m_requests->upcoming(kBlockDistance);
    if (const std::uint32_t id = r ? liveAllocation(*r) : AllocationTable::kNone; id != AllocationTable::kNone) {
        m_table.prefetchRemoval(id);
        m_allocator->prefetchFree({m_table[id].pfn(), Order(m_table[id].order())});
    }
}

void Engine::handle(const Request& request)
{
    if (request.kind == Request::Arrival)
        arrival(request);
    else if (const std::uint32_t id = liveAllocation(request); id != AllocationTable::kNone)
        release(id);
}

void Engine::handle(const Event& event)
{
    switch (event.kind) {
    case Sample:
        m_samples.push_back(sampleNow());
        if (m_sink)
            m_sink->sample(m_now, m_samples.back());
        schedule(m_now + fromSeconds(m_config.sampleSeconds), Sample);
        break;
    case Kcompactd:
        kcompactd();
        schedule(m_now + kKcompactdInterval, Kcompactd);
        break;
    case Defrag:
        defrag();
        schedule(m_now + kDefragInterval, Defrag);
        break;
    case GiganticAlloc:
        gigantic(true, 0);
        schedule(m_now + fromSeconds(m_config.workload.gigantic.everySeconds), GiganticAlloc);
        break;
    case GiganticFree:
        gigantic(false, event.a);
        break;
    }
}

// ---- requests ----------------------------------------------------------------

void Engine::arrival(const Request& r)
{
    ++m_events;
    const RequestClass& cls = m_config.workload.classes[r.requestClass];
    AllocRequest request {r.order, cls.migrateType, cls.gfp, cls.tag};
    if (!m_config.groupByMobility)
        request.migrateType = MigrateType::Unmovable; // gfp_migratetype() with grouping disabled
    // A class holding what it wants frees before it asks again.
    const bool sated = cls.maxShare > 0 && double(m_classPages[r.requestClass]) >= cls.maxShare * double(m_hostPages);
    if (!sated)
        allocate(r, request);
}

void Engine::allocate(const Request& r, const AllocRequest& request)
{
    const std::uint32_t requestClass = r.requestClass;
    const RequestClass& cls = m_config.workload.classes[requestClass];
    AllocResult result = m_allocator->allocate(request, /*mayTaint=*/false);
    if (!result)
        result = slowPath(request);
    const bool thp = request.tag == Tag::Thp && request.order > 0;
    if (!result) {
        ++m_counters.allocFailed;
        ++m_counters.failedByOrder[request.order];
        if (result.failure == AllocFailure::Refused)
            ++m_counters.refusedByPolicy;
        if (thp)
            ++m_counters.thpFaultFallback;
        return;
    }
    if (thp)
        ++m_counters.thpFaultAlloc;
    ++m_counters.pgalloc;
    ++m_counters.allocatedByOrder[request.order];
    if (m_sink)
        reportAlloc(requestClass, request, result);
    m_table.addAt(r.ticket, result.block.pfn, request.order, std::uint16_t(requestClass), cls.reclaimable,
        request.migrateType == MigrateType::Movable);
    m_classPages[requestClass] += std::uint64_t(1) << request.order;
    afterAllocation(result.zone);
}

// What __alloc_pages_slowpath() adds when the fast path fails: direct
// reclaim, then direct compaction for high orders (and, under the RFC, an
// evacuation of a tainted gigablock for kernel memory), then one more try;
// only that last try may taint a clean gigablock.
AllocResult Engine::slowPath(const AllocRequest& request)
{
    if (request.gfp == GfpClass::Atomic)
        return m_allocator->allocate(request); // cannot sleep: nothing to add
    // THP faults follow the defrag setting: only "always" and "madvise"
    // (for our madvised THP classes) stall for direct reclaim and compaction.
    const int thpDefrag = int(m_knobs.value("thp.defrag"));
    if (request.tag == Tag::Thp && (thpDefrag == 1 || thpDefrag == 4))
        return m_allocator->allocate(request);
    ++m_counters.allocstallDirect;
    ++m_counters.stallsByOrder[request.order];
    const std::uint64_t want = std::max<std::uint64_t>(kSwapClusterMax, std::uint64_t(2) << request.order);
    reclaim(want, /*direct=*/true);
    AllocResult result = m_allocator->allocate(request, false);
    if (!result && request.order > 0) {
        const auto mode = request.gfp == GfpClass::NoRetry ? CompactMode::Async : CompactMode::SyncLight;
        for (int zi = m_allocator->model().zoneCount() - 1; zi >= 0 && !result; --zi) {
            m_compactionNs += m_compactor->compactForOrder(zi, request.order, request.migrateType, mode).costNs;
            result = m_allocator->allocate(request, false);
        }
    }
    if (!result && request.migrateType != MigrateType::Movable && evacuateForKernel(request.order))
        result = m_allocator->allocate(request, false);
    if (!result && request.gfp == GfpClass::NoFail) {
        reclaim(want * 8, true);
        result = m_allocator->allocate(request, false);
    }
    if (!result && result.failure == AllocFailure::Refused)
        result = m_allocator->allocate(request); // the last resort may taint
    return result;
}

// spb_evacuate_for_order() (v2 17/40): kernel memory that found no room in
// tainted gigablocks empties movable pageblocks of one, enough for the
// request, so that it is served there instead of tainting a clean one. The
// tainted gigablocks holding the most movable pages are tried first.
bool Engine::evacuateForKernel(int order)
{
    auto* steering = dynamic_cast<SteeringPolicy*>(&m_allocator->policy());
    if (!steering || !steering->knobs().preferReclaimOverTaint)
        return false;
    const auto& model = m_allocator->model();
    const auto movableIn
        = [&](std::uint32_t gb) { return model.gigablocks()[gb].usedPages[std::size_t(index(MigrateType::Movable))]; };
    std::vector<std::uint32_t> tainted;
    for (std::uint32_t gb = 0; gb < model.gigablocks().size(); ++gb) {
        if (model.gigablocks()[gb].category() == GigablockCategory::Tainted && movableIn(gb) > 0)
            tainted.push_back(gb);
    }
    std::stable_sort(tainted.begin(), tainted.end(), [&](auto a, auto b) { return movableIn(a) > movableIn(b); });
    const int pbOrder = model.geometry().pageblockOrder;
    const std::uint32_t wanted = order > pbOrder ? 1u << (order - pbOrder) : 1u;
    for (std::uint32_t gb : tainted) {
        const std::uint32_t target = model.gigablocks()[gb].freePageblocks + wanted;
        const Evacuation done = m_compactor->makeRoom(gb, std::max(order, pbOrder), target, ~std::uint64_t(0));
        m_compactionNs += done.costNs;
        if (model.gigablocks()[gb].freePageblocks >= target)
            return true;
        if (done.outOfMemory)
            return false;
    }
    return false;
}

void Engine::release(std::uint32_t id)
{
    const auto& a = m_table[id];
    const Block block {a.pfn(), Order(a.order())};
    m_classPages[a.requestClass()] -= std::uint64_t(1) << a.order();
    if (m_sink)
        reportFree(block, a.requestClass() + 1000u);
    m_table.remove(id);
    m_allocator->free(block);
    ++m_counters.pgfree;
}

void Engine::moved(Pfn from, Pfn to, int order)
{
    if (m_sink) {
        const std::uint32_t id = m_table.idAt(from);
        AllocRequest request {Order(order), MigrateType::Movable, GfpClass::Normal, Tag::Other};
        if (id != AllocationTable::kNone)
            request.tag = m_config.workload.classes[m_table[id].requestClass()].tag;
        m_sink->migrated(m_now, from, to, order, request);
    }
    m_table.moved(from, to, order);
}

// ---- event sink ------------------------------------------------------------------

void Engine::setEventSink(EventSink* sink)
{
    m_sink = sink;
    m_allocator->model().setLabelObserver(sink ? this : nullptr);
    m_allocator->setPcpObserver(sink ? this : nullptr);
}

void Engine::reportFree(const Block& block, std::uint32_t pid)
{
    // Whether PageAllocator::free() will park the page on a per-cpu list:
    // a recording must say so, as the buddy lists do not see such a free.
    const MemoryModel& model = m_allocator->model();
    const bool toPcp = m_allocator->perCpuPagesEnabled() && PerCpuPages::allowedOrder(model.geometry(), block.order)
        && model.pageblocks()[model.pageblockOf(block.pfn)].label != MigrateType::Isolate;
    if (toPcp)
        m_sink->pageFreeToPcp(m_now, block.pfn, block.order, pid);
    else
        m_sink->pageFree(m_now, block.pfn, block.order, pid);
}

void Engine::pcpRefilled(Pfn pfn, int order, MigrateType mt)
{
    if (m_sink)
        m_sink->pcpRefill(m_now, pfn, order, mt);
}

void Engine::pcpDrained(Pfn pfn, int order, MigrateType mt)
{
    if (m_sink)
        m_sink->pcpDrain(m_now, pfn, order, mt);
}

void Engine::reportAlloc(std::uint32_t requestClass, const AllocRequest& request, const AllocResult& result)
{
    const Pfn pfn = result.block.pfn;
    if (result.mode == RmqueueMode::Claim || result.mode == RmqueueMode::Steal) {
        // The fallback block's order is not returned; the split left its upper
        // halves free right above the page, so count them.
        const MemoryModel& model = m_allocator->model();
        int fallbackOrder = request.order;
        while (fallbackOrder < model.geometry().maxPageOrder && (pfn & ((Pfn(2) << fallbackOrder) - 1)) == 0) {
            const Pfn half = pfn + (Pfn(1) << fallbackOrder);
            if (half >= model.endPfn() || !model.page(half).isFreeHeadOf(fallbackOrder))
                break;
            ++fallbackOrder;
        }
        ExtfragEvent e;
        e.pfn = pfn;
        e.allocOrder = request.order;
        e.fallbackOrder = fallbackOrder;
        e.pageblockOrder = model.geometry().pageblockOrder;
        e.allocType = request.migrateType;
        e.changeOwnership = result.mode == RmqueueMode::Claim;
        e.fallbackType = e.changeOwnership ? m_lastLabelFrom : model.pageblocks()[model.pageblockOf(pfn)].label;
        m_sink->extfrag(m_now, e);
    }
    m_sink->pageAlloc(m_now, request, pfn, requestClass + 1000);
}

void Engine::labelChanged(std::size_t pageblock, MigrateType from, MigrateType to)
{
    m_lastLabelFrom = from;
    if (m_sink)
        m_sink->pageblockLabel(m_now, Pfn(pageblock) << m_allocator->model().geometry().pageblockOrder, from, to);
}

void Engine::compactionBegin(int zone, Pfn migratePfn, Pfn freePfn, bool sync)
{
    if (!m_sink)
        return;
    const Zone& z = m_allocator->model().zone(zone);
    m_sink->compactionBegin(m_now, {z.startPfn, migratePfn, freePfn, z.endPfn, sync, {}});
}

void Engine::compactionEnd(int zone, Pfn migratePfn, Pfn freePfn, bool sync, std::uint64_t migrated, const char* status)
{
    if (!m_sink)
        return;
    const Zone& z = m_allocator->model().zone(zone);
    m_sink->compactionMigratePages(m_now, migrated, 0);
    m_sink->compactionEnd(m_now, {z.startPfn, migratePfn, freePfn, z.endPfn, sync, status});
}

// ---- reclaim -------------------------------------------------------------------

void Engine::afterAllocation(int zone)
{
    Zone& z = m_allocator->model().zone(zone);
    // wakeup_kswapd(): below the low mark (boost included), or boosted at all.
    if (z.freePages < z.mark(Watermark::Low) || z.watermarkBoost > 0)
        kswapd(zone);
}

void Engine::kswapd(int zoneIndex)
{
    Zone& zone = m_allocator->model().zone(zoneIndex);
    ++m_counters.kswapdWakeups;
    const std::uint64_t target = zone.mark(Watermark::High);
    if (zone.freePages < target)
        reclaim(target - zone.freePages, /*direct=*/false);
    if (zone.watermarkBoost) {
        // The boost is paid for; kswapd hands over to kcompactd at pageblock order.
        zone.watermarkBoost = 0;
        ++m_counters.kswapdBoostResets;
        m_compactionNs += m_compactor->kcompactd(zone.node, m_allocator->model().geometry().pageblockOrder).costNs;
    }
}

// shrink_node(): page cache first while there is plenty, then anonymous
// memory, and reclaimable slab through the shrinkers in proportion.
std::uint64_t Engine::reclaim(std::uint64_t pages, bool direct)
{
    std::uint64_t freed = 0;
    const Reclaimable order[] = {Reclaimable::File, Reclaimable::Slab, Reclaimable::Anon};
    for (Reclaimable lru : order) {
        while (freed < pages) {
            const std::uint32_t id = m_table.oldest(lru);
            if (id == AllocationTable::kNone)
                break;
            const std::uint64_t n = std::uint64_t(1) << m_table[id].order();
            freed += n;
            if (lru == Reclaimable::File)
                m_counters.pgstealFile += n;
            else if (lru == Reclaimable::Anon)
                m_counters.pgstealAnon += n;
            else
                ++m_counters.slabsScanned;
            release(id);
        }
    }
    (direct ? m_counters.pgscanDirect : m_counters.pgscanKswapd) += freed;
    (direct ? m_counters.pgstealDirect : m_counters.pgstealKswapd) += freed;
    m_counters.reclaimNs += freed * kReclaimNsPerPage;
    return freed;
}

double Engine::hugePageShareAfterFullReclaim()
{
    reclaim(~std::uint64_t(0), /*direct=*/true);
    const MemoryModel& model = m_allocator->model();
    std::uint64_t huge = 0;
    for (int zi = 0; zi < model.zoneCount(); ++zi) {
        for (int order = model.geometry().pageblockOrder; order < model.geometry().orders(); ++order)
            huge += model.zone(zi).freeBlocksOfOrder(order) << order;
    }
    return m_hostPages ? double(huge) / double(m_hostPages) : 0.0;
}

// ---- background work -------------------------------------------------------------

void Engine::kcompactd()
{
    if (m_knobs.value("vm.compaction_proactiveness") <= 0)
        return;
    m_compactionNs += m_compactor->proactive(0).costNs;
}

// The RFC's per-gigablock defrag worker: tainted gigablocks running out of
// free pageblocks get their movable pages moved out, so unmovable memory
// has room without tainting another gigablock.
void Engine::defrag()
{
    if (m_now < m_defragQuietUntil)
        return;
    const auto& model = m_allocator->model();
    const auto pb = model.geometry().pagesPerPageblock();
    bool progress = false, worked = false;
    for (std::uint32_t gb = 0; gb < model.gigablocks().size(); ++gb) {
        const auto& s = model.gigablocks()[gb];
        const bool low = s.freePageblocks <= 1 || s.freePages < 2 * pb;
        if (s.category() != GigablockCategory::Tainted || !low
            || s.usedPages[std::size_t(index(MigrateType::Movable))] == 0)
            continue;
        worked = true;
        // v2 15/40 stops at two free pageblocks or three pageblocks' worth of free pages.
        const Evacuation done = m_compactor->makeRoom(gb, model.geometry().pageblockOrder, 2, 3 * pb);
        m_compactionNs += done.costNs;
        progress = done.pagesMigrated > 0 || progress;
    }
    if (worked && !progress)
        m_defragQuietUntil = m_now + VirtualTime(m_knobs.value("rfc.defrag_cooldown_ms") * 1e6);
}

void Engine::gigantic(bool allocate, std::uint32_t gigablock)
{
    if (!allocate) {
        if (m_sink)
            m_sink->gigablockReleased(m_now, gigablock);
        m_contig->free1G(gigablock);
        return;
    }
    // Migration targets come from reclaim when free memory is short, as
    // alloc_contig_range() allocates them with direct reclaim allowed.
    if (const std::uint64_t shortfall = m_contig->migrationShortfall(); shortfall > 0)
        reclaim(shortfall, true);
    const ContigResult got = m_contig->allocate1G();
    m_compactionNs += got.costNs;
    if (!got) {
        ++m_counters.hugetlb1gFail;
        return;
    }
    ++m_counters.hugetlb1gAlloc;
    if (m_sink)
        m_sink->gigablockTaken(m_now, got.gigablock);
    schedule(m_now + fromSeconds(m_config.workload.gigantic.holdSeconds), GiganticFree, got.gigablock);
}

// ---- knobs and samples -------------------------------------------------------------

std::string Engine::setKnob(std::string_view name, double value)
{
    std::string error = m_knobs.set(name, value);
    if (error.empty())
        applyKnobs();
    return error;
}

void Engine::applyKnobs()
{
    WatermarkSettings w = m_allocator->watermarkSettings();
    w.minFreeKbytes = std::int64_t(m_knobs.value("vm.min_free_kbytes"));
    w.watermarkScaleFactor = int(m_knobs.value("vm.watermark_scale_factor"));
    w.watermarkBoostFactor = int(m_knobs.value("vm.watermark_boost_factor"));
    if (w.minFreeKbytes != m_allocator->watermarkSettings().minFreeKbytes
        || w.watermarkScaleFactor != m_allocator->watermarkSettings().watermarkScaleFactor
        || w.watermarkBoostFactor != m_allocator->watermarkSettings().watermarkBoostFactor)
        m_allocator->setWatermarkSettings(w);
    m_allocator->setDefragMode(m_knobs.value("vm.defrag_mode") != 0);
    m_allocator->setPerCpuPages(m_knobs.value("pcp.enabled") != 0, int(m_knobs.value("pcp.cpus")));
    m_compactor->settings().proactiveness = int(m_knobs.value("vm.compaction_proactiveness"));
    m_compactor->settings().extfragThreshold = int(m_knobs.value("vm.extfrag_threshold"));
    m_compactor->settings().skipTaintedWithoutMovable = m_allocator->model().listScope() == ListScope::Gigablock;
    if (auto* steering = dynamic_cast<SteeringPolicy*>(&m_allocator->policy()))
        applySteeringKnobs(m_knobs, steering->knobs());
}

std::uint64_t Engine::reclaimablePages() const
{
    std::uint64_t pages = 0;
    for (Reclaimable lru : {Reclaimable::File, Reclaimable::Anon, Reclaimable::Slab})
        pages += m_table.lruPages(lru);
    return pages;
}

EngineSample modelSample(const MemoryModel& model, double seconds, std::uint64_t events)
{
    EngineSample s;
    s.seconds = seconds;
    s.events = events;
    for (const auto& gb : model.gigablocks())
        ++s.categories[std::size_t(gb.category())];
    s.freeBlocksByOrder.assign(std::size_t(model.geometry().orders()), 0);
    for (int zi = 0; zi < model.zoneCount(); ++zi) {
        const Zone& zone = model.zone(zi);
        s.freePages += zone.freePages;
        for (int o = 0; o < model.geometry().orders(); ++o)
            s.freeBlocksByOrder[std::size_t(o)] += zone.freeBlocksOfOrder(o);
    }
    s.fragmentationScore = fragmentation::nodeScore(model, 0);
    return s;
}

EngineSample Engine::sampleNow() const
{
    EngineSample s = modelSample(m_allocator->model(), double(m_now) / 1e9, m_events);
    s.allocatable1gFree = m_contig->allocatableNow();
    s.allocatable1g = m_contig->allocatableWithCompaction(reclaimablePages());
    s.compactionMigrated = m_compactor->counters().pgmigrateSuccess;
    s.reclaimed = m_counters.pgstealKswapd + m_counters.pgstealDirect;
    return s;
}

} // namespace gbw
