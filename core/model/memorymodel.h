// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "counters.h"
#include "gigablocksummary.h"
#include "hostconfig.h"
#include "hugepageallocator.h"
#include "pageblockinfo.h"
#include "pagestate.h"
#include "zone.h"

namespace gbw {

// Where free blocks are listed: once per zone (the vanilla kernel), or once
// per gigablock (the RFC and the bitmap policy). The buddy rules are the same.
enum class ListScope : std::uint8_t
{
    Zone,
    Gigablock
};

// Told about the rare changes that indexes over gigablocks care about.
class ModelListener
{
public:
    virtual ~ModelListener() = default;
    // A gigablock's count of free blocks of (order, mt) went from 0 to 1 or from 1 to 0.
    virtual void freeBlocksPresenceChanged(std::uint32_t gigablock, int order, MigrateType mt, bool present) = 0;
    virtual void categoryChanged(std::uint32_t gigablock, GigablockCategory from, GigablockCategory to) = 0;
    // The gigablock moved to another fullness bucket (GigablockSummary::fullness).
    virtual void fullnessChanged(std::uint32_t gigablock, int from, int to) = 0;
};

// Told when a pageblock's migratetype label changes (claims, highatomic
// reserves, isolation): rare, so recorders of a run can follow labels exactly.
class LabelObserver
{
public:
    virtual ~LabelObserver() = default;
    virtual void labelChanged(std::size_t pageblock, MigrateType from, MigrateType to) = 0;
};

// Physical memory and the buddy mechanics on it: split, merge, free-list
// insertion in the kernel's order, pageblock relabelling. It decides nothing
// about placement; a Policy does, through these operations. Every operation
// keeps the zone, pageblock and gigablock summaries exact in O(1).
class MemoryModel
{
public:
    static constexpr Pfn kNoPfn = ~Pfn(0);
    static constexpr std::uint32_t kNoGigablock = ~std::uint32_t(0);

    static std::unique_ptr<MemoryModel> create(const HostConfig& config, ListScope scope, std::string* error);

    const HostConfig& config() const
    {
        return m_config;
    }
    const Geometry& geometry() const
    {
        return m_config.geometry;
    }
    ListScope listScope() const
    {
        return m_scope;
    }
    Pfn endPfn() const
    {
        return Pfn(m_pages.size());
    }

    int zoneCount() const
    {
        return int(m_zones.size());
    }
    Zone& zone(int i)
    {
        return m_zones[std::size_t(i)];
    }
    const Zone& zone(int i) const
    {
        return m_zones[std::size_t(i)];
    }
    int zoneIndexOf(Pfn pfn) const
    {
        return m_pageblocks[pageblockOf(pfn)].zone;
    }

    const std::vector<GigablockSummary>& gigablocks() const
    {
        return m_gigablocks;
    }
    const std::vector<PageblockInfo, HugePageAllocator<PageblockInfo>>& pageblocks() const
    {
        return m_pageblocks;
    }
    std::size_t pageblockOf(Pfn pfn) const
    {
        return std::size_t(pfn >> geometry().pageblockOrder);
    }
    std::uint32_t gigablockOf(Pfn pfn) const
    {
        return m_pageblocks[pageblockOf(pfn)].gigablock;
    }

    PageState page(Pfn pfn) const
    {
        return PageState(m_pages[pfn]);
    }
    // The block (free or allocated) that pfn belongs to; none for reserved pages.
    std::optional<Block> blockContaining(Pfn pfn) const;
    // The lowest free head in [from, end) of at least minOrder, or kNoPfn:
    // the heads a walk over the blocks from `from` would meet, as every page
    // inside a block is a tail. Reads eight page states at a time, which is
    // what makes compaction's free scanner cheap.
    Pfn findFreeHead(Pfn from, Pfn end, int minOrder) const;

    ModelCounters& counters()
    {
        return m_counters;
    }
    const ModelCounters& counters() const
    {
        return m_counters;
    }
    // A hint that the block at pfn will soon be freed or inspected: starts
    // the cache misses early so callers can overlap them (no effect on state).
    // prefetch() also fetches what a free into the buddy lists reads, the
    // buddy and the free-list links; prefetchPage() only the page's own state
    // and its pageblock.
    void prefetch(Pfn pfn, int order) const;
    void prefetchPage(Pfn pfn) const;
    void setListener(ModelListener* listener)
    {
        m_listener = listener;
    }
    void setLabelObserver(LabelObserver* observer)
    {
        m_labelObserver = observer;
    }

    // Free lists ------------------------------------------------------------
    FreeArea& areaOf(const Zone& zone, Pfn pfn);
    FreeArea& gigablockArea(std::uint32_t gigablock)
    {
        return m_gigablockAreas[gigablock];
    }
    Pfn firstFree(const Zone& zone, const ListEnds& list) const
    {
        return list.empty() ? kNoPfn : zone.startPfn + list.head;
    }
    // The first block on the (order, mt) lists of a zone, whichever scope the lists have.
    Pfn firstFreeInZone(const Zone& zone, int order, MigrateType mt) const;
    Pfn nextFree(const Zone& zone, Pfn pfn) const
    {
        const auto next = zone.links.next(std::uint32_t(pfn - zone.startPfn));
        return next == ListEnds::kNil ? kNoPfn : zone.startPfn + next;
    }

