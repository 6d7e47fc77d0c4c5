// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
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

// One zone of an imported /proc/pagetypeinfo: how many free blocks it had
// per order and migratetype, and how many pageblocks carried each label.
// Counts only, no positions: it seeds the zone-level totals of an unknown
// start, never the per-gigablock state (docs/schema.md, "Replay").
struct ZoneSeed
{
    int node = 0;
    ZoneType type = ZoneType::Normal;
    std::array<std::array<std::uint64_t, kMigrateTypes>, kMaxSupportedOrder + 1> freeBlocks = {}; // [order][mt]
    std::array<std::uint64_t, kMigrateTypes> pageblocks = {};
    bool hasPageblocks = false; // the snapshot had the "Number of blocks type" table
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
    // Unknown start only: the zones of the snapshot that seeds it (empty: none).
    std::vector<ZoneSeed> seed;
    // Where host and seed came from, for people ("--host flag", "zoneinfo snapshot 3 ...").
    std::string hostSource;
    std::string seedSource;
    std::vector<std::string> notes; // how the derived host differs from the snapshot, and the like
};

} // namespace gbw
