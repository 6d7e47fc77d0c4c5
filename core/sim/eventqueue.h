// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

namespace gbw {

using VirtualTime = std::uint64_t; // nanoseconds since the run started

struct Event {
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

// A calendar queue: a ring of one-millisecond buckets covering about a
// minute, and a heap for what lies beyond. Millions of pending frees cost a
// push_back each instead of a trip down a heap of millions; order is exact
// (time, then scheduling order), so runs are deterministic.
class EventQueue {
public:
    void push(Event event);
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    // The earliest event; the queue must not be empty.
    Event pop();

private:
    static constexpr VirtualTime kBucketWidth = 1'000'000; // 1 ms
    static constexpr std::size_t kBuckets = 1 << 16;
    struct Later {
        bool operator()(const Event& x, const Event& y) const { return x.after(y); }
    };
    using Heap = std::priority_queue<Event, std::vector<Event>, Later>;

    std::size_t bucketOf(VirtualTime t) const { return std::size_t(t / kBucketWidth) % kBuckets; }
    bool inRing(VirtualTime t) const { return t / kBucketWidth < m_currentSlot + kBuckets; }
    void advance();

    std::vector<std::vector<Event>> m_ring = std::vector<std::vector<Event>>(kBuckets);
    Heap m_current; // the bucket being drained
    Heap m_far; // beyond the ring
    std::uint64_t m_currentSlot = 0; // absolute bucket number being drained
    std::size_t m_inRing = 0;
    std::size_t m_size = 0;
    std::uint64_t m_sequence = 0;
};

} // namespace gbw
