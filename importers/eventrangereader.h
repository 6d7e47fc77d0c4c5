// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "replay/eventlog.h"

namespace gbw::importers {

class SqliteStore;

// The recorded events of `session` (0: the newest with events, as replay picks it) that a
// query asks for, read from the store without loading the whole recording: a simulation's
// chunks that overlap the time range, or a kernel trace's rows in it (through the time index).
// A trace's events are listed as traced (mm_page_free_batched as a pcp free, every
// mm_page_alloc_zone_locked as a refill). nullopt and `error` when the store cannot say.
std::optional<EventQueryResult> queryRecordedEvents(
    const SqliteStore& store, std::int64_t session, const EventQuery& query, std::string* error);

} // namespace gbw::importers
