// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "mm/pageallocator.h"

namespace gbw {

// What a run leaves behind, as one value: the host, the free memory of each
// zone, the gigablock categories and the counters. `simulate`, `replay` and
// `compare` print and write the same thing, so their JSON keys agree.
struct StateSummary
{
    struct ZoneFree
    {
        int node = 0;
        std::string zone;
        std::vector<std::uint64_t> freeBlocks; // per order, all types (buddyinfo)
        std::uint64_t freePages = 0;
        std::uint64_t managedPages = 0;
        std::array<std::uint64_t, 3> watermarks = {}; // min, low, high
        std::array<std::uint32_t, kGigablockCategories> gigablocks = {};
    };

    std::string policy;
    std::uint64_t hostBytes = 0;
    std::uint64_t pageBytes = 0;
    std::uint32_t gigablocks = 0;
    std::array<std::uint32_t, kGigablockCategories> categories = {};
    std::vector<ZoneFree> zones;
    ModelCounters counters;
    PolicyCounters policyCounters;

    static StateSummary of(const PageAllocator& allocator);
    // The same for a bare model (a reconstructed one); no policy counters.
    static StateSummary of(const MemoryModel& model, std::string policy);
    std::uint32_t count(GigablockCategory c) const
    {
        return categories[std::size_t(c)];
    }

    // Human-readable report for a terminal.
    std::string text() const;
    void toJson(nlohmann::json& out) const;
};

} // namespace gbw
