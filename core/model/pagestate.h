// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

#include "types.h"

namespace gbw {

// One byte per page, the model's whole per-page cost (the kernel's struct page
// is 64). Only the first page of a block (its head) says anything; the other
// pages of the block are tails. The layout:
//   bits 0-3  0 = tail, 1..14 = head of a block of order (value - 1), 15 = reserved page
//   bit  4    the block is allocated (else free, on a free list)
//   bits 5-7  migratetype: of the free list for a free block, as requested for an allocated one
class PageState
{
public:
    static constexpr std::uint8_t kTail = 0;
    static constexpr std::uint8_t kReserved = 15;

    constexpr PageState() = default;
    constexpr explicit PageState(std::uint8_t raw)
        : m_raw(raw)
    {}

    static constexpr PageState freeHead(int order, MigrateType mt)
    {
        return PageState(std::uint8_t((order + 1) | (index(mt) << 5)));
    }
    static constexpr PageState allocatedHead(int order, MigrateType mt)
    {
        return PageState(std::uint8_t((order + 1) | kAllocatedBit | (index(mt) << 5)));
    }
    static constexpr PageState reserved()
    {
        return PageState(kReserved);
    }

    constexpr std::uint8_t raw() const
    {
        return m_raw;
    }
    constexpr bool isTail() const
    {
        return (m_raw & 0x0f) == kTail;
    }
    constexpr bool isReserved() const
    {
        return (m_raw & 0x0f) == kReserved;
    }
    constexpr bool isHead() const
    {
        return !isTail() && !isReserved();
    }
    constexpr bool isFreeHead() const
    {
        return isHead() && !(m_raw & kAllocatedBit);
    }
    constexpr bool isAllocatedHead() const
    {
        return isHead() && (m_raw & kAllocatedBit);
    }
    constexpr int order() const
    {
        return (m_raw & 0x0f) - 1;
    }
    constexpr MigrateType migrateType() const
    {
        return static_cast<MigrateType>(m_raw >> 5);
    }
    constexpr bool isFreeHeadOf(int order) const
    {
        return m_raw == ((order + 1) | (m_raw & 0xe0));
    }

    friend constexpr bool operator==(PageState, PageState) = default;

private:
    static constexpr std::uint8_t kAllocatedBit = 0x10;
    std::uint8_t m_raw = kTail;
};

} // namespace gbw
