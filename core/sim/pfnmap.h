// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/hugepageallocator.h"
#include "model/prefetch.h"
#include "model/types.h"

namespace gbw {

// pfn -> allocation id, for the few questions the engine asks by address
// (whose block is this, now that compaction wants to move it?). Open
// addressing with backward-shift deletion: no tombstones, 12 bytes a slot.
// Or, once told where the pfns end (reserve()), an array with one id per
// pfn: 4 bytes a page, and an erase is one store instead of a probe and a
// shift along the run, each a cache miss in a table of hundreds of megabytes.
//
// Inserts are written behind: each waits in a short queue while a prefetch
// brings its slot in, and lands a few inserts later. Every allocation inserts
// one key at a random place in a table of hundreds of megabytes, so without
// this each one would stall on a cache miss.
class PfnMap
{
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);

    PfnMap();
    // From now on keep ids in an array indexed by pfn, for pfns below end
    // (larger ones grow it). Only while the map is empty; otherwise ignored.
    void reserve(Pfn end);
    void insert(Pfn pfn, std::uint32_t id);
    void erase(Pfn pfn);
    std::uint32_t find(Pfn pfn) const;
    // Hashed: only what was inserted and not erased is found. By pfn, an
    // owner may skip erase() and check what find() returns itself.
    bool exact() const
    {
        return m_dense.empty();
    }
    void prefetch(Pfn pfn) const
    {
        if (m_dense.empty())
            prefetchLine(&m_slots[home(pfn)]);
        else if (pfn < m_dense.size())
            prefetchLine(&m_dense[pfn]);
    }
    std::size_t size() const
    {
        land();
        return m_size;
    }

private:
    struct Slot
    {
        std::uint32_t keyLow = kEmpty; // pfns fit in 40 bits: low 32 here, high 8 in keyHigh
        std::uint8_t keyHigh = 0;
        std::uint32_t id = kNone;
    };
    static constexpr std::uint32_t kEmpty = ~std::uint32_t(0);
    static bool holds(const Slot& s, Pfn pfn)
    {
        return s.keyLow == std::uint32_t(pfn) && s.keyHigh == std::uint8_t(pfn >> 32);
    }
    static bool empty(const Slot& s)
    {
        return s.keyLow == kEmpty && s.keyHigh == 0xff;
    }
    // Scattered on purpose: neighbouring pfns in neighbouring slots would
    // merge into long runs at this load, and deletion walks a whole run.
    std::size_t home(Pfn pfn) const
    {
        return std::size_t((pfn * 0x9E3779B97F4A7C15ull) >> m_shift) & m_mask;
    }
    struct Pending
    {
        Pfn pfn;
        std::uint32_t id;
    };
    static constexpr std::size_t kWriteBehind = 16;

    std::size_t slotOf(Pfn pfn) const;
    void grow();
    void store(Pfn pfn, std::uint32_t id);
    // Lands every waiting insert. Logically const: the map's contents do not change.
    void land() const;
    // The i-th waiting insert, oldest first.
    Pending& pending(std::size_t i) const
    {
        return m_pending[(m_pendingFirst + i) % kWriteBehind];
    }

    std::vector<Slot, HugePageAllocator<Slot>> m_slots;
    std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> m_dense; // by pfn, kNone where none; empty: hashed
    std::size_t m_mask = 0;
    int m_shift = 0;
    std::size_t m_size = 0;
    mutable std::array<Pending, kWriteBehind> m_pending {}; // a ring, oldest at m_pendingFirst
    mutable std::size_t m_pendingFirst = 0;
    mutable std::size_t m_pendingCount = 0;
};

} // namespace gbw
