// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/memorymodel.h"
#include "model/rmqueue.h"

namespace gbw {

// One request as it reaches a zone: what to allocate and under which flags.
struct ZoneRequest
{
    int order = 0;
    MigrateType migrateType = MigrateType::Movable;
    unsigned flags = 0;
};

// The overhead of placing requests of one class: the numbers the kernel
// reviewers asked for.
struct OverheadCounters
{
    std::vector<std::uint64_t> servedByStep; // per policy step
    std::uint64_t listsExamined = 0; // free lists looked at
    std::uint64_t gigablocksVisited = 0;
    std::uint64_t bitmapWordsScanned = 0;
    std::uint64_t picks = 0; // gigablock picks asked of the finder
    std::uint64_t refusedToTaint = 0; // optional requests refused rather than taint a clean gigablock

    void add(const OverheadCounters& other);
};

// A policy's counters, per request class (Unmovable, Movable, Reclaimable).
struct PolicyCounters
{
    std::vector<std::string> stepNames;
    std::array<OverheadCounters, kPcpTypes> byType;

    void setSteps(std::vector<std::string> names);
    OverheadCounters& of(MigrateType mt)
    {
        return byType[std::size_t(index(mt))];
    }
    const OverheadCounters& of(MigrateType mt) const
    {
        return byType[std::size_t(index(mt))];
    }
    OverheadCounters total() const;
};

// Placement: where in a zone a request is served. The buddy mechanics it
// builds on live in MemoryModel and rmqueue; a policy only chooses.
class Policy
{
public:
    virtual ~Policy() = default;
    virtual std::string_view name() const = 0;
    virtual ListScope listScope() const = 0;
    // Called once the model exists, before any allocation.
    virtual void attach(MemoryModel& model)
    {
        (void)model;
    }
    // Take a block of exactly request.order off the zone's free lists.
    virtual RmqueueResult rmqueue(MemoryModel& model, Zone& zone, const ZoneRequest& request) = 0;
    virtual const PolicyCounters& counters() const = 0;
};

// The policies by their command-line names.
std::vector<std::string_view> policyNames();
std::unique_ptr<Policy> makePolicy(std::string_view name);

} // namespace gbw
