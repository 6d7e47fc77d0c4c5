// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "mm/migrationobserver.h"
#include "model/hugepageallocator.h"
#include "model/prefetch.h"
#include "pfnmap.h"
#include "workload.h"

namespace gbw {

// Every live allocation the engine made: where it is, who made it, and its
// place on an LRU list if reclaim can take it back. One owner for all of it,
// so compaction, reclaim and frees never disagree about a block.
class AllocationTable final : public MigrationObserver
{
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);
    static constexpr int kLruLists = 4; // by Reclaimable

    struct Allocation
    {
        Pfn pfn = 0;
        std::uint32_t generation = 0; // bumped on every reuse, so stale free events are ignored
        std::uint32_t prev = kNone, next = kNone; // LRU links, oldest at the head
        std::uint16_t requestClass = 0;
        Order order = 0;
        Reclaimable lru = Reclaimable::No;
        bool alive = false;
        bool indexed = false; // in the pfn index: a movable block
    };

    // The pfns of the host end here: index them by an array, not a hash.
    void reservePfns(Pfn end)
    {
        m_byPfn.reserve(end);
    }
    // Only a movable block is indexed by pfn (idAt()): compaction, the one
    // asker, moves nothing else, and the index is a cache miss per insert.
    std::uint32_t add(Pfn pfn, int order, std::uint16_t requestClass, Reclaimable lru, bool movable = true);
    void remove(std::uint32_t id);
    const Allocation& operator[](std::uint32_t id) const
    {
        return slot(id);
    }
    // For a free coming up: first the entry, later (once it has arrived)
    // what removing it will touch.
    void prefetch(std::uint32_t id) const
    {
        if (id < m_count)
            prefetchLine(&slot(id));
    }
    void prefetchRemoval(std::uint32_t id) const
    {
        if (id >= m_count)
            return;
        const Allocation& a = slot(id);
        if (m_byPfn.exact() && a.indexed)
            m_byPfn.prefetch(a.pfn);
        if (a.prev != kNone)
            prefetchLine(&slot(a.prev));
        if (a.next != kNone)
            prefetchLine(&slot(a.next));
    }
    std::uint32_t idAt(Pfn pfn) const
    {
        // The pfn array may name an entry freed or moved since (remove()),
        // or reused for a block that is not indexed.
        const std::uint32_t id = m_byPfn.find(pfn);
        return id < m_count && slot(id).alive && slot(id).indexed && slot(id).pfn == pfn ? id : kNone;
    }
    // The least recently added allocation on an LRU list, or kNone.
    std::uint32_t oldest(Reclaimable lru) const
    {
        return m_lru[std::size_t(lru)].head;
    }
    std::uint64_t lruPages(Reclaimable lru) const
    {
        return m_lruPages[std::size_t(lru)];
    }
    std::size_t liveCount() const
    {
        return m_live;
    }
    std::uint32_t capacity() const
    {
        return m_count;
    }

    bool isMigratable(Pfn pfn) const override
    {
        return idAt(pfn) != kNone;
    }
    void moved(Pfn from, Pfn to, int order) override;

private:
    struct Ends
    {
        std::uint32_t head = kNone, tail = kNone;
    };
    void link(std::uint32_t id);
    void unlink(std::uint32_t id);

    // Huge pages: frees reach entries at random in a table of hundreds of
    // megabytes, and with 4 KiB pages each such access also walks the page
    // table. Chunks of one huge page that never move: a vector's doubling
    // copied hundreds of megabytes and faulted in twice that mid-run.
    static constexpr int kChunkBits = 16; // 65536 entries of 32 bytes
    static constexpr std::uint32_t kChunkMask = (std::uint32_t(1) << kChunkBits) - 1;
    using Chunk = std::vector<Allocation, HugePageAllocator<Allocation>>;
    Allocation& slot(std::uint32_t id)
    {
        return m_chunks[id >> kChunkBits][id & kChunkMask];
    }
    const Allocation& slot(std::uint32_t id) const
    {
        return m_chunks[id >> kChunkBits][id & kChunkMask];
    }

    std::vector<Chunk> m_chunks;
    std::uint32_t m_count = 0; // entries made, live or not
    std::vector<std::uint32_t> m_freeIds;
    PfnMap m_byPfn;
    std::array<Ends, kLruLists> m_lru;
    std::array<std::uint64_t, kLruLists> m_lruPages = {};
    std::size_t m_live = 0;
};

} // namespace gbw
