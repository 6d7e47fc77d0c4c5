// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <queue>
#include <cstdint>
#include <vector>

namespace gbw {

using VirtualTime = std::uint64_t; // nanoseconds since the run started

struct Event
{
    VirtualTime time = 0;
    std::uint64_t sequence = 0; // ties at one time go in the order they were scheduled
    std::uint32_t kind = 0;
    std::uint32_t a = 0;
    std::uint32_t b = 0;

    bool after(const Event& other) const
    {
        return time != other.time ? time > other.time : sequence > other.sequence;
    }
};

// A calendar queue: a ring of one-millisecond buckets covering about 70
// minutes, each a singly linked list through one pool of events, and a heap
// for what lies beyond. Millions of pending frees cost an O(1) push each
// instead of a trip down a heap of millions; order is exact (time, then
// scheduling order), so runs are deterministic.
class EventQueue
{
public:
    EventQueue();
    void push(Event event);
    bool empty() const
    {
        return m_size == 0;
    }
    std::size_t size() const
    {
        return m_size;
    }
    // The earliest event; the queue must not be empty.
    Event pop();
    // An event due soon after the next one, if the bucket being drained has
    // that many left: a hint for prefetching, not an exact order.
    const Event* upcoming(std::size_t k) const
    {
        return k < m_bucket.size() ? &m_bucket[m_bucket.size() - 1 - k] : nullptr;
    }

private:
    static constexpr VirtualTime kBucketWidth = 1'000'000; // 1 ms
    static constexpr std::size_t kBuckets = std::size_t(1) << 22; // ~70 minutes
    static constexpr std::uint32_t kEnd = ~std::uint32_t(0);
    struct Later
    {
        bool operator()(const Event& x, const Event& y) const
        {
            return x.after(y);
        }
    };
    using Heap = std::priority_queue<Event, std::vector<Event>, Later>;
    struct Node
    {
        Event event;
        std::uint32_t next = kEnd;
    };

    std::size_t bucketOf(VirtualTime t) const
    {
        return std::size_t(t / kBucketWidth) % kBuckets;
    }
    bool inRing(VirtualTime t) const
    {
        return t / kBucketWidth < m_currentSlot + kBuckets;
    }
    void toRing(const Event& event);
    void advance();

    std::vector<std::uint32_t> m_heads; // per bucket, into m_pool
    std::vector<Node> m_pool;
    std::uint32_t m_freeNodes = kEnd;
    std::vector<Event> m_bucket; // the bucket being drained, sorted latest first
    Heap m_late; // pushed into the bucket being drained while it drains
    Heap m_far; // beyond the ring
    std::uint64_t m_currentSlot = 0; // absolute bucket number being drained
    std::size_t m_inRing = 0;
    std::size_t m_size = 0;
    std::uint64_t m_sequence = 0;
};

} // namespace gbw
