// SPDX-License-Identifier: GPL-3.0-or-later
// Function names follow mm/page_alloc.c (Linux 6.15+) so each can be read next
// to its kernel counterpart. Nothing here is tuned for speed.
#include "referencebuddy.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace gbw::test {

namespace {

// alloc_flags, as far as the buddy allocator looks at them.
enum : unsigned
{
    kWmarkMin = 0x0,
    kWmarkLow = 0x1,
    kWmarkMask = 0x3,
    kAllocMinReserve = 0x8, // __GFP_HIGH
    kAllocNonBlock = 0x10, // cannot reclaim
    kAllocHighAtomic = 0x20, // high-order atomic: may use and create the highatomic reserve
    kAllocCma = 0x40,
    kAllocNoFragment = 0x100,
    kAllocReserves = kAllocMinReserve | kAllocNonBlock | kAllocHighAtomic,
};

// The fallbacks[] table.
std::array<MigrateType, 2> fallbacks(MigrateType mt)
{
    switch (mt) {
    case MigrateType::Unmovable:
        return {MigrateType::Reclaimable, MigrateType::Movable};
    case MigrateType::Movable:
        return {MigrateType::Reclaimable, MigrateType::Unmovable};
    case MigrateType::Reclaimable:
        return {MigrateType::Unmovable, MigrateType::Movable};
    default:
        throw std::logic_error("no fallbacks for this migratetype");
    }
}

std::uint64_t intSqrt(std::uint64_t x)
{
    auto r = std::uint64_t(std::sqrt(double(x)));
    while (r * r > x)
        --r;
    while ((r + 1) * (r + 1) <= x)
        ++r;
    return r;
}

} // namespace

ReferenceBuddy::ReferenceBuddy(const HostConfig& config, const WatermarkSettings& settings, ReferenceRules rules)
    : m_geometry(config.geometry)
    , m_rules(rules)
    , m_boostFactor(settings.watermarkBoostFactor)
{
    if (config.nodes != 1)
        throw std::invalid_argument("the reference buddy allocator models a single node");
    std::string error;
    const HostLayout layout = HostLayout::build(config, &error);
    if (!error.empty())
        throw std::invalid_argument(error);

    m_pages.resize(layout.endPfn);
    // memmap_init(): every pageblock starts out Movable, reserved ones too.
    const std::size_t pageblocks = std::size_t(layout.endPfn >> m_geometry.pageblockOrder);
    m_labels.assign(pageblocks, MigrateType::Movable);
    m_usable.assign(pageblocks, true);
    for (std::size_t i = 0; i < pageblocks; ++i) {
        const std::uint64_t addr = (std::uint64_t(i) << m_geometry.pageblockOrder) << m_geometry.pageShift;
        for (const auto& r : layout.unavailable) {
            if (addr >= r.start && addr < r.end)
                m_usable[i] = false;
        }
    }
    for (const auto& span : layout.zones) {
        RefZone zone;
        zone.type = span.type;
        zone.start = span.startPfn;
        zone.end = span.endPfn;
        for (Pfn pfn = zone.start; pfn < zone.end; pfn += pageblockPages()) {
            if (m_usable[std::size_t(pfn >> m_geometry.pageblockOrder)])
                zone.managed += pageblockPages();
        }
        zone.lists.resize(std::size_t(m_geometry.orders()));
        m_zones.push_back(std::move(zone));
    }
    setupWatermarks(settings);
    releaseBootMemory();
}

