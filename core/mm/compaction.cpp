// SPDX-License-Identifier: GPL-3.0-or-later
#include "compaction.h"

#include <algorithm>

#include "fragmentation.h"
#include "model/rmqueue.h"

namespace gbw {

std::string_view name(CompactMode mode)
{
    switch (mode) {
    case CompactMode::Async:
        return "async";
    case CompactMode::SyncLight:
        return "sync-light";
    case CompactMode::Sync:
        return "sync";
    }
    return "?";
}

std::string_view name(CompactOutcome outcome)
{
    switch (outcome) {
    case CompactOutcome::Skipped:
        return "skipped";
    case CompactOutcome::Deferred:
        return "deferred";
    case CompactOutcome::NotSuitable:
        return "not suitable";
    case CompactOutcome::Partial:
        return "partial";
    case CompactOutcome::Complete:
        return "complete";
    case CompactOutcome::Success:
        return "success";
    }
    return "?";
}

std::vector<std::pair<std::string_view, std::uint64_t>> CompactionCounters::vmstat() const
{
    return {
        {"pgmigrate_success", pgmigrateSuccess},
        {"pgmigrate_fail", pgmigrateFail},
        {"compact_migrate_scanned", compactMigrateScanned},
        {"compact_free_scanned", compactFreeScanned},
        {"compact_isolated", compactIsolated},
        {"compact_stall", compactStall},
        {"compact_fail", compactFail},
        {"compact_success", compactSuccess},
        {"compact_daemon_wake", compactDaemonWake},
        {"compact_daemon_migrate_scanned", compactDaemonMigrateScanned},
        {"compact_daemon_free_scanned", compactDaemonFreeScanned},
    };
}

// One compact_zone() call: what it aims at and what it did.
struct Compactor::Run
{
    int zone = 0;
    int order = -1; // -1: no order in mind (is_via_compact_memory)
    MigrateType mt = MigrateType::Movable;
    CompactMode mode = CompactMode::SyncLight;
    bool direct = false; // an allocating task waits for it
    bool proactive = false;
    std::size_t current = 0; // the pageblock the migrate scanner works on
    std::uint64_t migrateScanned = 0;
    std::uint64_t freeScanned = 0;
    std::uint64_t migrated = 0;

