// SPDX-License-Identifier: GPL-3.0-or-later
#include "percpupages.h"

#include <algorithm>
#include <bit>

namespace gbw {

void PfnRing::reserveOne()
{
    if (m_size < m_slots.size())
        return;
    std::vector<Pfn> grown(std::max<std::size_t>(16, m_slots.size() * 2));
    for (std::size_t i = 0; i < m_size; ++i)
        grown[i] = at(i);
    m_slots = std::move(grown);
    m_head = 0;
}

void PerCpuPages::size(const Zone& zone, int cpus)
{
    // zone_batchsize(): a quarter of 1/1024 of the zone, at most 1 MiB worth
    // of 4 KiB pages, then rounded to a power of two minus one so that
    // batches of different zones do not alias in the cache.
    std::uint64_t pages = std::min<std::uint64_t>(zone.managedPages >> 10, 256) / 4;
    pages = std::max<std::uint64_t>(pages, 1);
    batch = int(std::bit_floor(pages + pages / 2)) - 1;
    batch = std::max(batch, 1);
    // zone_highsize(): the low watermark shared among the node's CPUs, and
    // never below four batches.
    const std::uint64_t low = zone.watermark[std::size_t(Watermark::Low)];
    high = int(std::max<std::uint64_t>(low / std::uint64_t(std::max(cpus, 1)), std::uint64_t(batch) * 4));
}

} // namespace gbw
