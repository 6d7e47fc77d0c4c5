// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/memorymodel.h"
#include "recording.h"

namespace gbw {

// An event that contradicts the state rebuilt so far. It is skipped, counted
// and listed; reconstruction goes on.
enum class Contradiction : std::uint8_t
{
    DoubleAlloc, // the range is not free (already allocated, or partly)
    FreeNotAllocated, // no allocated block starts at pfn (or it sits on a per-cpu list)
    WrongOrder, // freed with another order than allocated
    OutsideHost, // beyond the host, misaligned, or in reserved memory
    BadGigablock, // a 1 GB take or release that the state does not allow
};
inline constexpr int kContradictions = 5;
std::string_view name(Contradiction c);

struct ReconstructionIssue
{
    std::uint64_t index = 0; // position of the event in the recording
    RecordedEvent event;
    Contradiction what = Contradiction::DoubleAlloc;
};

struct ReconstructionStats
{
    std::uint64_t applied = 0; // events that changed the state
    std::array<std::uint64_t, kContradictions> contradictions = {};
    // Unknown start only: frees of ranges no earlier event touched, i.e.
    // allocated before the trace began (taken, then freed).
    std::uint64_t preTraceFrees = 0;
    // Seeded start only: allocations in untouched memory for which the seeded
    // counts of their zone held no free block of that order or larger.
    std::uint64_t seedShortfalls = 0;
    std::uint64_t contradictionCount() const
    {
        std::uint64_t n = 0;
        for (auto c : contradictions)
            n += c;
        return n;
    }
};

// A zone's free blocks per order and type, and its pageblocks per label. With
// a seeded start: the free blocks that events revealed (exact, positioned)
// plus what is left of the snapshot's counts for memory no event touched.
struct ZoneTotals
{
    std::array<std::array<std::uint64_t, kMigrateTypes>, kMaxSupportedOrder + 1> freeBlocks = {}; // [order][mt]
    std::array<std::uint64_t, kMigrateTypes> pageblocks = {};
    bool hasPageblocks = false; // false: the labels are not known for the whole zone
    std::uint64_t freePages = 0;
    std::uint64_t freeBlocksOfOrder(int order) const
    {
        std::uint64_t n = 0;
        for (auto c : freeBlocks[std::size_t(order)])
            n += c;
        return n;
    }
};

// Rebuilds physical occupancy from recorded events at their recorded pfns, in
// a MemoryModel of the recorded host. A value: copying it is a checkpoint.
class Reconstructor
{
public:
    static constexpr std::size_t kMaxListedIssues = 1000;

    static std::unique_ptr<Reconstructor> create(const Recording& recording, std::string* error);
    Reconstructor(const Reconstructor& other);
    Reconstructor& operator=(const Reconstructor& other);

    // Apply the event at `index` of the recording.
    void apply(const RecordedEvent& event, std::uint64_t index);
    // A hint that `event` comes soon: start its cache misses (no effect on state).
    void prefetch(const RecordedEvent& event) const
    {
        if (event.pfn < m_model->endPfn() && event.kind != RecordedKind::GigablockTake
            && event.kind != RecordedKind::GigablockRelease) {
            m_model->prefetch(event.pfn, event.order);
            __builtin_prefetch(&m_pcp[event.pfn >> 6]);
        }
    }

    const MemoryModel& model() const
    {
        return *m_model;
    }
    const ReconstructionStats& stats() const
    {
        return m_stats;
    }
    // The first kMaxListedIssues contradictions, in order.
    const std::vector<ReconstructionIssue>& issues() const
    {
        return m_issues;
    }
    // Unknown start: pages that no event has touched yet (0 for a boot start).
    std::uint64_t unknownPages() const;
    StartState start() const
    {
        return m_start;
    }
    // Unknown start seeded from a pagetypeinfo snapshot: memory no event
    // touched is held in the model as allocated "unknown" blocks (so known
    // free blocks never merge into it), and its free memory is counted per
    // zone from the snapshot instead.
    bool seeded() const
    {
        return !m_seed.empty();
    }
    // Zone-level totals: from the model alone, or seeded (see ZoneTotals).
    ZoneTotals zoneTotals(int zone) const;

private:
    Reconstructor(std::unique_ptr<MemoryModel> model, const Recording& recording);
    void alloc(const RecordedEvent& e, std::uint64_t index);
    void free(const RecordedEvent& e, std::uint64_t index);
    void pcpFree(const RecordedEvent& e, std::uint64_t index);
    void pcpRefill(const RecordedEvent& e, std::uint64_t index);
    bool pcpHeld(Pfn pfn) const
    {
        return m_pcp[pfn >> 6] >> (pfn & 63) & 1;
    }
    void setPcpHeld(Pfn pfn, bool held)
    {
        const std::uint64_t bit = std::uint64_t(1) << (pfn & 63);
        m_pcp[pfn >> 6] = held ? m_pcp[pfn >> 6] | bit : m_pcp[pfn >> 6] & ~bit;
    }
    // Unknown start: a range no event touched was allocated before the trace; take it now.
    bool takePreTrace(Pfn pfn, int order);
    bool relabel(Pfn pfn, int order, MigrateType to, std::uint64_t index, const RecordedEvent& e);
    // Seeded start ------------------------------------------------------------
    void seedFrom(const std::vector<ZoneSeed>& seed);
    // Take the unknown blocks that cover [pfn, pfn + 2^order), all untouched,
    // so that exactly that range is an allocated block in the model.
    bool claimUntouched(Pfn pfn, int order);
    // An event uses memory: its untouched parts were free (they are taken
    // from the seeded counts) and become known free blocks of the model.
    void revealFree(Pfn pfn, int order, MigrateType mt);
    // The kernel's __rmqueue_smallest() on the seeded counts.
    void consumeSeed(Pfn pfn, int order, MigrateType mt);
    void contradiction(Contradiction what, const RecordedEvent& e, std::uint64_t index);
    bool inHost(Pfn pfn, int order) const;
    // Unknown start: whether every page of the range is untouched; marking touches them.
    bool untouched(Pfn pfn, int order) const;
    void touch(Pfn pfn, int order);

    std::unique_ptr<MemoryModel> m_model;
    StartState m_start;
    bool m_labelsFromExtfrag;
    ReconstructionStats m_stats;
    std::vector<ReconstructionIssue> m_issues;
    std::vector<ZoneSeed> m_seed; // one per model zone when seeded, else empty
    std::vector<std::uint64_t> m_touched; // one bit per page, unknown start only
    std::vector<std::uint64_t> m_pcp; // one bit per page: the head of a block parked on a per-cpu list
    std::uint64_t m_touchedPages = 0;
    std::uint64_t m_managedPages = 0;
};

} // namespace gbw
