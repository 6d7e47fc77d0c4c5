// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "event.h"
#include "model/hugepageallocator.h"
#include "model/prefetch.h"

namespace gbw {

// Unordered bags of events for the timing wheel's buckets, stored as chains
// of 2 KiB chunks from one pool. Why not a vector per bucket: thousands of
// vectors that grow by doubling copy every event several times, and each
// keeps its peak capacity for good; chunks go back to the pool as soon as a
// bucket is dealt out, and the next one reuses them while still in cache.
// The pool holds every pending free, hundreds of megabytes on a big host,
// and each of the 3072 buckets appends to a chunk of its own, so appends
// land all over it: slabs are 2 MiB huge pages, which made a full 256 GiB
// host's run about a tenth faster than 4 KiB pages did.
class EventBucketPool
{
public:
    static constexpr std::uint32_t kNoChunk = ~std::uint32_t(0);
    // Held by the owner, so that adding an event touches only the cache
    // line it lands in: the fill level lives here, not in the chunk.
    struct Bucket
    {
        std::uint32_t head = kNoChunk; // the chain's newest chunk; the others are full
        std::uint32_t fill = 0; // events in the head chunk
    };

    void add(Bucket& bucket, const Event& event)
    {
        if (bucket.head == kNoChunk || bucket.fill == kChunkEvents) {
            bucket.head = take(bucket.head);
            bucket.fill = 0;
        }
        chunk(bucket.head).events[bucket.fill++] = event;
    }
    // Fetch the line the bucket's next add() lands in, if it has one yet.
    void prefetchAppend(const Bucket& bucket) const
    {
        if (bucket.head != kNoChunk && bucket.fill < kChunkEvents)
            prefetchLine(&chunk(bucket.head).events[bucket.fill]);
    }
    // Calls f on every event of the bucket (in no set order) and empties it.
    // f may add events to other buckets.
    template<typename F>
    void drain(Bucket& bucket, F&& f)
    {
        std::uint32_t c = bucket.head;
        std::uint32_t fill = bucket.fill;
        bucket = Bucket {};
        while (c != kNoChunk) {
            const Chunk& current = chunk(c);
            for (std::uint32_t i = 0; i < fill; ++i)
                f(current.events[i]);
            const std::uint32_t next = current.next;
            give(c);
            c = next;
            fill = kChunkEvents;
        }
    }

private:
    static constexpr std::uint32_t kChunkEvents = 63;
    static constexpr std::uint32_t kSlabBits = 10; // chunks per slab: 1024, one huge page
    // Events first and the chunk line-aligned, so that no event straddles two cache lines.
    struct alignas(64) Chunk
    {
        std::array<Event, kChunkEvents> events;
        std::uint32_t next = kNoChunk;
    };
    static_assert(sizeof(Chunk) << kSlabBits == HugePageAllocator<Chunk>::kHugePage);
    using Slab = std::vector<Chunk, HugePageAllocator<Chunk>>;

    Chunk& chunk(std::uint32_t index)
    {
        return m_slabs[index >> kSlabBits][index & ((1u << kSlabBits) - 1)];
    }
    const Chunk& chunk(std::uint32_t index) const
    {
        return m_slabs[index >> kSlabBits][index & ((1u << kSlabBits) - 1)];
    }
    // A fresh chunk in front of `next`; slabs never move, so references to
    // chunks stay valid while the pool grows.
    std::uint32_t take(std::uint32_t next)
    {
        if (m_free == kNoChunk) {
            const auto first = std::uint32_t(m_slabs.size() << kSlabBits);
            m_slabs.emplace_back(std::size_t(1) << kSlabBits);
            for (std::uint32_t i = (1u << kSlabBits); i-- > 0;)
                give(first + i);
        }
        const std::uint32_t index = m_free;
        Chunk& c = chunk(index);
        m_free = c.next;
        c.next = next;
        return index;
    }
    void give(std::uint32_t index)
    {
        chunk(index).next = m_free;
        m_free = index;
    }

    std::vector<Slab> m_slabs; // a slab's chunks stay put when the outer vector grows
    std::uint32_t m_free = kNoChunk;
};

} // namespace gbw
