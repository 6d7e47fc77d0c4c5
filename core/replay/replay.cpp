// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay.h"

#include <algorithm>

namespace gbw {

std::unique_ptr<Replay> Replay::create(Recording recording, std::string* error, std::uint64_t checkpointEvery)
{
    if (!std::is_sorted(recording.events.begin(), recording.events.end(),
            [](const RecordedEvent& a, const RecordedEvent& b) { return a.time < b.time; })) {
        if (error)
            *error = "the recording's events are not in time order";
        return nullptr;
    }
    auto state = Reconstructor::create(recording, error);
    if (!state)
        return nullptr;
    return std::unique_ptr<Replay>(new Replay(std::move(recording), std::move(state), checkpointEvery));
}

Replay::Replay(Recording recording, std::unique_ptr<Reconstructor> state, std::uint64_t checkpointEvery)
    : m_recording(std::move(recording))
    , m_state(std::move(state))
    , m_every(checkpointEvery)
{
    if (m_every)
        m_checkpoints.push_back(std::make_unique<Reconstructor>(*m_state));
}

VirtualTime Replay::time() const
{
    return m_position ? m_recording.events[m_position - 1].time : 0;
}

void Replay::forwardTo(std::uint64_t position)
{
    const auto& events = m_recording.events;
    while (m_position < position) {
        // Apply up to the next checkpoint boundary, then take it if it is new.
        const std::uint64_t boundary = m_every ? (m_position / m_every + 1) * m_every : position;
        const std::uint64_t stop = std::min(position, boundary);
        // Random pfns miss the cache; asking a few events ahead overlaps the misses.
        constexpr std::uint64_t kAhead = 8;
        for (; m_position < stop; ++m_position) {
            if (m_position + kAhead < events.size())
                m_state->prefetch(events[m_position + kAhead]);
            m_state->apply(events[m_position], m_position);
        }
        if (m_every && m_position == boundary && m_checkpoints.size() == boundary / m_every)
            m_checkpoints.push_back(std::make_unique<Reconstructor>(*m_state));
    }
}

void Replay::seekToEvent(std::uint64_t position)
{
    position = std::min<std::uint64_t>(position, eventCount());
    if (!m_every) {
        if (position < m_position) {
            m_state = Reconstructor::create(m_recording, nullptr); // it was built from this recording before
            m_position = 0;
        }
        forwardTo(position);
        return;
    }
    const std::uint64_t known = std::min<std::uint64_t>(position / m_every, m_checkpoints.size() - 1);
    // Going forward within reach of the state we have is cheapest; otherwise
    // restore the last checkpoint at or before the target.
    if (position < m_position || known * m_every > m_position) {
        *m_state = *m_checkpoints[known];
        m_position = known * m_every;
    }
    forwardTo(position);
}

void Replay::seek(VirtualTime time)
{
    const auto& events = m_recording.events;
    const auto it = std::upper_bound(
        events.begin(), events.end(), time, [](VirtualTime t, const RecordedEvent& e) { return t < e.time; });
    seekToEvent(std::uint64_t(it - events.begin()));
}

void Replay::step(std::int64_t n)
{
    if (n < 0 && std::uint64_t(-n) > m_position)
        seekToEvent(0);
    else
        seekToEvent(std::uint64_t(std::int64_t(m_position) + n));
}

void Replay::stepTime(std::int64_t nanoseconds)
{
    const VirtualTime now = time();
    if (nanoseconds < 0 && VirtualTime(-nanoseconds) > now)
        seekToEvent(0);
    else
        seek(VirtualTime(std::int64_t(now) + nanoseconds));
}

} // namespace gbw
