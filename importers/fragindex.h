// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gbw::importers {

// debugfs extfrag/extfrag_index and extfrag/unusable_index share one layout.
enum class FragIndexKind
{
    ExtfragIndex,
    UnusableIndex
};

// Values are kept in thousandths, as the kernel computes them, so nothing is lost to rounding:
// "-1.000" is -1000 (an allocation of that order would succeed), "0.931" is 931.
struct FragIndexRow
{
    int node = 0;
    std::string zone;
    std::vector<int> milli; // index = order

    bool operator==(const FragIndexRow&) const = default;

    double value(std::size_t order) const
    {
        return milli.at(order) / 1000.0;
    }
};

struct FragIndexSnapshot
{
    std::optional<Timestamp> timestamp;
    std::size_t firstLine = 0;
    std::vector<FragIndexRow> rows;

    bool operator==(const FragIndexSnapshot&) const = default;
};

} // namespace gbw::importers
