// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/hostconfig.h"
#include "replay/recording.h"

namespace gbw::importers {

class SqliteStore;
struct PagetypeinfoSnapshot;

// A stored /proc snapshot that can stand for a trace's host.
struct SnapshotRef
{
    std::int64_t id = 0;
    std::int64_t sessionId = 0;
    std::int64_t seq = 0;
    std::optional<double> takenAt; // epoch seconds, when the file had a `date` line
    std::string describe(std::string_view kind) const;
};

// The snapshot of `kind` ("zoneinfo", "pagetypeinfo") of the same host as
// trace `session` nearest in time to its first event (`firstEventNs`),
// preferring one taken before it. Times are compared only when the trace
// clock is wall-clock time (trace_clock=realtime: past 2001 in seconds) and
// the snapshot has a `date` line; otherwise import order stands for time
// (a snapshot imported before the trace, the latest; else the earliest after).
std::optional<SnapshotRef> nearestSnapshot(
    const SqliteStore& store, std::int64_t session, std::string_view kind, std::uint64_t firstEventNs);

// The host geometry a /proc/zoneinfo snapshot describes: nodes, zone spans,
// the x86-64 PCI hole (DMA32's missing pages sit below 4 GiB). Any way the
// derived layout differs from the snapshot's zones is said in `notes`.
std::optional<HostConfig> hostFromZoneinfo(
    const SqliteStore& store, std::int64_t snapshotId, std::string* error, std::vector<std::string>* notes);
// The weaker geometry of a pagetypeinfo snapshot: its size is its pageblock count.
std::optional<HostConfig> hostFromPagetypeinfo(
    const PagetypeinfoSnapshot& snapshot, std::string* error, std::vector<std::string>* notes);
// Per-zone free blocks by order and type, and pageblocks by label; zones the
// model has no type for (HighMem, Device) are left out.
std::vector<ZoneSeed> seedFromPagetypeinfo(const PagetypeinfoSnapshot& snapshot);

} // namespace gbw::importers
