// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

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

} // namespace gbw
