// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginesnapshot.h"

#include "mm/compaction.h"
#include "model/procformat.h"

namespace gbw {

std::string_view name(CellCategory category)
{
    static constexpr std::array<std::string_view, kCellCategories> names
        = {"empty", "clean", "tainted", "isolated", "unknown"};
    return names[std::size_t(category)];
}

std::string_view name(SourceKind kind)
{
    static constexpr std::array<std::string_view, 3> names = {"simulation", "replay", "live"};
    return names[std::size_t(kind)];
}

GigablockCell cellOf(const GigablockSummary& summary)
{
    GigablockCell cell;
    cell.startPfn = summary.startPfn;
    cell.freePages = summary.freePages;
    cell.usablePageblocks = summary.usablePageblocks();
    cell.usablePages = std::uint64_t(cell.usablePageblocks) * summary.pagesPerPageblock;
    for (std::size_t t = 0; t < cell.usedPages.size(); ++t)
        cell.usedPages[t] = summary.usedPages[t];
    for (std::size_t o = 0; o < cell.freeBlocks.size(); ++o)
        cell.freeBlocks[o] = summary.freeBlocksOfOrder(int(o));
    cell.labelCount = summary.labelCount;
    cell.freePageblocks = summary.freePageblocks;
    cell.unmovablePageblocks = summary.unmovablePageblocks;
    cell.reclaimablePageblocks = summary.reclaimablePageblocks;
    // A gigablock that is all hole or firmware has no category worth a colour.
    cell.category = cell.usablePageblocks == 0 ? CellCategory::Unknown : CellCategory(summary.category());
    cell.zone = summary.zone;
    return cell;
}

std::vector<PageblockCell> pageblocksOf(const MemoryModel& model, std::uint32_t gigablock, Pfn* firstPfn)
{
    const Geometry& g = model.geometry();
    const auto& summary = model.gigablocks()[gigablock];
    // Gigablocks are clipped to their zone; show all the slots of the aligned gigablock.
    const Pfn first = summary.startPfn & ~(Pfn(g.pagesPerGigablock()) - 1);
    *firstPfn = first;
    std::vector<PageblockCell> cells(std::size_t(g.pageblocksPerGigablock()));
    const auto& infos = model.pageblocks();
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const Pfn pfn = first + Pfn(i) * g.pagesPerPageblock();
        auto& cell = cells[i];
        if (pfn < summary.startPfn || pfn >= summary.endPfn) {
            cell.reserved = true;
            continue;
        }
        const PageblockInfo& info = infos[model.pageblockOf(pfn)];
        cell.label = info.label;
        cell.reserved = info.reserved;
        cell.mixed = info.isMixed();
        cell.freePages = info.freePages;
        cell.usedPages = info.usedPages;
    }
    return cells;
}

std::vector<PageCell> pagesOf(const MemoryModel& model, Pfn firstPfn, std::uint64_t count)
{
    std::vector<PageCell> cells(count);
    PageCell current; // the block the walk is in; a tail page repeats it
    bool known = false;
    for (std::uint64_t i = 0; i < count; ++i) {
        const Pfn pfn = firstPfn + i;
        const PageState state = pfn < model.endPfn() ? model.page(pfn) : PageState::reserved();
        if (state.isReserved()) {
            cells[i] = PageCell {};
            known = false;
            continue;
        }
        if (state.isHead()) {
            current.kind = state.isFreeHead() ? PageCell::Kind::Free : PageCell::Kind::Allocated;
            current.order = std::uint8_t(state.order());
            current.migrateType = state.migrateType();
            known = true;
            cells[i] = current;
            cells[i].head = true;
            continue;
        }
        if (!known) {
            // A tail at the start of the range: its head lies in an earlier pageblock.
            const auto block = model.blockContaining(pfn);
            if (block) {
                const PageState head = model.page(block->pfn);
                current.kind = head.isFreeHead() ? PageCell::Kind::Free : PageCell::Kind::Allocated;
                current.order = block->order;
                current.migrateType = head.migrateType();
                known = true;
            }
        }
        cells[i] = known ? current : PageCell {};
        cells[i].head = false;
    }
    return cells;
}

void appendModelCounters(std::vector<CounterRow>& rows, const MemoryModel& model)
{
    auto add = [&rows](std::string name, std::uint64_t value) { rows.push_back({"model", std::move(name), value}); };
    const ModelCounters& m = model.counters();
    for (int mode = 0; mode < kRmqueueModes; ++mode)
        add("served_by_" + std::string(name(RmqueueMode(mode))), m.servedBy[std::size_t(mode)]);
    for (int r = 0; r < kClaimRefusals; ++r)
        add("claim_refused_" + std::string(name(ClaimRefusal(r))), m.claimRefused[std::size_t(r)]);
    add("frees", m.frees);
    add("merges", m.merges);
    add("splits", m.splits);
    add("extfrag_events", m.extfragEvents);
    add("fragmenting_fallbacks", m.fragmentingFallbacks);
    add("pageblock_claims", m.pageblockClaims);
    add("watermark_boosts", m.watermarkBoosts);
    add("slow_path_entries", m.slowPathEntries);
    add("taint_events", m.taintEvents);
    add("untaint_events", m.untaintEvents);
}

