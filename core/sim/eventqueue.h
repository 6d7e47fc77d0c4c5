// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <queue>
#include <array>
#include <cstdint>
#include <vector>

#include "event.h"
#include "eventbucketpool.h"

namespace gbw {

// A hierarchical timing wheel. Time is cut into one-millisecond slots; three
// wheels of 1024 buckets hold the slots of the current second, of the current
// ~18 minutes and of the current ~12 days, and a heap holds what lies beyond.
// When the clock enters a new second (or span of minutes) the matching bucket
// of the coarser wheel is dealt out into the finer one.
//
// Why this shape: most of what the engine schedules are frees minutes ahead,
// millions of them pending. Appending to one of 3072 buckets touches a cache
// line that is already hot, and dealing a bucket out reads it front to back,
// so an event costs a few sequential copies instead of the cache misses of a
// heap or of linked lists spread over millions of slots. Order is exact
// (time, then scheduling order), so runs are deterministic.
class EventQueue
{
public:
    // Schedule `event`; `now` is the virtual time it is scheduled at, which
    // must not go back between pushes. Without it, at the same instant as the
    // push before.
    void push(Event event, VirtualTime now);
    void push(Event event)
    {
        push(event, m_lastPush);
    }
    bool empty() const
    {
        return m_size == 0;
    }
    std::size_t size() const
    {
        return m_size;
    }
    // The earliest event, left in place or taken; the queue must not be empty.
    const Event& peek();
    Event pop();

private:
    static constexpr VirtualTime kSlotWidth = 1'000'000; // 1 ms
    static constexpr int kWheels = 3;
    static constexpr int kWheelBits = 10;
    static constexpr std::size_t kWheelSize = std::size_t(1) << kWheelBits;
    struct Later
    {
        bool operator()(const Event& x, const Event& y) const
        {
            return x.after(y);
        }
    };
    using Heap = std::priority_queue<Event, std::vector<Event>, Later>;
    struct Wheel
    {
        std::array<EventBucketPool::Bucket, kWheelSize> buckets;
        std::size_t count = 0; // events in all buckets
    };

    static std::uint64_t slotOf(VirtualTime t)
    {
        return t / kSlotWidth;
    }
    // The span of slots a wheel's bucket covers: 1 slot for wheel 0, 1024 for wheel 1...
    static int shiftOf(int wheel)
    {
        return wheel * kWheelBits;
    }
    EventBucketPool::Bucket* bucketFor(std::uint64_t slot, int& wheel);
    void place(const Event& event);
    void placeInbox();
    void advance();
    std::uint64_t nextSlot() const;
    void enter(std::uint64_t slot);

    EventBucketPool m_pool;
    std::array<Wheel, kWheels> m_wheels;
    std::vector<Event> m_bucket; // the slot being drained, sorted latest first
    std::vector<Event> m_inbox; // pushed for later slots, placed in a batch when the clock moves
    Heap m_late; // pushed into the slot being drained while it drains
    Heap m_far; // beyond the coarsest wheel's span
    std::uint64_t m_currentSlot = 0;
    std::size_t m_size = 0;
    VirtualTime m_lastPush = 0;
    std::uint32_t m_sequence = 0; // pushes so far at m_lastPush
};

} // namespace gbw