// init_per_zone_wmark_min(), __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve().
void ReferenceBuddy::setupWatermarks(const WatermarkSettings& settings)
{
    std::uint64_t lowmemPages = 0;
    for (const auto& zone : m_zones) {
        if (zone.type != ZoneType::Movable)
            lowmemPages += zone.managed;
    }
    std::int64_t minFreeKbytes = settings.minFreeKbytes;
    if (minFreeKbytes < 0) {
        const std::uint64_t lowmemKbytes = lowmemPages << (m_geometry.pageShift - 10);
        minFreeKbytes = std::clamp<std::int64_t>(std::int64_t(intSqrt(lowmemKbytes * 16)), 128, 262144);
    }
    const std::uint64_t pagesMin = std::uint64_t(minFreeKbytes) >> (m_geometry.pageShift - 10);
    for (auto& zone : m_zones) {
        const std::uint64_t tmp = lowmemPages ? pagesMin * zone.managed / lowmemPages : 0;
        std::uint64_t& min = zone.watermark[std::size_t(Watermark::Min)];
        if (zone.type == ZoneType::Movable)
            min = std::clamp<std::uint64_t>(zone.managed / 1024, 32, 128); // SWAP_CLUSTER_MAX..128
        else
            min = tmp;
        const std::uint64_t gap
            = std::max<std::uint64_t>(tmp >> 2, zone.managed * std::uint64_t(settings.watermarkScaleFactor) / 10000);
        zone.watermark[std::size_t(Watermark::Low)] = min + gap;
        zone.watermark[std::size_t(Watermark::High)] = min + 2 * gap;
        zone.boost = 0;
    }
    for (auto& zone : m_zones) {
        const int ratio = settings.lowmemReserveRatio[std::size_t(zone.type)];
        const bool clear = ratio == 0 || zone.managed == 0;
        std::uint64_t above = 0;
        for (int upper = int(zone.type) + 1; upper < kZoneTypes; ++upper) {
            for (const auto& other : m_zones) {
                if (int(other.type) == upper)
                    above += other.managed;
            }
            zone.lowmemReserve[std::size_t(upper)] = clear ? 0 : above / std::uint64_t(ratio);
        }
    }
}

// memblock_free_all() -> __free_pages_memory(): every run of usable memory, in
// address order, in the largest blocks its alignment allows, each freed to the
// tail of its list (__free_pages_core() passes FPI_TO_TAIL).
void ReferenceBuddy::releaseBootMemory()
{
    const Pfn pb = pageblockPages();
    auto usable = [&](Pfn pfn) { return bool(m_usable[std::size_t(pfn >> m_geometry.pageblockOrder)]); };
    for (const auto& zone : m_zones) {
        for (Pfn start = zone.start; start < zone.end;) {
            if (!usable(start)) {
                start += pb;
                continue;
            }
            Pfn end = start;
            while (end < zone.end && usable(end))
                end += pb;
            while (start < end) {
                int order = m_geometry.maxPageOrder;
                if (start != 0)
                    order = std::min(order, std::countr_zero(start));
                while (start + (Pfn(1) << order) > end)
                    --order;
                // free_one_page() -> split_large_buddy(): one pageblock at a time.
                const int step = std::min(order, m_geometry.pageblockOrder);
                for (Pfn pfn = start; pfn < start + (Pfn(1) << order); pfn += Pfn(1) << step)
                    freeOnePage(pfn, step, labelOf(pfn), /*toTail=*/true);
                start += Pfn(1) << order;
            }
        }
    }
}

// --- Allocation -----------------------------------------------------------

std::optional<Pfn> ReferenceBuddy::allocate(const AllocRequest& request)
{
    const int order = request.order;
    const MigrateType mt = request.migrateType;
    if (order > m_geometry.maxPageOrder || !isPcpType(mt))
        return std::nullopt;
    const unsigned cma = mt == MigrateType::Movable ? unsigned(kAllocCma) : 0u;

    // __alloc_pages(): the low mark; alloc_flags_nofragment() sets NOFRAGMENT
    // whenever the preferred zone is Normal (on one node DMA32 is assumed to exist).
    unsigned fast = kWmarkLow | cma;
    const std::vector<int> zones = zonelist(mt);
    if (!zones.empty() && m_zones[std::size_t(zones.front())].type == ZoneType::Normal)
        fast |= kAllocNoFragment;
    if (auto page = getPageFromFreelist(request, fast))
        return page;

    // __alloc_pages_slowpath() with gfp_to_alloc_flags(): the min mark, and
    // GFP_ATOMIC may dip below it and use the highatomic reserve.
    unsigned slow = kWmarkMin | cma;
    if (request.gfp == GfpClass::Atomic) {
        slow |= kAllocMinReserve | kAllocNonBlock;
        if (order > 0)
            slow |= kAllocHighAtomic;
    }
    if (auto page = getPageFromFreelist(request, slow))
        return page;

    // A caller that may reclaim reaches __alloc_pages_direct_reclaim(); with
    // nothing to reclaim here, what remains of it is giving back a highatomic
    // pageblock and trying once more. GFP_ATOMIC gives up instead.
    if (request.gfp != GfpClass::Atomic && unreserveHighatomicPageblock(mt))
        return getPageFromFreelist(request, slow);
    return std::nullopt;
}

