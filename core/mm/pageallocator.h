// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "model/memorymodel.h"
#include "percpupages.h"
#include "policy/policy.h"
#include "watermarks.h"

namespace gbw {

struct AllocResult
{
    Block block;
    bool ok = false;
    AllocFailure failure = AllocFailure::InvalidRequest;
    RmqueueMode mode = RmqueueMode::Normal;
    bool fromPcp = false; // handed out by a per-cpu list, not straight from the buddy lists
    int zone = -1;
    std::string error; // set for invalid requests

    explicit operator bool() const
    {
        return ok;
    }
};

struct FreeResult
{
    bool ok = false;
    std::string error;
    explicit operator bool() const
    {
        return ok;
    }
};

// The page allocator's front: validates requests, walks the zonelist under
// the watermarks (fast path, then slow path), lets the policy pick the page,
// and keeps the highatomic reserve and the watermark boost. Owns the model
// and the policy.
class PageAllocator
{
public:
    static std::unique_ptr<PageAllocator> create(
        const HostConfig& config, std::unique_ptr<Policy> policy, std::string* error);

    // `mayTaint` false holds a kernel request back from tainting a clean
    // gigablock (policies that steer), so that its caller reclaims and
    // compacts first: the RFC drops NOFRAGMENT only as a last resort (v2 20/40).
    AllocResult allocate(const AllocRequest& request, bool mayTaint = true);
    FreeResult free(const Block& block);
    // A hint that free(block) comes soon: fetches what it will read. A block
    // bound for a per-cpu list touches its own page and pageblock only.
    void prefetchFree(const Block& block) const
    {
        if (usesPcp(block.order))
            m_model->prefetchPage(block.pfn);
        else
            m_model->prefetch(block.pfn, block.order);
    }

    MemoryModel& model()
    {
        return *m_model;
    }
    const MemoryModel& model() const
    {
        return *m_model;
    }
    Policy& policy()
    {
        return *m_policy;
    }
    const Policy& policy() const
    {
        return *m_policy;
    }

    const WatermarkSettings& watermarkSettings() const
    {
        return m_watermarks;
    }
    void setWatermarkSettings(const WatermarkSettings& settings);
    bool defragMode() const
    {
        return m_defragMode;
    }
    void setDefragMode(bool on)
    {
        m_defragMode = on;
    }

    // The per-cpu page lists, one CPU's worth per zone. Off by default so
    // that the buddy mechanics can be tested alone; turning them off drains
    // them. `cpus` only sizes `high`, as zone_highsize() does.
    void setPerCpuPages(bool on, int cpus = 1);
    bool perCpuPagesEnabled() const
    {
        return m_pcpOn;
    }
    // drain_all_pages(): every list back to the buddy lists; the pages freed.
    std::uint64_t drainPerCpuPages();
    std::uint64_t perCpuPagesHeld() const;
    const PerCpuPages& perCpuPages(int zone) const
    {
        return m_pcp[std::size_t(zone)];
    }
    const PcpCounters& pcpCounters() const
    {
        return m_pcpCounters;
    }
    void setPcpObserver(PcpObserver* observer)
    {
        m_pcpObserver = observer;
    }

    // The latest taints and untaints with their causes, oldest first (bounded).
    const std::deque<TaintRecord>& taintLog() const
    {
        return m_taintLog;
    }
    static constexpr std::size_t kTaintLogSize = 1024;

    // unreserve_highatomic_pageblock(): give one highatomic pageblock back to
    // the request's type. `force` may take the last one.
    bool unreserveHighatomic(MigrateType to, bool force);

private:
    PageAllocator(std::unique_ptr<MemoryModel> model, std::unique_ptr<Policy> policy);
    struct Attempt;
    void tryZones(Attempt& attempt, unsigned flags);
    unsigned fastPathFlags(const AllocRequest& request) const;
    unsigned slowPathFlags(const AllocRequest& request) const;
    const std::vector<int>& zonelist(MigrateType mt) const;
    void reserveHighatomic(Zone& zone, Pfn pfn, int order);
    std::string validate(const Block& block) const;
    void applyBoosts(Zone& zone, int boosts);
    bool usesPcp(int order) const
    {
        return m_pcpOn && PerCpuPages::allowedOrder(m_model->geometry(), order);
    }
    RmqueueResult takeFromPcp(Zone& zone, int zoneIndex, const ZoneRequest& request);
    void refillPcp(Zone& zone, PerCpuPages& pcp, PfnRing& list, const ZoneRequest& request);
    bool freeToPcp(const Block& block);
    void freePcpBulk(int zoneIndex, std::int64_t pages, int startList);
    void sizePerCpuPages();
    // Called only when an allocation or free changed some gigablock's category.
    void logTaints(std::uint64_t taintsBefore, const AllocRequest& cause, Pfn pfn);

    std::unique_ptr<MemoryModel> m_model;
    std::unique_ptr<Policy> m_policy;
    WatermarkSettings m_watermarks;
    bool m_defragMode = false; // vm.defrag_mode
    std::vector<int> m_movableZonelist; // zones for movable requests, preferred first
    std::vector<int> m_kernelZonelist; // zones up to Normal
    bool m_multiNode = false;
    std::deque<TaintRecord> m_taintLog;
    std::vector<PerCpuPages> m_pcp; // per zone
    bool m_pcpOn = false;
    int m_cpus = 1;
    PcpCounters m_pcpCounters;
    PcpObserver* m_pcpObserver = nullptr;
};

} // namespace gbw
