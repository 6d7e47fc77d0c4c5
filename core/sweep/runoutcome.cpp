// SPDX-License-Identifier: GPL-3.0-or-later
#include "runoutcome.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "objective.h"
#include "sim/enginereport.h"

namespace gbw {
namespace {

// Above PAGE_ALLOC_COSTLY_ORDER: what the kernel calls a costly, high-order request.
constexpr int kCostlyOrder = 3;

double valueOf(std::string_view name, const EngineReport& r, const RunOutcome& o)
{
    std::uint64_t highAllocated = 0, highFailed = 0, highStalls = 0;
    for (int order = kCostlyOrder + 1; order <= kMaxSupportedOrder; ++order) {
        highAllocated += o.orders[std::size_t(order)].allocated;
        highFailed += o.orders[std::size_t(order)].failed;
        highStalls += o.orders[std::size_t(order)].stalls;
    }
    const auto policy = r.state.policyCounters.total();
    const std::size_t tainted = std::size_t(GigablockCategory::Tainted);
    if (name == "allocatable_1g")
        return r.allocatable1g;
    if (name == "allocatable_1g_free")
        return r.allocatable1gFree;
    if (name == "allocatable_1g_mean") {
        double sum = 0;
        for (const auto& p : o.allocatable1g)
            sum += p.allocatable1g;
        return o.allocatable1g.empty() ? double(r.allocatable1g) : sum / double(o.allocatable1g.size());
    }
    if (name == "allocatable_1g_min") {
        // After the warm-up: the first minute, or the first half of a shorter run.
        const double warmUp = std::min(60.0, r.seconds / 2);
        double least = r.allocatable1g;
        for (const auto& p : o.allocatable1g) {
            if (p.seconds >= warmUp)
                least = std::min(least, double(p.allocatable1g));
        }
        return least;
    }
    if (name == "high_order_success")
        return highAllocated + highFailed ? double(highAllocated) / double(highAllocated + highFailed) : 1.0;
    if (name == "high_order_failed")
        return double(highFailed);
    if (name == "high_order_stalls")
        return double(highStalls);
    if (name == "alloc_stalls")
        return double(r.engine.allocstallDirect);
    if (name == "alloc_failed")
        return double(r.engine.allocFailed);
    if (name == "thp_fallback")
        return double(r.engine.thpFaultFallback);
    if (name == "compaction_seconds")
        return r.compactionSeconds;
    if (name == "reclaim_seconds")
        return r.reclaimSeconds;
    if (name == "pages_migrated")
        return double(r.compaction.pgmigrateSuccess + r.contig.pagesMigrated);
    if (name == "compact_stalls")
        return double(r.compaction.compactStall);
    if (name == "pages_reclaimed")
        return double(r.engine.pgstealKswapd + r.engine.pgstealDirect);
    if (name == "tainted_end")
        return double(r.state.categories[tainted]);
    if (name == "tainted_max")
        return double(std::max<std::uint32_t>(r.maxTainted, r.state.categories[tainted]));
    if (name == "extfrag_events")
        return double(r.state.counters.extfragEvents);
    if (name == "lists_examined")
        return double(policy.listsExamined);
    if (name == "gigablocks_visited")
        return double(policy.gigablocksVisited);
    if (name == "bitmap_words")
        return double(policy.bitmapWordsScanned);
    if (name == "hugetlb_1g_failed")
        return double(r.engine.hugetlb1gFail);
    if (name == "events")
        return double(r.events);
    return 0;
}

} // namespace

RunOutcome RunOutcome::of(const EngineReport& report)
{
    RunOutcome outcome;
    for (std::size_t order = 0; order < outcome.orders.size(); ++order) {
        outcome.orders[order] = {report.engine.allocatedByOrder[order], report.engine.failedByOrder[order],
            report.engine.stallsByOrder[order]};
    }
    for (const auto& s : report.samples)
        outcome.allocatable1g.push_back({s.seconds, s.allocatable1g});
    for (const auto& m : knownMetrics())
        outcome.metrics.emplace_back(std::string(m.name), valueOf(m.name, report, outcome));
    return outcome;
}

std::optional<double> RunOutcome::metric(std::string_view name) const
{
    for (const auto& [n, v] : metrics) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

void RunOutcome::toJson(nlohmann::json& out) const
{
    auto& m = out["metrics"] = nlohmann::json::object();
    for (const auto& [name, value] : metrics)
        m[name] = value;
    auto& orders = out["orders"] = nlohmann::json::array();
    for (const auto& o : this->orders)
        orders.push_back({o.allocated, o.failed, o.stalls});
    auto& series = out["allocatable_1g_series"] = nlohmann::json::array();
    for (const auto& p : allocatable1g)
        series.push_back({p.seconds, p.allocatable1g});
}

RunOutcome RunOutcome::fromJson(const nlohmann::json& in)
{
    RunOutcome outcome;
    const auto& m = in.at("metrics");
    for (const auto& info : knownMetrics()) // the order of knownMetrics(), whatever the file's
        outcome.metrics.emplace_back(std::string(info.name), m.at(std::string(info.name)).get<double>());
    const auto& orders = in.at("orders");
    for (std::size_t i = 0; i < outcome.orders.size() && i < orders.size(); ++i) {
        outcome.orders[i] = {orders[i].at(0).get<std::uint64_t>(), orders[i].at(1).get<std::uint64_t>(),
            orders[i].at(2).get<std::uint64_t>()};
    }
    for (const auto& p : in.at("allocatable_1g_series"))
        outcome.allocatable1g.push_back({p.at(0).get<double>(), p.at(1).get<std::uint32_t>()});
    return outcome;
}

} // namespace gbw
