// SPDX-License-Identifier: GPL-3.0-or-later
#include "allocationtable.h"

#include <cassert>

namespace gbw {

std::uint32_t AllocationTable::addAt(
    std::uint32_t id, Pfn pfn, int order, std::uint16_t requestClass, Reclaimable lru, bool movable)
{
    assert((id == kNone || (id < kOwnIds && !isLive(id))) && pfn <= Allocation::kPfnMask && order < 32
        && std::size_t(requestClass) < kMaxRequestClasses);
    if (id == kNone)
        id = ownId();
    while (!has(id))
        m_chunks[rangeOf(id)].emplace_back(std::size_t(1) << kChunkBits);
    Allocation& a = slot(id);
    a.m_word = pfn | std::uint64_t(order) << Allocation::kOrderShift | std::uint64_t(lru) << Allocation::kLruShift
        | std::uint64_t(1) << Allocation::kAliveShift | std::uint64_t(movable) << Allocation::kIndexedShift
        | std::uint64_t(requestClass) << Allocation::kClassShift;
    if (movable)
        m_byPfn.insert(pfn, id);
    link(id);
    ++m_live;
    return id;
}

std::uint32_t AllocationTable::ownId()
{
    if (m_freeIds.empty())
        return m_ownCount++;
    const std::uint32_t id = m_freeIds.back();
    m_freeIds.pop_back();
    return id;
}

void AllocationTable::remove(std::uint32_t id)
{
    Allocation& a = slot(id);
    unlink(id);
    // The pfn array may keep the id: erasing it would be a store to a cold
    // line on every free, and idAt() tells a stale id by the entry's own pfn
    // and liveness. The hash must erase, or it would fill up.
    if (m_byPfn.exact() && a.indexed())
        m_byPfn.erase(a.pfn());
    a.m_word &= ~(std::uint64_t(1) << Allocation::kAliveShift);
    if (id >= kOwnIds)
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
    slot(id).setPfn(to);
    (void)order;
}

void AllocationTable::link(std::uint32_t id)
{
    Allocation& a = slot(id);
    if (a.lru() == Reclaimable::No)
        return;
    Ends& e = m_lru[std::size_t(a.lru())];
    a.prev = e.tail;
    a.next = kNone;
    (e.tail == kNone ? e.head : slot(e.tail).next) = id;
    e.tail = id;
    m_lruPages[std::size_t(a.lru())] += std::uint64_t(1) << a.order();
}

void AllocationTable::unlink(std::uint32_t id)
{
    Allocation& a = slot(id);
    if (a.lru() == Reclaimable::No)
        return;
    Ends& e = m_lru[std::size_t(a.lru())];
    (a.prev == kNone ? e.head : slot(a.prev).next) = a.next;
    (a.next == kNone ? e.tail : slot(a.next).prev) = a.prev;
    a.prev = a.next = kNone;
    m_lruPages[std::size_t(a.lru())] -= std::uint64_t(1) << a.order();
}

} // namespace gbw
