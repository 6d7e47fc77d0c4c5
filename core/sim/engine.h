// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "allocationtable.h"
#include "eventqueue.h"
#include "eventsink.h"
#include "knobs.h"
#include "mm/pageallocator.h"
#include "requestfeed.h"
#include "workload.h"

namespace gbw {

class Compactor;
class ContigAllocator;

struct EngineConfig
{
    HostConfig host;
    std::string policy = "vanilla";
    Workload workload;
    std::uint64_t seed = 1;
    double sampleSeconds = 1.0;
    bool groupByMobility = true; // false: page_group_by_mobility_disabled, every request one type
    // Generate the workload's requests ahead on a thread of their own. The
    // results are the same either way; off, the engine uses one core only,
    // as where many engines already share the cores (sweeps).
    bool requestsAhead = true;
};

// What the system around the allocator did, named as in /proc/vmstat.
struct EngineCounters
{
    std::uint64_t pgalloc = 0;
    std::uint64_t pgfree = 0;
    std::uint64_t allocFailed = 0;
    std::uint64_t allocstallDirect = 0; // direct reclaim entries
    std::uint64_t pgscanKswapd = 0, pgscanDirect = 0;
    std::uint64_t pgstealKswapd = 0, pgstealDirect = 0;
    std::uint64_t pgstealFile = 0, pgstealAnon = 0;
    std::uint64_t slabsScanned = 0;
    std::uint64_t kswapdWakeups = 0; // pageoutrun
    std::uint64_t kswapdBoostResets = 0;
    std::uint64_t thpFaultAlloc = 0, thpFaultFallback = 0;
    std::uint64_t hugetlb1gAlloc = 0, hugetlb1gFail = 0;
    std::uint64_t refusedByPolicy = 0;
    VirtualTime reclaimNs = 0; // work done by reclaim, kswapd and direct
    // Final outcome of each workload request by order (after the slow path),
    // and the slow-path entries (direct reclaim, then compaction) by order.
    std::array<std::uint64_t, kMaxSupportedOrder + 1> allocatedByOrder = {};
    std::array<std::uint64_t, kMaxSupportedOrder + 1> failedByOrder = {};
    std::array<std::uint64_t, kMaxSupportedOrder + 1> stallsByOrder = {};
};

// One point of the sampled time series.
struct EngineSample
{
    double seconds = 0;
    std::uint64_t events = 0;
    std::array<std::uint32_t, kGigablockCategories> categories = {};
    std::uint32_t allocatable1g = 0; // with compaction, reclaim supplying migration targets
    std::uint32_t allocatable1gFree = 0; // all-free gigablocks only
    std::uint64_t freePages = 0;
    std::vector<std::uint64_t> freeBlocksByOrder;
    double fragmentationScore = 0; // node 0, for the THP order
    std::uint64_t compactionMigrated = 0;
    std::uint64_t reclaimed = 0;
};

// What a sample can read off the model alone: categories, free memory by
// order, the fragmentation score. The engine and replay add the rest.
EngineSample modelSample(const MemoryModel& model, double seconds, std::uint64_t events);

// A deterministic, seeded simulation of a host: a workload's requests and
// frees on a virtual clock, with reclaim, kswapd, compaction and 1 GB
// allocations around the page allocator. Its state is touched by one thread
// only (a UI runs it on a thread of its own and reads samples); the request
// stream it consumes may be made ahead on another (EngineConfig::requestsAhead).
class Engine final : private MigrationObserver, private LabelObserver, private PcpObserver
{
public:
    static std::unique_ptr<Engine> create(const EngineConfig& config, std::string* error);
    ~Engine();

    // Run until the virtual clock reaches `end`; `progress` is called about
    // every virtual second with the time reached.
    void runUntil(VirtualTime end, const std::function<void(VirtualTime)>& progress = {});
    VirtualTime now() const
    {
        return m_now;
    }
    std::uint64_t events() const
    {
        return m_events;
    }

    const KnobSet& knobs() const
    {
        return m_knobs;
    }
    // Change a knob now; empty on success, else why not.
    std::string setKnob(std::string_view name, double value);

