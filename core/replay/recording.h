// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "model/hostconfig.h"
#include "recordedevent.h"

namespace gbw {

// How memory stood before the first event.
enum class StartState : std::uint8_t
{
    Boot, // all memory free except the reserved ranges (a simulated host: exact)
    Unknown, // a real host's trace: whatever no event touched is not known
};

// One recorded run, in memory, ready to replay: the host it ran on and its
// events in time order. Read from the store by importers/recordingreader.h.
struct Recording
{
    HostConfig host;
    std::string policy = "vanilla"; // the policy that placed the pages (simulations)
    StartState start = StartState::Boot;
    // Label changes come as Label events (simulations), or only from the
    // change_ownership of mm_page_alloc_extfrag (kernel traces).
    bool labelsFromExtfrag = false;
    std::vector<RecordedEvent> events;
};

} // namespace gbw
