// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "recordedevent.h"
#include "sim/eventsink.h"

namespace gbw {

// Turns an engine's allocator callbacks into RecordedEvents, the one form a
// recording keeps them in, and hands each to record(). The in-memory
// recording, the SQLite recorder and the workbench's event log differ only in
// where the events go, so the translation lives here once and they cannot
// drift apart. Samples and compaction runs are left to the derived sink.
class RecordedEventSink : public EventSink
{
public:
    void pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t pid) final;
    void pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t pid) final;
    void pageFreeToPcp(VirtualTime time, Pfn pfn, int order, std::uint32_t pid) final;
    void pcpRefill(VirtualTime time, Pfn pfn, int order, MigrateType mt) final;
    void pcpDrain(VirtualTime time, Pfn pfn, int order, MigrateType mt) final;
    void migrated(VirtualTime time, Pfn from, Pfn to, int order, const AllocRequest& request) final;
    void extfrag(VirtualTime time, const ExtfragEvent& event) final;
    void pageblockLabel(VirtualTime time, Pfn pageblockStart, MigrateType from, MigrateType to) final;
    void gigablockTaken(VirtualTime time, std::uint32_t gigablock) final;
    void gigablockReleased(VirtualTime time, std::uint32_t gigablock) final;

protected:
    virtual void record(const RecordedEvent& event) = 0;

private:
    void add(VirtualTime time, RecordedKind kind, Pfn pfn, int order, MigrateType mt = MigrateType::Unmovable);
};

} // namespace gbw
