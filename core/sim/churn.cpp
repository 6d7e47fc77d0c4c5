// SPDX-License-Identifier: GPL-3.0-or-later
#include "churn.h"

#include <algorithm>
#include <stdexcept>

namespace gbw {

Churn::Churn(PageAllocator& allocator, const ChurnConfig& config)
    : m_allocator(allocator)
    , m_config(config)
    , m_random(config.seed)
    , m_orders(config.orderWeights)
    , m_types(std::vector<double>(config.typeWeights.begin(), config.typeWeights.end()))
{
    if (int(config.orderWeights.size()) > allocator.model().geometry().orders())
        throw std::invalid_argument("churn has weights for orders above MAX_PAGE_ORDER");
    std::uint64_t managed = 0;
    for (int i = 0; i < allocator.model().zoneCount(); ++i)
        managed += allocator.model().zone(i).managedPages;
    m_targetPages = std::uint64_t(double(managed) * std::clamp(config.targetOccupancy, 0.0, 1.0));
    m_atomicThreshold = std::uint32_t(std::clamp(config.atomicShare, 0.0, 1.0) * 65536);
    m_youngThreshold = std::uint32_t(std::clamp(config.youngFreeShare, 0.0, 1.0) * 65536);
}

void Churn::step()
{
    ++m_stats.events;
    // One draw decides the step and its coin flips: the top 16 bits whether
    // to allocate (mostly below the target occupancy, mostly free above it),
    // the next 16 the atomic or young choice, the low 32 the young victim.
    const std::uint64_t bits = m_random.next();
    const std::uint64_t allocShare = m_stats.livePages < m_targetPages ? 3 * 16384 : 16384; // 0.75, 0.25
    if (m_live.empty() || (bits >> 48) < allocShare)
        allocateOne(bits);
    else
        freeOne(bits);
}

void Churn::allocateOne(std::uint64_t bits)
{
    AllocRequest request;
    request.order = Order(m_orders.draw(m_random));
    request.migrateType = static_cast<MigrateType>(m_types.draw(m_random));
    request.gfp = ((bits >> 32) & 0xffff) < m_atomicThreshold ? GfpClass::Atomic : GfpClass::Normal;
    const AllocResult result = m_allocator.allocate(request);
    ++m_stats.allocations;
    if (!result) {
        ++m_stats.failures;
        return;
    }
    m_live.push_back(result.block.pfn << 4 | result.block.order);
    m_stats.livePages += std::uint64_t(1) << result.block.order;
}

std::size_t Churn::pickVictim(std::uint64_t bits)
{
    const std::size_t n = m_live.size();
    if (((bits >> 32) & 0xffff) < m_youngThreshold)
        return n - 1 - std::size_t(((bits & 0xffffffffu) * std::min<std::uint64_t>(n, m_config.youngWindow)) >> 32);
    std::size_t victim = m_nextRandomVictim < n ? m_nextRandomVictim : m_random.below(n);
    m_nextRandomVictim = m_random.below(n);
    __builtin_prefetch(&m_live[m_nextRandomVictim]);
    return victim;
}

void Churn::freeOne(std::uint64_t bits)
{
    const std::size_t victim = pickVictim(bits);
    const std::uint64_t entry = m_live[victim];
    m_live[victim] = m_live.back();
    m_live.pop_back();
    m_allocator.model().prefetch(entry >> 4, int(entry & 0xf));
    // Queue it and free the one chosen kFreeAhead frees ago.
    std::uint64_t& slot = m_pending[m_pendingNext];
    m_pendingNext = (m_pendingNext + 1) % kFreeAhead;
    if (m_pendingCount == kFreeAhead)
        release(slot);
    else
        ++m_pendingCount;
    slot = entry;
}

void Churn::release(std::uint64_t entry)
{
    const Block block {entry >> 4, Order(entry & 0xf)};
    m_allocator.free(block);
    ++m_stats.frees;
    m_stats.livePages -= std::uint64_t(1) << block.order;
}

void Churn::run(std::uint64_t events, const std::function<void(std::uint64_t)>& progress)
{
    const std::uint64_t tick = std::max<std::uint64_t>(events / 100, 1);
    for (std::uint64_t i = 0; i < events; ++i) {
        step();
        if (progress && (i + 1) % tick == 0)
            progress(i + 1);
    }
}

void Churn::releaseAll()
{
    for (std::size_t i = 0; i < m_pendingCount; ++i)
        release(m_pending[(m_pendingNext + kFreeAhead - m_pendingCount + i) % kFreeAhead]);
    m_pendingCount = 0;
    for (std::uint64_t entry : m_live)
        release(entry);
    m_live.clear();
}

} // namespace gbw