    // Mechanics -------------------------------------------------------------
    // Take the free block at pfn (of currentOrder) off its list and split it
    // down to order; the split-off halves go on the mt lists. The kernel's
    // page_del_and_expand().
    void takeFreeBlock(Zone& zone, Pfn pfn, int currentOrder, int order, MigrateType mt);
    // Allocate exactly [pfn, pfn + 2^order) for a user of type mt, wherever it
    // lies in its free block: the block is split down around it (as the
    // kernel's split for isolation does) and the other parts stay free on the
    // block's list type. For replaying recorded pfns. False, changing nothing,
    // if that range is not inside one free block.
    bool takeExact(Pfn pfn, int order, MigrateType mt);
    // Record that the block at pfn now belongs to a user who asked for type mt.
    void markAllocated(Pfn pfn, int order, MigrateType mt);
    // Return an allocated block and merge it with free buddies (__free_one_page).
    void freeBlock(Pfn pfn, int order);
    // An allocated block now counts as another type (a page parked on a
    // per-cpu list of its pageblock's type).
    void retypeAllocated(Pfn pfn, int order, MigrateType to);
    // Move every free block of the pageblock onto the lists of type `to` (at
    // their tails, as move_to_free_list() does) and relabel it. Returns pages moved.
    std::uint64_t moveFreePagesAndRelabel(std::size_t pageblock, MigrateType to);
    // Relabel the pageblocks covered by a block without moving pages
    // (change_pageblock_range), for blocks of at least pageblock order.
    void relabelRange(Pfn pfn, int order, MigrateType to);

    // A 1 GB allocation: take every page of a gigablock whose usable memory
    // is all free, and mark it isolated (contig_allocated in the RFC).
    // Returns false, changing nothing, if any page is in use.
    bool takeGigablock(std::uint32_t gigablock);
    // Give a gigablock taken by takeGigablock() back to the free lists.
    void releaseGigablock(std::uint32_t gigablock);

    // Bytes of model state, for the memory benchmark.
    std::size_t memoryBytes() const;

private:
    MemoryModel(const HostConfig& config, ListScope scope);
    std::string build();
    void buildZone(int zoneIndex, const ZoneSpan& span, const HostLayout& layout);
    void releaseRange(Zone& zone, Pfn start, Pfn end);

    void addFree(Zone& zone, Pfn pfn, int order, MigrateType mt, bool toTail);
    void removeFree(Zone& zone, Pfn pfn, int order, MigrateType mt);
    void accountFree(Zone& zone, Pfn pfn, int order, MigrateType mt, int sign);
    // Both run on every change to the free lists; their common case, nothing
    // crossing an edge, stays inline and the bookkeeping behind it does not.
    void setPageblockFree(std::size_t pageblock, std::uint32_t freePages)
    {
        PageblockInfo& pb = m_pageblocks[pageblock];
        const auto full = std::uint32_t(geometry().pagesPerPageblock());
        const bool wasAllFree = pb.freePages == full;
        pb.freePages = std::uint16_t(freePages);
        if (wasAllFree != (freePages == full))
            countAllFree(pageblock, !wasAllFree);
    }
    void countAllFree(std::size_t pageblock, bool isAllFree);
    void updateFullness(std::uint32_t gb, GigablockSummary& summary)
    {
        // The bucket's edges are cached, so the common case is two compares.
        if (summary.freePages < summary.fullnessLow || summary.freePages >= summary.fullnessHigh)
            rebucket(gb, summary);
    }
    void rebucket(std::uint32_t gb, GigablockSummary& summary);
    void accountUsed(Pfn pfn, int order, MigrateType mt, int sign);
    void flipContentBit(const PageblockInfo& pb, GigablockSummary& summary, MigrateType mt, bool has);
    void setLabel(std::size_t pageblock, MigrateType to);
    bool mergeable(Pfn buddy, int order, MigrateType mt) const;

    // Category bookkeeping: remember the category before a change, report after it.
    GigablockCategory categoryOf(std::uint32_t gb) const
    {
        return m_gigablocks[gb].category();
    }
    void categoryAfter(std::uint32_t gb, GigablockCategory before, MigrateType cause);

    HostConfig m_config;
    ListScope m_scope;
    std::vector<std::uint8_t, HugePageAllocator<std::uint8_t>> m_pages; // PageState per pfn
    std::vector<PageblockInfo, HugePageAllocator<PageblockInfo>> m_pageblocks;
    std::vector<GigablockSummary> m_gigablocks;
    std::vector<FreeArea> m_gigablockAreas; // only with ListScope::Gigablock
    std::vector<Zone> m_zones;
    ModelCounters m_counters;
    ModelListener* m_listener = nullptr;
    LabelObserver* m_labelObserver = nullptr;
};

} // namespace gbw
