// SPDX-License-Identifier: GPL-3.0-or-later
#include "replaycommand.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "importers/recordingreader.h"
#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "replay/recordingconfig.h"
#include "replay/replay.h"
#include "replay/resimulator.h"
#include "sim/statesummary.h"
#include "sim/workloadfile.h"

namespace {

using gbw::importers::SqliteStore;
using ull = unsigned long long;

struct ReplayOptions
{
    std::string db;
    std::int64_t session = 0; // 0: the newest session with events
    std::string mode = "reconstruct";
    std::string policy; // resimulate: default the recorded one
    std::string at; // a duration from the start; empty: the end
    std::string jsonFile;
    std::string dbOut;
    std::string host; // kernel traces: the host's size
    int nodes = 1;
    std::vector<std::string> knobs;
    std::uint64_t checkpointEvery = 0; // one forward pass needs none
    bool listIssues = false;
    bool noSeed = false;
};

int fail(const std::string& why)
{
    std::cerr << "gigablock replay: " << why << '\n';
    return 2;
}

// Where to take the time series for --db-out: the recorded samples' points,
// or else one a second of recorded time.
std::vector<gbw::importers::StoredSample> samplePoints(
    const SqliteStore& store, std::int64_t session, const gbw::Recording& recording, gbw::VirtualTime end)
{
    std::vector<gbw::importers::StoredSample> points;
    if (const auto run = gbw::importers::simulationRun(store, session)) {
        for (auto& s : gbw::importers::loadSamples(store, run->runId)) {
            if (s.time <= end)
                points.push_back(std::move(s));
        }
        return points;
    }
    const gbw::VirtualTime first = recording.events.empty() ? 0 : recording.events.front().time;
    // Up to the last event: `end` is the largest time when no --at was given.
    end = std::min(end, recording.events.empty() ? 0 : recording.events.back().time);
    for (gbw::VirtualTime t = first; t <= end; t += 1'000'000'000) {
        gbw::importers::StoredSample s;
        s.time = t;
        points.push_back(s);
    }
    return points;
}

std::unique_ptr<gbw::importers::SimulationRecorder> openOut(const ReplayOptions& options,
    std::unique_ptr<SqliteStore>& store, const gbw::Recording& recording, const std::string& policy, std::string* error)
{
    store = SqliteStore::open(options.dbOut, *error);
    if (!store)
        return nullptr;
    gbw::importers::SimulationRecorder::Run run;
    run.host = "replay";
    run.source = "replay --db " + options.db + " --session " + std::to_string(options.session) + " --mode "
        + options.mode + " --policy " + policy;
    run.policy = policy;
    run.config = {{"host", gbw::hostConfigJson(recording.host)}, {"policy", policy}, {"replay_of", options.db},
        {"session", options.session}, {"mode", options.mode}, {"start", "boot"}};
    return gbw::importers::SimulationRecorder::begin(*store, run, error);
}

// simulate --json's 1 GB keys. Without the engine's compactor, "with
// compaction" counts whole gigablocks that are neither tainted nor taken.
void addAllocatable(nlohmann::json& json, const gbw::MemoryModel& model)
{
    const gbw::EngineSample s = gbw::sampleOf(model, 0, 0);
    json["allocatable_1g"] = s.allocatable1g;
    json["allocatable_1g_free"] = s.allocatable1gFree;
}

const char* startName(const gbw::Reconstructor& state)
{
    if (state.start() == gbw::StartState::Boot)
        return "boot";
    return state.seeded() ? "seeded" : "unknown";
}

nlohmann::json issuesJson(const gbw::Reconstructor& state, std::size_t limit)
{
    auto out = nlohmann::json::array();
    for (const auto& issue : state.issues()) {
        if (out.size() == limit)
            break;
        out.push_back({{"event", issue.index}, {"time_ns", issue.event.time}, {"kind", name(issue.event.kind)},
            {"pfn", issue.event.pfn}, {"order", issue.event.order}, {"problem", name(issue.what)}});
    }
    return out;
}

// A point of the time series; a seeded start's free memory is its zone-level totals.
gbw::EngineSample sampleOf(const gbw::Reconstructor& state, gbw::VirtualTime time, std::uint64_t events)
{
    gbw::EngineSample s = gbw::sampleOf(state.model(), double(time) / 1e9, events);
    if (!state.seeded())
        return s;
    s.freePages = 0;
    std::fill(s.freeBlocksByOrder.begin(), s.freeBlocksByOrder.end(), 0);
    for (int zi = 0; zi < state.model().zoneCount(); ++zi) {
        const gbw::ZoneTotals totals = state.zoneTotals(zi);
        s.freePages += totals.freePages;
        for (std::size_t o = 0; o < s.freeBlocksByOrder.size(); ++o)
            s.freeBlocksByOrder[o] += totals.freeBlocksOfOrder(int(o));
    }
    return s;
}

// A seeded start: the buddyinfo table shows the zone-level totals (known free
// blocks plus the snapshot's counts for untouched memory), and the labels by zone.
nlohmann::json applySeededTotals(const gbw::Reconstructor& state, gbw::StateSummary& summary)
{
    auto zones = nlohmann::json::array();
    const auto& model = state.model();
    std::printf("Zone-level totals seeded from the snapshot (counts, no positions) and moved by the events:\n");
    for (int zi = 0; zi < model.zoneCount() && std::size_t(zi) < summary.zones.size(); ++zi) {
        const gbw::ZoneTotals totals = state.zoneTotals(zi);
        auto& z = summary.zones[std::size_t(zi)];
        nlohmann::json byType = nlohmann::json::object();
        nlohmann::json labels = nlohmann::json::object();
        for (int mt = 0; mt < gbw::kMigrateTypes; ++mt) {
            const std::string type(gbw::name(gbw::MigrateType(mt)));
            std::vector<std::uint64_t> counts;
            for (std::size_t o = 0; o < z.freeBlocks.size(); ++o)
                counts.push_back(totals.freeBlocks[o][std::size_t(mt)]);
            byType[type] = counts;
            labels[type] = totals.pageblocks[std::size_t(mt)];
        }
        for (std::size_t o = 0; o < z.freeBlocks.size(); ++o)
            z.freeBlocks[o] = totals.freeBlocksOfOrder(int(o));
        z.freePages = totals.freePages;
        std::printf("  Node %d, %-7s pageblocks:", z.node, z.zone.c_str());
        for (int mt = 0; mt < gbw::kMigrateTypes; ++mt)
            std::printf(" %s %llu", std::string(gbw::name(gbw::MigrateType(mt))).c_str(),
                ull(totals.pageblocks[std::size_t(mt)]));
        std::printf("%s\n", totals.hasPageblocks ? "" : " (not in the snapshot)");
        zones.push_back(
            {{"node", z.node}, {"zone", z.zone}, {"free_pages", totals.freePages}, {"free_blocks", z.freeBlocks},
                {"free_blocks_by_type", byType}, {"pageblocks", labels}, {"pageblocks_known", totals.hasPageblocks}});
    }
    return zones;
}

int reconstruct(const ReplayOptions& options, const SqliteStore& store, gbw::Recording recording, gbw::VirtualTime end,
    nlohmann::json& json)
{
    std::string error;
    const auto started = std::chrono::steady_clock::now();
    const std::string policy = recording.policy;
    std::unique_ptr<SqliteStore> outStore;
    std::unique_ptr<gbw::importers::SimulationRecorder> out;
    std::vector<gbw::importers::StoredSample> points;
    if (!options.dbOut.empty()) {
        points = samplePoints(store, options.session, recording, end);
        out = openOut(options, outStore, recording, policy, &error);
        if (!out)
            return fail("--db-out " + options.dbOut + ": " + error);
    }
    auto replay = gbw::Replay::create(std::move(recording), &error, options.checkpointEvery);
    if (!replay)
        return fail(error);
    for (const auto& point : points) {
        if (point.eventIndex)
            replay->seekToEvent(point.eventIndex);
        else
            replay->seek(point.time);
        out->sampleAt(point.time, replay->position(), sampleOf(replay->state(), point.time, replay->position()));
    }
    replay->seek(end);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto& state = replay->state();
    auto summary = gbw::StateSummary::of(state.model(), policy);
    nlohmann::json seededZones;
    if (state.seeded())
        seededZones = applySeededTotals(state, summary);
    std::printf("%s", summary.text().c_str());
    const auto& stats = state.stats();
    std::printf("Reconstructed: %llu of %llu events up to %.6f s (%llu applied), %llu contradictions, "
                "%llu pre-trace frees, %llu pages unknown; %.3f s\n",
        ull(replay->position()), ull(replay->eventCount()), double(replay->time()) / 1e9, ull(stats.applied),
        ull(stats.contradictionCount()), ull(stats.preTraceFrees), ull(state.unknownPages()), seconds);
    if (stats.seedShortfalls)
        std::printf("  %llu allocations in untouched memory found no seeded free block of their order or larger\n",
            ull(stats.seedShortfalls));
    for (int c = 0; c < gbw::kContradictions; ++c) {
        if (stats.contradictions[std::size_t(c)])
            std::printf("  %-48s %llu\n", std::string(name(gbw::Contradiction(c))).c_str(),
                ull(stats.contradictions[std::size_t(c)]));
    }
    if (options.listIssues) {
        for (const auto& issue : state.issues())
            std::printf("  event %llu at %.6f s: %s pfn 0x%llx order %d: %s\n", ull(issue.index),
                double(issue.event.time) / 1e9, std::string(name(issue.event.kind)).c_str(), ull(issue.event.pfn),
                int(issue.event.order), std::string(name(issue.what)).c_str());
    }
    summary.toJson(json);
    addAllocatable(json, state.model());
    json["replay"] = {{"mode", "reconstruct"}, {"session", options.session}, {"time_ns", replay->time()},
        {"events", replay->position()}, {"recorded_events", replay->eventCount()}, {"applied", stats.applied},
        {"contradictions", stats.contradictionCount()}, {"pre_trace_frees", stats.preTraceFrees},
        {"unknown_pages", state.unknownPages()}, {"start", startName(state)},
        {"host_source", replay->recording().hostSource}, {"issues", issuesJson(state, 100)}, {"wall_seconds", seconds}};
    if (state.seeded()) {
        json["replay"]["seed_source"] = replay->recording().seedSource;
        json["replay"]["seed_shortfalls"] = stats.seedShortfalls;
        json["replay"]["seeded_zones"] = seededZones;
    }
    if (out && !out->finish(replay->time(), &error))
        return fail("--db-out " + options.dbOut + ": " + error);
    return 0;
}

int resimulate(const ReplayOptions& options, const SqliteStore& store, const gbw::Recording& recording,
    gbw::VirtualTime end, nlohmann::json& json)
{
    std::string error;
    gbw::KnobSet knobs;
    for (const auto& setting : options.knobs) {
        const auto eq = setting.find('=');
        double value = 0;
        if (eq == std::string::npos || std::sscanf(setting.c_str() + eq + 1, "%lf", &value) != 1)
            return fail("--knob: expected NAME=VALUE, got '" + setting + "'");
        if (auto why = knobs.set(setting.substr(0, eq), value); !why.empty())
            return fail("--knob: " + why);
    }
    const std::string policy = options.policy.empty() ? recording.policy : options.policy;
    const auto started = std::chrono::steady_clock::now();
    auto resim = gbw::Resimulator::create(recording, policy, knobs, &error);
    if (!resim)
        return fail("--policy: " + error);
    std::unique_ptr<SqliteStore> outStore;
    std::unique_ptr<gbw::importers::SimulationRecorder> out;
    if (!options.dbOut.empty()) {
        out = openOut(options, outStore, recording, policy, &error);
        if (!out)
            return fail("--db-out " + options.dbOut + ": " + error);
        std::uint64_t done = 0;
        for (const auto& point : samplePoints(store, options.session, recording, end)) {
            resim->runUntil(point.time, [&](const gbw::ReplayRequest&) { ++done; });
            out->sampleAt(point.time, done, gbw::sampleOf(resim->allocator().model(), double(point.time) / 1e9, done));
        }
    }
    resim->runUntil(end);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto summary = gbw::StateSummary::of(resim->allocator());
    std::printf("%s", summary.text().c_str());
    const auto& stats = resim->stats();
    std::printf("Resimulated with %s: %llu allocations (%llu failed), %llu frees; %llu frees in the recording had no "
                "allocation to pair with; %.3f s\n",
        policy.c_str(), ull(stats.allocations), ull(stats.failed), ull(stats.frees), ull(resim->stream().unpairedFrees),
        seconds);
    summary.toJson(json);
    addAllocatable(json, resim->allocator().model());
    json["replay"] = {{"mode", "resimulate"}, {"session", options.session}, {"policy", policy},
        {"time_ns", resim->now()}, {"allocations", stats.allocations}, {"failed", stats.failed}, {"frees", stats.frees},
        {"unpaired_frees", resim->stream().unpairedFrees}, {"wall_seconds", seconds}};
    if (out && !out->finish(resim->now(), &error))
        return fail("--db-out " + options.dbOut + ": " + error);
    return 0;
}

int run(ReplayOptions options)
{
    std::string error;
    auto store = SqliteStore::openExisting(options.db, error);
    if (!store)
        return fail("--db " + options.db + ": " + error);
    if (options.session == 0)
        options.session = store->newestSessionWithEvents();
    if (options.session == 0)
        return fail("--db " + options.db + " holds no simulation or trace to replay");
    std::optional<gbw::HostConfig> host;
    if (!options.host.empty()) {
        const std::uint64_t bytes = gbw::parseSize(options.host, &error);
        if (!bytes)
            return fail("--host: " + error);
        host = gbw::HostConfig::x86_64(bytes, options.nodes);
    }
    auto recording = gbw::importers::loadRecording(*store, options.session, host, &error, !options.noSeed);
    if (!recording)
        return fail(error);
    gbw::VirtualTime end = ~gbw::VirtualTime(0);
    if (!options.at.empty()) {
        const auto at = gbw::parseDuration(options.at);
        if (!at || *at < 0)
            return fail("--at: '" + options.at + "' is not a time such as 90s, 2m or 1500ms");
        end = gbw::VirtualTime(*at * 1e9);
    }
    std::string start = "known (boot) start";
    if (recording->start == gbw::StartState::Unknown)
        start = recording->seed.empty() ? "unknown start" : "unknown start, seeded from " + recording->seedSource;
    std::printf("Session %lld of %s: %zu events on a %s host, %s\n", static_cast<long long>(options.session),
        options.db.c_str(), recording->events.size(), gbw::formatSize(recording->host.memoryBytes).c_str(),
        start.c_str());
    if (!recording->hostSource.empty())
        std::printf("Host geometry from %s\n", recording->hostSource.c_str());
    for (const auto& note : recording->notes)
        std::printf("  note: %s\n", note.c_str());
    nlohmann::json json;
    const int rc = options.mode == "resimulate" ? resimulate(options, *store, *recording, end, json)
                                                : reconstruct(options, *store, std::move(*recording), end, json);
    if (rc != 0 || options.jsonFile.empty())
        return rc;
    std::ofstream out(options.jsonFile);
    out << json.dump(2) << '\n';
    if (!out)
        return fail("--json: cannot write " + options.jsonFile);
    return 0;
}

} // namespace

