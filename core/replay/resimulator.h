// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mm/pageallocator.h"
#include "recording.h"
#include "sim/knobs.h"

namespace gbw {

// One request of a recorded workload: an allocation, or the free of an
// earlier one (paired by pfn and time), independent of where it was placed.
struct ReplayRequest
{
    VirtualTime time = 0;
    bool free = false;
    std::uint32_t id = 0; // allocation number; a free names the allocation it ends
    AllocRequest request;
};

// The request stream of a recording: allocations with their order, type, gfp
// and tag, and frees paired with them by pfn in time order. Migrations only
// move an allocation (the pairing follows it); 1 GB takes are kept apart.
struct RequestStream
{
    std::vector<ReplayRequest> requests;
    std::uint32_t allocations = 0;
    std::uint64_t unpairedFrees = 0; // frees of pages allocated before the recording, or never
};
RequestStream requestStream(const Recording& recording);

struct ResimulationStats
{
    std::uint64_t allocations = 0;
    std::uint64_t failed = 0; // the policy could not place it here; its free is dropped
    std::uint64_t frees = 0;
};

// Replays a recording's request stream through another policy and knob set:
// "what would this policy have done with my host's workload?". The allocator
// front only: reclaim and compaction of the original run are in the stream
// as the frees and moves they caused.
class Resimulator
{
public:
    static std::unique_ptr<Resimulator> create(
        const Recording& recording, const std::string& policy, const KnobSet& knobs, std::string* error);

    // Run every request at or before `time`; `onRequest` sees each one after it ran.
    void runUntil(VirtualTime time, const std::function<void(const ReplayRequest&)>& onRequest = {});
    void runToEnd()
    {
        runUntil(~VirtualTime(0));
    }

    const PageAllocator& allocator() const
    {
        return *m_allocator;
    }
    const ResimulationStats& stats() const
    {
        return m_stats;
    }
    const RequestStream& stream() const
    {
        return m_stream;
    }
    VirtualTime now() const
    {
        return m_now;
    }

private:
    Resimulator(RequestStream stream, std::unique_ptr<PageAllocator> allocator);

    RequestStream m_stream;
    std::unique_ptr<PageAllocator> m_allocator;
    std::vector<Block> m_blocks; // per allocation id; order > max = not held
    std::size_t m_next = 0;
    VirtualTime m_now = 0;
    ResimulationStats m_stats;
};

// The knobs that act on the allocator front (watermarks, defrag_mode, the RFC's steering).
void applyAllocatorKnobs(PageAllocator& allocator, const KnobSet& knobs);

} // namespace gbw
