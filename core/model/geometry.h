// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

#include "types.h"

namespace gbw {

// The three sizes that shape physical memory. x86-64 with 4 KiB pages is the
// default; arm64 with 64 KiB pages is pageShift 16, pageblockOrder 13,
// maxPageOrder 13 and a gigablock of order 13 + 13 (4 TiB PUD) or smaller.
struct Geometry
{
    int pageShift = 12;
    int pageblockOrder = 9;
    int maxPageOrder = 10;
    int gigablockOrder = 18;

    std::uint64_t pageBytes() const
    {
        return std::uint64_t(1) << pageShift;
    }
    std::uint64_t pagesPerPageblock() const
    {
        return std::uint64_t(1) << pageblockOrder;
    }
    std::uint64_t pagesPerGigablock() const
    {
        return std::uint64_t(1) << gigablockOrder;
    }
    std::uint64_t pageblocksPerGigablock() const
    {
        return std::uint64_t(1) << (gigablockOrder - pageblockOrder);
    }
    int orders() const
    {
        return maxPageOrder + 1;
    }

    // Empty when the geometry is usable, otherwise what is wrong with it.
    std::string validate() const;

    friend bool operator==(const Geometry&, const Geometry&) = default;
};

inline constexpr int kMaxSupportedOrder = 13; // the page state byte holds order + 1 in four bits, 15 marks reserved

} // namespace gbw
