// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "migrationobserver.h"
#include "pageallocator.h"

namespace gbw {

// MIGRATE_ASYNC (THP faults, the first direct attempt), MIGRATE_SYNC_LIGHT
// (kcompactd, proactive compaction, later direct attempts), MIGRATE_SYNC
// (the last direct attempt and /proc/sys/vm/compact_memory).
enum class CompactMode : std::uint8_t
{
    Async,
    SyncLight,
    Sync
};
std::string_view name(CompactMode mode);

// enum compact_result, reduced to what a caller acts on.
enum class CompactOutcome : std::uint8_t
{
    Skipped, // COMPACT_SKIPPED: too little free memory to compact with, or order 0
    Deferred, // COMPACT_DEFERRED: the zone failed this order recently
    NotSuitable, // COMPACT_NOT_SUITABLE_ZONE: the fragmentation index blames lack of memory
    Partial, // the scan budget ran out first (the kernel's aborted or contended run)
    Complete, // COMPACT_COMPLETE: the scanners met without producing the block
    Success, // COMPACT_SUCCESS: the block is free (proactive: the score reached the low mark)
};
std::string_view name(CompactOutcome outcome);

// The knobs, with the kernel's names and defaults, and the virtual-time costs.
struct CompactionSettings
{
    int extfragThreshold = 500; // vm.extfrag_threshold
    int proactiveness = 20; // vm.compaction_proactiveness; 0 turns proactive compaction off
    // RFC v2 38/40: the migrate scanner passes over tainted gigablocks without movable pages.
    bool skipTaintedWithoutMovable = false;
    // Pages the two scanners may visit in one call before it stops with Partial; 0 = no limit.
    std::uint64_t scanBudget = 0;
    // ~1 us per migrated 4 KiB page: science.md 3.4, derived from Gupta's "a fragmented
    // 32 GB machine compacts in < 1 s" (about 0.9 M pages moved), proactive compaction v7.
    std::uint64_t migrateNsPerPage = 1000;
    // A few ns per pfn a scanner visits (one struct page, 64 B, read): science.md 3.4,
    // an estimate there, not a measurement. We take 4.
    std::uint64_t scanNsPerPage = 4;
};

// /proc/vmstat's compaction and migration lines, plus what the RFC's hooks did.
struct CompactionCounters
{
    std::uint64_t pgmigrateSuccess = 0; // pages
    std::uint64_t pgmigrateFail = 0;
    std::uint64_t compactMigrateScanned = 0;
    std::uint64_t compactFreeScanned = 0;
    std::uint64_t compactIsolated = 0; // pages isolated by either scanner
    std::uint64_t compactStall = 0; // direct compaction runs
    std::uint64_t compactFail = 0;
    std::uint64_t compactSuccess = 0;
    std::uint64_t compactDaemonWake = 0;
    std::uint64_t compactDaemonMigrateScanned = 0;
    std::uint64_t compactDaemonFreeScanned = 0;
    // Not in vmstat.
    std::uint64_t deferredAttempts = 0; // compaction_deferred() said skip
    std::uint64_t proactiveRuns = 0;
    std::uint64_t proactiveBackoffs = 0;
    std::uint64_t gigablocksSkipped = 0; // skipTaintedWithoutMovable
    std::uint64_t gigablockEvacuations = 0;

    // The vmstat lines in /proc/vmstat order, for output.
    std::vector<std::pair<std::string_view, std::uint64_t>> vmstat() const;
};

struct CompactResult
{
    CompactOutcome outcome = CompactOutcome::Skipped;
    std::uint64_t costNs = 0; // to charge to the engine's clock
    std::uint64_t pagesMigrated = 0;
    std::uint64_t migrateScanned = 0;
    std::uint64_t freeScanned = 0;
};

struct ProactiveResult
{
    bool ran = false;
    bool backedOff = false; // skipped: an earlier round made no progress
    unsigned scoreBefore = 0;
    unsigned scoreAfter = 0;
    std::uint64_t costNs = 0;
    std::uint64_t pagesMigrated = 0;
};

struct Evacuation
{
    std::uint64_t pagesMigrated = 0;
    std::uint64_t pagesFailed = 0; // movable pages that would not move: pinned, or no target anywhere
    bool outOfMemory = false; // stopped early: no target could be allocated
    std::uint64_t scanned = 0;
    std::uint64_t costNs = 0;
    bool complete() const
    {
        return pagesFailed == 0;
    }
    void add(const Evacuation& part)
    {
        pagesMigrated += part.pagesMigrated;
        pagesFailed += part.pagesFailed;
        outOfMemory = outOfMemory || part.outOfMemory;
        scanned += part.scanned;
        costNs += part.costNs;
    }
};

// A gigablock's pageblock labels from before it was isolated.
struct GigablockIsolation
{
    std::uint32_t gigablock = 0;
    std::vector<MigrateType> labels; // one per pageblock of the gigablock
};

// Where a zone's compaction stands between calls (zone->compact_cached_*_pfn
// and the deferral fields). Scanners are pageblock indexes into the model.
struct ZoneCompactionState
{
    std::size_t firstPageblock = 0;
    std::size_t lastPageblock = 0;
    std::size_t migratePageblock = 0; // next pageblock the migrate scanner looks at
    std::size_t freePageblock = 0; // pageblock the free scanner takes targets from
    bool freeStarted = false; // freePageblock passed the target checks and was counted
    Pfn freeCursor = 0; // where the free scanner resumes inside freePageblock
    Pfn freeRewind = 0; // first free block it passed over as too small (or kNoPfn)
    unsigned considered = 0; // compact_considered
    int deferShift = 0; // compact_defer_shift
    int orderFailed = 0; // compact_order_failed
};

// Memory compaction (mm/compaction.c): per zone a migrate scanner walks up
// from the zone start and moves movable blocks to free blocks that a free
// scanner finds walking down from the zone end, until the scanners meet or
// the goal is reached. Plus the RFC's gigablock evacuation. Moves are
// reported to the MigrationObserver so the owner of the memory follows them.
class Compactor
{
public:
    static constexpr int kCostlyOrder = 3; // PAGE_ALLOC_COSTLY_ORDER
    static constexpr int kMaxDeferShift = 6; // COMPACT_MAX_DEFER_SHIFT

