// SPDX-License-Identifier: GPL-3.0-or-later
#include "objective.h"

#include <array>

namespace gbw {
namespace {

constexpr std::array<MetricInfo, 23> kMetrics = {{
    {"allocatable_1g", true, "1 GB pages allocatable at the end, with compaction"},
    {"allocatable_1g_free", true, "1 GB pages allocatable at the end from all-free gigablocks"},
    {"allocatable_1g_mean", true, "1 GB pages allocatable with compaction, mean over the samples"},
    {"allocatable_1g_min", true, "1 GB pages allocatable with compaction, least after the warm-up"},
    {"high_order_success", true, "share of requests above order 3 that were served (1 if none)"},
    {"high_order_failed", false, "requests above order 3 that failed"},
    {"high_order_stalls", false, "slow-path stalls of requests above order 3"},
    {"alloc_stalls", false, "slow-path stalls (direct reclaim, then compaction), all orders"},
    {"alloc_failed", false, "requests that failed, all orders"},
    {"thp_fallback", false, "THP faults that fell back to small pages"},
    {"compaction_seconds", false, "compaction and evacuation work, virtual seconds"},
    {"reclaim_seconds", false, "reclaim work (kswapd and direct), virtual seconds"},
    {"pages_migrated", false, "pages migrated by compaction"},
    {"compact_stalls", false, "direct compaction runs"},
    {"pages_reclaimed", false, "pages reclaimed by kswapd and direct reclaim"},
    {"tainted_end", false, "tainted gigablocks at the end"},
    {"tainted_max", false, "tainted gigablocks, most over the samples"},
    {"extfrag_events", false, "fallbacks to another migratetype (mm_page_alloc_extfrag)"},
    {"lists_examined", false, "free lists the policy looked at (overhead)"},
    {"gigablocks_visited", false, "gigablocks the policy visited (overhead)"},
    {"bitmap_words", false, "bitmap words the policy scanned (overhead)"},
    {"hugetlb_1g_failed", false, "1 GB requests of the workload that failed"},
    {"events", true, "engine events simulated"},
}};

constexpr std::array<std::string_view, 3> kDefaults = {"allocatable_1g", "high_order_success", "compaction_seconds"};

} // namespace

std::span<const MetricInfo> knownMetrics()
{
    return kMetrics;
}

std::optional<MetricInfo> findMetric(std::string_view name)
{
    for (const auto& m : kMetrics) {
        if (m.name == name)
            return m;
    }
    return std::nullopt;
}

std::span<const std::string_view> defaultObjectives()
{
    return kDefaults;
}

} // namespace gbw
