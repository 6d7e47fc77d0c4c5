// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gbw::importers {

// One cell of the free-pages table. Since 5.4 the kernel stops counting a free list at 100000
// entries and prints ">100000": the value is then a lower bound.
struct FreeCount
{
    std::uint64_t value = 0;
    bool lowerBound = false;

    bool operator==(const FreeCount&) const = default;
};

// "Node    0, zone   Normal, type      Movable  12 ..." (counts of free blocks per order)
struct PagetypeFreeRow
{
    int node = 0;
    std::string zone;
    std::string migratetype;
    std::vector<FreeCount> counts; // index = order

    bool operator==(const PagetypeFreeRow&) const = default;
};

struct PagetypeBlockRow
{
    int node = 0;
    std::string zone;
    std::vector<std::uint64_t> counts; // parallel to PagetypeBlockTable::migratetypes

    bool operator==(const PagetypeBlockRow&) const = default;
};

// "Number of blocks type" and "Number of mixed blocks": pageblocks per migratetype and zone.
struct PagetypeBlockTable
{
    std::vector<std::string> migratetypes; // column names as printed, in file order
    std::vector<PagetypeBlockRow> rows;

    bool operator==(const PagetypeBlockTable&) const = default;
};

// What the kernel prints once per node with memory: header, free table, block tables. Any part
// may be missing in excerpts (mails, issues), so every part is optional.
struct PagetypeinfoSection
{
    std::optional<int> pageblockOrder;
    std::optional<std::uint64_t> pagesPerBlock;
    bool hasFreeHeader = false; // the "Free pages count per migrate type at order 0 1 ..." line
    int orderCount = 0; // number of order columns of the free table
    std::vector<PagetypeFreeRow> freeRows;
    std::optional<PagetypeBlockTable> blockCounts;
    std::optional<PagetypeBlockTable> mixedBlockCounts;

    bool operator==(const PagetypeinfoSection&) const = default;
};

struct PagetypeinfoSnapshot
{
    std::optional<Timestamp> timestamp;
    std::size_t firstLine = 0;
    // The kernel ends every row with a space; copies pasted into mails and issues lose it.
    bool trailingSpace = true;
    std::vector<PagetypeinfoSection> sections;

    bool operator==(const PagetypeinfoSnapshot&) const = default;

    // Distinct migratetype names in the order the file printed them.
    std::vector<std::string> migratetypes() const;
    const PagetypeFreeRow* freeRow(int node, std::string_view zone, std::string_view migratetype) const;
    // Sum over all migratetypes of one zone: what /proc/buddyinfo prints for it.
    std::vector<std::uint64_t> zoneTotals(int node, std::string_view zone) const;
    bool hasLowerBound() const;
};

} // namespace gbw::importers
