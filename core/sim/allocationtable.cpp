// SPDX-License-Identifier: GPL-3.0-or-later
#include "allocationtable.h"

namespace gbw {

std::uint32_t AllocationTable::add(Pfn pfn, int order, std::uint16_t requestClass, Reclaimable lru, bool movable)
{
    std::uint32_t id;
    if (m_freeIds.empty()) {
        id = m_count++;
        if ((id & kChunkMask) == 0)
            m_chunks.emplace_back(std::size_t(1) << kChunkBits);
    } else {
        id = m_freeIds.back();
        m_freeIds.pop_back();
    }
    Allocation& a = slot(id);
    a.pfn = pfn;
    a.order = Order(order);
    a.requestClass = requestClass;
    a.lru = lru;
    a.alive = true;
    a.indexed = movable;
    ++a.generation;
    if (movable)
        m_byPfn.insert(pfn, id);
    link(id);
    ++m_live;
    return id;
}

void AllocationTable::remove(std::uint32_t id)
{
    Allocation& a = slot(id);
    unlink(id);
    // The pfn array may keep the id: erasing it would be a store to a cold
    // line on every free, and idAt() tells a stale id by the entry's own pfn
    // and liveness. The hash must erase, or it would fill up.
    if (m_byPfn.exact() && a.indexed)
        m_byPfn.erase(a.pfn);
    a.alive = false;
    m_freeIds.push_back(id);
    --m_live;
}

void AllocationTable::moved(Pfn from, Pfn to, int order)
{
    const std::uint32_t id = idAt(from);
    if (id == kNone)
        return;
    m_byPfn.erase(from);
    m_byPfn.insert(to, id);
    slot(id).pfn = to;
    (void)order;
}

void AllocationTable::link(std::uint32_t id)
{
    Allocation& a = slot(id);
    if (a.lru == Reclaimable::No)
        return;
    Ends& e = m_lru[std::size_t(a.lru)];
    a.prev = e.tail;
    a.next = kNone;
    (e.tail == kNone ? e.head : slot(e.tail).next) = id;
    e.tail = id;
    m_lruPages[std::size_t(a.lru)] += std::uint64_t(1) << a.order;
}

void AllocationTable::unlink(std::uint32_t id)
{
    Allocation& a = slot(id);
    if (a.lru == Reclaimable::No)
        return;
    Ends& e = m_lru[std::size_t(a.lru)];
    (a.prev == kNone ? e.head : slot(a.prev).next) = a.next;
    (a.next == kNone ? e.tail : slot(a.next).prev) = a.prev;
    a.prev = a.next = kNone;
    m_lruPages[std::size_t(a.lru)] -= std::uint64_t(1) << a.order;
}

} // namespace gbw