std::vector<CounterRow> counterRows(const Engine& engine)
{
    std::vector<CounterRow> rows;
    auto add = [&rows](std::string group, std::string name, std::uint64_t value) {
        rows.push_back({std::move(group), std::move(name), value});
    };
    const EngineCounters& e = engine.counters();
    add("vmstat", "pgalloc", e.pgalloc);
    add("vmstat", "pgfree", e.pgfree);
    add("vmstat", "allocstall", e.allocstallDirect);
    add("vmstat", "pgscan_kswapd", e.pgscanKswapd);
    add("vmstat", "pgscan_direct", e.pgscanDirect);
    add("vmstat", "pgsteal_kswapd", e.pgstealKswapd);
    add("vmstat", "pgsteal_direct", e.pgstealDirect);
    add("vmstat", "pgsteal_file", e.pgstealFile);
    add("vmstat", "pgsteal_anon", e.pgstealAnon);
    add("vmstat", "slabs_scanned", e.slabsScanned);
    add("vmstat", "pageoutrun", e.kswapdWakeups);
    add("vmstat", "thp_fault_alloc", e.thpFaultAlloc);
    add("vmstat", "thp_fault_fallback", e.thpFaultFallback);
    add("engine", "alloc_failed", e.allocFailed);
    add("engine", "hugetlb_1g_alloc", e.hugetlb1gAlloc);
    add("engine", "hugetlb_1g_fail", e.hugetlb1gFail);
    add("engine", "refused_by_policy", e.refusedByPolicy);
    add("engine", "reclaim_ns", e.reclaimNs);
    add("engine", "compaction_ns", engine.compactionNs());
    for (const auto& [name, value] : engine.compactor().counters().vmstat())
        add("vmstat", std::string(name), value);

    appendModelCounters(rows, engine.allocator().model());

    const PolicyCounters& p = engine.allocator().policy().counters();
    const OverheadCounters total = p.total();
    for (std::size_t step = 0; step < p.stepNames.size() && step < total.servedByStep.size(); ++step)
        add("policy", "step_" + p.stepNames[step], total.servedByStep[step]);
    add("policy", "lists_examined", total.listsExamined);
    add("policy", "gigablocks_visited", total.gigablocksVisited);
    add("policy", "bitmap_words_scanned", total.bitmapWordsScanned);
    add("policy", "picks", total.picks);
    add("policy", "refused_to_taint", total.refusedToTaint);
    return rows;
}

EngineSnapshot EngineSnapshot::ofModel(const MemoryModel& model, const SnapshotRequest& request)
{
    EngineSnapshot s;
    s.geometry = model.geometry();

    const auto& summaries = model.gigablocks();
    s.gigablocks.reserve(summaries.size());
    for (const auto& summary : summaries) {
        s.gigablocks.push_back(cellOf(summary));
        ++s.categories[std::size_t(s.gigablocks.back().category)];
    }
    for (const auto& pb : model.pageblocks()) {
        if (!pb.reserved && pb.gigablock < s.gigablocks.size() && pb.isMixed())
            ++s.gigablocks[pb.gigablock].mixedPageblocks;
    }
    if (request.gigablock < summaries.size()) {
        s.drill.gigablock = request.gigablock;
        s.drill.pageblocks = pageblocksOf(model, request.gigablock, &s.drill.firstPfn);
        if (request.pageblock < s.drill.pageblocks.size()) {
            s.drill.pageblock = request.pageblock;
            const Pfn first = s.drill.firstPfn + Pfn(request.pageblock) * s.geometry.pagesPerPageblock();
            s.drill.pages = pagesOf(model, first, s.geometry.pagesPerPageblock());
        }
    }
    if (request.procText) {
        s.pagetypeinfo = procformat::pagetypeinfo(model);
        s.buddyinfo = procformat::buddyinfo(model);
    }
    return s;
}

EngineSnapshot EngineSnapshot::capture(const Engine& engine, const SnapshotRequest& request)
{
    EngineSnapshot s = ofModel(engine.allocator().model(), request);
    s.policy = std::string(engine.allocator().policy().name());
    s.workload = engine.config().workload.name;
    s.hostBytes = engine.config().host.memoryBytes;
    s.seed = engine.config().seed;
    s.seconds = double(engine.now()) / 1e9;
    s.events = engine.events();

    s.latest = engine.sampleNow();
    const auto& samples = engine.samples();
    s.firstSample = std::min(request.samplesFrom, samples.size());
    s.samples.assign(samples.begin() + std::ptrdiff_t(s.firstSample), samples.end());
    s.counters = counterRows(engine);
    s.knobs = engine.knobs().all();
    return s;
}

} // namespace gbw
