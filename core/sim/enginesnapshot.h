// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine.h"

namespace gbw {

// A gigablock's category as views show it: the model's four plus Unknown, for
// gigablocks with no usable memory (all hole or firmware), where no category applies.
enum class CellCategory : std::uint8_t
{
    Empty,
    Clean,
    Tainted,
    Isolated,
    Unknown
};
inline constexpr int kCellCategories = 5;
std::string_view name(CellCategory category);

// What a view needs to know about one gigablock, copied out of the model.
struct GigablockCell
{
    Pfn startPfn = 0;
    std::uint64_t freePages = 0;
    std::uint64_t usablePages = 0;
    std::array<std::uint64_t, kPcpTypes> usedPages = {}; // allocated pages by requested type
    std::array<std::uint32_t, kMaxSupportedOrder + 1> freeBlocks = {}; // per order, all types
    std::array<std::uint16_t, kMigrateTypes> labelCount = {}; // usable pageblocks by label
    std::uint16_t usablePageblocks = 0;
    std::uint16_t freePageblocks = 0; // content bit PB_all_free
    std::uint16_t unmovablePageblocks = 0; // PB_has_unmovable
    std::uint16_t reclaimablePageblocks = 0; // PB_has_reclaimable
    std::uint16_t mixedPageblocks = 0; // holding pages of a type other than the label
    CellCategory category = CellCategory::Unknown;
    std::uint8_t zone = 0;

    // Free pages in blocks of `order` (blocks × 2^order).
    std::uint64_t freePagesOfOrder(int order) const
    {
        return std::uint64_t(freeBlocks[std::size_t(order)]) << order;
    }
    // 0 (all free) to 1 (all in use); 0 for a gigablock without usable memory.
    double usedShare() const
    {
        return usablePages ? 1.0 - double(freePages) / double(usablePages) : 0.0;
    }
};

struct PageblockCell
{
    MigrateType label = MigrateType::Movable;
    bool reserved = false;
    bool mixed = false;
    std::uint16_t freePages = 0;
    std::array<std::uint16_t, kPcpTypes> usedPages = {};
};

// One page as the drill-down shows it: the block it belongs to (which may
// start before the pageblock), free or allocated, of which order and type.
struct PageCell
{
    enum class Kind : std::uint8_t
    {
        Free,
        Allocated,
        Reserved
    };
    Kind kind = Kind::Reserved;
    bool head = false;
    std::uint8_t order = 0;
    MigrateType migrateType = MigrateType::Movable;
};

struct CounterRow
{
    std::string group; // "vmstat", "model", "policy"
    std::string name;
    std::uint64_t value = 0;
};

// What the snapshot should carry beyond the always-present summaries.
struct SnapshotRequest
{
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);
    std::uint32_t gigablock = kNone; // drill into this gigablock's pageblocks
    std::uint32_t pageblock = kNone; // and this pageblock's pages (index inside the gigablock)
    bool procText = false; // /proc/pagetypeinfo and /proc/buddyinfo text
    std::size_t samplesFrom = 0; // first engine sample to copy
};

// The drill-down of the requested gigablock and pageblock, empty otherwise.
struct DrillDown
{
    std::uint32_t gigablock = SnapshotRequest::kNone;
    Pfn firstPfn = 0; // of the gigablock's first pageblock slot (unclipped)
    std::vector<PageblockCell> pageblocks; // pageblocksPerGigablock slots; outside the zone: reserved
    std::uint32_t pageblock = SnapshotRequest::kNone;
    std::vector<PageCell> pages; // pagesPerPageblock
};

// Where a snapshot came from, and what that source could not tell.
enum class SourceKind : std::uint8_t
{
    Simulation, // an engine running in the workbench
    Replay, // a recording read back from the store
    Live, // a host (or a simulated one) streaming through gigablock-agent
};
std::string_view name(SourceKind kind);

struct SourceStatus
{
    SourceKind kind = SourceKind::Simulation;
    std::string description; // for people: what runs, what is replayed, which agent
    // Why there are no per-gigablock cells (a real host reports per-zone totals only); empty
    // when they are known. Views then say so instead of drawing a guess.
    std::string unknownGigablocks;
    bool categoriesKnown = true; // EngineSample::categories and the 1 GB counts mean something
    bool fragmentationKnown = true; // EngineSample::fragmentationScore does
    // Replay: the state after `position` of `eventCount` events, the recording's time span.
    std::uint64_t position = 0;
    std::uint64_t eventCount = 0;
    double startSeconds = 0;
    double endSeconds = 0;
    std::uint64_t contradictions = 0; // recorded events the replay had to skip
    // Live: whether the agent is connected now, and the last thing it said about it.
    bool connected = false;
    std::string connection;
};

// An immutable copy of everything the workbench shows of a running engine,
// made on the engine's thread and handed to the UI whole (copy on publish).
struct EngineSnapshot
{
    std::string policy;
    std::string workload;
    std::uint64_t hostBytes = 0;
    std::uint64_t seed = 0;
    Geometry geometry;
    double seconds = 0; // virtual time
    std::uint64_t events = 0;

    std::vector<GigablockCell> gigablocks;
    std::array<std::uint32_t, kCellCategories> categories = {};
    EngineSample latest; // the state now
    std::size_t firstSample = 0; // index in the engine's series of samples.front()
    std::vector<EngineSample> samples; // engine samples from SnapshotRequest::samplesFrom on
    std::vector<CounterRow> counters;
    std::vector<Knob> knobs;
    DrillDown drill;
    std::string pagetypeinfo;
    std::string buddyinfo;
    SourceStatus source;

    static EngineSnapshot capture(const Engine& engine, const SnapshotRequest& request);
    // The model-only part (gigablocks, drill-down, /proc text) of a model
    // without an engine around it, e.g. a replay's reconstructed state.
    static EngineSnapshot ofModel(const MemoryModel& model, const SnapshotRequest& request);
    std::uint32_t count(CellCategory c) const
    {
        return categories[std::size_t(c)];
    }
};

// Builders for views and tests that have no engine.
GigablockCell cellOf(const GigablockSummary& summary);
std::vector<PageblockCell> pageblocksOf(const MemoryModel& model, std::uint32_t gigablock, Pfn* firstPfn);
std::vector<PageCell> pagesOf(const MemoryModel& model, Pfn firstPfn, std::uint64_t count);
std::vector<CounterRow> counterRows(const Engine& engine);
void appendModelCounters(std::vector<CounterRow>& rows, const MemoryModel& model);

} // namespace gbw