    Compactor(PageAllocator& allocator, MigrationObserver& observer, CompactionSettings settings = {});

    CompactionSettings& settings()
    {
        return m_settings;
    }
    const CompactionSettings& settings() const
    {
        return m_settings;
    }
    const CompactionCounters& counters() const
    {
        return m_counters;
    }
    const ZoneCompactionState& zoneState(int zone) const
    {
        return m_zones[std::size_t(zone)];
    }

    // Direct compaction for an allocation that failed (try_to_compact_pages on one zone).
    CompactResult compactForOrder(int zone, int order, MigrateType mt, CompactMode mode);
    // Compact a whole zone with no order in mind (kcompactd's work, compact_memory).
    CompactResult compactZone(int zone, CompactMode mode);
    // kcompactd woken for an order (kcompactd_do_work): each zone of the node that needs it.
    CompactResult kcompactd(int node, int order);
    // One proactive check (every 500 ms in the kernel): when the node's score is above
    // the high mark, compact its zones until each is at or below the low mark.
    ProactiveResult proactive(int node);
    // The RFC's gigablock-targeted evacuation: move every movable block out
    // of the gigablock, through the page allocator, while it is isolated.
    Evacuation evacuateGigablock(std::uint32_t gigablock);
    // The RFC's evacuate_pageblock() for a tainted gigablock short of room:
    // aligned runs of pageblocks, each enough for a block of `order`, that
    // hold movable pages only are emptied, fewest pages first, while the
    // gigablock is isolated, until it has `freePageblocks` whole free
    // pageblocks or `freePages` free pages.
    Evacuation makeRoom(std::uint32_t gigablock, int order, std::uint32_t freePageblocks, std::uint64_t freePages);

    // compaction_suitable() and the check before it.
    enum class Suitability : std::uint8_t
    {
        Continue,
        AlreadyMet, // the allocation would succeed now
        Skipped,
        NotSuitable
    };
    Suitability suitable(int zone, int order, MigrateType mt) const;

    // compaction_deferred() (counts the attempt), defer_compaction(), compaction_defer_reset().
    bool deferred(int zone, int order);
    void defer(int zone, int order);
    void deferReset(int zone, int order, bool allocSuccess);

    // alloc_contig_range()'s steps, for ContigAllocator: isolate every
    // pageblock (nothing is allocated there meanwhile), migrate the movable
    // blocks out, restore the labels.
    GigablockIsolation isolateGigablock(std::uint32_t gigablock);
    Evacuation migrateOut(std::uint32_t gigablock, bool stopAtFirstFailure);
    void undoIsolation(const GigablockIsolation& isolation);

private:
    struct Run;
    struct FreeTarget
    {
        Pfn pfn;
        int order;
        MigrateType mt;
    };

    Suitability suitableFor(int zone, int order, int highestZone, unsigned flags) const;
    void directCompactionDone(int zone, int order, CompactMode mode, CompactOutcome outcome);
    CompactOutcome runZone(Run& run);
    bool finished(Run& run, CompactOutcome* outcome);
    bool freeBlockSuitable(const Zone& zone, int order, MigrateType mt) const;
    bool scanMigratePageblock(Run& run);
    bool skipGigablock(Run& run, std::size_t pageblock);
    bool suitableSource(const Run& run, std::size_t pageblock) const;
    bool isCandidate(const Run& run, Pfn pfn, PageState state) const;
    void collectCandidates(const Run& run, std::size_t pageblock);
    bool migrate(Run& run, Pfn pfn, int order);
    bool isolateFreeTarget(Run& run, int order, FreeTarget* target);
    bool suitableTarget(const Run& run, std::size_t pageblock) const;
    bool fullTarget(std::size_t pageblock) const;
    bool findFreeBlock(ZoneCompactionState& state, int order, FreeTarget* target);
    void lowerFreeScanner(ZoneCompactionState& state);
    void resetScanners(ZoneCompactionState& state);
    void account(const Run& run, CompactResult& result);
    enum class MoveResult : std::uint8_t
    {
        Moved,
        Pinned,
        NoTarget
    };
    MoveResult migrateAway(Pfn pfn, int order);
    Evacuation migrateRange(Pfn start, Pfn end, bool stopAtFirstFailure);
    bool mayEvacuate(const GigablockSummary& summary) const;
    std::vector<std::size_t> movableOnlyRuns(std::uint32_t gigablock, std::size_t run) const;
    Pfn blockEnd(Pfn pfn) const;

    PageAllocator& m_allocator;
    MemoryModel& m_model;
    MigrationObserver& m_observer;
    CompactionSettings m_settings;
    CompactionCounters m_counters;
    std::vector<ZoneCompactionState> m_zones;
    std::vector<unsigned> m_proactiveBackoff; // per node: proactive checks still to skip
    std::vector<std::pair<Pfn, int>> m_candidates; // reused between pageblocks
};

} // namespace gbw
