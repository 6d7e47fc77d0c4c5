// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatecommand.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engineoptions.h"
#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "mm/pageallocator.h"
#include "model/hostconfig.h"
#include "model/invariantchecker.h"
#include "model/procformat.h"
#include "policy/policy.h"
#include "progressbar.h"
#include "replay/recordingconfig.h"
#include "sim/churn.h"
#include "sim/enginereport.h"
#include "sim/ftracewriter.h"
#include "sim/statesummary.h"
#include "sim/workloadfile.h"

namespace {

struct SimulateOptions
{
    EngineOptions engine; // host, nodes, seed; with --workload, the engine run
    std::uint64_t events = 2'000'000;
    std::string policy = "vanilla";
    double occupancy = 0.6;
    std::string jsonFile;
    std::string traceFile;
    std::string dbFile;
    bool check = false;
    bool pagetypeinfo = false;
};

using ull = unsigned long long;

std::string joined(const std::vector<std::string_view>& names)
{
    std::string out;
    for (auto n : names)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

bool writeJson(const std::string& file, const nlohmann::json& json)
{
    std::ofstream out(file);
    out << json.dump(2) << '\n';
    if (!out) {
        std::cerr << "gigablock: cannot write " << file << '\n';
        return false;
    }
    return true;
}

// What both modes end with: the optional /proc text and invariant check.
int finish(const SimulateOptions& options, const gbw::MemoryModel& model)
{
    if (options.pagetypeinfo)
        std::printf("\n%s", gbw::procformat::pagetypeinfo(model).c_str());
    if (!options.check)
        return 0;
    const auto problems = gbw::InvariantChecker::check(model);
    for (const auto& p : problems)
        std::fprintf(stderr, "invariant: %s\n", p.c_str());
    std::printf("Invariant check: %s\n", problems.empty() ? "ok" : "FAILED");
    return problems.empty() ? 0 : 1;
}

// With a workload: the engine on a virtual clock, reclaim and compaction included.
int runEngine(const SimulateOptions& options)
{
    std::string error;
    const auto config = options.engine.config(options.policy, &error);
    if (!config) {
        std::cerr << "gigablock simulate: " << error << '\n';
        return 2;
    }
    auto engine = gbw::Engine::create(*config, &error);
    if (!engine) {
        std::cerr << "gigablock simulate: " << error << '\n';
        return 2;
    }
    if (auto why = options.engine.applyKnobs(*engine); !why.empty()) {
        std::cerr << "gigablock simulate: " << why << '\n';
        return 2;
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> traceFile(nullptr, &std::fclose);
    std::unique_ptr<gbw::FtraceWriter> trace;
    gbw::TeeSink sinks;
    std::unique_ptr<gbw::importers::SqliteStore> store;
    std::unique_ptr<gbw::importers::SimulationRecorder> recorder;
    if (!options.dbFile.empty()) {
        store = gbw::importers::SqliteStore::open(options.dbFile, error);
        if (!store) {
            std::cerr << "gigablock simulate: --db " << options.dbFile << ": " << error << '\n';
            return 2;
        }
        gbw::importers::SimulationRecorder::Run run;
        run.source = "simulate --workload " + config->workload.name + " --policy " + options.policy + " --host "
            + options.engine.host + " --duration " + options.engine.duration + " --seed "
            + std::to_string(config->seed);
        run.policy = options.policy;
        run.seed = config->seed;
        run.config = gbw::recordingConfig(*config, engine->knobs());
        recorder = gbw::importers::SimulationRecorder::begin(*store, run, &error);
        if (!recorder) {
            std::cerr << "gigablock simulate: --db " << options.dbFile << ": " << error << '\n';
            return 2;
        }
        sinks.add(recorder.get());
    }
    if (!options.traceFile.empty()) {
        traceFile.reset(std::fopen(options.traceFile.c_str(), "w"));
        if (!traceFile) {
            std::cerr << "gigablock simulate: --trace: cannot write " << options.traceFile << '\n';
            return 2;
        }
        trace = std::make_unique<gbw::FtraceWriter>(traceFile.get());
        trace->header(2);
        sinks.add(trace.get());
    }
    if (!sinks.empty())
        engine->setEventSink(&sinks);
    const double duration = options.engine.durationSeconds();
    std::printf("Host: %s on %d node(s), %u gigablocks; policy %s; workload %s for %s of virtual time, seed %llu\n",
        gbw::formatSize(config->host.memoryBytes).c_str(), config->host.nodes,
        unsigned(engine->allocator().model().gigablocks().size()), options.policy.c_str(),
        config->workload.name.c_str(), gbw::formatDuration(duration).c_str(), ull(config->seed));
    ProgressBar bar("simulating", std::uint64_t(duration));
    const auto start = std::chrono::steady_clock::now();
    engine->runUntil(gbw::VirtualTime(duration * 1e9), [&](gbw::VirtualTime now) { bar.update(now / 1'000'000'000); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bar.finish();
    const auto report = gbw::EngineReport::of(*engine);
    std::printf("\n%s", report.text().c_str());
    // Requests are what the workload asked; allocations and frees what the
    // allocator did (bench_engine's events, /proc/vmstat's pgalloc and pgfree).
    const double eventsPerSecond = seconds > 0 ? double(engine->events()) / seconds : 0;
    const double allocatorPerSecond
        = seconds > 0 ? double(engine->counters().pgalloc + engine->counters().pgfree) / seconds : 0;
    std::printf("Speed: %.2f million requests, %.2f million allocations and frees per second (%.1f s of wall time "
                "for %s of virtual time)\n",
        eventsPerSecond / 1e6, allocatorPerSecond / 1e6, seconds, gbw::formatDuration(duration).c_str());
    engine->setEventSink(nullptr);
    if (recorder) {
        if (!recorder->finish(gbw::VirtualTime(duration * 1e9), &error)) {
            std::cerr << "gigablock simulate: --db " << options.dbFile << ": " << error << '\n';
            return 2;
        }
        std::printf("Recorded: %llu events and %zu samples as session %lld in %s\n", ull(recorder->events()),
            engine->samples().size(), static_cast<long long>(recorder->sessionId()), options.dbFile.c_str());
    }
    if (trace) {
        if (!trace->ok() || std::fflush(traceFile.get()) != 0) {
            std::cerr << "gigablock simulate: --trace: writing " << options.traceFile << " failed\n";
            return 2;
        }
        std::printf("Trace: %llu events written to %s\n", ull(trace->lines()), options.traceFile.c_str());
    }
    if (!options.jsonFile.empty()) {
        nlohmann::json json;
        report.toJson(json);
        json["seed"] = config->seed;
        json["events_per_second"] = eventsPerSecond;
        json["allocations_and_frees_per_second"] = allocatorPerSecond;
        json["wall_seconds"] = seconds;
        if (!writeJson(options.jsonFile, json))
            return 2;
    }
    return finish(options, engine->allocator().model());
}

// Without a workload: the foundation's plain churn, for --events.
int runChurn(const SimulateOptions& options)
{
    std::string error;
    const std::uint64_t bytes = gbw::parseSize(options.engine.host, &error);
    if (!bytes) {
        std::cerr << "gigablock simulate: --host: " << error << '\n';
        return 2;
    }
    auto policy = gbw::makePolicy(options.policy);
    if (!policy) {
        std::cerr << "gigablock simulate: --policy: unknown policy '" << options.policy
                  << "' (known: " << joined(gbw::policyNames()) << ")\n";
        return 2;
    }
    auto allocator
        = gbw::PageAllocator::create(gbw::HostConfig::x86_64(bytes, options.engine.nodes), std::move(policy), &error);
    if (!allocator) {
        std::cerr << "gigablock simulate: cannot build the host: " << error << '\n';
        return 2;
    }
    gbw::ChurnConfig churnConfig;
    churnConfig.seed = options.engine.seed;
    churnConfig.targetOccupancy = options.occupancy;
    gbw::Churn churn(*allocator, churnConfig);

    std::printf("Host: %s on %d node(s), %u gigablocks; policy %s; %llu events, seed %llu\n",
        gbw::formatSize(bytes).c_str(), options.engine.nodes, unsigned(allocator->model().gigablocks().size()),
        options.policy.c_str(), ull(options.events), ull(options.engine.seed));
    ProgressBar bar("simulating", options.events);
    const auto start = std::chrono::steady_clock::now();
    churn.run(options.events, [&](std::uint64_t done) { bar.update(done); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bar.finish();
    const double eventsPerSecond = seconds > 0 ? double(options.events) / seconds : 0;

    const auto summary = gbw::StateSummary::of(*allocator);
    std::printf("\n%s", summary.text().c_str());
    const auto& stats = churn.stats();
    std::printf("Churn: %llu allocations (%llu failed), %llu frees, %llu pages held at the end\n",
        ull(stats.allocations), ull(stats.failures), ull(stats.frees), ull(stats.livePages));
    std::printf("Speed: %.2f million events per second (%.3f s for the churn)\n", eventsPerSecond / 1e6, seconds);
    if (!options.jsonFile.empty()) {
        nlohmann::json json;
        summary.toJson(json);
        json["events"] = options.events;
        json["seed"] = options.engine.seed;
        json["events_per_second"] = eventsPerSecond;
        json["churn"] = {{"allocations", stats.allocations}, {"failures", stats.failures}, {"frees", stats.frees},
            {"live_pages", stats.livePages}};
        if (!writeJson(options.jsonFile, json))
            return 2;
    }
    return finish(options, allocator->model());
}

} // namespace

void addSimulateCommand(CLI::App& app)
{
    auto options = std::make_shared<SimulateOptions>();
    auto* cmd = app.add_subcommand("simulate",
        "Simulate a host: with --workload, the workload on a virtual clock with reclaim, "
        "compaction and 1 GB allocations; without, a plain allocation churn for --events");
    options->engine.addTo(*cmd, false);
    cmd->add_option("--events", options->events, "Without --workload: allocations plus frees to run")
        ->capture_default_str();
    cmd->add_option("--policy", options->policy, "Placement policy: " + joined(gbw::policyNames()))
        ->capture_default_str();
    cmd->add_option("--occupancy", options->occupancy, "Without --workload: share of memory the churn keeps allocated")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--json", options->jsonFile, "Also write the report as JSON to FILE");
    cmd->add_option("--trace", options->traceFile,
        "With --workload: write every allocation, free, migration, fallback (mm_page_alloc_extfrag) and "
        "compaction run as kernel trace text to FILE");
    cmd->add_option("--db", options->dbFile,
        "With --workload: record the run (configuration, time series, every allocator event) into the SQLite "
        "store FILE, for gigablock replay");
    cmd->add_flag("--check", options->check, "Run the full invariant checker at the end (slow on large hosts)");
    cmd->add_flag("--pagetypeinfo", options->pagetypeinfo, "Print the final state as /proc/pagetypeinfo");
    cmd->callback([options] {
        if (options->engine.workload.empty() && (!options->dbFile.empty() || !options->traceFile.empty())) {
            std::cerr << "gigablock simulate: --db and --trace record a --workload run\n";
            throw CLI::RuntimeError(2);
        }
        throw CLI::RuntimeError(options->engine.workload.empty() ? runChurn(*options) : runEngine(*options));
    });
}
