// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/geometry.h"
#include "model/types.h"
#include "model/zone.h"

namespace gbw {

// A double-ended queue of pfns: the kernel's pcp lists take and give at the
// head and drain from the tail, and a ring keeps all three O(1) without the
// per-node allocations of a linked list.
class PfnRing
{
public:
    bool empty() const
    {
        return m_size == 0;
    }
    std::size_t size() const
    {
        return m_size;
    }
    void pushFront(Pfn pfn)
    {
        reserveOne();
        m_head = (m_head - 1) & (m_slots.size() - 1);
        m_slots[m_head] = pfn;
        ++m_size;
    }
    void pushBack(Pfn pfn)
    {
        reserveOne();
        m_slots[(m_head + m_size) & (m_slots.size() - 1)] = pfn;
        ++m_size;
    }
    Pfn popFront()
    {
        const Pfn pfn = m_slots[m_head];
        m_head = (m_head + 1) & (m_slots.size() - 1);
        --m_size;
        return pfn;
    }
    Pfn popBack()
    {
        --m_size;
        return m_slots[(m_head + m_size) & (m_slots.size() - 1)];
    }
    Pfn at(std::size_t i) const
    {
        return m_slots[(m_head + i) & (m_slots.size() - 1)];
    }

private:
    void reserveOne();

    std::vector<Pfn> m_slots; // size is zero or a power of two
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

// One CPU's struct per_cpu_pages for one zone: free pages of the small
// orders and the THP order kept back from the buddy lists, so that most
// allocations and frees never touch them. The pages are allocated as far as
// the buddy allocator and the gigablock counters can tell, as in the kernel.
class PerCpuPages
{
public:
    // Orders up to PAGE_ALLOC_COSTLY_ORDER, and the THP order.
    static constexpr int kCostlyOrder = 3;
    static constexpr int kLists = (kCostlyOrder + 2) * kPcpTypes;

    static bool allowedOrder(const Geometry& geometry, int order)
    {
        return order <= kCostlyOrder || order == geometry.pageblockOrder;
    }
    static int listIndex(int order, MigrateType mt)
    {
        const int slot = order <= kCostlyOrder ? order : kCostlyOrder + 1;
        return slot * kPcpTypes + index(mt);
    }
    static int orderOfList(const Geometry& geometry, int list)
    {
        const int slot = list / kPcpTypes;
        return slot <= kCostlyOrder ? slot : geometry.pageblockOrder;
    }

    // zone_batchsize() and zone_highsize() for `cpus` CPUs on the zone's node.
    void size(const Zone& zone, int cpus);

    PfnRing& list(int i)
    {
        return m_lists[std::size_t(i)];
    }
    const PfnRing& list(int i) const
    {
        return m_lists[std::size_t(i)];
    }

    std::uint64_t count = 0; // pages held, all lists
    int batch = 1;
    int high = 4;
    int freeFactor = 0; // grows while frees outrun allocations, scales the bulk free

private:
    std::array<PfnRing, kLists> m_lists;
};

// Told of every page that moves between the buddy lists and a per-cpu list,
// as the kernel's mm_page_alloc_zone_locked (percpu_refill=1) and
// mm_page_pcpu_drain tracepoints are: without them a recording could not
// tell buddy state from what users hold.
class PcpObserver
{
public:
    virtual ~PcpObserver() = default;
    virtual void pcpRefilled(Pfn pfn, int order, MigrateType mt) = 0;
    virtual void pcpDrained(Pfn pfn, int order, MigrateType mt) = 0;
};

// What the per-cpu lists did, for the report.
struct PcpCounters
{
    std::uint64_t hits = 0; // allocations served from a list
    std::uint64_t refills = 0; // rmqueue_bulk() calls
    std::uint64_t refillPages = 0;
    std::uint64_t frees = 0; // frees that went to a list
    std::uint64_t bulkFrees = 0; // free_pcppages_bulk() calls
    std::uint64_t bulkFreedPages = 0;
    std::uint64_t drains = 0;
};

} // namespace gbw