// ZONELIST_FALLBACK on one node: the zones the request may use, highest first.
std::vector<int> ReferenceBuddy::zonelist(MigrateType mt) const
{
    const ZoneType highest = mt == MigrateType::Movable ? ZoneType::Movable : ZoneType::Normal;
    std::vector<int> zones;
    for (int i = zoneCount() - 1; i >= 0; --i) {
        const RefZone& zone = m_zones[std::size_t(i)];
        if (zone.type <= highest && zone.managed > 0)
            zones.push_back(i);
    }
    return zones;
}

std::optional<Pfn> ReferenceBuddy::getPageFromFreelist(const AllocRequest& request, unsigned flags)
{
    const int order = request.order;
    const MigrateType mt = request.migrateType;
    const ZoneType highest = mt == MigrateType::Movable ? ZoneType::Movable : ZoneType::Normal;
    for (;;) {
        for (int zi : zonelist(mt)) {
            RefZone& zone = m_zones[std::size_t(zi)];
            const std::uint64_t mark = zone.watermark[flags & kWmarkMask] + zone.boost; // wmark_pages()
            if (!zoneWatermarkFast(zone, order, mark, highest, flags))
                continue; // no node reclaim
            if (auto page = rmqueue(zone, order, mt, flags)) {
                m_pages[*page].type = mt; // prep_new_page()
                if (flags & kAllocHighAtomic)
                    reserveHighatomicPageblock(zone, *page, order);
                return page;
            }
        }
        // Fragmenting is better than failing: walk the zones again without NOFRAGMENT.
        if (!(flags & kAllocNoFragment))
            return std::nullopt;
        flags &= ~unsigned(kAllocNoFragment);
    }
}

bool ReferenceBuddy::zoneWatermarkFast(
    const RefZone& zone, int order, std::uint64_t mark, ZoneType highest, unsigned flags) const
{
    const auto lowmem = std::int64_t(zone.lowmemReserve[std::size_t(highest)]);
    if (order == 0) {
        auto usable = std::int64_t(freePagesOf(zone));
        std::int64_t reserved = 0; // __zone_watermark_unusable_free(z, 0, alloc_flags)
        if (!(flags & kAllocReserves))
            reserved += std::int64_t(freePagesOfType(zone, MigrateType::HighAtomic));
        if (!(flags & kAllocCma))
            reserved += std::int64_t(freePagesOfType(zone, MigrateType::Cma));
        usable -= std::min(usable, reserved);
        if (usable > std::int64_t(mark) + lowmem)
            return true;
    }
    if (zoneWatermarkOk(zone, order, mark, highest, flags))
        return true;
    if (m_rules.minReserveIgnoresBoost && order == 0 && (flags & kAllocMinReserve) && zone.boost != 0
        && (flags & kWmarkMask) == kWmarkMin)
        return zoneWatermarkOk(zone, order, zone.watermark[std::size_t(Watermark::Min)], highest, flags);
    return false;
}

