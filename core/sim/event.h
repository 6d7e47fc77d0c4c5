// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace gbw {

using VirtualTime = std::uint64_t; // nanoseconds since the run started

inline VirtualTime fromSeconds(double s)
{
    return VirtualTime(s * 1e9);
}

struct Event
{
    VirtualTime time = 0;
    std::uint32_t sequence = 0; // among the events scheduled at one instant, their order
    std::uint32_t kind = 0;
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    VirtualTime scheduledAt = 0; // the virtual time at which it was scheduled

    // Ties at one time go in the order they were scheduled. Saying that as
    // (instant, order within it) rather than one running count lets events
    // from two queues be merged in that order too (the engine's own and the
    // request stream's), as neither sees the other's pushes.
    bool after(const Event& other) const
    {
        if (time != other.time)
            return time > other.time;
        if (scheduledAt != other.scheduledAt)
            return scheduledAt > other.scheduledAt;
        return sequence > other.sequence;
    }
};

} // namespace gbw
