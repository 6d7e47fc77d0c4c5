// SPDX-License-Identifier: GPL-3.0-or-later
#include "memorymodel.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

#include "prefetch.h"

namespace gbw {

std::unique_ptr<MemoryModel> MemoryModel::create(const HostConfig& config, ListScope scope, std::string* error)
{
    std::unique_ptr<MemoryModel> model(new MemoryModel(config, scope));
    if (auto why = model->build(); !why.empty()) {
        if (error)
            *error = why;
        return nullptr;
    }
    return model;
}

MemoryModel::MemoryModel(const HostConfig& config, ListScope scope)
    : m_config(config)
    , m_scope(scope)
{}

std::string MemoryModel::build()
{
    std::string error;
    const HostLayout layout = HostLayout::build(m_config, &error);
    if (!error.empty())
        return error;
    const auto& g = geometry();
    m_pages.assign(layout.endPfn, PageState::kTail);
    m_pageblocks.assign(layout.endPfn >> g.pageblockOrder, PageblockInfo {});
    m_zones.resize(layout.zones.size());
    for (std::size_t i = 0; i < layout.zones.size(); ++i) {
        if (layout.zones[i].endPfn - layout.zones[i].startPfn >= ListEnds::kNil)
            return "zone " + std::string(name(layout.zones[i].type))
                + " is larger than 2^32 pages; split the host into more nodes";
        buildZone(int(i), layout.zones[i], layout);
    }
    if (m_scope == ListScope::Gigablock)
        m_gigablockAreas.resize(m_gigablocks.size());
    // Memory enters the buddy allocator in address order, each block at the
    // tail of its list (__free_pages_core uses FPI_TO_TAIL), so the lowest
    // addresses are handed out first, as on a freshly booted kernel.
    for (auto& zone : m_zones) {
        Pfn runStart = zone.startPfn;
        // A run of usable pageblocks with one label is released as the
        // largest blocks that fit; holes, reservations and CMA edges end runs.
        for (Pfn pfn = zone.startPfn; pfn <= zone.endPfn; pfn += g.pagesPerPageblock()) {
            const bool usable = pfn < zone.endPfn && !m_pageblocks[pageblockOf(pfn)].reserved;
            const bool sameLabel = usable && runStart < pfn
                && m_pageblocks[pageblockOf(pfn)].label == m_pageblocks[pageblockOf(runStart)].label;
            if (!usable || (runStart < pfn && !sameLabel)) {
                releaseRange(zone, runStart, pfn);
                runStart = usable ? pfn : pfn + g.pagesPerPageblock();
            }
        }
    }
    m_counters = ModelCounters {};
    return {};
}

void MemoryModel::buildZone(int zoneIndex, const ZoneSpan& span, const HostLayout& layout)
{
    const auto& g = geometry();
    Zone& zone = m_zones[std::size_t(zoneIndex)];
    zone.node = span.node;
    zone.type = span.type;
    zone.startPfn = span.startPfn;
    zone.endPfn = span.endPfn;
    zone.firstGigablock = std::uint32_t(m_gigablocks.size());

    auto inAny = [&](const std::vector<ByteRange>& ranges, Pfn pfn) {
        const std::uint64_t addr = pfn << g.pageShift;
        for (const auto& r : ranges) {
            if (addr >= r.start && addr < r.end)
                return true;
        }
        return false;
    };
    const Pfn gbPages = g.pagesPerGigablock();
    for (Pfn gbStart = span.startPfn / gbPages * gbPages; gbStart < span.endPfn; gbStart += gbPages) {
        GigablockSummary summary;
        summary.pagesPerPageblock = std::uint32_t(g.pagesPerPageblock());
        summary.startPfn = std::max(gbStart, span.startPfn);
        summary.endPfn = std::min(gbStart + gbPages, span.endPfn);
        summary.zone = std::uint8_t(zoneIndex);
        const std::uint32_t gbIndex = std::uint32_t(m_gigablocks.size());
        for (Pfn pfn = summary.startPfn; pfn < summary.endPfn; pfn += g.pagesPerPageblock()) {
            PageblockInfo& pb = m_pageblocks[pageblockOf(pfn)];
            pb.zone = std::uint8_t(zoneIndex);
            pb.gigablock = gbIndex;
            pb.reserved = inAny(layout.unavailable, pfn);
            ++summary.pageblocks;
            if (pb.reserved) {
                ++summary.reservedPageblocks;
                std::fill_n(m_pages.begin() + std::ptrdiff_t(pfn), g.pagesPerPageblock(), PageState::kReserved);
            } else {
                pb.label = inAny(layout.cma, pfn) ? MigrateType::Cma : MigrateType::Movable;
                ++summary.labelCount[std::size_t(index(pb.label))];
            }
        }
        zone.presentPages += std::uint64_t(summary.pageblocks) << g.pageblockOrder;
        zone.managedPages += std::uint64_t(summary.usablePageblocks()) << g.pageblockOrder;
        if (summary.usablePageblocks() == 0) {
            // A gigablock entirely in a hole: nothing to allocate, so no record.
            for (Pfn pfn = summary.startPfn; pfn < summary.endPfn; pfn += g.pagesPerPageblock())
                m_pageblocks[pageblockOf(pfn)].gigablock = kNoGigablock;
            zone.presentPages -= std::uint64_t(summary.pageblocks) << g.pageblockOrder;
            continue;
        }
        m_gigablocks.push_back(summary);
    }
    // Holes inside a gigablock are not present memory either; firmware
    // reservations are present but not managed. We do not distinguish the two
    // inside a gigablock, which only matters for zoneinfo's "present" line.
    zone.gigablockCount = std::uint32_t(m_gigablocks.size()) - zone.firstGigablock;
}

void MemoryModel::releaseRange(Zone& zone, Pfn start, Pfn end)
{
    const auto& g = geometry();
    while (start < end) {
        int order = g.maxPageOrder;
        while (order > 0 && ((start & ((Pfn(1) << order) - 1)) != 0 || start + (Pfn(1) << order) > end))
            --order;
        addFree(zone, start, order, m_pageblocks[pageblockOf(start)].label, /*toTail=*/true);
        start += Pfn(1) << order;
    }
}

std::optional<Block> MemoryModel::blockContaining(Pfn pfn) const
{
    if (pfn >= endPfn() || page(pfn).isReserved())
        return std::nullopt;
    // Blocks do not overlap, so the first head met going up the alignments
    // is the block's own. Going up reads pfn first, which is usually a head
    // already, and then addresses inside the block only.
    for (int order = 0; order <= geometry().maxPageOrder; ++order) {
        const Pfn head = pfn & ~((Pfn(1) << order) - 1);
        const PageState state = page(head);
        if (state.isHead() && state.order() >= order)
            return Block {head, Order(state.order())};
    }
    return std::nullopt;
}

Pfn MemoryModel::findFreeHead(Pfn from, Pfn end, int minOrder) const
{
    // A free head has order + 1 in bits 0-3 and bit 4 clear: the low five
    // bits lie in [minOrder + 1, 14]. Adding 0x80 - bound to such a byte sets
    // its top bit exactly when it is >= bound, and never carries into the
    // next byte (at most 0x1f + 0x7f).
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    const std::uint64_t low = kOnes * std::uint64_t(0x80 - (minOrder + 1));
    const std::uint64_t high = kOnes * std::uint64_t(0x80 - 15);
    end = std::min(end, endPfn());
    Pfn pfn = from;
    if constexpr (std::endian::native == std::endian::little) {
        for (; pfn + 8 <= end; pfn += 8) {
            std::uint64_t word;
            std::memcpy(&word, m_pages.data() + pfn, sizeof word);
            const std::uint64_t bits = word & (kOnes * 0x1f);
            const std::uint64_t match = (bits + low) & ~(bits + high) & (kOnes * 0x80);
            if (match)
                return pfn + Pfn(std::countr_zero(match) / 8);
        }
    }
    for (; pfn < end; ++pfn) {
        const PageState state = page(pfn);
        if (state.isFreeHead() && state.order() >= minOrder)
            return pfn;
    }
    return kNoPfn;
}

void MemoryModel::prefetchPage(Pfn pfn) const
{
    if (pfn >= endPfn())
        return;
    prefetchLine(&m_pages[pfn]);
    prefetchLine(&m_pageblocks[pageblockOf(pfn)]);
}

void MemoryModel::prefetch(Pfn pfn, int order) const
{
    if (pfn >= endPfn())
        return;
    const Pfn buddy = pfn ^ (Pfn(1) << order);
    prefetchPage(pfn);
    if ((pfn ^ buddy) >= 64) // a different cache line
        prefetchLine(&m_pages[buddy]);
    // Find the zone from the spans: reading the pageblock here would stall on
    // the very miss we are trying to start.
    // Search from the top: the last zone is the big one, so one test usually does.
    for (auto zone = m_zones.rbegin(); zone != m_zones.rend(); ++zone) {
        if (pfn < zone->startPfn)
            continue;
        zone->links.prefetch(std::uint32_t(pfn - zone->startPfn));
        if (zone->contains(buddy) && (pfn ^ buddy) >= 64)
            zone->links.prefetch(std::uint32_t(buddy - zone->startPfn));
        return;
    }
}

FreeArea& MemoryModel::areaOf(const Zone& zone, Pfn pfn)
{
    if (m_scope == ListScope::Gigablock)
        return m_gigablockAreas[gigablockOf(pfn)];
    return const_cast<Zone&>(zone).area;
}

Pfn MemoryModel::firstFreeInZone(const Zone& zone, int order, MigrateType mt) const
{
    if (m_scope == ListScope::Zone)
        return firstFree(zone, zone.area.list(order, mt));
    for (std::uint32_t gb = zone.firstGigablock; gb < zone.firstGigablock + zone.gigablockCount; ++gb) {
        if (m_gigablocks[gb].freeBlocks[std::size_t(order)][std::size_t(index(mt))])
            return firstFree(zone, m_gigablockAreas[gb].list(order, mt));
    }
    return kNoPfn;
}

void MemoryModel::addFree(Zone& zone, Pfn pfn, int order, MigrateType mt, bool toTail)
{
    m_pages[pfn] = PageState::freeHead(order, mt).raw();
    ListEnds& list = areaOf(zone, pfn).list(order, mt);
    const auto offset = std::uint32_t(pfn - zone.startPfn);
    if (toTail)
        zone.links.pushTail(list, offset);
    else
        zone.links.pushHead(list, offset);
    accountFree(zone, pfn, order, mt, +1);
}

void MemoryModel::removeFree(Zone& zone, Pfn pfn, int order, MigrateType mt)
{
    zone.links.remove(areaOf(zone, pfn).list(order, mt), std::uint32_t(pfn - zone.startPfn));
    accountFree(zone, pfn, order, mt, -1);
}

void MemoryModel::accountFree(Zone& zone, Pfn pfn, int order, MigrateType mt, int sign)
{
    const auto& g = geometry();
    const std::uint64_t pages = std::uint64_t(1) << order;
    const auto o = std::size_t(order);
    const auto t = std::size_t(index(mt));
    zone.freeBlocks[o][t] += std::uint64_t(std::int64_t(sign));
    zone.freePages += pages * std::uint64_t(std::int64_t(sign));
    zone.freePagesByType[t] += pages * std::uint64_t(std::int64_t(sign));

    const std::size_t pb = pageblockOf(pfn);
    const std::uint32_t gb = m_pageblocks[pb].gigablock;
    GigablockSummary& summary = m_gigablocks[gb];
    auto& count = summary.freeBlocks[o][t];
    count += std::uint32_t(sign);
    summary.freePages += pages * std::uint64_t(std::int64_t(sign));
    updateFullness(gb, summary);
    if (m_listener && count == (sign > 0 ? 1u : 0u))
        m_listener->freeBlocksPresenceChanged(gb, order, mt, sign > 0);

    if (order >= g.pageblockOrder) {
        const std::size_t n = std::size_t(1) << (order - g.pageblockOrder);
        for (std::size_t i = 0; i < n; ++i)
            setPageblockFree(pb + i, sign > 0 ? std::uint32_t(g.pagesPerPageblock()) : 0);
    } else {
        setPageblockFree(pb, std::uint32_t(m_pageblocks[pb].freePages + std::int64_t(sign) * std::int64_t(pages)));
    }
}

void MemoryModel::rebucket(std::uint32_t gb, GigablockSummary& summary)
{
    const int before = summary.fullness;
    summary.fullness = summary.fullnessOf(summary.freePages);
    const std::uint64_t usable = summary.usablePages();
    summary.fullnessLow = usable * summary.fullness / GigablockSummary::kFullnessBuckets;
    summary.fullnessHigh = summary.fullness == GigablockSummary::kFullnessBuckets - 1
        ? ~std::uint64_t(0)
        : usable * (summary.fullness + 1u) / GigablockSummary::kFullnessBuckets;
    if (m_listener && summary.fullness != before)
        m_listener->fullnessChanged(gb, before, summary.fullness);
}

void MemoryModel::countAllFree(std::size_t pageblock, bool isAllFree)
{
    const PageblockInfo& pb = m_pageblocks[pageblock];
    const auto before = categoryOf(pb.gigablock);
    m_gigablocks[pb.gigablock].freePageblocks += isAllFree ? 1 : -1;
    categoryAfter(pb.gigablock, before, pb.label);
}

void MemoryModel::accountUsed(Pfn pfn, int order, MigrateType mt, int sign)
{
    const auto& g = geometry();
    const auto t = std::size_t(index(mt));
    const std::size_t first = pageblockOf(pfn);
    if (order < g.pageblockOrder) {
        // The common case: one pageblock, and the category can only change
        // when its "has unmovable/reclaimable" bit flips.
        PageblockInfo& pb = m_pageblocks[first];
        GigablockSummary& summary = m_gigablocks[pb.gigablock];
        const auto pages = std::int64_t(1) << order;
        summary.usedPages[t] += std::uint64_t(sign * pages);
        const bool had = pb.usedPages[t] != 0;
        pb.usedPages[t] = std::uint16_t(pb.usedPages[t] + sign * pages);
        if (mt != MigrateType::Movable && had != (pb.usedPages[t] != 0))
            flipContentBit(pb, summary, mt, !had);
        return;
    }
    const std::size_t n = order >= g.pageblockOrder ? std::size_t(1) << (order - g.pageblockOrder) : 1;
    const std::uint64_t pagesPerPb = std::min<std::uint64_t>(std::uint64_t(1) << order, g.pagesPerPageblock());
    GigablockSummary& summary = m_gigablocks[m_pageblocks[first].gigablock];
    summary.usedPages[t] += (pagesPerPb * n) * std::uint64_t(std::int64_t(sign));
    for (std::size_t i = first; i < first + n; ++i) {
        PageblockInfo& pb = m_pageblocks[i];
        const bool had = pb.usedPages[t] != 0;
        pb.usedPages[t] = std::uint16_t(pb.usedPages[t] + std::int64_t(sign) * std::int64_t(pagesPerPb));
        const bool has = pb.usedPages[t] != 0;
        if (had != has && mt != MigrateType::Movable)
            flipContentBit(pb, summary, mt, has);
    }
}

void MemoryModel::flipContentBit(const PageblockInfo& pb, GigablockSummary& summary, MigrateType mt, bool has)
{
    const auto before = categoryOf(pb.gigablock);
    auto& counter = mt == MigrateType::Unmovable ? summary.unmovablePageblocks : summary.reclaimablePageblocks;
    counter += has ? 1 : -1;
    categoryAfter(pb.gigablock, before, mt);
}

void MemoryModel::categoryAfter(std::uint32_t gb, GigablockCategory before, MigrateType cause)
{
    const auto after = categoryOf(gb);
    if (after == before)
        return;
    m_counters.lastCategoryChange = gb;
    if (after == GigablockCategory::Tainted) {
        ++m_counters.taintEvents;
        ++m_counters.taintsByType[std::size_t(index(cause))];
    } else if (before == GigablockCategory::Tainted) {
        ++m_counters.untaintEvents;
    }
    if (m_listener)
        m_listener->categoryChanged(gb, before, after);
}

void MemoryModel::setLabel(std::size_t pageblock, MigrateType to)
{
    PageblockInfo& pb = m_pageblocks[pageblock];
    if (pb.label == to)
        return;
    auto& labels = m_gigablocks[pb.gigablock].labelCount;
    --labels[std::size_t(index(pb.label))];
    ++labels[std::size_t(index(to))];
    const MigrateType from = pb.label;
    pb.label = to;
    if (m_labelObserver)
        m_labelObserver->labelChanged(pageblock, from, to);
}

void MemoryModel::takeFreeBlock(Zone& zone, Pfn pfn, int currentOrder, int order, MigrateType mt)
{
    removeFree(zone, pfn, currentOrder, PageState(m_pages[pfn]).migrateType());
    m_pages[pfn] = PageState::kTail; // until markAllocated()
    // expand(): the upper half of each split goes to the head of its list.
    for (int high = currentOrder; high > order;) {
        --high;
        addFree(zone, pfn + (Pfn(1) << high), high, mt, /*toTail=*/false);
        ++m_counters.splits;
    }
}

bool MemoryModel::takeExact(Pfn pfn, int order, MigrateType mt)
{
    if (order < 0 || order > geometry().maxPageOrder || (pfn & ((Pfn(1) << order) - 1)) != 0)
        return false;
    const auto block = blockContaining(pfn);
    if (!block || !page(block->pfn).isFreeHead() || block->order < order)
        return false;
    Zone& zone = m_zones[std::size_t(zoneIndexOf(pfn))];
    const MigrateType listType = page(block->pfn).migrateType();
    removeFree(zone, block->pfn, block->order, listType);
    m_pages[block->pfn] = PageState::kTail;
    Pfn head = block->pfn;
    for (int high = block->order; high > order;) {
        --high;
        const Pfn upper = head + (Pfn(1) << high);
        // The half without pfn stays free; go on in the half with it.
        if (pfn >= upper) {
            addFree(zone, head, high, listType, /*toTail=*/false);
            head = upper;
        } else {
            addFree(zone, upper, high, listType, /*toTail=*/false);
        }
        ++m_counters.splits;
    }
    markAllocated(pfn, order, mt);
    return true;
}

void MemoryModel::markAllocated(Pfn pfn, int order, MigrateType mt)
{
    m_pages[pfn] = PageState::allocatedHead(order, mt).raw();
    accountUsed(pfn, order, mt, +1);
}

bool MemoryModel::mergeable(Pfn buddy, int order, MigrateType mt) const
{
    if (!PageState(m_pages[buddy]).isFreeHeadOf(order))
        return false;
    if (order < geometry().pageblockOrder)
        return true;
    // Above pageblock order only the three PCP types merge with each other:
    // an isolated, CMA or highatomic block keeps its own accounting.
    const MigrateType buddyMt = m_pageblocks[pageblockOf(buddy)].label;
    return buddyMt == mt || (isPcpType(mt) && isPcpType(buddyMt));
}

void MemoryModel::retypeAllocated(Pfn pfn, int order, MigrateType to)
{
    accountUsed(pfn, order, PageState(m_pages[pfn]).migrateType(), -1);
    m_pages[pfn] = PageState::allocatedHead(order, to).raw();
    accountUsed(pfn, order, to, +1);
}

void MemoryModel::freeBlock(Pfn pfn, int order)
{
    const auto& g = geometry();
    accountUsed(pfn, order, PageState(m_pages[pfn]).migrateType(), -1);
    m_pages[pfn] = PageState::kTail;
    ++m_counters.frees;
    Zone& zone = m_zones[std::size_t(zoneIndexOf(pfn))];
    const MigrateType mt = m_pageblocks[pageblockOf(pfn)].label;
    Pfn buddy = pfn ^ (Pfn(1) << order);
    while (order < g.maxPageOrder) {
        buddy = pfn ^ (Pfn(1) << order);
        if (!zone.contains(buddy) || !mergeable(buddy, order, mt))
            break;
        removeFree(zone, buddy, order, PageState(m_pages[buddy]).migrateType());
        m_pages[buddy] = PageState::kTail;
        if (order >= g.pageblockOrder && m_pageblocks[pageblockOf(buddy)].label != mt)
            // The kernel relabels only the buddy's first pageblock here; we relabel
            // all of it, so every pageblock's label matches the list its free pages
            // sit on (what the kernel's own VM_WARN in __add_to_free_list expects).
            // The two differ only when MAX_PAGE_ORDER > pageblock order + 1.
            relabelRange(buddy, order, mt);
        pfn &= buddy;
        ++order;
        ++m_counters.merges;
    }
    // buddy_merge_likely(): if the next-larger buddy is free, this block will
    // probably merge soon, so put it at the tail where it is taken last.
    bool toTail = false;
    if (order < g.maxPageOrder - 1) {
        const Pfn higher = pfn & ~(Pfn(1) << order);
        const Pfn higherBuddy = higher ^ (Pfn(1) << (order + 1));
        toTail = zone.contains(higherBuddy) && PageState(m_pages[higherBuddy]).isFreeHeadOf(order + 1);
    }
    addFree(zone, pfn, order, mt, toTail);
}

std::uint64_t MemoryModel::moveFreePagesAndRelabel(std::size_t pageblock, MigrateType to)
{
    const auto& g = geometry();
    Zone& zone = m_zones[m_pageblocks[pageblock].zone];
    const Pfn start = Pfn(pageblock) << g.pageblockOrder;
    const Pfn end = start + g.pagesPerPageblock();
    std::uint64_t moved = 0;
    // Inside a block larger than the pageblock, there is nothing of its own
    // to move; nor in a full one, and isolating a gigablock meets hundreds.
    const Pfn first = page(start).isHead() && m_pageblocks[pageblock].freePages != 0 ? start : end;
    for (Pfn pfn = findFreeHead(first, end, 0); pfn != kNoPfn;) {
        const PageState state = page(pfn);
        const int order = state.order();
        if (state.migrateType() != to) {
            removeFree(zone, pfn, order, state.migrateType());
            addFree(zone, pfn, order, to, /*toTail=*/true);
            moved += std::uint64_t(1) << order;
        }
        pfn = findFreeHead(pfn + (Pfn(1) << order), end, 0);
    }
    setLabel(pageblock, to);
    return moved;
}

void MemoryModel::relabelRange(Pfn pfn, int order, MigrateType to)
{
    const auto& g = geometry();
    const std::size_t first = pageblockOf(pfn);
    const std::size_t n = order >= g.pageblockOrder ? std::size_t(1) << (order - g.pageblockOrder) : 1;
    for (std::size_t i = first; i < first + n; ++i)
        setLabel(i, to);
}

bool MemoryModel::takeGigablock(std::uint32_t gb)
{
    GigablockSummary& summary = m_gigablocks[gb];
    const std::uint64_t usable = summary.usablePages();
    if (summary.contigAllocated || summary.freePages != usable || usable == 0)
        return false;
    const auto before = summary.category();
    summary.contigAllocated = true;
    Zone& zone = m_zones[summary.zone];
    for (Pfn pfn = summary.startPfn; pfn < summary.endPfn;) {
        const PageState state = page(pfn);
        if (!state.isHead()) {
            ++pfn; // reserved
            continue;
        }
        removeFree(zone, pfn, state.order(), state.migrateType());
        markAllocated(pfn, state.order(), MigrateType::Movable);
        pfn += Pfn(1) << state.order();
    }
    categoryAfter(gb, before, MigrateType::Movable);
    return true;
}

void MemoryModel::releaseGigablock(std::uint32_t gb)
{
    GigablockSummary& summary = m_gigablocks[gb];
    if (!summary.contigAllocated)
        return;
    const auto before = summary.category();
    summary.contigAllocated = false;
    for (Pfn pfn = summary.startPfn; pfn < summary.endPfn;) {
        const PageState state = page(pfn);
        if (!state.isHead()) {
            ++pfn;
            continue;
        }
        const int order = state.order();
        freeBlock(pfn, order); // merging only ever reaches forward or back within the gigablock
        pfn += Pfn(1) << order;
    }
    categoryAfter(gb, before, MigrateType::Movable);
}

std::size_t MemoryModel::memoryBytes() const
{
    std::size_t bytes = m_pages.capacity() + m_pageblocks.capacity() * sizeof(PageblockInfo)
        + m_gigablocks.capacity() * sizeof(GigablockSummary) + m_gigablockAreas.capacity() * sizeof(FreeArea)
        + m_zones.capacity() * sizeof(Zone);
    for (const auto& zone : m_zones)
        bytes += zone.links.memoryBytes();
    return bytes;
}

} // namespace gbw
