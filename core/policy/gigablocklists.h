// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include "gigablockfinder.h"

namespace gbw {

// The RFC's zone->spb_lists[category][fullness]: intrusive lists of
// gigablocks, moved on every category or bucket change. Finding a gigablock
// with a suitable free block means walking them and looking inside each one,
// which is the cost the reviewers asked about.
//
// That cost is counted as the walk would make it, but a fresh walk is not
// always walked: its answer is kept until something it read changes. Only
// three things can change it: a gigablock it passed over gaining a block of
// the order it wanted, the one it found losing its last, or a list of its
// class changing order. In the second case the next walk goes on from where
// this one stopped, as everything before is still known to have nothing.
class GigablockLists final : public GigablockFinder
{
public:
    // keepAnswers false: walk every time (to check the kept answers against).
    explicit GigablockLists(bool keepAnswers = true)
        : m_keepAnswers(keepAnswers)
    {}
    void attach(const MemoryModel& model) override;
    std::uint32_t next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters) override;

    void freeBlocksPresenceChanged(std::uint32_t gigablock, int order, MigrateType mt, bool present) override
    {
        const std::uint32_t bit = 1u << order;
        std::uint32_t& orders = freeOrders(gigablock, mt);
        const std::uint32_t before = orders;
        orders = present ? orders | bit : orders & ~bit;
        // A walk asks whether any order from its minimum up has a block:
        // only a change of the highest such order can change an answer.
        if (const int from = highest(before), to = highest(orders); from != to && m_list[gigablock] >= 0)
            highestChanged(gigablock, mt, from, to);
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
    // The answer of the last fresh walk with one (zone, class, type, minimum
    // order); which gigablocks it visited are bits in m_seen.
    struct Walk
    {
        bool valid = false;
        bool foundLost = false; // the one found has nothing left: go on past it
        int bucket = 0;
        std::uint32_t found = kNone;
        std::uint64_t visited = 0;
    };
    static int highest(std::uint32_t orders)
    {
        return orders ? 31 - __builtin_clz(orders) : -1;
    }
    std::size_t walkIndex(std::uint32_t zone, int steering, MigrateType mt, int minOrder) const
    {
        return ((std::size_t(zone) * kSteeringClasses + std::size_t(steering)) * kMigrateTypes + std::size_t(index(mt)))
            * std::size_t(m_orders)
            + std::size_t(minOrder);
    }
    std::uint64_t* seen(std::size_t walk)
    {
        return m_seen.data() + walk * m_seenWords;
    }
    void highestChanged(std::uint32_t gigablock, MigrateType mt, int before, int after);
    void forgetWalks(std::uint32_t zone, int list);
    void start(std::uint32_t zone, FinderCursor& cursor);
    std::uint64_t keptOrWalked(std::uint32_t zone, FinderCursor& cursor, std::uint32_t& found);
    std::uint64_t walkOn(std::uint32_t zone, FinderCursor& cursor, std::uint32_t& found, std::uint64_t* seen);
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

    bool m_keepAnswers;
    const MemoryModel* m_model = nullptr;
    std::vector<Ends> m_ends; // per zone and list
    std::vector<std::uint32_t> m_prev, m_next;
    std::vector<int> m_list; // which list each gigablock is on
    // Per gigablock and type, a bit per order with a free block: what the
    // walk asks of every gigablock it visits, kept small so the walk stays
    // in cache and costs what a walk costs, not what reading summaries costs.
    std::vector<std::uint32_t> m_freeOrders;
    int m_orders = 0;
    std::vector<Walk> m_walks; // by walkIndex()
    std::size_t m_seenWords = 0; // per walk: a bit per gigablock
    std::vector<std::uint64_t> m_seen;
};

} // namespace gbw
