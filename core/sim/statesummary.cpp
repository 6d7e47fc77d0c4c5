// SPDX-License-Identifier: GPL-3.0-or-later
#include "statesummary.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "model/appendf.h"

namespace gbw {

StateSummary StateSummary::of(const PageAllocator& allocator)
{
    StateSummary summary = of(allocator.model(), std::string(allocator.policy().name()));
    summary.policyCounters = allocator.policy().counters();
    return summary;
}

StateSummary StateSummary::of(const MemoryModel& model, std::string policy)
{
    StateSummary summary;
    summary.policy = std::move(policy);
    summary.hostBytes = model.config().memoryBytes;
    summary.pageBytes = model.geometry().pageBytes();
    summary.gigablocks = std::uint32_t(model.gigablocks().size());
    for (int zi = 0; zi < model.zoneCount(); ++zi) {
        const Zone& zone = model.zone(zi);
        ZoneFree zf;
        zf.node = zone.node;
        zf.zone = std::string(name(zone.type));
        for (int order = 0; order < model.geometry().orders(); ++order)
            zf.freeBlocks.push_back(zone.freeBlocksOfOrder(order));
        zf.freePages = zone.freePages;
        zf.managedPages = zone.managedPages;
        zf.watermarks = {zone.watermark[0], zone.watermark[1], zone.watermark[2]};
        for (std::uint32_t gb = zone.firstGigablock; gb < zone.firstGigablock + zone.gigablockCount; ++gb) {
            const auto c = std::size_t(model.gigablocks()[gb].category());
            ++zf.gigablocks[c];
            ++summary.categories[c];
        }
        summary.zones.push_back(std::move(zf));
    }
    summary.counters = model.counters();
    return summary;
}

namespace {
using ull = unsigned long long;
} // namespace

std::string StateSummary::text() const
{
    std::string out;
    appendf(out, "Free blocks per order (as /proc/buddyinfo), free and managed pages per zone:\n");
    appendf(out, "%-18s", "");
    const std::size_t orders = zones.empty() ? 0 : zones.front().freeBlocks.size();
    for (std::size_t o = 0; o < orders; ++o)
        appendf(out, " %7zu", o);
    appendf(out, " %12s %12s\n", "free pages", "managed");
    for (const auto& z : zones) {
        appendf(out, "Node %d, %-9s", z.node, z.zone.c_str());
        for (auto n : z.freeBlocks)
            appendf(out, " %7llu", ull(n));
        appendf(out, " %12llu %12llu\n", ull(z.freePages), ull(z.managedPages));
    }
    appendf(out, "\nGigablocks (%llu KiB pages, %u in all):", ull(pageBytes >> 10), gigablocks);
    for (int c = 0; c < kGigablockCategories; ++c)
        appendf(out, " %s %u%s", std::string(name(GigablockCategory(c))).c_str(), categories[std::size_t(c)],
            c + 1 < kGigablockCategories ? "," : "\n");
    appendf(out, "Allocations by __rmqueue mode:");
    for (int m = 0; m < kRmqueueModes; ++m)
        appendf(out, " %s %llu", std::string(name(RmqueueMode(m))).c_str(), ull(counters.servedBy[std::size_t(m)]));
    appendf(out, "; failed:");
    for (int f = 1; f < 4; ++f)
        appendf(
            out, " %s %llu", std::string(name(AllocFailure(f))).c_str(), ull(counters.failedByReason[std::size_t(f)]));
    appendf(out, "\n");
    const OverheadCounters total = policyCounters.total();
    appendf(out, "Policy %s steps:", policy.c_str());
    for (std::size_t step = 0; step < policyCounters.stepNames.size(); ++step)
        appendf(out, " %s %llu", policyCounters.stepNames[step].c_str(), ull(total.servedByStep[step]));
    appendf(out,
        "\nPolicy overhead: %llu picks, %llu gigablocks visited, %llu free lists examined, %llu bitmap words, "
        "%llu refused to taint\n",
        ull(total.picks), ull(total.gigablocksVisited), ull(total.listsExamined), ull(total.bitmapWordsScanned),
        ull(total.refusedToTaint));
    appendf(out,
        "Fallbacks: %llu extfrag events (%llu below pageblock order), %llu pageblocks claimed, %llu taint events\n",
        ull(counters.extfragEvents), ull(counters.fragmentingFallbacks), ull(counters.pageblockClaims),
        ull(counters.taintEvents));
    return out;
}

void StateSummary::toJson(nlohmann::json& out) const
{
    out["policy"] = policy;
    out["host_bytes"] = hostBytes;
    out["page_bytes"] = pageBytes;
    out["gigablocks"] = gigablocks;
    out["empty_gigablocks"] = count(GigablockCategory::Empty);
    out["clean_gigablocks"] = count(GigablockCategory::Clean);
    out["tainted_gigablocks"] = count(GigablockCategory::Tainted);
    out["isolated_gigablocks"] = count(GigablockCategory::Isolated);
    auto& zoneList = out["zones"] = nlohmann::json::array();
    for (const auto& z : zones) {
        zoneList.push_back({{"node", z.node}, {"zone", z.zone}, {"free_blocks", z.freeBlocks},
            {"free_pages", z.freePages}, {"managed_pages", z.managedPages}, {"watermark_min", z.watermarks[0]},
            {"watermark_low", z.watermarks[1]}, {"watermark_high", z.watermarks[2]},
            {"empty_gigablocks", z.gigablocks[std::size_t(GigablockCategory::Empty)]},
            {"clean_gigablocks", z.gigablocks[std::size_t(GigablockCategory::Clean)]},
            {"tainted_gigablocks", z.gigablocks[std::size_t(GigablockCategory::Tainted)]},
            {"isolated_gigablocks", z.gigablocks[std::size_t(GigablockCategory::Isolated)]}});
    }
    auto& c = out["counters"];
    c["alloc_success"] = counters.allocSuccess;
    c["alloc_failed"] = counters.allocFailed;
    for (int f = 0; f < 4; ++f)
        c["failed_by_reason"][std::string(name(AllocFailure(f)))] = counters.failedByReason[std::size_t(f)];
    for (int m = 0; m < kRmqueueModes; ++m)
        c["served_by"][std::string(name(RmqueueMode(m)))] = counters.servedBy[std::size_t(m)];
    for (int r = 0; r < kClaimRefusals; ++r)
        c["claim_refused"][std::string(name(ClaimRefusal(r)))] = counters.claimRefused[std::size_t(r)];
    c["frees"] = counters.frees;
    c["merges"] = counters.merges;
    c["splits"] = counters.splits;
    c["extfrag_events"] = counters.extfragEvents;
    c["fragmenting_fallbacks"] = counters.fragmentingFallbacks;
    c["pageblock_claims"] = counters.pageblockClaims;
    c["watermark_boosts"] = counters.watermarkBoosts;
    c["highatomic_reserved"] = counters.highatomicReserved;
    c["highatomic_unreserved"] = counters.highatomicUnreserved;
    c["nofragment_retries"] = counters.noFragmentRetries;
    c["slow_path_entries"] = counters.slowPathEntries;
    c["taint_events"] = counters.taintEvents;
    c["untaint_events"] = counters.untaintEvents;
    c["taints_by_tag"] = nlohmann::json::object();
    for (int t = 0; t < kTags; ++t)
        c["taints_by_tag"][std::string(name(Tag(t)))] = counters.taintsByTag[std::size_t(t)];
    for (int g = 0; g < kGfpClasses; ++g)
        c["taints_by_gfp"][std::string(name(GfpClass(g)))] = counters.taintsByGfp[std::size_t(g)];
    for (int t = 0; t < kPcpTypes; ++t)
        c["taints_by_type"][std::string(name(MigrateType(t)))] = counters.taintsByType[std::size_t(t)];
    c["taints_by_order"] = counters.taintsByOrder;
    auto overhead = [&](const OverheadCounters& o) {
        nlohmann::json j;
        for (std::size_t i = 0; i < policyCounters.stepNames.size(); ++i)
            j["served_by_step"][policyCounters.stepNames[i]] = i < o.servedByStep.size() ? o.servedByStep[i] : 0;
        j["lists_examined"] = o.listsExamined;
        j["gigablocks_visited"] = o.gigablocksVisited;
        j["bitmap_words_scanned"] = o.bitmapWordsScanned;
        j["picks"] = o.picks;
        j["refused_to_taint"] = o.refusedToTaint;
        return j;
    };
    auto& p = c["policy"] = overhead(policyCounters.total());
    for (int t = 0; t < kPcpTypes; ++t)
        p["by_type"][std::string(name(MigrateType(t)))] = overhead(policyCounters.byType[std::size_t(t)]);
}

} // namespace gbw
