// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/ftraceevent.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gbw::importers {

// One event as the events table stores it, with the task, event type and gfp mask as the
// producer's local numbers (TraceBatch::new*); the writer maps them to row ids. Strings stay
// in the imported text, which outlives the import.
struct TraceRow
{
    static constexpr std::int32_t none = INT32_MIN; // NULL in the table

    std::int64_t timeNs = 0;
    std::int64_t line = 0;
    std::int64_t pfn = 0; // valid when hasPfn
    std::uint32_t task = 0;
    std::uint32_t type = 0;
    std::uint32_t gfp = 0; // 0: no gfp mask
    std::int32_t cpu = 0;
    std::int32_t order = none;
    std::int32_t migratetype = none;
    bool hasPfn = false;
    bool hasFields = false; // its raw field text is the next entry of TraceBatch::fields
};

// An entry of the pfn lookup table (event_pfns).
struct PfnRef
{
    std::int64_t pfn = 0;
    std::int64_t timeNs = 0;
    std::int64_t line = 0;
};

struct TaskKey
{
    std::string_view comm;
    std::int64_t pid = 0;
};

struct EventTypeKey
{
    std::string_view system;
    std::string_view name;
    FtraceEventKind kind = FtraceEventKind::Unknown;
};

// What the parsing thread hands to the inserting thread. Local numbers of tasks, types and gfp
// masks count up from 1 across batches; each batch defines the ones it uses first.
struct TraceBatch
{
    std::vector<TaskKey> newTasks;
    std::vector<EventTypeKey> newTypes;
    std::vector<std::string_view> newGfps;
    std::vector<TraceRow> rows;
    std::vector<std::string_view> fields;
    std::vector<PfnRef> pfns; // in key order (for a time-ordered trace)
    std::size_t bytesDone = 0; // how far into the text the parser is

    void clear()
    {
        newTasks.clear();
        newTypes.clear();
        newGfps.clear();
        rows.clear();
        fields.clear();
        pfns.clear();
        bytesDone = 0;
    }
    bool empty() const
    {
        return rows.empty() && pfns.empty() && newTasks.empty() && newTypes.empty() && newGfps.empty();
    }
};

} // namespace gbw::importers