    // Sync and proactive runs ignore the cached positions (cc->whole_zone).
    bool wholeZone() const
    {
        return mode == CompactMode::Sync || proactive;
    }
};

Compactor::Compactor(PageAllocator& allocator, MigrationObserver& observer, CompactionSettings settings)
    : m_allocator(allocator)
    , m_model(allocator.model())
    , m_observer(observer)
    , m_settings(settings)
{
    int nodes = 0;
    m_zones.resize(std::size_t(m_model.zoneCount()));
    for (int i = 0; i < m_model.zoneCount(); ++i) {
        const Zone& zone = m_model.zone(i);
        auto& state = m_zones[std::size_t(i)];
        state.firstPageblock = m_model.pageblockOf(zone.startPfn);
        state.lastPageblock = m_model.pageblockOf(zone.endPfn - 1);
        resetScanners(state);
        nodes = std::max(nodes, zone.node + 1);
    }
    m_proactiveBackoff.assign(std::size_t(nodes), 0);
}

// Entry points ----------------------------------------------------------------

CompactResult Compactor::compactForOrder(int zone, int order, MigrateType mt, CompactMode mode)
{
    CompactResult result;
    // The kernel never compacts for order 0: any free page serves it.
    if (zone < 0 || zone >= m_model.zoneCount() || order <= 0 || order > m_model.geometry().maxPageOrder
        || !isPcpType(mt))
        return result;
    // Only the highest priority ignores deferral (MIN_COMPACT_PRIORITY).
    if (mode != CompactMode::Sync && deferred(zone, order)) {
        result.outcome = CompactOutcome::Deferred;
        return result;
    }
    const Suitability suitability = suitable(zone, order, mt);
    if (suitability == Suitability::Skipped)
        return result;
    if (suitability == Suitability::NotSuitable) {
        result.outcome = CompactOutcome::NotSuitable;
        return result;
    }
    // A block that became free since the allocation failed counts as a
    // successful stall in the kernel too (COMPACT_SUCCESS without a run).
    result.outcome = CompactOutcome::Success;
    if (suitability == Suitability::Continue) {
        Run run;
        run.zone = zone;
        run.order = order;
        run.mt = mt;
        run.mode = mode;
        run.direct = true;
        result.outcome = runZone(run);
        account(run, result);
    }
    directCompactionDone(zone, order, mode, result.outcome);
    return result;
}

// __alloc_pages_direct_compact() and try_to_compact_pages() after the run.
void Compactor::directCompactionDone(int zone, int order, CompactMode mode, CompactOutcome outcome)
{
    ++m_counters.compactStall;
    if (outcome == CompactOutcome::Success) {
        ++m_counters.compactSuccess;
        // The kernel resets once the allocation after compaction succeeds;
        // the free block is there, so we take that success for granted.
        deferReset(zone, order, true);
        return;
    }
    ++m_counters.compactFail;
    // Async runs give up too easily to say anything about the zone.
    if (mode != CompactMode::Async && outcome == CompactOutcome::Complete)
        defer(zone, order);
}

CompactResult Compactor::compactZone(int zone, CompactMode mode)
{
    if (zone < 0 || zone >= m_model.zoneCount())
        return {};
    Run run;
    run.zone = zone;
    run.mode = mode;
    CompactResult result;
    result.outcome = runZone(run);
    account(run, result);
    return result;
}

CompactResult Compactor::kcompactd(int node, int order)
{
    CompactResult total;
    ++m_counters.compactDaemonWake;
    if (order <= 0 || order > m_model.geometry().maxPageOrder)
        return total;
    for (int zi = 0; zi < m_model.zoneCount(); ++zi) {
        const Zone& zone = m_model.zone(zi);
        if (zone.node != node || zone.managedPages == 0 || deferred(zi, order))
            continue;
        if (suitableFor(zi, order, int(zone.type), 0) != Suitability::Continue)
            continue;
        Run run;
        run.zone = zi;
        run.order = order;
        // kcompactd's compact_control leaves migratetype 0, MIGRATE_UNMOVABLE:
        // any free block its fallback rules could claim ends the run.
        run.mt = MigrateType::Unmovable;
        const CompactOutcome outcome = runZone(run);
        if (outcome == CompactOutcome::Success)
            deferReset(zi, order, false);
        else if (outcome == CompactOutcome::Complete)
            defer(zi, order);
        total.outcome = std::max(total.outcome, outcome);
        account(run, total);
    }
    return total;
}

ProactiveResult Compactor::proactive(int node)
{
    ProactiveResult result;
    if (m_settings.proactiveness <= 0 || node < 0 || node >= int(m_proactiveBackoff.size()))
        return result;
    if (m_proactiveBackoff[std::size_t(node)] > 0) {
        --m_proactiveBackoff[std::size_t(node)];
        result.backedOff = true;
        return result;
    }
    result.scoreBefore = result.scoreAfter = fragmentation::nodeScore(m_model, node);
    if (result.scoreBefore <= fragmentation::scoreHighMark(m_settings.proactiveness))
        return result;
    result.ran = true;
    ++m_counters.proactiveRuns;
    CompactResult total;
    for (int zi = 0; zi < m_model.zoneCount(); ++zi) {
        if (m_model.zone(zi).node != node || m_model.zone(zi).presentPages == 0)
            continue;
        Run run;
        run.zone = zi;
        run.proactive = true;
        runZone(run);
        account(run, total);
    }
    result.costNs = total.costNs;
    result.pagesMigrated = total.pagesMigrated;
    result.scoreAfter = fragmentation::nodeScore(m_model, node);
    // No progress: check again only 1 << COMPACT_MAX_DEFER_SHIFT intervals later (~32 s).
    if (result.scoreAfter >= result.scoreBefore) {
        m_proactiveBackoff[std::size_t(node)] = (1u << kMaxDeferShift) - 1;
        ++m_counters.proactiveBackoffs;
    }
    return result;
}

Evacuation Compactor::evacuateGigablock(std::uint32_t gigablock)
{
    if (gigablock >= m_model.gigablocks().size())
        return {};
    if (!mayEvacuate(m_model.gigablocks()[gigablock]))
        return {};
    ++m_counters.gigablockEvacuations;
    const GigablockIsolation isolation = isolateGigablock(gigablock);
    Evacuation result = migrateOut(gigablock, /*stopAtFirstFailure=*/false);
    undoIsolation(isolation);
    return result;
}

// Nothing to move; a 1 GB page, not ours to break up; or someone else's isolation.
bool Compactor::mayEvacuate(const GigablockSummary& summary) const
{
    return !summary.contigAllocated && summary.usedPages[std::size_t(index(MigrateType::Movable))] != 0
        && summary.labelCount[std::size_t(index(MigrateType::Isolate))] == 0;
}

Evacuation Compactor::makeRoom(
    std::uint32_t gigablock, int order, std::uint32_t freePageblocks, std::uint64_t freePages)
{
    if (gigablock >= m_model.gigablocks().size())
        return {};
    const GigablockSummary& summary = m_model.gigablocks()[gigablock];
    const auto enough = [&] { return summary.freePageblocks >= freePageblocks || summary.freePages >= freePages; };
    if (!mayEvacuate(summary) || enough())
        return {};
    const int pbOrder = m_model.geometry().pageblockOrder;
    const std::size_t run = std::size_t(1) << std::max(0, order - pbOrder);
    const std::vector<std::size_t> candidates = movableOnlyRuns(gigablock, run);
    if (candidates.empty())
        return {};
    ++m_counters.gigablockEvacuations;
    const GigablockIsolation isolation = isolateGigablock(gigablock);
    const Pfn runPages = Pfn(run) << pbOrder;
    Evacuation result;
    for (std::size_t c = 0; c < candidates.size() && !result.outOfMemory && !enough(); ++c) {
        const Pfn start = Pfn(candidates[c]) << pbOrder;
        result.add(migrateRange(start, start + runPages, /*stopAtFirstFailure=*/false));
    }
    undoIsolation(isolation);
    return result;
}

// The first pageblocks of aligned runs whose pageblocks hold movable pages
// or nothing, fewest movable pages first. Emptying a pageblock that also
// holds kernel pages frees nothing whole (the failure v1 43/45 found in the
// defrag worker).
std::vector<std::size_t> Compactor::movableOnlyRuns(std::uint32_t gigablock, std::size_t run) const
{
    const GigablockSummary& summary = m_model.gigablocks()[gigablock];
    const std::size_t first = m_model.pageblockOf(summary.startPfn);
    const std::size_t end = m_model.pageblockOf(summary.endPfn - 1) + 1;
    std::vector<std::pair<std::uint32_t, std::size_t>> found; // movable pages, first pageblock
    for (std::size_t start = (first + run - 1) / run * run; start + run <= end; start += run) {
        std::uint32_t movable = 0;
        bool clear = true;
        for (std::size_t pb = start; pb < start + run && clear; ++pb) {
            const PageblockInfo& info = m_model.pageblocks()[pb];
            clear = !info.reserved && !info.hasUnmovable() && !info.hasReclaimable();
            movable += info.usedPages[std::size_t(index(MigrateType::Movable))];
        }
        if (clear && movable > 0)
            found.emplace_back(movable, start);
    }
    std::sort(found.begin(), found.end());
    std::vector<std::size_t> starts;
    for (const auto& [movable, start] : found)
        starts.push_back(start);
    return starts;
}

// Suitability and deferral ----------------------------------------------------

Compactor::Suitability Compactor::suitable(int zone, int order, MigrateType mt) const
{
    const bool movable = mt == MigrateType::Movable;
    return suitableFor(zone, order, movable ? int(ZoneType::Movable) : int(ZoneType::Normal), movable ? AllocCma : 0u);
}

Compactor::Suitability Compactor::suitableFor(int zone, int order, int highestZone, unsigned flags) const
{
    const Zone& z = m_model.zone(zone);
    if (watermarks::check(z, order, z.mark(Watermark::Min), highestZone, AllocWmarkMin | flags)
        == watermarks::Check::Ok)
        return Suitability::AlreadyMet;
    // Order-0 pages above the mark plus room to copy into (compact_gap() = 2 << order);
    // costly orders ask for the low mark to improve their chances.
    const std::uint64_t mark
        = (order > kCostlyOrder ? z.mark(Watermark::Low) : z.mark(Watermark::Min)) + (std::uint64_t(2) << order);
    if (watermarks::check(z, 0, mark, highestZone, AllocCma) != watermarks::Check::Ok)
        return Suitability::Skipped;
    // A low index means the request fails for lack of memory: reclaim, not
    // compaction, helps. Cheap orders compact anyway; the alternative is OOM.
    if (order > kCostlyOrder) {
        const int fragindex = fragmentation::fragmentationIndex(z, order);
        if (fragindex >= 0 && fragindex <= m_settings.extfragThreshold)
            return Suitability::NotSuitable;
    }
    return Suitability::Continue;
}

bool Compactor::deferred(int zone, int order)
{
    auto& state = m_zones[std::size_t(zone)];
    if (order < state.orderFailed)
        return false;
    const unsigned limit = 1u << state.deferShift;
    if (++state.considered >= limit) {
        state.considered = limit;
        return false;
    }
    ++m_counters.deferredAttempts;
    return true;
}

void Compactor::defer(int zone, int order)
{
    auto& state = m_zones[std::size_t(zone)];
    state.considered = 0;
    state.deferShift = std::min(state.deferShift + 1, kMaxDeferShift);
    state.orderFailed = std::min(state.orderFailed, order);
}

void Compactor::deferReset(int zone, int order, bool allocSuccess)
{
    auto& state = m_zones[std::size_t(zone)];
    if (allocSuccess) {
        state.considered = 0;
        state.deferShift = 0;
    }
    if (order >= state.orderFailed)
        state.orderFailed = order + 1;
}

// compact_zone() --------------------------------------------------------------

CompactOutcome Compactor::runZone(Run& run)
{
    auto& state = m_zones[std::size_t(run.zone)];
    if (run.wholeZone() || state.migratePageblock >= state.freePageblock)
        resetScanners(state);
    // Free pages held on per-cpu lists can neither merge nor be migration
    // targets: compaction drains them (drain_local_pages()).
    m_allocator.drainPerCpuPages();
    const int pbOrder = m_model.geometry().pageblockOrder;
    const bool sync = run.mode != CompactMode::Async;
    m_observer.compactionBegin(
        run.zone, Pfn(state.migratePageblock) << pbOrder, Pfn(state.freePageblock) << pbOrder, sync);
    CompactOutcome outcome = CompactOutcome::Complete;
    while (!finished(run, &outcome)) {
        if (!scanMigratePageblock(run)) {
            // The free scanner ran into the migrate scanner: nowhere left to move to.
            resetScanners(state);
            outcome = CompactOutcome::Complete;
            break;
        }
    }
    // The kernel's status names (compaction_status_string); a run stopped by
    // the scan budget is what the kernel reports as contended.
    const char* status = outcome == CompactOutcome::Success ? "success"
        : outcome == CompactOutcome::Partial                ? "contended"
                                                            : "complete";
    m_observer.compactionEnd(run.zone, Pfn(state.migratePageblock) << pbOrder, Pfn(state.freePageblock) << pbOrder,
        sync, run.migrated, status);
    return outcome;
}

// __compact_finished(), checked between pageblocks as the kernel does, so a
// pageblock is always cleared as far as it goes.
bool Compactor::finished(Run& run, CompactOutcome* outcome)
{
    auto& state = m_zones[std::size_t(run.zone)];
    const Zone& zone = m_model.zone(run.zone);
    if (state.migratePageblock >= state.freePageblock) {
        resetScanners(state);
        *outcome = CompactOutcome::Complete;
        return true;
    }
    if (run.proactive) {
        // The zone's own score, not the weighted one, against the low mark.
        if (fragmentation::zoneScore(m_model, zone) <= fragmentation::scoreLowMark(m_settings.proactiveness)) {
            *outcome = CompactOutcome::Success;
            return true;
        }
    } else if (run.order >= 0 && freeBlockSuitable(zone, run.order, run.mt)) {
        *outcome = CompactOutcome::Success;
        return true;
    }
    if (m_settings.scanBudget && run.migrateScanned + run.freeScanned >= m_settings.scanBudget) {
        *outcome = CompactOutcome::Partial;
        return true;
    }
    return false;
}

bool Compactor::freeBlockSuitable(const Zone& zone, int order, MigrateType mt) const
{
    const auto& g = m_model.geometry();
    for (int o = order; o <= g.maxPageOrder; ++o) {
        const auto& counts = zone.freeBlocks[std::size_t(o)];
        if (counts[std::size_t(index(mt))])
            return true;
        if (mt == MigrateType::Movable && counts[std::size_t(index(MigrateType::Cma))])
            return true;
        // A block of another type that the allocator would claim whole serves too.
        if (!rmqueue::shouldTryClaim(g, o, mt))
            continue;
        for (MigrateType fallback : rmqueue::fallbacks(mt)) {
            if (counts[std::size_t(index(fallback))])
                return true;
        }
    }
    return false;
}

// The migrate scanner -----------------------------------------------------------

bool Compactor::scanMigratePageblock(Run& run)
{
    auto& state = m_zones[std::size_t(run.zone)];
    const std::size_t pb = state.migratePageblock;
    if (skipGigablock(run, pb))
        return true;
    state.migratePageblock = pb + 1;
    run.current = pb;
    if (!suitableSource(run, pb))
        return true;
    run.migrateScanned += m_model.geometry().pagesPerPageblock();
    // The kernel walks every pfn; the content counts tell us when that would find nothing.
    if (!m_model.pageblocks()[pb].hasMovable())
        return true;
    collectCandidates(run, pb);
    for (const auto& [pfn, order] : m_candidates) {
        if (!migrate(run, pfn, order))
            return false;
    }
    return true;
}

// RFC v2 38/40: a tainted gigablock without movable pages cannot be helped by
// compaction, so the migrate scanner jumps over it.
bool Compactor::skipGigablock(Run& run, std::size_t pageblock)
{
    if (!m_settings.skipTaintedWithoutMovable)
        return false;
    const std::uint32_t gb = m_model.pageblocks()[pageblock].gigablock;
    if (gb == MemoryModel::kNoGigablock)
        return false;
    const GigablockSummary& summary = m_model.gigablocks()[gb];
    if (!summary.isTainted() || summary.usedPages[std::size_t(index(MigrateType::Movable))] != 0)
        return false;
    auto& state = m_zones[std::size_t(run.zone)];
    state.migratePageblock = std::min(m_model.pageblockOf(summary.endPfn - 1) + 1, state.freePageblock);
    ++m_counters.gigablocksSkipped;
    return true;
}

bool Compactor::suitableSource(const Run& run, std::size_t pageblock) const
{
    const PageblockInfo& info = m_model.pageblocks()[pageblock];
    if (info.reserved || info.gigablock == MemoryModel::kNoGigablock)
        return false;
    if (m_model.gigablocks()[info.gigablock].contigAllocated)
        return false; // a 1 GB page is not compaction's to move
    if (info.label == MigrateType::Isolate || info.label == MigrateType::HighAtomic)
        return false;
    if (run.mode != CompactMode::Async)
        return true;
    // suitable_migration_source(): async compaction only clears pageblocks of
    // the requested type; it is meant to be cheap, not thorough.
    if (run.mt == MigrateType::Movable)
        return info.label == MigrateType::Movable || info.label == MigrateType::Cma;
    return info.label == run.mt;
}

bool Compactor::isCandidate(const Run& run, Pfn pfn, PageState state) const
{
    if (!state.isAllocatedHead() || state.migrateType() != MigrateType::Movable)
        return false;
    // skip_isolation_on_order(): a block as large as the goal would need a
    // free block we do not have, and compaction works within pageblocks.
    const int order = state.order();
    if ((run.order >= 0 && order >= run.order) || order >= m_model.geometry().pageblockOrder)
        return false;
    return m_observer.isMigratable(pfn);
}

void Compactor::collectCandidates(const Run& run, std::size_t pageblock)
{
    const auto& g = m_model.geometry();
    m_candidates.clear();
    // Async direct compaction gives up an order-aligned chunk at the first
    // block it cannot move: that chunk cannot become free anyway
    // (skip_on_failure in isolate_migratepages_block()).
    const bool skipOnFailure = run.direct && run.mode == CompactMode::Async && run.order > 0;
    const Pfn chunk = skipOnFailure ? Pfn(1) << std::min(run.order, g.pageblockOrder) : g.pagesPerPageblock();
    const Pfn start = Pfn(pageblock) << g.pageblockOrder;
    const Pfn end = start + g.pagesPerPageblock();
    Pfn chunkEnd = start + chunk;
    std::size_t chunkFirst = 0;
    for (Pfn pfn = start; pfn < end;) {
        if (pfn >= chunkEnd) {
            chunkEnd = (pfn & ~(chunk - 1)) + chunk;
            chunkFirst = m_candidates.size();
        }
        const PageState state = m_model.page(pfn);
        if (!state.isHead()) {
            pfn = blockEnd(pfn);
            continue;
        }
        const Pfn next = pfn + (Pfn(1) << state.order());
        if (isCandidate(run, pfn, state)) {
            m_candidates.emplace_back(pfn, state.order());
        } else if (skipOnFailure && state.isAllocatedHead()) {
            m_candidates.resize(chunkFirst);
            pfn = std::max(next, chunkEnd);
            continue;
        }
        pfn = next;
    }
}

bool Compactor::migrate(Run& run, Pfn pfn, int order)
{
    FreeTarget target {};
    if (!isolateFreeTarget(run, order, &target))
        return false;
    m_model.takeFreeBlock(m_model.zone(run.zone), target.pfn, target.order, order, target.mt);
    m_model.markAllocated(target.pfn, order, MigrateType::Movable);
    m_observer.moved(pfn, target.pfn, order);
    m_model.freeBlock(pfn, order);
    const std::uint64_t pages = std::uint64_t(1) << order;
    run.migrated += pages;
    m_counters.pgmigrateSuccess += pages;
    m_counters.compactIsolated += 2 * pages; // the source and its target
    return true;
}

// The free scanner --------------------------------------------------------------

bool Compactor::isolateFreeTarget(Run& run, int order, FreeTarget* target)
{
    const auto& g = m_model.geometry();
    auto& state = m_zones[std::size_t(run.zone)];
    // Targets come from above the migrate scanner, or compaction would undo itself.
    while (state.freePageblock > run.current) {
        if (!state.freeStarted) {
            if (fullTarget(state.freePageblock)) {
                // What starting it and finding nothing would do, without reading its pages.
                state.freeCursor = Pfn(state.freePageblock) << g.pageblockOrder;
                state.freeRewind = MemoryModel::kNoPfn;
                run.freeScanned += g.pagesPerPageblock();
                lowerFreeScanner(state);
                continue;
            }
            if (!suitableTarget(run, state.freePageblock)) {
                lowerFreeScanner(state);
                continue;
            }
            state.freeStarted = true;
            state.freeCursor = Pfn(state.freePageblock) << g.pageblockOrder;
            state.freeRewind = MemoryModel::kNoPfn;
            run.freeScanned += g.pagesPerPageblock();
        }
        if (findFreeBlock(state, order, target))
            return true;
        lowerFreeScanner(state);
    }
    return false;
}

bool Compactor::suitableTarget(const Run& run, std::size_t pageblock) const
{
    const auto& g = m_model.geometry();
    const PageblockInfo& info = m_model.pageblocks()[pageblock];
    if (info.reserved || info.gigablock == MemoryModel::kNoGigablock)
        return false;
    if (info.label != MigrateType::Movable && info.label != MigrateType::Cma)
        return false;
    // suitable_migration_target(): do not break up a free block that is
    // already as large as the goal (a pageblock, without an order).
    const int goal = run.order > 0 ? run.order : g.pageblockOrder;
    const auto block = m_model.blockContaining(Pfn(pageblock) << g.pageblockOrder);
    return !(block && m_model.page(block->pfn).isFreeHead() && block->order >= goal);
}

// A pageblock that suitableTarget() accepts but that has no free page: the
// common case once memory is full, and knowable from its summary alone.
bool Compactor::fullTarget(std::size_t pageblock) const
{
    const PageblockInfo& info = m_model.pageblocks()[pageblock];
    return info.freePages == 0 && !info.reserved && info.gigablock != MemoryModel::kNoGigablock
        && (info.label == MigrateType::Movable || info.label == MigrateType::Cma);
}

bool Compactor::findFreeBlock(ZoneCompactionState& state, int order, FreeTarget* target)
{
    const auto& g = m_model.geometry();
    const PageblockInfo& info = m_model.pageblocks()[state.freePageblock];
    // The label may have changed since the pageblock was first checked.
    if (info.freePages == 0 || (info.label != MigrateType::Movable && info.label != MigrateType::Cma))
        return false;
    const Pfn end = Pfn(state.freePageblock + 1) << g.pageblockOrder;
    Pfn pfn = m_model.findFreeHead(state.freeCursor, end, 0);
    if (pfn == MemoryModel::kNoPfn)
        return false;
    if (m_model.page(pfn).order() < order) {
        // Smaller blocks passed over come first next time, for smaller sources.
        if (state.freeRewind == MemoryModel::kNoPfn)
            state.freeRewind = pfn;
        pfn = m_model.findFreeHead(pfn + 1, end, order);
        if (pfn == MemoryModel::kNoPfn)
            return false;
    }
    const PageState page = m_model.page(pfn);
    *target = {pfn, page.order(), page.migrateType()};
    // What a split leaves stays free above the target.
    state.freeCursor = state.freeRewind != MemoryModel::kNoPfn ? state.freeRewind : pfn + (Pfn(1) << order);
    state.freeRewind = MemoryModel::kNoPfn;
    return true;
}

void Compactor::lowerFreeScanner(ZoneCompactionState& state)
{
    --state.freePageblock;
    state.freeStarted = false;
}

void Compactor::resetScanners(ZoneCompactionState& state)
{
    state.migratePageblock = state.firstPageblock;
    state.freePageblock = state.lastPageblock;
    state.freeStarted = false;
    state.freeCursor = 0;
    state.freeRewind = MemoryModel::kNoPfn;
}

void Compactor::account(const Run& run, CompactResult& result)
{
    result.pagesMigrated += run.migrated;
    result.migrateScanned += run.migrateScanned;
    result.freeScanned += run.freeScanned;
    result.costNs += run.migrated * m_settings.migrateNsPerPage
        + (run.migrateScanned + run.freeScanned) * m_settings.scanNsPerPage;
    m_counters.compactMigrateScanned += run.migrateScanned;
    m_counters.compactFreeScanned += run.freeScanned;
    if (!run.direct) {
        m_counters.compactDaemonMigrateScanned += run.migrateScanned;
        m_counters.compactDaemonFreeScanned += run.freeScanned;
    }
}

// Gigablock isolation and evacuation ----------------------------------------------

GigablockIsolation Compactor::isolateGigablock(std::uint32_t gigablock)
{
    GigablockIsolation isolation {gigablock, {}};
    const GigablockSummary& summary = m_model.gigablocks()[gigablock];
    const std::size_t first = m_model.pageblockOf(summary.startPfn);
    const std::size_t last = m_model.pageblockOf(summary.endPfn - 1);
    for (std::size_t pb = first; pb <= last; ++pb) {
        const PageblockInfo& info = m_model.pageblocks()[pb];
        isolation.labels.push_back(info.label);
        if (!info.reserved)
            m_model.moveFreePagesAndRelabel(pb, MigrateType::Isolate);
    }
    // alloc_contig_range(): pages parked on per-cpu lists would otherwise
    // stay allocated; drained now, those of this range land on isolated lists.
    m_allocator.drainPerCpuPages();
    return isolation;
}

void Compactor::undoIsolation(const GigablockIsolation& isolation)
{
    const auto& g = m_model.geometry();
    const std::size_t first = m_model.pageblockOf(m_model.gigablocks()[isolation.gigablock].startPfn);
    for (std::size_t i = 0; i < isolation.labels.size();) {
        const std::size_t pb = first + i;
        const MigrateType label = isolation.labels[i];
        if (m_model.pageblocks()[pb].reserved) {
            ++i;
            continue;
        }
        const Pfn start = Pfn(pb) << g.pageblockOrder;
        const PageState head = m_model.page(start);
        m_model.moveFreePagesAndRelabel(pb, label);
        if (head.isFreeHead() && head.order() > g.pageblockOrder) {
            // Free pages merged across pageblocks while isolated: the whole
            // block takes its head's label, as the model keeps a free block's pageblocks alike.
            m_model.relabelRange(start, head.order(), label);
            i += std::size_t(1) << (head.order() - g.pageblockOrder);
            continue;
        }
        ++i;
    }
}

Evacuation Compactor::migrateOut(std::uint32_t gigablock, bool stopAtFirstFailure)
{
    const GigablockSummary& summary = m_model.gigablocks()[gigablock];
    return migrateRange(summary.startPfn, summary.endPfn, stopAtFirstFailure);
}

Evacuation Compactor::migrateRange(Pfn start, Pfn end, bool stopAtFirstFailure)
{
    Evacuation result;
    for (Pfn pfn = start; pfn < end;) {
        const PageState state = m_model.page(pfn);
        if (state.isAllocatedHead() && state.migrateType() == MigrateType::Movable) {
            const std::uint64_t pages = std::uint64_t(1) << state.order();
            const MoveResult moved = migrateAway(pfn, state.order());
            if (moved == MoveResult::Moved) {
                result.pagesMigrated += pages;
            } else {
                result.pagesFailed += pages;
                m_counters.pgmigrateFail += pages;
                // Without memory for targets the rest would fail too (migrate_pages() stops on -ENOMEM).
                result.outOfMemory = moved == MoveResult::NoTarget;
                if (stopAtFirstFailure || result.outOfMemory) {
                    result.scanned += pages;
                    break;
                }
            }
        }
        // A freed block may have merged with its free neighbours: go on after all of it.
        const Pfn next = blockEnd(pfn);
        result.scanned += next - pfn;
        pfn = next;
    }
    m_counters.compactMigrateScanned += result.scanned;
    result.costNs = result.pagesMigrated * m_settings.migrateNsPerPage + result.scanned * m_settings.scanNsPerPage;
    return result;
}

Compactor::MoveResult Compactor::migrateAway(Pfn pfn, int order)
{
    if (!m_observer.isMigratable(pfn))
        return MoveResult::Pinned;
    // alloc_migration_target(): an ordinary movable allocation, so the policy
    // places it; the isolated pageblocks cannot serve it.
    const AllocResult target
        = m_allocator.allocate(AllocRequest {Order(order), MigrateType::Movable, GfpClass::Normal, Tag::Other});
    if (!target)
        return MoveResult::NoTarget;
    m_observer.moved(pfn, target.block.pfn, order);
    m_model.freeBlock(pfn, order);
    const std::uint64_t pages = std::uint64_t(1) << order;
    m_counters.pgmigrateSuccess += pages;
    m_counters.compactIsolated += pages;
    return MoveResult::Moved;
}

Pfn Compactor::blockEnd(Pfn pfn) const
{
    const auto& g = m_model.geometry();
    const PageState state = m_model.page(pfn);
    if (state.isHead())
        return pfn + (Pfn(1) << state.order());
    if (state.isReserved()) // holes and reservations are whole pageblocks
        return (pfn | (g.pagesPerPageblock() - 1)) + 1;
    const auto block = m_model.blockContaining(pfn);
    return block ? block->pfn + (Pfn(1) << block->order) : pfn + 1;
}

} // namespace gbw
