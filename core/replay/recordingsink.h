// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "recording.h"
#include "sim/eventsink.h"

namespace gbw {

// Records an engine's run in memory, as the store would: for tests, and for a
// GUI that replays a run it has just simulated without writing it out.
class RecordingSink final : public EventSink
{
public:
    explicit RecordingSink(Recording& into)
        : m_recording(into)
    {}
    // Number of events recorded before each sample, in sample order.
    const std::vector<std::uint64_t>& sampleIndexes() const
    {
        return m_sampleIndexes;
    }

    void pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t pid) override;
    void pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t pid) override;
    void pageFreeToPcp(VirtualTime time, Pfn pfn, int order, std::uint32_t pid) override;
    void pcpRefill(VirtualTime time, Pfn pfn, int order, MigrateType mt) override;
    void pcpDrain(VirtualTime time, Pfn pfn, int order, MigrateType mt) override;
    void migrated(VirtualTime time, Pfn from, Pfn to, int order, const AllocRequest& request) override;
    void extfrag(VirtualTime time, const ExtfragEvent& event) override;
    void pageblockLabel(VirtualTime time, Pfn pageblockStart, MigrateType from, MigrateType to) override;
    void gigablockTaken(VirtualTime time, std::uint32_t gigablock) override;
    void gigablockReleased(VirtualTime time, std::uint32_t gigablock) override;
    void sample(VirtualTime time, const EngineSample& sample) override;

private:
    void add(VirtualTime time, RecordedKind kind, Pfn pfn, int order, MigrateType mt = MigrateType::Unmovable);

    Recording& m_recording;
    std::vector<std::uint64_t> m_sampleIndexes;
};

} // namespace gbw
