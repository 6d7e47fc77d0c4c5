// SPDX-License-Identifier: GPL-3.0-or-later
// Replay speed (issue 6): reconstruction from the SQLite store and seeking.
//
// A trace of GBW_REPLAY_EVENTS (default 10 million) recorded events is made
// once, by recording a syzkaller run on a 64 GiB host with `simulate --db`'s
// recorder into a scratch database (GBW_BENCH_DIR, default the temp dir).
// Then:
//   BM_ReconstructFromSqlite: open the store, read every event, rebuild the
//     state to the end in one forward pass (what `gigablock replay --mode
//     reconstruct` does). items_per_second = events per second.
//   BM_ReconstructWithCheckpoints: the same, taking a checkpoint every 2^19
//     events on the way (a GUI's first pass, after which seeks are cheap).
//   BM_ApplyOnly: one forward pass without the reading, for the split.
//   BM_SeekRandom: seek to a random time with every checkpoint already taken;
//     max_seek_ms is the slowest seek seen. Target: <= 100 ms.
// GBW_BENCH_REUSE=1 takes the trace a previous run left in GBW_BENCH_DIR.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "importers/recordingreader.h"
#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "replay/recordingconfig.h"
#include "replay/replay.h"
#include "sim/engine.h"
#include "sim/random.h"
#include "sim/workloadfile.h"

namespace {

using namespace gbw;
using importers::SqliteStore;

std::uint64_t targetEvents()
{
    const char* n = std::getenv("GBW_REPLAY_EVENTS");
    return n ? std::strtoull(n, nullptr, 10) : 10'000'000;
}

struct Fixture
{
    std::string db;
    std::int64_t session = 0;
    std::uint64_t events = 0;
};

const Fixture& fixture()
{
    static const Fixture f = [] {
        Fixture out;
        const char* dir = std::getenv("GBW_BENCH_DIR");
        const auto base = dir ? std::filesystem::path(dir) : std::filesystem::temp_directory_path();
        out.db = (base / "gbw-bench-replay.db").string();
        std::string error;
        if (std::getenv("GBW_BENCH_REUSE")) {
            // Profiling the replay alone: take the trace an earlier run left.
            if (auto store = SqliteStore::openExisting(out.db, error)) {
                for (const auto& s : store->sessions()) {
                    if (s.format == "simulation" && std::uint64_t(s.events) >= targetEvents()) {
                        out.session = s.id;
                        out.events = std::uint64_t(s.events);
                        return out;
                    }
                }
            }
        }
        std::filesystem::remove(out.db);
        EngineConfig config;
        config.host = HostConfig::x86_64(std::uint64_t(64) << 30);
        config.workload = *WorkloadFile::loadPreset("syzkaller").workload;
        config.seed = 1;
        auto engine = Engine::create(config, &error);
        auto store = SqliteStore::open(out.db, error);
        if (!engine || !store) {
            std::cerr << "bench_replay: " << error << '\n';
            std::exit(1);
        }
        importers::SimulationRecorder::Run run;
        run.source = "bench_replay";
        run.policy = config.policy;
        run.config = recordingConfig(config, engine->knobs());
        auto recorder = importers::SimulationRecorder::begin(*store, run, &error);
        const auto start = std::chrono::steady_clock::now();
        engine->setEventSink(recorder.get());
        while (recorder->events() < targetEvents())
            engine->runUntil(engine->now() + 1'000'000'000);
        engine->setEventSink(nullptr);
        if (!recorder->finish(engine->now(), &error)) {
            std::cerr << "bench_replay: " << error << '\n';
            std::exit(1);
        }
        out.session = recorder->sessionId();
        out.events = recorder->events();
        std::cerr << "bench_replay: recorded " << out.events << " events (" << double(engine->now()) / 1e9
                  << " s of virtual time) in "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
        return out;
    }();
    return f;
}

Recording load()
{
    std::string error;
    auto store = SqliteStore::openExisting(fixture().db, error);
    auto recording = importers::loadRecording(*store, fixture().session, std::nullopt, &error);
    if (!recording) {
        std::cerr << "bench_replay: " << error << '\n';
        std::exit(1);
    }
    return std::move(*recording);
}

void reconstructFromSqlite(benchmark::State& state, std::uint64_t checkpointEvery)
{
    const auto& f = fixture();
    std::uint64_t contradictions = 0;
    for (auto _ : state) {
        std::string error;
        auto replay = Replay::create(load(), &error, checkpointEvery);
        replay->toEnd();
        contradictions = replay->state().stats().contradictionCount();
        benchmark::DoNotOptimize(replay->state().model().gigablocks().data());
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * f.events));
    state.counters["events"] = double(f.events);
    state.counters["contradictions"] = double(contradictions);
}
void BM_ReconstructFromSqlite(benchmark::State& state)
{
    reconstructFromSqlite(state, 0);
}
BENCHMARK(BM_ReconstructFromSqlite)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_ReconstructWithCheckpoints(benchmark::State& state)
{
    reconstructFromSqlite(state, Replay::kDefaultCheckpointEvery);
}
BENCHMARK(BM_ReconstructWithCheckpoints)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_ApplyOnly(benchmark::State& state)
{
    const Recording recording = load();
    for (auto _ : state) {
        std::string error;
        auto replay = Replay::create(recording, &error, 0);
        replay->toEnd();
        benchmark::DoNotOptimize(replay->state().model().gigablocks().data());
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * recording.events.size()));
}
BENCHMARK(BM_ApplyOnly)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_SeekRandom(benchmark::State& state)
{
    std::string error;
    auto replay = Replay::create(load(), &error);
    replay->toEnd(); // takes every checkpoint
    const VirtualTime end = replay->time();
    Random random(42);
    double maxMs = 0;
    for (auto _ : state) {
        const auto t = VirtualTime(random.unit() * double(end));
        const auto start = std::chrono::steady_clock::now();
        replay->seek(t);
        maxMs = std::max(
            maxMs, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    state.counters["max_seek_ms"] = maxMs;
    state.counters["checkpoints"] = double(replay->checkpoints());
}
BENCHMARK(BM_SeekRandom)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(200);

} // namespace

BENCHMARK_MAIN();
