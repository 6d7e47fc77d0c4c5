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
    std::uint64_t contradictionCount() const
    {
        std::uint64_t n = 0;
        for (auto c : contradictions)
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
    void relabel(Pfn pfn, int order, MigrateType to, std::uint64_t index, const RecordedEvent& e);
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
    std::vector<std::uint64_t> m_touched; // one bit per page, unknown start only
    std::vector<std::uint64_t> m_pcp; // one bit per page: the head of a block parked on a per-cpu list
    std::uint64_t m_touchedPages = 0;
    std::uint64_t m_managedPages = 0;
};

} // namespace gbw
