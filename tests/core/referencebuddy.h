// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <optional>
#include <vector>

#include "mm/watermarks.h"
#include "model/hostconfig.h"
#include "model/zone.h"

namespace gbw::test {

// Rules where the model once departed from mm/page_alloc.c of Linux 6.x, or
// still does on purpose. `kernel()` follows the kernel; `asModel()` follows
// the model. The first three were model bugs this test found and are fixed,
// so both agree there; the last is a deliberate difference (see memorymodel.cpp).
struct ReferenceRules
{
    // try_to_claim_block() calls boost_watermark() on every attempt below
    // pageblock order, and __rmqueue_claim() may make several attempts.
    bool boostOnEveryClaimAttempt = true;
    // reserve_highatomic_pageblock() since 6.8 ("mm: page_alloc: enforce minimum
    // zone size to do high atomic reserves"): no reserve at all while 1 % of
    // the zone is less than a pageblock.
    bool highatomicNeedsOnePercent = true;
    // zone_watermark_fast(): an order-0 ALLOC_MIN_RESERVE (GFP_ATOMIC)
    // request that fails the boosted min mark is checked again without the boost.
    bool minReserveIgnoresBoost = true;
    // __free_one_page() relabels only the first pageblock of a buddy it
    // merges across types (set_pageblock_migratetype()); the model relabels
    // all of it, keeping labels and free lists in step. Different only when
    // MAX_PAGE_ORDER > pageblock order + 1.
    bool mergeRelabelsFirstPageblockOnly = true;

    static ReferenceRules kernel()
    {
        return {};
    }
    static ReferenceRules asModel()
    {
        return {true, true, true, false};
    }
};

// A deliberately simple re-implementation of the vanilla buddy allocator on a
// single-node host, written to be read next to mm/page_alloc.c: a std::list
// per (zone, order, migratetype) with explicit head and tail insertion, one
// plain record per page, one label per pageblock, and every count recomputed
// from the lists when it is needed. Slow on purpose; it shares no code with
// the model except the host layout and the vocabulary types.
class ReferenceBuddy
{
public:
    ReferenceBuddy(const HostConfig& config, const WatermarkSettings& settings, ReferenceRules rules);

    // __alloc_pages(): the pfn handed out, or nothing.
    std::optional<Pfn> allocate(const AllocRequest& request);
    // __free_pages() of a block this reference handed out.
    void free(Pfn pfn, int order);

    // What the test compares with the model.
    int zoneCount() const
    {
        return int(m_zones.size());
    }
    ZoneType zoneType(int zone) const
    {
        return m_zones[std::size_t(zone)].type;
    }
    std::vector<Pfn> freeList(int zone, int order, MigrateType mt) const; // head first
    std::size_t pageblockCount() const
    {
        return m_labels.size();
    }
    MigrateType label(std::size_t pageblock) const
    {
        return m_labels[pageblock];
    }
    std::uint64_t watermark(int zone, Watermark w) const
    {
        return m_zones[std::size_t(zone)].watermark[std::size_t(w)];
    }
    std::uint64_t lowmemReserve(int zone, ZoneType highest) const
    {
        return m_zones[std::size_t(zone)].lowmemReserve[std::size_t(highest)];
    }
    std::uint64_t boost(int zone) const
    {
        return m_zones[std::size_t(zone)].boost;
    }
    std::uint64_t reservedHighatomic(int zone) const
    {
        return m_zones[std::size_t(zone)].reservedHighatomic;
    }
    std::uint64_t freePages(int zone) const;

private:
    // One page: only the first page of a block says anything.
    struct Page
    {
        std::int8_t order = -1; // the order of the block this page heads; -1 for other pages
        bool free = false;
        MigrateType type = MigrateType::Movable; // the list a free block is on; the request of an allocated one
        std::list<Pfn>::iterator where; // a free block's place on its list
    };

