// SPDX-License-Identifier: GPL-3.0-or-later
#include "freelinks.h"

#include <cassert>

namespace gbw {

namespace {
constexpr int kInitialBits = 10;
}

FreeLinks::FreeLinks()
    : m_slots(std::size_t(1) << kInitialBits)
    , m_mask((std::size_t(1) << kInitialBits) - 1)
    , m_shift(64 - kInitialBits)
{}

std::size_t FreeLinks::find(std::uint32_t key) const
{
    std::size_t i = home(key);
    while (m_slots[i].key != key && m_slots[i].key != ListEnds::kNil)
        i = (i + 1) & m_mask;
    return i;
}

FreeLinks::Slot& FreeLinks::insert(std::uint32_t key)
{
    // Grow at half load, still a small fraction of a byte per page. Keys of
    // one window share a stretch of slots, so runs merge sooner than under a
    // uniform hash: at 3/4 load a superpageblock host, whose free blocks sit
    // densely in few windows, spent twice the instructions per list operation
    // of a vanilla one, most of them walking runs.
    if ((m_size + 1) * 2 > m_slots.size())
        grow();
    const std::size_t i = find(key);
    assert(m_slots[i].key == ListEnds::kNil && "block is already on a free list");
    m_slots[i].key = key;
    ++m_size;
    return m_slots[i];
}

void FreeLinks::eraseAt(std::size_t hole)
{
    // Backward-shift deletion: no tombstones, so lookups never slow down.
    std::size_t i = hole;
    for (;;) {
        i = (i + 1) & m_mask;
        if (m_slots[i].key == ListEnds::kNil)
            break;
        const std::size_t want = home(m_slots[i].key);
        // Move slot i into the hole unless its home lies cyclically in (hole, i].
        const bool homeInRange = hole <= i ? (want > hole && want <= i) : (want > hole || want <= i);
        if (!homeInRange) {
            m_slots[hole] = m_slots[i];
            hole = i;
        }
    }
    m_slots[hole] = Slot {};
    --m_size;
}

void FreeLinks::grow()
{
    std::vector<Slot, HugePageAllocator<Slot>> old;
    old.swap(m_slots);
    m_slots.assign(old.size() * 2, Slot {});
    m_mask = m_slots.size() - 1;
    --m_shift;
    for (const Slot& slot : old) {
        if (slot.key == ListEnds::kNil)
            continue;
        std::size_t i = home(slot.key);
        while (m_slots[i].key != ListEnds::kNil)
            i = (i + 1) & m_mask;
        m_slots[i] = slot;
    }
}

void FreeLinks::pushHead(ListEnds& list, std::uint32_t offset)
{
    Slot& slot = insert(offset);
    slot.prev = ListEnds::kNil;
    slot.next = list.head;
    if (list.head != ListEnds::kNil)
        m_slots[find(list.head)].prev = offset;
    else
        list.tail = offset;
    list.head = offset;
}

void FreeLinks::pushTail(ListEnds& list, std::uint32_t offset)
{
    Slot& slot = insert(offset);
    slot.next = ListEnds::kNil;
    slot.prev = list.tail;
    if (list.tail != ListEnds::kNil)
        m_slots[find(list.tail)].next = offset;
    else
        list.head = offset;
    list.tail = offset;
}

void FreeLinks::remove(ListEnds& list, std::uint32_t offset)
{
    // One probe for the block itself: its slot index stays valid while the
    // neighbours' links change, and erasing by index needs no second search.
    const std::size_t at = find(offset);
    const Slot slot = m_slots[at];
    if (slot.prev != ListEnds::kNil)
        m_slots[find(slot.prev)].next = slot.next;
    else
        list.head = slot.next;
    if (slot.next != ListEnds::kNil)
        m_slots[find(slot.next)].prev = slot.prev;
    else
        list.tail = slot.prev;
    eraseAt(at);
}

} // namespace gbw
