// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "reconstructor.h"
#include "recording.h"

namespace gbw {

// A recording played back: the reconstructed state at any event or time.
// Moving forward applies events; anything else starts from the nearest
// checkpoint (a copy of the state every `checkpointEvery` events, taken the
// first time the replay passes there), so a seek costs at most one state copy
// plus `checkpointEvery` events. With checkpointEvery 0 it keeps none, for a
// single forward pass (the CLI): going back then starts over from the
// beginning. Single-threaded; a GUI drives it from one thread.
class Replay
{
public:
    static constexpr std::uint64_t kDefaultCheckpointEvery = 1 << 19;

    static std::unique_ptr<Replay> create(
        Recording recording, std::string* error, std::uint64_t checkpointEvery = kDefaultCheckpointEvery);

    const Recording& recording() const
    {
        return m_recording;
    }
    std::uint64_t eventCount() const
    {
        return m_recording.events.size();
    }
    // Events applied so far: the state is that after events [0, position()).
    std::uint64_t position() const
    {
        return m_position;
    }
    // Time of the last applied event (0 before the first).
    VirtualTime time() const;
    const Reconstructor& state() const
    {
        return *m_state;
    }

    // The state after every event at or before `time`.
    void seek(VirtualTime time);
    // The state after the first `position` events (clamped to the recording).
    void seekToEvent(std::uint64_t position);
    // Move by n events, forward or back.
    void step(std::int64_t n);
    // Move by a span of virtual time, forward or back, from the current time.
    void stepTime(std::int64_t nanoseconds);
    void toEnd()
    {
        seekToEvent(eventCount());
    }
    std::size_t checkpoints() const
    {
        return m_checkpoints.size();
    }

private:
    Replay(Recording recording, std::unique_ptr<Reconstructor> state, std::uint64_t checkpointEvery);
    void forwardTo(std::uint64_t position);

    Recording m_recording;
    std::unique_ptr<Reconstructor> m_state;
    std::uint64_t m_position = 0;
    std::uint64_t m_every;
    // m_checkpoints[i] is the state after i * m_every events; [0] is the start (none when m_every is 0).
    std::vector<std::unique_ptr<Reconstructor>> m_checkpoints;
};

} // namespace gbw
