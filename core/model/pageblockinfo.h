// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>

#include "types.h"

namespace gbw {

// A pageblock's label and what it really holds. The label is what the
// kernel's pageblock bitmap says; the counts are what the RFC's content bits
// (PB_has_unmovable, PB_has_reclaimable, PB_all_free) summarise, kept exact so
// the bits can be cleared when the last such page leaves.
struct PageblockInfo
{
    std::uint32_t gigablock = 0;
    std::uint16_t freePages = 0;
    std::array<std::uint16_t, kPcpTypes> usedPages = {}; // allocated pages by requested type
    MigrateType label = MigrateType::Movable;
    bool reserved = false; // hole or firmware: never free, never allocated
    std::uint8_t zone = 0;

    bool hasUnmovable() const
    {
        return usedPages[index(MigrateType::Unmovable)] != 0;
    }
    bool hasReclaimable() const
    {
        return usedPages[index(MigrateType::Reclaimable)] != 0;
    }
    bool hasMovable() const
    {
        return usedPages[index(MigrateType::Movable)] != 0;
    }
    // Pages allocated for a type other than the label: a "mixed" pageblock.
    bool isMixed() const
    {
        for (int t = 0; t < kPcpTypes; ++t) {
            if (t != index(label) && usedPages[t] != 0)
                return true;
        }
        return false;
    }
};

} // namespace gbw