// __zone_watermark_ok()
bool ReferenceBuddy::zoneWatermarkOk(
    const RefZone& zone, int order, std::uint64_t mark, ZoneType highest, unsigned flags) const
{
    auto freePages = std::int64_t(freePagesOf(zone));
    freePages -= (std::int64_t(1) << order) - 1;
    if (!(flags & kAllocReserves))
        freePages -= std::int64_t(freePagesOfType(zone, MigrateType::HighAtomic));
    if (!(flags & kAllocCma))
        freePages -= std::int64_t(freePagesOfType(zone, MigrateType::Cma));
    auto min = std::int64_t(mark);
    if (flags & kAllocMinReserve) {
        min -= min / 2;
        if (flags & kAllocNonBlock)
            min -= min / 4;
    }
    if (freePages <= min + std::int64_t(zone.lowmemReserve[std::size_t(highest)]))
        return false;
    if (order == 0)
        return true;
    for (int o = order; o <= m_geometry.maxPageOrder; ++o) {
        for (int mt = 0; mt < kPcpTypes; ++mt) {
            if (!zone.list(o, MigrateType(mt)).empty())
                return true;
        }
        if ((flags & kAllocCma) && !zone.list(o, MigrateType::Cma).empty())
            return true;
        if ((flags & kAllocHighAtomic) && !zone.list(o, MigrateType::HighAtomic).empty())
            return true;
    }
    return false;
}

void ReferenceBuddy::boostWatermark(RefZone& zone)
{
    if (m_boostFactor == 0)
        return;
    if (pageblockPages() * 4 > zone.managed)
        return;
    std::uint64_t maxBoost = zone.watermark[std::size_t(Watermark::High)] * std::uint64_t(m_boostFactor) / 10000;
    if (maxBoost == 0)
        return;
    maxBoost = std::max<std::uint64_t>(pageblockPages(), maxBoost);
    zone.boost = std::min(zone.boost + pageblockPages(), maxBoost);
}

// rmqueue() -> rmqueue_buddy(): the model has no per-CPU lists, so every order
// takes this path.
std::optional<Pfn> ReferenceBuddy::rmqueue(RefZone& zone, int order, MigrateType mt, unsigned flags)
{
    m_claimAttemptsBelowPageblock = 0;
    std::optional<Pfn> page;
    if (flags & kAllocHighAtomic)
        page = rmqueueSmallest(zone, order, MigrateType::HighAtomic);
    if (!page)
        page = rmqueueModes(zone, order, mt, flags);
    // Failing an atomic request now is worse than failing a future high-order one.
    if (!page && (flags & kAllocNonBlock))
        page = rmqueueSmallest(zone, order, MigrateType::HighAtomic);
    if (!m_rules.boostOnEveryClaimAttempt && m_claimAttemptsBelowPageblock > 0)
        boostWatermark(zone);
    return page;
}

// __rmqueue(): normal, CMA, claim, steal.
std::optional<Pfn> ReferenceBuddy::rmqueueModes(RefZone& zone, int order, MigrateType mt, unsigned flags)
{
    if ((flags & kAllocCma) && freePagesOfType(zone, MigrateType::Cma) > freePagesOf(zone) / 2) {
        if (auto page = rmqueueSmallest(zone, order, MigrateType::Cma))
            return page;
    }
    if (auto page = rmqueueSmallest(zone, order, mt))
        return page;
    if (flags & kAllocCma) {
        if (auto page = rmqueueSmallest(zone, order, MigrateType::Cma))
            return page;
    }
    if (auto page = rmqueueClaim(zone, order, mt, flags))
        return page;
    if (!(flags & kAllocNoFragment))
        return rmqueueSteal(zone, order, mt);
    return std::nullopt;
}

// __rmqueue_smallest()
std::optional<Pfn> ReferenceBuddy::rmqueueSmallest(RefZone& zone, int order, MigrateType mt)
{
    for (int current = order; current <= m_geometry.maxPageOrder; ++current) {
        const auto& list = zone.list(current, mt);
        if (list.empty())
            continue;
        const Pfn page = list.front();
        takeBlock(zone, page, current, order, mt);
        return page;
    }
    return std::nullopt;
}

bool ReferenceBuddy::shouldTryClaimBlock(int order, MigrateType mt) const
{
    if (order >= m_geometry.pageblockOrder)
        return true;
    if (order >= m_geometry.pageblockOrder / 2)
        return true;
    return mt == MigrateType::Reclaimable || mt == MigrateType::Unmovable;
}

