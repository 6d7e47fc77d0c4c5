// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gbw {

// An outcome a sweep reports and compares runs by: the name of one of
// RunOutcome's metrics and whether more of it is better.
struct Objective
{
    std::string metric;
    bool maximize = true;

    bool operator==(const Objective&) const = default;
};

// A metric a run produces, with the direction that is better and one line of meaning.
struct MetricInfo
{
    std::string_view name;
    bool maximize;
    std::string_view meaning;
};

// Every metric RunOutcome fills in, in report order.
std::span<const MetricInfo> knownMetrics();
std::optional<MetricInfo> findMetric(std::string_view name);
// What a sweep reports when its file names no objectives: the reviewers'
// trade-off between 1 GB availability, high-order success and compaction cost.
std::span<const std::string_view> defaultObjectives();

} // namespace gbw
