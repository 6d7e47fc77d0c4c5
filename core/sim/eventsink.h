// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "eventqueue.h"
#include "model/types.h"

namespace gbw {

struct EngineSample;

// mm_page_alloc_extfrag: an allocation served from another migratetype's
// free list (fallback); changeOwnership says its pageblock was claimed.
struct ExtfragEvent
{
    Pfn pfn = 0;
    int allocOrder = 0;
    int fallbackOrder = 0;
    int pageblockOrder = 9;
    MigrateType allocType = MigrateType::Unmovable;
    MigrateType fallbackType = MigrateType::Movable;
    bool changeOwnership = false;
};

// mm_compaction_begin / mm_compaction_end: one compact_zone() run.
struct CompactionEvent
{
    Pfn zoneStart = 0;
    Pfn migratePfn = 0;
    Pfn freePfn = 0;
    Pfn zoneEnd = 0;
    bool sync = false;
    std::string_view status; // end only: "success", "complete", "partial_skipped", ...
};

// Where the engine reports what happens to memory, in order, with the virtual
// time: the trace writer, the SQLite recorder, a test. Every call is optional
// for a sink (empty defaults); the engine checks for a null sink once per
// event, so an engine without one pays nothing else.
class EventSink
{
public:
    virtual ~EventSink() = default;
    // `pid` is the trace's task id for the request's origin (a request class, or migration).
    virtual void pageAlloc(VirtualTime, const AllocRequest&, Pfn, std::uint32_t /*pid*/) {}
    virtual void pageFree(VirtualTime, Pfn, int /*order*/, std::uint32_t /*pid*/) {}
    // A free that parks the page on a per-cpu list (it stays allocated as far
    // as the buddy lists know). The kernel traces both as mm_page_free.
    virtual void pageFreeToPcp(VirtualTime time, Pfn pfn, int order, std::uint32_t pid)
    {
        pageFree(time, pfn, order, pid);
    }
    // Per-cpu list refill from the buddy lists (mm_page_alloc_zone_locked
    // with percpu_refill=1) and drain back to them (mm_page_pcpu_drain).
    virtual void pcpRefill(VirtualTime, Pfn, int /*order*/, MigrateType) {}
    virtual void pcpDrain(VirtualTime, Pfn, int /*order*/, MigrateType) {}
    // Compaction or evacuation moved an allocated block; `request` describes the target.
    virtual void migrated(VirtualTime, Pfn /*from*/, Pfn /*to*/, int /*order*/, const AllocRequest&) {}
    virtual void extfrag(VirtualTime, const ExtfragEvent&) {}
    // A pageblock changed its migratetype label (claim, highatomic reserve, isolation).
    virtual void pageblockLabel(VirtualTime, Pfn /*pageblockStart*/, MigrateType /*from*/, MigrateType /*to*/) {}
    // A 1 GB contiguous allocation took a whole gigablock, or gave it back.
    virtual void gigablockTaken(VirtualTime, std::uint32_t /*gigablock*/) {}
    virtual void gigablockReleased(VirtualTime, std::uint32_t /*gigablock*/) {}
    virtual void compactionBegin(VirtualTime, const CompactionEvent&) {}
    virtual void compactionMigratePages(VirtualTime, std::uint64_t /*migrated*/, std::uint64_t /*failed*/) {}
    virtual void compactionEnd(VirtualTime, const CompactionEvent&) {}
    // The engine took a sample of its time series (after the events before it).
    virtual void sample(VirtualTime, const EngineSample&) {}
};

// Forwards every event to several sinks, in order (e.g. --trace and --db together).
class TeeSink final : public EventSink
{
public:
    void add(EventSink* sink)
    {
        if (sink)
            m_sinks.push_back(sink);
    }
    bool empty() const
    {
        return m_sinks.empty();
    }
    void pageAlloc(VirtualTime t, const AllocRequest& r, Pfn pfn, std::uint32_t pid) override
    {
        for (auto* s : m_sinks)
            s->pageAlloc(t, r, pfn, pid);
    }
    void pageFree(VirtualTime t, Pfn pfn, int order, std::uint32_t pid) override
    {
        for (auto* s : m_sinks)
            s->pageFree(t, pfn, order, pid);
    }
    void pageFreeToPcp(VirtualTime t, Pfn pfn, int order, std::uint32_t pid) override
    {
        for (auto* s : m_sinks)
            s->pageFreeToPcp(t, pfn, order, pid);
    }
    void pcpRefill(VirtualTime t, Pfn pfn, int order, MigrateType mt) override
    {
        for (auto* s : m_sinks)
            s->pcpRefill(t, pfn, order, mt);
    }
    void pcpDrain(VirtualTime t, Pfn pfn, int order, MigrateType mt) override
    {
        for (auto* s : m_sinks)
            s->pcpDrain(t, pfn, order, mt);
    }
    void migrated(VirtualTime t, Pfn from, Pfn to, int order, const AllocRequest& r) override
    {
        for (auto* s : m_sinks)
            s->migrated(t, from, to, order, r);
    }
    void extfrag(VirtualTime t, const ExtfragEvent& e) override
    {
        for (auto* s : m_sinks)
            s->extfrag(t, e);
    }
    void pageblockLabel(VirtualTime t, Pfn start, MigrateType from, MigrateType to) override
    {
        for (auto* s : m_sinks)
            s->pageblockLabel(t, start, from, to);
    }
    void gigablockTaken(VirtualTime t, std::uint32_t gb) override
    {
        for (auto* s : m_sinks)
            s->gigablockTaken(t, gb);
    }
    void gigablockReleased(VirtualTime t, std::uint32_t gb) override
    {
        for (auto* s : m_sinks)
            s->gigablockReleased(t, gb);
    }
    void compactionBegin(VirtualTime t, const CompactionEvent& e) override
    {
        for (auto* s : m_sinks)
            s->compactionBegin(t, e);
    }
    void compactionMigratePages(VirtualTime t, std::uint64_t migrated, std::uint64_t failed) override
    {
        for (auto* s : m_sinks)
            s->compactionMigratePages(t, migrated, failed);
    }
    void compactionEnd(VirtualTime t, const CompactionEvent& e) override
    {
        for (auto* s : m_sinks)
            s->compactionEnd(t, e);
    }
    void sample(VirtualTime t, const EngineSample& s) override
    {
        for (auto* sink : m_sinks)
            sink->sample(t, s);
    }

private:
    std::vector<EventSink*> m_sinks;
};

} // namespace gbw