// find_suitable_fallback() without its claim check.
std::optional<MigrateType> ReferenceBuddy::fallbackWithBlock(RefZone& zone, int order, MigrateType mt)
{
    for (MigrateType fallback : fallbacks(mt)) {
        if (!zone.list(order, fallback).empty())
            return fallback;
    }
    return std::nullopt;
}

// __rmqueue_claim(): the largest foreign block first.
std::optional<Pfn> ReferenceBuddy::rmqueueClaim(RefZone& zone, int order, MigrateType mt, unsigned flags)
{
    int minOrder = order;
    if (order < m_geometry.pageblockOrder && (flags & kAllocNoFragment))
        minOrder = m_geometry.pageblockOrder;
    for (int current = m_geometry.maxPageOrder; current >= minOrder; --current) {
        if (!shouldTryClaimBlock(current, mt))
            break;
        const auto fallback = fallbackWithBlock(zone, current, mt);
        if (!fallback)
            continue;
        const Pfn page = zone.list(current, *fallback).front();
        if (auto got = tryToClaimBlock(zone, page, current, order, mt, *fallback))
            return got;
    }
    return std::nullopt;
}

std::optional<Pfn> ReferenceBuddy::tryToClaimBlock(
    RefZone& zone, Pfn page, int currentOrder, int order, MigrateType startType, MigrateType blockType)
{
    if (currentOrder >= m_geometry.pageblockOrder) {
        takeBlock(zone, page, currentOrder, order, startType);
        setLabels(page, currentOrder, startType); // change_pageblock_range()
        return page;
    }
    if (m_rules.boostOnEveryClaimAttempt)
        boostWatermark(zone);
    else
        ++m_claimAttemptsBelowPageblock;

    // prep_move_freepages_block(): count free and movable pages. "Movable" is
    // what the model can know: pages allocated for a Movable request.
    const Pfn start = page & ~(pageblockPages() - 1);
    if (!zone.contains(start) || !zone.contains(start + pageblockPages() - 1))
        return std::nullopt;
    std::uint64_t freePages = 0;
    std::uint64_t movablePages = 0;
    for (Pfn pfn = start; pfn < start + pageblockPages();) {
        const Page& p = m_pages[pfn];
        if (p.order < 0) // a free block below pageblock order lives here, so blocks tile the pageblock
            throw std::logic_error("pageblock is not tiled by blocks");
        const Pfn size = Pfn(1) << p.order;
        if (p.free)
            freePages += size;
        else if (p.type == MigrateType::Movable)
            movablePages += size;
        pfn += size;
    }
    std::uint64_t alikePages = 0;
    if (startType == MigrateType::Movable)
        alikePages = movablePages;
    else if (blockType == MigrateType::Movable)
        alikePages = pageblockPages() - (freePages + movablePages);
    if (freePages + alikePages >= pageblockPages() / 2) {
        moveFreePagesBlock(zone, start, startType);
        return rmqueueSmallest(zone, order, startType);
    }
    return std::nullopt;
}

// __rmqueue_steal(): the smallest foreign block, left on its own type.
std::optional<Pfn> ReferenceBuddy::rmqueueSteal(RefZone& zone, int order, MigrateType mt)
{
    for (int current = order; current <= m_geometry.maxPageOrder; ++current) {
        const auto fallback = fallbackWithBlock(zone, current, mt);
        if (!fallback)
            continue;
        const Pfn page = zone.list(current, *fallback).front();
        takeBlock(zone, page, current, order, *fallback);
        return page;
    }
    return std::nullopt;
}

// --- Highatomic reserve -----------------------------------------------------

