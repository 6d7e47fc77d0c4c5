// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "mm/pageallocator.h"
#include "model/hugepageallocator.h"
#include "random.h"

namespace gbw {

// A default mixed churn: requests of every order and of the three PCP types,
// held to a target occupancy, freed mostly young (most kernel allocations are
// short-lived) and sometimes at random (the long-lived ones that pin memory).
struct ChurnConfig
{
    std::uint64_t seed = 1;
    double targetOccupancy = 0.6; // of managed memory
    // Share of requests by order 0..10: order 0 dominates, as in every
    // allocation trace; the high orders are THP (9) and the largest buddy (10).
    std::vector<double> orderWeights = {40, 15, 10, 10, 4, 4, 4, 4, 4, 3, 2};
    // Unmovable, Movable, Reclaimable: mostly user memory, a kernel share.
    std::array<double, kPcpTypes> typeWeights = {20, 70, 10};
    double atomicShare = 0.05; // GFP_ATOMIC requests (network receive, interrupts)
    double youngFreeShare = 0.8; // frees that take one of the most recent allocations
    std::uint32_t youngWindow = 64;
};

struct ChurnStats
{
    std::uint64_t events = 0;
    std::uint64_t allocations = 0;
    std::uint64_t failures = 0;
    std::uint64_t frees = 0;
    std::uint64_t livePages = 0;
};

class Churn
{
public:
    Churn(PageAllocator& allocator, const ChurnConfig& config);

    // One allocation or one free.
    void step();
    // `events` steps; `progress` (if set) is called about every 1 % with the count done.
    void run(std::uint64_t events, const std::function<void(std::uint64_t)>& progress = {});

    const ChurnStats& stats() const
    {
        return m_stats;
    }
    std::size_t liveBlocks() const
    {
        return m_live.size();
    }
    // Free everything still allocated.
    void releaseAll();

private:
    void allocateOne(std::uint64_t bits);
    void freeOne(std::uint64_t bits);
    std::size_t pickVictim(std::uint64_t bits);
    void release(std::uint64_t entry);

    PageAllocator& m_allocator;
    ChurnConfig m_config;
    Random m_random;
    WeightedChoice m_orders;
    WeightedChoice m_types;
    std::uint64_t m_targetPages = 0;
    std::uint32_t m_atomicThreshold = 0; // shares in 1/65536
    std::uint32_t m_youngThreshold = 0;
    std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> m_live; // pfn << 4 | order
    // Victims are chosen a few frees before they are freed, so the cache
    // misses of touching their (cold) page state overlap instead of queueing.
    static constexpr std::size_t kFreeAhead = 16;
    std::array<std::uint64_t, kFreeAhead> m_pending = {};
    std::size_t m_pendingCount = 0;
    std::size_t m_pendingNext = 0;
    std::uint64_t m_nextRandomVictim = 0; // drawn one free early so its slot can be prefetched
    ChurnStats m_stats;
};

} // namespace gbw
