// SPDX-License-Identifier: GPL-3.0-or-later
#include "contigallocator.h"

#include <algorithm>

namespace gbw {

std::string_view name(ContigFailure failure)
{
    switch (failure) {
    case ContigFailure::UnmovableContent:
        return "unmovable content";
    case ContigFailure::MigrationFailed:
        return "migration failed";
    case ContigFailure::NothingSuitable:
        return "nothing suitable";
    }
    return "?";
}

namespace {
std::uint64_t movablePages(const GigablockSummary& summary)
{
    return summary.usedPages[std::size_t(index(MigrateType::Movable))];
}
} // namespace

ContigAllocator::ContigAllocator(PageAllocator& allocator, Compactor& compactor)
    : m_model(allocator.model())
    , m_compactor(compactor)
{}

ContigResult ContigAllocator::allocate1G()
{
    ++m_counters.attempts;
    const auto& gigablocks = m_model.gigablocks();
    // sb_try_alloc_contig(): an all-free gigablock needs no isolation and no migration.
    for (std::uint32_t gb = 0; gb < gigablocks.size(); ++gb) {
        if (isWhole(gigablocks[gb]) && gigablocks[gb].category() == GigablockCategory::Empty)
            return takeEmpty(gb);
    }
    ContigResult result;
    bool tried = false;
    for (std::uint32_t gb : cleanCandidates()) {
        // A range whose movable pages cannot fit elsewhere would fail half way
        // through, after moving pages for nothing.
        const std::uint64_t room = freeForMigration();
        const std::uint64_t outside = room - std::min(room, gigablocks[gb].freePages);
        if (movablePages(gigablocks[gb]) > outside)
            continue;
        tried = true;
        const ContigResult attempt = evacuateAndTake(gb);
        result.pagesMigrated += attempt.pagesMigrated;
        result.costNs += attempt.costNs;
        if (attempt) {
            result.ok = true;
            result.gigablock = gb;
            return succeed(result);
        }
    }
    if (tried)
        return fail(result, ContigFailure::MigrationFailed);
    const bool anyTainted = std::any_of(gigablocks.begin(), gigablocks.end(),
        [&](const GigablockSummary& s) { return isWhole(s) && s.category() == GigablockCategory::Tainted; });
    // Clean candidates that did not fit mean memory is short, not polluted.
    const bool anyClean = !cleanCandidates().empty();
    return fail(result, anyTainted && !anyClean ? ContigFailure::UnmovableContent : ContigFailure::NothingSuitable);
}

ContigResult ContigAllocator::allocate1GAt(std::uint32_t gigablock)
{
    ++m_counters.attempts;
    ContigResult result;
    result.gigablock = gigablock;
    if (gigablock >= m_model.gigablocks().size())
        return fail(result, ContigFailure::NothingSuitable);
    const GigablockSummary& summary = m_model.gigablocks()[gigablock];
    if (!isWhole(summary) || summary.contigAllocated || summary.labelCount[std::size_t(index(MigrateType::Isolate))])
        return fail(result, ContigFailure::NothingSuitable);
    // has_unmovable_pages(): isolation fails before anything has moved.
    if (summary.isTainted())
        return fail(result, ContigFailure::UnmovableContent);
    if (summary.category() == GigablockCategory::Empty)
        return takeEmpty(gigablock);
    result = evacuateAndTake(gigablock);
    return result ? succeed(result) : fail(result, ContigFailure::MigrationFailed);
}

bool ContigAllocator::free1G(std::uint32_t gigablock)
{
    if (gigablock >= m_model.gigablocks().size() || !m_model.gigablocks()[gigablock].contigAllocated)
        return false;
    m_model.releaseGigablock(gigablock);
    ++m_counters.frees;
    return true;
}

ContigResult ContigAllocator::takeEmpty(std::uint32_t gigablock)
{
    ContigResult result;
    result.gigablock = gigablock;
    if (!m_model.takeGigablock(gigablock))
        return fail(result, ContigFailure::NothingSuitable);
    ++m_counters.fromEmpty;
    result.ok = true;
    return succeed(result);
}

// alloc_contig_range(): isolate, migrate every movable block out, and take
// the range; on any page that will not move, give the isolation back. Pages
// moved before the failure stay where they went, as in the kernel.
ContigResult ContigAllocator::evacuateAndTake(std::uint32_t gigablock)
{
    ContigResult result;
    result.gigablock = gigablock;
    const GigablockIsolation isolation = m_compactor.isolateGigablock(gigablock);
    const Evacuation evacuation = m_compactor.migrateOut(gigablock, /*stopAtFirstFailure=*/true);
    result.pagesMigrated = evacuation.pagesMigrated;
    result.costNs = evacuation.costNs;
    m_counters.pagesMigrated += evacuation.pagesMigrated;
    if (!evacuation.complete() || !m_model.takeGigablock(gigablock)) {
        m_compactor.undoIsolation(isolation);
        result.failure = ContigFailure::MigrationFailed;
        return result;
    }
    // The range now holds one movable allocation: unmovable and reclaimable
    // labels become movable (undo_isolate_page_range(..., MIGRATE_MOVABLE));
    // CMA and highatomic keep theirs so their accounting stays right.
    const std::size_t first = m_model.pageblockOf(m_model.gigablocks()[gigablock].startPfn);
    for (std::size_t i = 0; i < isolation.labels.size(); ++i) {
        const MigrateType label = isolation.labels[i];
        if (m_model.pageblocks()[first + i].reserved)
            continue;
        const bool pcpKernelType = label == MigrateType::Unmovable || label == MigrateType::Reclaimable;
        m_model.moveFreePagesAndRelabel(first + i, pcpKernelType ? MigrateType::Movable : label);
    }
    result.ok = true;
    return result;
}

ContigResult ContigAllocator::fail(ContigResult result, ContigFailure failure)
{
    result.ok = false;
    result.failure = failure;
    ++m_counters.failures[std::size_t(failure)];
    return result;
}

ContigResult ContigAllocator::succeed(ContigResult result)
{
    ++m_counters.successes;
    return result;
}

bool ContigAllocator::isWhole(const GigablockSummary& summary) const
{
    return summary.endPfn - summary.startPfn == m_model.geometry().pagesPerGigablock()
        && summary.reservedPageblocks == 0;
}

bool ContigAllocator::isCandidate(const GigablockSummary& summary) const
{
    return isWhole(summary) && summary.category() == GigablockCategory::Clean
        && summary.labelCount[std::size_t(index(MigrateType::Isolate))] == 0;
}

std::vector<std::uint32_t> ContigAllocator::cleanCandidates() const
{
    const auto& gigablocks = m_model.gigablocks();
    std::vector<std::uint32_t> candidates;
    for (std::uint32_t gb = 0; gb < gigablocks.size(); ++gb) {
        if (isCandidate(gigablocks[gb]))
            candidates.push_back(gb);
    }
    // Fewest pages to move first: the cheapest 1 GB page to make.
    std::stable_sort(candidates.begin(), candidates.end(),
        [&](std::uint32_t a, std::uint32_t b) { return movablePages(gigablocks[a]) < movablePages(gigablocks[b]); });
    return candidates;
}

// Free pages a movable migration target may use: not isolated, not the
// highatomic reserve, above each zone's min watermark (the slow path's mark).
std::uint64_t ContigAllocator::freeForMigration() const
{
    std::uint64_t room = 0;
    for (int i = 0; i < m_model.zoneCount(); ++i) {
        const Zone& zone = m_model.zone(i);
        const std::uint64_t unusable = zone.freePagesByType[std::size_t(index(MigrateType::Isolate))]
            + zone.freePagesByType[std::size_t(index(MigrateType::HighAtomic))] + zone.mark(Watermark::Min);
        if (zone.freePages > unusable)
            room += zone.freePages - unusable;
    }
    return room;
}

std::uint32_t ContigAllocator::allocatableNow() const
{
    const auto& gigablocks = m_model.gigablocks();
    return std::uint32_t(std::count_if(gigablocks.begin(), gigablocks.end(),
        [&](const GigablockSummary& s) { return isWhole(s) && s.category() == GigablockCategory::Empty; }));
}

// An estimate from the summaries alone, in O(gigablocks). Each 1 GB page
// made uses up its gigablock's free pages, and its movable pages must fit
// into the free memory still left elsewhere. It leaves out: pinned pages
// (only an attempt finds them); whether the free memory elsewhere has blocks
// of the orders the movable blocks need (a target of order 9 needs a free
// order-9 block, which may take compaction first); zonelists, lowmem
// reserves and ALLOC_NOFRAGMENT, which may keep a target out of a zone; and
// watermarks other than min. It is therefore an upper bound on what
// allocate1G() calls in a row would get.
std::uint64_t ContigAllocator::migrationShortfall() const
{
    if (allocatableNow() > 0)
        return 0;
    const auto candidates = cleanCandidates();
    if (candidates.empty())
        return 0;
    const GigablockSummary& cheapest = m_model.gigablocks()[candidates.front()];
    const std::uint64_t room = freeForMigration();
    const std::uint64_t outside = room - std::min(room, cheapest.freePages);
    const std::uint64_t need = movablePages(cheapest);
    return need > outside ? need - outside : 0;
}

std::uint32_t ContigAllocator::allocatableWithCompaction(std::uint64_t reclaimablePages) const
{
    const auto& gigablocks = m_model.gigablocks();
    std::uint64_t room = freeForMigration() + reclaimablePages;
    std::uint32_t count = 0;
    for (const GigablockSummary& summary : gigablocks) {
        if (isWhole(summary) && summary.category() == GigablockCategory::Empty) {
            ++count; // taken as it is, whatever the watermarks say
            room -= std::min(room, summary.freePages);
        }
    }
    for (std::uint32_t gb : cleanCandidates()) {
        const std::uint64_t need = gigablocks[gb].freePages + movablePages(gigablocks[gb]);
        if (need > room)
            continue;
        room -= need;
        ++count;
    }
    return count;
}

} // namespace gbw
