// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "recordedeventsink.h"
#include "recording.h"

namespace gbw {

// Records an engine's run in memory, as the store would: for tests, and for a
// GUI that replays a run it has just simulated without writing it out.
class RecordingSink final : public RecordedEventSink
{
public:
    explicit RecordingSink(Recording& into)
        : m_recording(into)
    {}
    // Number of events recorded before each sample, in sample order.
    const std::vector<std::uint64_t>& sampleIndexes() const
    {
        return m_sampleIndexes;
    }

    void sample(VirtualTime time, const EngineSample& sample) override;

private:
    void record(const RecordedEvent& event) override
    {
        m_recording.events.push_back(event);
    }

    Recording& m_recording;
    std::vector<std::uint64_t> m_sampleIndexes;
};

} // namespace gbw
