// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "hugepageallocator.h"
#include "prefetch.h"

namespace gbw {

// Head and tail of one free list (one order, one migratetype, one zone or
// gigablock). Entries are page offsets from the zone's first pfn.
struct ListEnds
{
    static constexpr std::uint32_t kNil = 0xffffffffu;
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    bool empty() const
    {
        return head == kNil;
    }
};

// The prev/next links of every free block in one zone. The kernel keeps them
// in the struct page of the free block itself; a dense per-page copy would
// cost 8 bytes a page, so we keep them only for blocks that are free, in an
// open-addressing table keyed by page offset. Its size follows the number of
// free blocks, not the size of memory.
class FreeLinks
{
public:
    FreeLinks();

    void pushHead(ListEnds& list, std::uint32_t offset);
    void pushTail(ListEnds& list, std::uint32_t offset);
    void remove(ListEnds& list, std::uint32_t offset);
    std::uint32_t next(std::uint32_t offset) const
    {
        return m_slots[find(offset)].next;
    }
    bool contains(std::uint32_t offset) const
    {
        return m_slots[find(offset)].key == offset;
    }

    void prefetch(std::uint32_t offset) const
    {
        prefetchLine(&m_slots[home(offset)]);
    }

    std::size_t size() const
    {
        return m_size;
    }
    std::size_t memoryBytes() const
    {
        return m_slots.capacity() * sizeof(Slot);
    }

private:
    struct Slot
    {
        std::uint32_t key = ListEnds::kNil;
        std::uint32_t prev = ListEnds::kNil;
        std::uint32_t next = ListEnds::kNil;
    };

    // Keys of one 64-page window get neighbouring slots, and windows are
    // scattered: a block and its small buddies then share cache lines, which
    // is where merges and splits look, while distant memory still spreads evenly.
    std::size_t home(std::uint32_t key) const
    {
        const std::size_t window = (std::uint64_t(key >> 6) * 0x9E3779B97F4A7C15ull) >> m_shift;
        return (window + (key & 63)) & m_mask;
    }
    std::size_t find(std::uint32_t key) const; // the slot holding key, or the empty slot where it would go
    Slot& insert(std::uint32_t key);
    void eraseAt(std::size_t slot);
    void grow();

    std::vector<Slot, HugePageAllocator<Slot>> m_slots;
    std::size_t m_mask = 0;
    int m_shift = 0;
    std::size_t m_size = 0;
};

} // namespace gbw
