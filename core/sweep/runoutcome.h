// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/geometry.h"

namespace gbw {

struct EngineReport;

// What a sweep keeps of one run: the metrics of knownMetrics() (objective.h),
// the requests, failures and stalls per order, and the 1 GB allocatable time series.
struct RunOutcome
{
    struct OrderStats
    {
        std::uint64_t allocated = 0;
        std::uint64_t failed = 0;
        std::uint64_t stalls = 0;
        bool operator==(const OrderStats&) const = default;
    };
    struct Point
    {
        double seconds = 0;
        std::uint32_t allocatable1g = 0;
        bool operator==(const Point&) const = default;
    };

    std::vector<std::pair<std::string, double>> metrics; // in knownMetrics() order
    std::array<OrderStats, kMaxSupportedOrder + 1> orders = {};
    std::vector<Point> allocatable1g;

    static RunOutcome of(const EngineReport& report);
    std::optional<double> metric(std::string_view name) const;
    bool operator==(const RunOutcome&) const = default;

    void toJson(nlohmann::json& out) const;
    static RunOutcome fromJson(const nlohmann::json& in); // throws nlohmann::json::exception
};

} // namespace gbw
