// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/pagetypeinfo.h"

#include <algorithm>

namespace gbw::importers {

std::vector<std::string> PagetypeinfoSnapshot::migratetypes() const
{
    std::vector<std::string> names;
    auto add = [&names](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    };
    for (const auto& section : sections) {
        for (const auto& row : section.freeRows)
            add(row.migratetype);
        for (const auto* table : {&section.blockCounts, &section.mixedBlockCounts}) {
            if (*table) {
                for (const auto& name : (*table)->migratetypes)
                    add(name);
            }
        }
    }
    return names;
}

const PagetypeFreeRow* PagetypeinfoSnapshot::freeRow(
    int node, std::string_view zone, std::string_view migratetype) const
{
    for (const auto& section : sections) {
        for (const auto& row : section.freeRows) {
            if (row.node == node && row.zone == zone && row.migratetype == migratetype)
                return &row;
        }
    }
    return nullptr;
}

std::vector<std::uint64_t> PagetypeinfoSnapshot::zoneTotals(int node, std::string_view zone) const
{
    std::vector<std::uint64_t> totals;
    for (const auto& section : sections) {
        for (const auto& row : section.freeRows) {
            if (row.node != node || row.zone != zone)
                continue;
            totals.resize(std::max(totals.size(), row.counts.size()));
            for (std::size_t order = 0; order < row.counts.size(); ++order)
                totals[order] += row.counts[order].value;
        }
    }
    return totals;
}

bool PagetypeinfoSnapshot::hasLowerBound() const
{
    for (const auto& section : sections) {
        for (const auto& row : section.freeRows) {
            for (const auto& count : row.counts) {
                if (count.lowerBound)
                    return true;
            }
        }
    }
    return false;
}

} // namespace gbw::importers
