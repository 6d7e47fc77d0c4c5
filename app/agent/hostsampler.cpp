// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostsampler.h"

#include <algorithm>

namespace gbw::agent {

void SampleSchedule::add(std::string name, Millis interval, Clock::time_point start)
{
    m_entries.push_back({std::move(name), interval, start});
}

void SampleSchedule::remove(const std::string& name)
{
    std::erase_if(m_entries, [&](const Entry& e) { return e.name == name; });
}

Clock::time_point SampleSchedule::nextDue() const
{
    auto next = Clock::time_point::max();
    for (const auto& e : m_entries)
        next = std::min(next, e.next);
    return next;
}

std::vector<std::string> SampleSchedule::takeDue(Clock::time_point now)
{
    // Slowest first: the source read most often is read last, closest to the send, so a tick that
    // also reads zoneinfo or pagetypeinfo does not delay the buddyinfo reading by their cost.
    std::stable_sort(
        m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) { return a.interval > b.interval; });
    std::vector<std::string> due;
    for (auto& e : m_entries) {
        if (e.next > now)
            continue;
        due.push_back(e.name);
        e.next += e.interval;
        if (e.next <= now) // fell behind (suspended, overloaded): restart from now
            e.next = now + e.interval;
    }
    return due;
}

double wallSeconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace gbw::agent
