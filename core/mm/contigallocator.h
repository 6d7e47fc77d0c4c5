// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "compaction.h"

namespace gbw {

enum class ContigFailure : std::uint8_t
{
    UnmovableContent, // unmovable or reclaimable pages in the range (every candidate's, for allocate1G)
    MigrationFailed, // a movable page could not move: pinned, or no target anywhere
    NothingSuitable, // no whole gigablock to try, or none whose movable pages fit elsewhere
};
inline constexpr int kContigFailures = 3;
std::string_view name(ContigFailure failure);

struct ContigResult
{
    bool ok = false;
    std::uint32_t gigablock = MemoryModel::kNoGigablock;
    ContigFailure failure = ContigFailure::NothingSuitable;
    std::uint64_t pagesMigrated = 0; // also on failure: moved pages stay moved, as in the kernel
    std::uint64_t costNs = 0;

    explicit operator bool() const
    {
        return ok;
    }
};

struct ContigCounters
{
    std::uint64_t attempts = 0;
    std::uint64_t successes = 0;
    std::uint64_t fromEmpty = 0; // served by an all-free gigablock, nothing migrated
    std::array<std::uint64_t, kContigFailures> failures = {}; // by ContigFailure
    std::uint64_t pagesMigrated = 0;
    std::uint64_t frees = 0;
};

// 1 GB pages (hugetlb gigantic pages): alloc_contig_range() over one
// gigablock, preferring the RFC's clean all-free gigablocks
// (sb_try_alloc_contig), and the "how many could we get" metrics.
class ContigAllocator
{
public:
    ContigAllocator(PageAllocator& allocator, Compactor& compactor);

    // An all-free gigablock if there is one, else the clean gigablock with
    // the fewest used pages whose movable pages fit elsewhere, evacuated.
    ContigResult allocate1G();
    // alloc_contig_range() on one gigablock.
    ContigResult allocate1GAt(std::uint32_t gigablock);
    // Returns false if the gigablock does not hold a 1 GB page.
    bool free1G(std::uint32_t gigablock);

    // Gigablocks that are a 1 GB page right now, without migrating anything.
    std::uint32_t allocatableNow() const;
    // Those plus the clean gigablocks whose movable pages fit into free memory
    // outside them (greedy, fewest used pages first). Migration targets are
    // allocated with reclaim allowed, as alloc_contig_range() does for
    // hugetlb, so `reclaimablePages` (what reclaim could free) count as room
    // too. See the .cpp for what this approximation leaves out.
    std::uint32_t allocatableWithCompaction(std::uint64_t reclaimablePages = 0) const;
    // Pages reclaim would have to free before the cheapest clean gigablock's
    // movable pages fit elsewhere; 0 when nothing needs reclaim (or nothing
    // clean is left to evacuate).
    std::uint64_t migrationShortfall() const;

    // Whether a gigablock spans a whole aligned 1 GB range: not clipped by
    // its zone, no holes, no firmware reservations.
    bool isWhole(const GigablockSummary& summary) const;

    const ContigCounters& counters() const
    {
        return m_counters;
    }

private:
    ContigResult takeEmpty(std::uint32_t gigablock);
    ContigResult evacuateAndTake(std::uint32_t gigablock);
    ContigResult fail(ContigResult result, ContigFailure failure);
    ContigResult succeed(ContigResult result);
    std::vector<std::uint32_t> cleanCandidates() const;
    std::uint64_t freeForMigration() const;
    bool isCandidate(const GigablockSummary& summary) const;

    MemoryModel& m_model;
    Compactor& m_compactor;
    ContigCounters m_counters;
};

} // namespace gbw
