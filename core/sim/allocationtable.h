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

    // Ids come in two ranges. Below kOwnIds the caller names them: the
    // engine uses its requests' tickets, which the request stream hands out
    // densely from 0 and takes back only at the free, so a live entry there
    // is always the one its free is for. From kOwnIds up the table hands them
    // out itself, for blocks no free will come for.
    static constexpr std::uint32_t kOwnIds = std::uint32_t(1) << 31;

    // Sixteen bytes, four to a cache line: the table is indexed by ticket,
    // and tickets outnumber live blocks by the frees still pending for
    // blocks that reclaim took or that never came.
    struct Allocation
    {
        Pfn pfn() const
        {
            return m_word & kPfnMask;
        }
        int order() const
        {
            return int(m_word >> kOrderShift) & 0x1f;
        }
        Reclaimable lru() const
        {
            return Reclaimable((m_word >> kLruShift) & 3);
        }
        bool alive() const
        {
            return m_word >> kAliveShift & 1;
        }
        bool indexed() const // in the pfn index: a movable block
        {
            return m_word >> kIndexedShift & 1;
        }
        std::uint16_t requestClass() const
        {
            return std::uint16_t(m_word >> kClassShift);
        }

        std::uint32_t prev = kNone, next = kNone; // LRU links, oldest at the head

    private:
        friend class AllocationTable;
        static constexpr int kOrderShift = 40, kLruShift = 45, kAliveShift = 47, kIndexedShift = 48, kClassShift = 49;
        static constexpr std::uint64_t kPfnMask = (std::uint64_t(1) << kOrderShift) - 1;
        void setPfn(Pfn pfn)
        {
            m_word = (m_word & ~kPfnMask) | pfn;
        }
        std::uint64_t m_word = 0; // pfn, order, LRU list, alive, indexed, request class
    };
    static_assert(sizeof(Allocation) == 16);

    // Request classes fit in 15 bits, pfns in 40.
    static constexpr std::size_t kMaxRequestClasses = std::size_t(1) << 15;

    // The pfns of the host end here: index them by an array, not a hash.
    void reservePfns(Pfn end)
    {
        m_byPfn.reserve(end);
    }
    // Only a movable block is indexed by pfn (idAt()): compaction, the one
    // asker, moves nothing else, and the index is a cache miss per insert.
    // addAt() takes an id below kOwnIds that is not live, or kNone for one
    // of the table's own; it returns the id used. add() always picks one.
    std::uint32_t addAt(
        std::uint32_t id, Pfn pfn, int order, std::uint16_t requestClass, Reclaimable lru, bool movable = true);
    std::uint32_t add(Pfn pfn, int order, std::uint16_t requestClass, Reclaimable lru, bool movable = true)
    {
        return addAt(kNone, pfn, order, requestClass, lru, movable);
    }
    void remove(std::uint32_t id);
    bool isLive(std::uint32_t id) const
    {
        return has(id) && slot(id).alive();
    }
    const Allocation& operator[](std::uint32_t id) const
    {
        return slot(id);
    }
    // For a free coming up: first the entry, later (once it has arrived)
    // what removing it will touch.
    void prefetch(std::uint32_t id) const
    {
        if (has(id))
            prefetchLine(&slot(id));
    }
    void prefetchRemoval(std::uint32_t id) const
    {
        if (!has(id))
            return;
        const Allocation& a = slot(id);
        if (m_byPfn.exact() && a.indexed())
            m_byPfn.prefetch(a.pfn());
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
        return isLive(id) && slot(id).indexed() && slot(id).pfn() == pfn ? id : kNone;
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
    std::uint32_t ownId();
    void link(std::uint32_t id);
    void unlink(std::uint32_t id);

    // Huge pages: frees reach entries at random in a table of hundreds of
    // megabytes, and with 4 KiB pages each such access also walks the page
    // table. Chunks of one huge page that never move: a vector's doubling
    // copied hundreds of megabytes and faulted in twice that mid-run.
    // A smaller chunk would get no huge page at all (HugePageAllocator).
    static constexpr int kChunkBits = 17; // 131072 entries of 16 bytes
    static constexpr std::uint32_t kChunkMask = (std::uint32_t(1) << kChunkBits) - 1;
    using Chunk = std::vector<Allocation, HugePageAllocator<Allocation>>;
    static_assert(sizeof(Allocation) << kChunkBits == HugePageAllocator<Allocation>::kHugePage);
    // An id's range (the callers' or the table's own), and its chunk there.
    static std::size_t rangeOf(std::uint32_t id)
    {
        return id >> 31;
    }
    static std::size_t chunkOf(std::uint32_t id)
    {
        return (id & ~kOwnIds) >> kChunkBits;
    }
    bool has(std::uint32_t id) const
    {
        return chunkOf(id) < m_chunks[rangeOf(id)].size();
    }
    Allocation& slot(std::uint32_t id)
    {
        return m_chunks[rangeOf(id)][chunkOf(id)][id & kChunkMask];
    }
    const Allocation& slot(std::uint32_t id) const
    {
        return m_chunks[rangeOf(id)][chunkOf(id)][id & kChunkMask];
    }

    std::array<std::vector<Chunk>, 2> m_chunks; // the callers' ids, the table's own
    std::uint32_t m_ownCount = kOwnIds; // the next own id never handed out
    std::vector<std::uint32_t> m_freeIds; // own ids to hand out again
    PfnMap m_byPfn;
    std::array<Ends, kLruLists> m_lru;
    std::array<std::uint64_t, kLruLists> m_lruPages = {};
    std::size_t m_live = 0;
};

} // namespace gbw
