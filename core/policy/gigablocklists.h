// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include "gigablockfinder.h"

namespace gbw {

// The RFC's zone->spb_lists[category][fullness]: intrusive lists of
// gigablocks, moved on every category or bucket change. Finding a gigablock
// with a suitable free block means walking them and looking inside each one,
// which is the cost the reviewers asked about.
class GigablockLists final : public GigablockFinder
{
public:
    void attach(const MemoryModel& model) override;
    std::uint32_t next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters) override;

    void freeBlocksPresenceChanged(std::uint32_t gigablock, int order, MigrateType mt, bool present) override
    {
        const std::uint32_t bit = 1u << order;
        std::uint32_t& orders = freeOrders(gigablock, mt);
        orders = present ? orders | bit : orders & ~bit;
    }
    void categoryChanged(std::uint32_t gigablock, GigablockCategory, GigablockCategory) override
    {
        relist(gigablock);
    }
    void fullnessChanged(std::uint32_t gigablock, int, int) override
    {
        relist(gigablock);
    }

private:
    static constexpr int kLists = kSteeringClasses * GigablockSummary::kFullnessBuckets;
    struct Ends
    {
        std::uint32_t head = kNone;
        std::uint32_t tail = kNone;
    };
    int listOf(const GigablockSummary& gb) const; // -1: isolated, on no list
    Ends& ends(std::uint32_t zone, int list)
    {
        return m_ends[std::size_t(zone) * kLists + std::size_t(list)];
    }
    std::uint32_t& freeOrders(std::uint32_t gigablock, MigrateType mt)
    {
        return m_freeOrders[gigablock * std::size_t(kMigrateTypes) + std::size_t(index(mt))];
    }
    void relist(std::uint32_t gigablock);
    void unlink(std::uint32_t gigablock);
    void append(std::uint32_t gigablock, int list);

    const MemoryModel* m_model = nullptr;
    std::vector<Ends> m_ends; // per zone and list
    std::vector<std::uint32_t> m_prev, m_next;
    std::vector<int> m_list; // which list each gigablock is on
    // Per gigablock and type, a bit per order with a free block: what the
    // walk asks of every gigablock it visits, kept small so the walk stays
    // in cache and costs what a walk costs, not what reading summaries costs.
    std::vector<std::uint32_t> m_freeOrders;
};

} // namespace gbw
