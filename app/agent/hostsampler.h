// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/messages.h"

#include <chrono>
#include <string>
#include <vector>

namespace gbw::agent {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// One reading of one source, as text in the kernel's layout.
struct Reading
{
    std::string name; // "buddyinfo", "pagetypeinfo", "zoneinfo", "vmstat"
    double time = 0; // wall clock (epoch seconds) just before the read
    std::string text;
};

struct SampleIntervals
{
    Millis buddyinfo {200};
    Millis pagetypeinfo {5000}; // takes the zone lock on the host: rate-limited
    Millis zoneinfo {1000};
    Millis vmstat {1000};
};

// When each source is due next. Missed ticks are not caught up: a reading is always of now.
class SampleSchedule
{
public:
    void add(std::string name, Millis interval, Clock::time_point start);
    void remove(const std::string& name);
    Clock::time_point nextDue() const;
    // The sources due at `now`, slowest first, each moved to its next slot.
    std::vector<std::string> takeDue(Clock::time_point now);

private:
    struct Entry
    {
        std::string name;
        Millis interval;
        Clock::time_point next;
    };
    std::vector<Entry> m_entries;
};

// What the agent serves: the real host's /proc, or a simulated host.
class HostSampler
{
public:
    virtual ~HostSampler() = default;
    virtual std::string hostName() const = 0;
    virtual bool simulated() const = 0;
    virtual Clock::time_point nextDue() const = 0;
    // Reads every source due at `now`. `notes` gets what clients should be told (once).
    virtual std::vector<Reading> sample(Clock::time_point now, std::vector<protocol::Note>& notes) = 0;
};

double wallSeconds();

} // namespace gbw::agent