    PageAllocator& allocator()
    {
        return *m_allocator;
    }
    const PageAllocator& allocator() const
    {
        return *m_allocator;
    }
    const AllocationTable& allocations() const
    {
        return m_table;
    }
    const std::vector<EngineSample>& samples() const
    {
        return m_samples;
    }
    const EngineCounters& counters() const
    {
        return m_counters;
    }
    VirtualTime compactionNs() const
    {
        return m_compactionNs;
    }
    const Compactor& compactor() const
    {
        return *m_compactor;
    }
    const ContigAllocator& contig() const
    {
        return *m_contig;
    }
    const EngineConfig& config() const
    {
        return m_config;
    }
    EngineSample sampleNow() const;
    // What reclaim could free now: page cache, anonymous memory, reclaimable slab.
    std::uint64_t reclaimablePages() const;
    // The end of a stress-highalloc style test: reclaim everything reclaim can
    // take, then the share of memory that sits in free blocks of pageblock
    // order or more, i.e. what could be allocated as huge pages now.
    double hugePageShareAfterFullReclaim();
    // Report every allocation, free, migration, label change and compaction
    // run to the sink from now on (nullptr: stop). The sink stays the caller's.
    void setEventSink(EventSink* sink);
    // The kernel trace text writer is one such sink.
    void setTrace(EventSink* trace)
    {
        setEventSink(trace);
    }

private:
    // The engine's own timers; requests come from m_requests.
    enum Kind : std::uint32_t
    {
        Sample,
        Kcompactd,
        GiganticAlloc,
        GiganticFree,
        Defrag
    };
    Engine(const EngineConfig& config, std::unique_ptr<PageAllocator> allocator);
    void start();
    void schedule(VirtualTime at, Kind kind, std::uint32_t a = 0);
    void timersChanged();
    bool requestComesFirst() const;
    void takeRequest();
    void prefetchAhead() const;
    void handle(const Event& event);
    void handle(const Request& request);
    // A request's ticket is its allocation's id in the table, so a free
    // finds its block without a lookup; the entry is not live if the
    // arrival failed or reclaim took the block first.
    std::uint32_t liveAllocation(const Request& r) const
    {
        return r.kind == Request::Free && m_table.isLive(r.ticket) ? r.ticket : AllocationTable::kNone;
    }
    void arrival(const Request& r);
    void allocate(const Request& r, const AllocRequest& request);
    AllocResult slowPath(const AllocRequest& request);
    bool evacuateForKernel(int order);
    void release(std::uint32_t id);
    void afterAllocation(int zone);
    std::uint64_t reclaim(std::uint64_t pages, bool direct);
    void kswapd(int zone);
    void kcompactd();
    void defrag();
    void gigantic(bool allocate, std::uint32_t gigablock);
    void applyKnobs();
    // MigrationObserver: compaction moved a block; the table follows, the trace records it.
    bool isMigratable(Pfn pfn) const override
    {
        return m_table.isMigratable(pfn);
    }
    void moved(Pfn from, Pfn to, int order) override;
    void compactionBegin(int zone, Pfn migratePfn, Pfn freePfn, bool sync) override;
    void compactionEnd(
        int zone, Pfn migratePfn, Pfn freePfn, bool sync, std::uint64_t migrated, const char* status) override;
    // LabelObserver: only set while a sink is.
    void labelChanged(std::size_t pageblock, MigrateType from, MigrateType to) override;
    // PcpObserver: only set while a sink is.
    void pcpRefilled(Pfn pfn, int order, MigrateType mt) override;
    void pcpDrained(Pfn pfn, int order, MigrateType mt) override;
    void reportFree(const Block& block, std::uint32_t pid);
    void reportAlloc(std::uint32_t requestClass, const AllocRequest& request, const AllocResult& result);

    EngineConfig m_config;
    std::unique_ptr<PageAllocator> m_allocator;
    std::unique_ptr<Compactor> m_compactor;
    std::unique_ptr<ContigAllocator> m_contig;
    AllocationTable m_table;
    std::unique_ptr<RequestFeed> m_requests;
    EventQueue m_queue; // the timers
    Event m_nextTimer {~VirtualTime(0)}; // m_queue's head, or never: read before every event
    KnobSet m_knobs;
    std::vector<std::uint64_t> m_classPages; // pages each class holds now
    std::uint64_t m_hostPages = 0;
    VirtualTime m_now = 0;
    std::uint64_t m_events = 0;
    EngineCounters m_counters;
    std::vector<EngineSample> m_samples;
    std::vector<std::uint32_t> m_heldGigablocks;
    VirtualTime m_defragQuietUntil = 0;
    VirtualTime m_compactionNs = 0; // work done by compaction and evacuation
    EventSink* m_sink = nullptr;
    MigrateType m_lastLabelFrom = MigrateType::Movable; // for extfrag's fallback type
};

} // namespace gbw