void ReferenceBuddy::reserveHighatomicPageblock(RefZone& zone, Pfn page, int order)
{
    const std::uint64_t pb = pageblockPages();
    const std::uint64_t onePercent = zone.managed / 100;
    if (m_rules.highatomicNeedsOnePercent && onePercent < pb)
        return;
    const std::uint64_t maxManaged = (onePercent + pb - 1) / pb * pb; // ALIGN()
    if (zone.reservedHighatomic >= maxManaged)
        return;
    if (!isPcpType(labelOf(page))) // only pageblocks that can merge with others
        return;
    if (order < m_geometry.pageblockOrder) {
        if (!moveFreePagesBlock(zone, page & ~(pb - 1), MigrateType::HighAtomic))
            return;
        zone.reservedHighatomic += pb;
    } else {
        setLabels(page, order, MigrateType::HighAtomic);
        zone.reservedHighatomic += std::uint64_t(1) << order;
    }
}

// unreserve_highatomic_pageblock(ac, force = false)
bool ReferenceBuddy::unreserveHighatomicPageblock(MigrateType mt)
{
    const std::uint64_t pb = pageblockPages();
    for (int zi : zonelist(mt)) {
        RefZone& zone = m_zones[std::size_t(zi)];
        if (zone.reservedHighatomic <= pb) // keep the last pageblock unless forced
            continue;
        for (int order = 0; order <= m_geometry.maxPageOrder; ++order) {
            const auto& list = zone.list(order, MigrateType::HighAtomic);
            if (list.empty())
                continue;
            const Pfn page = list.front();
            const std::uint64_t size = std::max<std::uint64_t>(pb, std::uint64_t(1) << order);
            zone.reservedHighatomic -= std::min(size, zone.reservedHighatomic);
            if (order < m_geometry.pageblockOrder) {
                moveFreePagesBlock(zone, page & ~(pb - 1), mt);
            } else {
                delFromFreeList(zone, page); // move_to_free_list(): to the tail
                addToFreeList(zone, page, order, mt, /*toTail=*/true);
                setLabels(page, order, mt);
            }
            return true;
        }
    }
    return false;
}

// --- Buddy mechanics --------------------------------------------------------

// page_del_and_expand(): the upper half of every split goes to the head of its list.
void ReferenceBuddy::takeBlock(RefZone& zone, Pfn page, int currentOrder, int order, MigrateType mt)
{
    delFromFreeList(zone, page);
    for (int high = currentOrder; high > order;) {
        --high;
        addToFreeList(zone, page + (Pfn(1) << high), high, mt, /*toTail=*/false);
    }
    m_pages[page].order = std::int8_t(order);
    m_pages[page].free = false;
}

void ReferenceBuddy::free(Pfn pfn, int order)
{
    Page& head = m_pages[pfn];
    if (head.free || head.order != order)
        throw std::logic_error("freeing a block the reference did not hand out");
    head.order = -1;
    // free_one_page() -> split_large_buddy(): a block larger than a pageblock
    // is freed one pageblock at a time, each with its own label.
    const int step = std::min(order, m_geometry.pageblockOrder);
    for (Pfn p = pfn; p < pfn + (Pfn(1) << order); p += Pfn(1) << step)
        freeOnePage(p, step, labelOf(p), /*toTail=*/false);
}

// __free_one_page()
void ReferenceBuddy::freeOnePage(Pfn pfn, int order, MigrateType mt, bool toTail)
{
    RefZone& zone = zoneOf(pfn);
    Pfn buddy = 0;
    while (order < m_geometry.maxPageOrder) {
        buddy = pfn ^ (Pfn(1) << order);
        if (!zone.contains(buddy) || !isFreeBlock(buddy, order))
            break;
        const MigrateType buddyMt = labelOf(buddy);
        if (order >= m_geometry.pageblockOrder && buddyMt != mt && !(isPcpType(mt) && isPcpType(buddyMt)))
            break; // isolated, CMA and highatomic blocks keep to themselves
        delFromFreeList(zone, buddy);
        if (order >= m_geometry.pageblockOrder && buddyMt != mt)
            setLabels(buddy, m_rules.mergeRelabelsFirstPageblockOnly ? m_geometry.pageblockOrder : order, mt);
        pfn &= buddy;
        ++order;
    }
    // buddy_merge_likely(): if the buddy of the next-larger block is free,
    // this one will probably merge soon; keep it at the tail, taken last.
    if (!toTail && order < m_geometry.maxPageOrder - 1) {
        const Pfn higher = pfn & ~(Pfn(1) << order);
        const Pfn higherBuddy = higher ^ (Pfn(1) << (order + 1));
        toTail = zone.contains(higherBuddy) && isFreeBlock(higherBuddy, order + 1);
    }
    addToFreeList(zone, pfn, order, mt, toTail);
}

