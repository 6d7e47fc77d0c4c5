// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gbw::importers {

// The events the model replays; everything else is kept raw as Unknown.
enum class FtraceEventKind : std::uint8_t
{
    PageAlloc, // kmem:mm_page_alloc
    PageFree, // kmem:mm_page_free (mm_page_free_direct until 3.3)
    PageFreeBatched, // kmem:mm_page_free_batched (mm_pagevec_free until 3.3)
    PageAllocZoneLocked, // kmem:mm_page_alloc_zone_locked
    PagePcpuDrain, // kmem:mm_page_pcpu_drain
    PageAllocExtfrag, // kmem:mm_page_alloc_extfrag
    Compaction, // compaction:*
    Vmscan, // vmscan:*
    Unknown,
};

std::string_view ftraceEventKindName(FtraceEventKind kind);
FtraceEventKind ftraceEventKind(std::string_view eventName);

struct FtraceField
{
    std::string_view name;
    std::string_view value;
};

// One event line, as views into the parsed text: valid only during the callback that receives
// it. This is what the importer's hot loop sees; nothing is allocated per event.
struct FtraceEventView
{
    std::size_t line = 0;
    std::string_view task; // comm; "<...>" when the kernel no longer knew it
    std::int64_t pid = -1;
    std::optional<std::int64_t> tgid; // only with options/record-tgid
    int cpu = -1;
    std::string_view irqFlags; // "d..1." etc.; empty in trace-cmd report output
    std::int64_t timestampNs = 0; // "%5lu.%06lu" as nanoseconds; raw value for counter clocks
    std::string_view system; // "kmem", "compaction", ... (printed by perf, else inferred)
    std::string_view name; // "mm_page_alloc"
    std::string_view body; // the text after "name: ", unparsed
    FtraceEventKind kind = FtraceEventKind::Unknown;
    std::span<const FtraceField> fields;

    // Decoded from the fields by name, so added or reordered fields do not matter.
    std::optional<std::uint64_t> pfn; // empty for a failed allocation
    int order = -1; // "order", or "alloc_order" for mm_page_alloc_extfrag
    int migratetype = -1; // "migratetype", or "alloc_migratetype"
    std::string_view gfpFlags; // "gfp_flags" or "gfp_mask"
    bool allocFailed = false; // "page= (null)" / "page=0000000000000000"

    std::optional<std::string_view> field(std::string_view fieldName) const;
};

// An owning copy of FtraceEventView, for callers that keep events around (tests, small files).
struct FtraceEvent
{
    std::size_t line = 0;
    std::string task;
    std::int64_t pid = -1;
    std::optional<std::int64_t> tgid;
    int cpu = -1;
    std::string irqFlags;
    std::int64_t timestampNs = 0;
    std::string system;
    std::string name;
    std::string body;
    FtraceEventKind kind = FtraceEventKind::Unknown;
    std::vector<std::pair<std::string, std::string>> fields;
    std::optional<std::uint64_t> pfn;
    int order = -1;
    int migratetype = -1;
    std::string gfpFlags;
    bool allocFailed = false;

    static FtraceEvent fromView(const FtraceEventView& view);
    std::optional<std::string_view> field(std::string_view fieldName) const;
};

struct FtraceSummary : ParseDiagnostics
{
    std::size_t events = 0;
    std::size_t unknownEvents = 0;
    // Unknown event names and how often each occurred, in order of first appearance.
    std::vector<std::pair<std::string, std::size_t>> unknownEventCounts;
    std::size_t lostEvents = 0; // "CPU:N [LOST M EVENTS]" lines of trace_pipe
    std::optional<int> cpus; // "#P:2" (trace) or "cpus=2" (trace-cmd report)
    std::optional<std::uint64_t> entriesInBuffer;
    std::optional<std::uint64_t> entriesWritten;
};

struct FtraceParseResult
{
    std::vector<FtraceEvent> events;
    FtraceSummary summary;
};

} // namespace gbw::importers