    struct RefZone
    {
        ZoneType type = ZoneType::Normal;
        Pfn start = 0;
        Pfn end = 0;
        std::uint64_t managed = 0;
        std::array<std::uint64_t, 3> watermark = {}; // min, low, high, without the boost
        std::uint64_t boost = 0;
        std::array<std::uint64_t, kZoneTypes> lowmemReserve = {};
        std::uint64_t reservedHighatomic = 0; // nr_reserved_highatomic
        std::vector<std::array<std::list<Pfn>, kMigrateTypes>> lists; // [order][migratetype]

        bool contains(Pfn pfn) const
        {
            return pfn >= start && pfn < end;
        }
        std::list<Pfn>& list(int order, MigrateType mt)
        {
            return lists[std::size_t(order)][std::size_t(index(mt))];
        }
        const std::list<Pfn>& list(int order, MigrateType mt) const
        {
            return lists[std::size_t(order)][std::size_t(index(mt))];
        }
    };

    // Set-up
    void setupWatermarks(const WatermarkSettings& settings);
    void releaseBootMemory();

    // The zonelist walk
    std::vector<int> zonelist(MigrateType mt) const;
    std::optional<Pfn> getPageFromFreelist(const AllocRequest& request, unsigned flags);
    bool zoneWatermarkFast(const RefZone& zone, int order, std::uint64_t mark, ZoneType highest, unsigned flags) const;
    bool zoneWatermarkOk(const RefZone& zone, int order, std::uint64_t mark, ZoneType highest, unsigned flags) const;
    void boostWatermark(RefZone& zone);

    // rmqueue and its modes
    std::optional<Pfn> rmqueue(RefZone& zone, int order, MigrateType mt, unsigned flags);
    std::optional<Pfn> rmqueueModes(RefZone& zone, int order, MigrateType mt, unsigned flags);
    std::optional<Pfn> rmqueueSmallest(RefZone& zone, int order, MigrateType mt);
    std::optional<Pfn> rmqueueClaim(RefZone& zone, int order, MigrateType mt, unsigned flags);
    std::optional<Pfn> tryToClaimBlock(
        RefZone& zone, Pfn page, int currentOrder, int order, MigrateType startType, MigrateType blockType);
    std::optional<Pfn> rmqueueSteal(RefZone& zone, int order, MigrateType mt);
    std::optional<MigrateType> fallbackWithBlock(RefZone& zone, int order, MigrateType mt);
    bool shouldTryClaimBlock(int order, MigrateType mt) const;

    // Highatomic reserve
    void reserveHighatomicPageblock(RefZone& zone, Pfn page, int order);
    bool unreserveHighatomicPageblock(MigrateType mt);

    // Buddy mechanics
    void takeBlock(RefZone& zone, Pfn page, int currentOrder, int order, MigrateType mt);
    void freeOnePage(Pfn pfn, int order, MigrateType mt, bool toTail);
    void addToFreeList(RefZone& zone, Pfn pfn, int order, MigrateType mt, bool toTail);
    void delFromFreeList(RefZone& zone, Pfn pfn);
    bool moveFreePagesBlock(RefZone& zone, Pfn start, MigrateType to);
    void setLabels(Pfn pfn, int order, MigrateType mt);
    bool isFreeBlock(Pfn pfn, int order) const;
    RefZone& zoneOf(Pfn pfn);
    std::uint64_t freePagesOfType(const RefZone& zone, MigrateType mt) const;
    std::uint64_t freePagesOf(const RefZone& zone) const;

    Pfn pageblockPages() const
    {
        return Pfn(1) << m_geometry.pageblockOrder;
    }
    MigrateType labelOf(Pfn pfn) const
    {
        return m_labels[std::size_t(pfn >> m_geometry.pageblockOrder)];
    }

    Geometry m_geometry;
    ReferenceRules m_rules;
    int m_boostFactor = 0;
    std::vector<RefZone> m_zones; // in address order, which is zone type order on one node
    std::vector<Page> m_pages;
    std::vector<MigrateType> m_labels;
    std::vector<bool> m_usable; // per pageblock: neither a hole nor reserved
    int m_claimAttemptsBelowPageblock = 0; // in the current rmqueue(), for the model's single boost
};

} // namespace gbw::test