void ReferenceBuddy::addToFreeList(RefZone& zone, Pfn pfn, int order, MigrateType mt, bool toTail)
{
    auto& list = zone.list(order, mt);
    Page& page = m_pages[pfn];
    page.where = list.insert(toTail ? list.end() : list.begin(), pfn);
    page.order = std::int8_t(order);
    page.free = true;
    page.type = mt;
}

void ReferenceBuddy::delFromFreeList(RefZone& zone, Pfn pfn)
{
    Page& page = m_pages[pfn];
    zone.list(page.order, page.type).erase(page.where);
    page.order = -1;
    page.free = false;
}

// move_freepages_block(): every free block of the pageblock, in address order,
// to the tail of the new type's list, then the label. False when the
// pageblock straddles the zone.
bool ReferenceBuddy::moveFreePagesBlock(RefZone& zone, Pfn start, MigrateType to)
{
    if (!zone.contains(start) || !zone.contains(start + pageblockPages() - 1))
        return false;
    for (Pfn pfn = start; pfn < start + pageblockPages();) {
        const Page& page = m_pages[pfn];
        if (!page.free) {
            ++pfn;
            continue;
        }
        const int order = page.order;
        delFromFreeList(zone, pfn);
        addToFreeList(zone, pfn, order, to, /*toTail=*/true);
        pfn += Pfn(1) << order;
    }
    m_labels[std::size_t(start >> m_geometry.pageblockOrder)] = to;
    return true;
}

// change_pageblock_range(), or set_pageblock_migratetype() for one pageblock.
void ReferenceBuddy::setLabels(Pfn pfn, int order, MigrateType mt)
{
    const std::size_t first = std::size_t(pfn >> m_geometry.pageblockOrder);
    const std::size_t n = order > m_geometry.pageblockOrder ? std::size_t(1) << (order - m_geometry.pageblockOrder) : 1;
    for (std::size_t i = first; i < first + n; ++i)
        m_labels[i] = mt;
}

bool ReferenceBuddy::isFreeBlock(Pfn pfn, int order) const
{
    const Page& page = m_pages[pfn];
    return page.free && page.order == order;
}

ReferenceBuddy::RefZone& ReferenceBuddy::zoneOf(Pfn pfn)
{
    for (auto& zone : m_zones) {
        if (zone.contains(pfn))
            return zone;
    }
    throw std::logic_error("pfn outside every zone");
}

std::uint64_t ReferenceBuddy::freePagesOfType(const RefZone& zone, MigrateType mt) const
{
    std::uint64_t pages = 0;
    for (int order = 0; order <= m_geometry.maxPageOrder; ++order)
        pages += std::uint64_t(zone.lists[std::size_t(order)][std::size_t(index(mt))].size()) << order;
    return pages;
}

std::uint64_t ReferenceBuddy::freePagesOf(const RefZone& zone) const
{
    std::uint64_t pages = 0;
    for (int mt = 0; mt < kMigrateTypes; ++mt)
        pages += freePagesOfType(zone, MigrateType(mt));
    return pages;
}

std::uint64_t ReferenceBuddy::freePages(int zone) const
{
    return freePagesOf(m_zones[std::size_t(zone)]);
}

std::vector<Pfn> ReferenceBuddy::freeList(int zone, int order, MigrateType mt) const
{
    const auto& list = m_zones[std::size_t(zone)].lists[std::size_t(order)][std::size_t(index(mt))];
    return {list.begin(), list.end()};
}

} // namespace gbw::test