void addReplayCommand(CLI::App& app)
{
    auto options = std::make_shared<ReplayOptions>();
    auto* cmd = app.add_subcommand("replay",
        "Replay a recorded run from the store: rebuild its memory at its recorded pfns (reconstruct), or run its "
        "request stream through a policy (resimulate)");
    cmd->add_option("--db", options->db, "SQLite store written by simulate --db or import")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--session", options->session,
        "Session to replay (gigablock info lists them); default: the newest "
        "simulation or trace");
    cmd->add_option("--mode", options->mode, "reconstruct: the recorded state; resimulate: what --policy would do")
        ->check(CLI::IsMember({"reconstruct", "resimulate"}))
        ->capture_default_str();
    cmd->add_option("--policy", options->policy, "resimulate: the placement policy (default: the recorded one)");
    cmd->add_option("--knob", options->knobs, "resimulate: set a knob, NAME=VALUE (repeatable)");
    cmd->add_option("--at", options->at, "Stop at this time of the recording (90s, 2m, 1500ms); default: the end");
    cmd->add_option("--json", options->jsonFile, "Also write the state summary as JSON (the keys of simulate --json)");
    cmd->add_option("--db-out", options->dbOut, "Record the replayed time series into this SQLite store");
    cmd->add_option("--host", options->host,
        "Kernel traces: the host's memory size (64G); default: from the nearest zoneinfo (else pagetypeinfo) "
        "snapshot of the trace's host in the store");
    cmd->add_option("--nodes", options->nodes, "Kernel traces, with --host: NUMA nodes of the host")
        ->capture_default_str();
    cmd->add_flag("--no-seed", options->noSeed,
        "Kernel traces: do not seed the unknown start from the nearest pagetypeinfo snapshot of the host");
    cmd->add_option("--checkpoint-every", options->checkpointEvery,
           "Events between checkpoints of the state (0: none; the CLI only goes forward)")
        ->capture_default_str();
    cmd->add_flag("--issues", options->listIssues, "List the events that contradicted the state (first 1000)");
    cmd->callback([options] { throw CLI::RuntimeError(run(*options)); });
}
