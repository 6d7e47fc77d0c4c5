// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "model/memorymodel.h"
#include "policy/policy.h"
#include "watermarks.h"

namespace gbw {

struct AllocResult
{
    Block block;
    bool ok = false;
    AllocFailure failure = AllocFailure::InvalidRequest;
    RmqueueMode mode = RmqueueMode::Normal;
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

    AllocResult allocate(const AllocRequest& request);
    FreeResult free(const Block& block);

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
};

} // namespace gbw
