// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginereport.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "model/appendf.h"

#include "mm/compaction.h"
#include "mm/contigallocator.h"

namespace gbw {

EngineReport EngineReport::of(const Engine& engine)
{
    EngineReport r;
    r.state = StateSummary::of(engine.allocator());
    r.workload = engine.config().workload.name;
    r.seconds = double(engine.now()) / 1e9;
    r.events = engine.events();
    r.allocatable1g = engine.contig().allocatableWithCompaction(engine.reclaimablePages());
    r.allocatable1gFree = engine.contig().allocatableNow();
    r.engine = engine.counters();
    r.compaction = engine.compactor().counters();
    r.contig = engine.contig().counters();
    r.reclaimSeconds = double(engine.counters().reclaimNs) / 1e9;
    r.compactionSeconds = double(engine.compactionNs()) / 1e9;
    r.samples = engine.samples();
    bool first = true;
    for (const auto& s : r.samples) {
        r.maxTainted = std::max(r.maxTainted, s.categories[std::size_t(GigablockCategory::Tainted)]);
        if (s.seconds >= 60) {
            r.minAllocatable1g = first ? s.allocatable1g : std::min(r.minAllocatable1g, s.allocatable1g);
            first = false;
        }
    }
    return r;
}

namespace {
using ull = unsigned long long;
} // namespace

std::string EngineReport::text() const
{
    std::string out = state.text();
    appendf(out, "1 GB pages allocatable now: %u from free gigablocks, %u with compaction; tainted at most %u\n",
        allocatable1gFree, allocatable1g, maxTainted);
    appendf(out, "Reclaim: %llu pages by kswapd (%llu wakeups), %llu direct (%llu stalls), %.2f s of work\n",
        ull(engine.pgstealKswapd), ull(engine.kswapdWakeups), ull(engine.pgstealDirect), ull(engine.allocstallDirect),
        reclaimSeconds);
    appendf(out,
        "Compaction: %llu stalls (%llu ok, %llu failed), %llu pages migrated, %llu proactive runs, %.2f s of work\n",
        ull(compaction.compactStall), ull(compaction.compactSuccess), ull(compaction.compactFail),
        ull(compaction.pgmigrateSuccess), ull(compaction.proactiveRuns), compactionSeconds);
    appendf(out,
        "Requests: %llu allocated, %llu failed (%llu refused by the policy); THP %llu, fallback %llu; 1 GB %llu, "
        "failed %llu\n",
        ull(engine.pgalloc), ull(engine.allocFailed), ull(engine.refusedByPolicy), ull(engine.thpFaultAlloc),
        ull(engine.thpFaultFallback), ull(engine.hugetlb1gAlloc), ull(engine.hugetlb1gFail));
    return out;
}

void EngineReport::toJson(nlohmann::json& out, bool withSamples) const
{
    state.toJson(out);
    out["workload"] = workload;
    out["virtual_seconds"] = seconds;
    out["events"] = events;
    out["allocatable_1g"] = allocatable1g;
    out["allocatable_1g_free"] = allocatable1gFree;
    out["max_tainted_gigablocks"] = maxTainted;
    out["min_allocatable_1g_after_first_minute"] = minAllocatable1g;
    auto& v = out["counters"]["vmstat"];
    v["pgalloc"] = engine.pgalloc;
    v["pgfree"] = engine.pgfree;
    v["allocstall_normal"] = engine.allocstallDirect;
    v["pgscan_kswapd"] = engine.pgscanKswapd;
    v["pgscan_direct"] = engine.pgscanDirect;
    v["pgsteal_kswapd"] = engine.pgstealKswapd;
    v["pgsteal_direct"] = engine.pgstealDirect;
    v["pgsteal_file"] = engine.pgstealFile;
    v["pgsteal_anon"] = engine.pgstealAnon;
    v["slabs_scanned"] = engine.slabsScanned;
    v["pageoutrun"] = engine.kswapdWakeups;
    v["thp_fault_alloc"] = engine.thpFaultAlloc;
    v["thp_fault_fallback"] = engine.thpFaultFallback;
    for (const auto& [name, value] : compaction.vmstat())
        v[std::string(name)] = value;
    out["counters"]["alloc_failed"] = engine.allocFailed;
    out["counters"]["refused_by_policy"] = engine.refusedByPolicy;
    out["counters"]["hugetlb_1g_alloc"] = engine.hugetlb1gAlloc;
    out["counters"]["hugetlb_1g_fail"] = engine.hugetlb1gFail;
    out["counters"]["reclaim_seconds"] = reclaimSeconds;
    out["counters"]["compaction_seconds"] = compactionSeconds;
    out["counters"]["contig_pages_migrated"] = contig.pagesMigrated;
    if (!withSamples)
        return;
    auto& series = out["samples"] = nlohmann::json::array();
    for (const auto& s : samples) {
        series.push_back({{"seconds", s.seconds}, {"events", s.events},
            {"empty_gigablocks", s.categories[std::size_t(GigablockCategory::Empty)]},
            {"clean_gigablocks", s.categories[std::size_t(GigablockCategory::Clean)]},
            {"tainted_gigablocks", s.categories[std::size_t(GigablockCategory::Tainted)]},
            {"isolated_gigablocks", s.categories[std::size_t(GigablockCategory::Isolated)]},
            {"allocatable_1g", s.allocatable1g}, {"allocatable_1g_free", s.allocatable1gFree},
            {"free_pages", s.freePages}, {"free_blocks", s.freeBlocksByOrder},
            {"fragmentation_score", s.fragmentationScore}, {"pages_migrated", s.compactionMigrated},
            {"pages_reclaimed", s.reclaimed}});
    }
}

} // namespace gbw
