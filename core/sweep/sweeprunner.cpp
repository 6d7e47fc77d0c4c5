// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweeprunner.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "sim/engine.h"
#include "sim/enginereport.h"
#include "sim/workloadfile.h"
#include "workloadsource.h"

namespace gbw {

void RunResult::toJson(nlohmann::json& out) const
{
    out["id"] = spec.id();
    spec.toJson(out["spec"]);
    out["ok"] = ok;
    out["error"] = error;
    out["wall_seconds"] = wallSeconds;
    if (ok)
        outcome.toJson(out["outcome"]);
}

RunResult RunResult::fromJson(const nlohmann::json& in)
{
    RunResult result;
    result.spec = RunSpec::fromJson(in.at("spec"));
    result.ok = in.at("ok").get<bool>();
    result.error = in.at("error").get<std::string>();
    result.wallSeconds = in.at("wall_seconds").get<double>();
    if (result.ok)
        result.outcome = RunOutcome::fromJson(in.at("outcome"));
    return result;
}

namespace {

RunResult attempt(const RunSpec& spec, const std::filesystem::path& workloadDir, bool requestsAhead)
{
    RunResult result;
    result.spec = spec;
    const auto source = resolveWorkload(spec.workload, workloadDir);
    // The id promises these contents: a file edited since the expansion would store a result under
    // the id of the old file.
    if (source.hash != spec.workloadHash) {
        result.error = "workload: " + spec.workload + " changed since the sweep was expanded (contents "
            + (source.hash.empty() ? "unreadable" : source.hash) + ", the run's id has "
            + (spec.workloadHash.empty() ? "none" : spec.workloadHash) + "); run the sweep again";
        return result;
    }
    const auto& workload = source.parsed;
    if (!workload) {
        result.error = "workload: " + workload.error;
        return result;
    }
    EngineConfig config;
    config.host = HostConfig::x86_64(spec.hostBytes, 1);
    config.policy = spec.policy;
    config.workload = *workload.workload;
    config.seed = spec.seed;
    config.sampleSeconds = spec.sampleSeconds;
    config.requestsAhead = requestsAhead;
    auto engine = Engine::create(config, &result.error);
    if (!engine)
        return result;
    for (const auto& [name, value] : spec.knobs) {
        if (auto why = engine->setKnob(name, value); !why.empty()) {
            result.error = "knob: " + why;
            return result;
        }
    }
    engine->runUntil(VirtualTime(spec.durationSeconds * 1e9));
    result.outcome = RunOutcome::of(EngineReport::of(*engine));
    result.ok = true;
    return result;
}

} // namespace

RunResult executeRun(const RunSpec& spec, const std::filesystem::path& workloadDir, bool requestsAhead)
{
    const auto start = std::chrono::steady_clock::now();
    RunResult result;
    try {
        result = attempt(spec, workloadDir, requestsAhead);
    } catch (const std::exception& e) {
        result = RunResult {spec, false, std::string("exception: ") + e.what(), {}, 0};
    }
    result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

unsigned SweepRunner::jobsFor(unsigned jobs)
{
    return jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

SweepRunner::SweepRunner(unsigned jobs, Execute execute)
    : m_jobs(jobsFor(jobs))
    , m_execute(execute ? std::move(execute) : Execute([ahead = requestsAheadFor(jobs)](const RunSpec& spec) {
        return executeRun(spec, {}, ahead);
    }))
{}

void SweepRunner::run(const std::vector<RunSpec>& runs, const OnResult& onResult, const OnProgress& onProgress)
{
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<RunResult> finished; // under mutex
    std::size_t next = 0; // under mutex
    const unsigned count = unsigned(std::min<std::size_t>(m_jobs, runs.size()));
    unsigned working = count; // under mutex: workers not yet out of runs
    auto worker = [&] {
        for (;;) {
            std::size_t index;
            {
                std::lock_guard lock(mutex);
                if (next == runs.size() || (m_cancel && m_cancel->load())) {
                    --working;
                    ready.notify_one();
                    return;
                }
                index = next++;
            }
            RunResult result = m_execute(runs[index]);
            std::lock_guard lock(mutex);
            finished.push_back(std::move(result));
            ready.notify_one();
        }
    };
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < count; ++i)
        threads.emplace_back(worker);

    SweepProgress progress;
    progress.total = runs.size();
    for (;;) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !finished.empty() || working == 0; });
        if (finished.empty())
            break; // every worker is out of runs and every result was handed on
        RunResult result = std::move(finished.front());
        finished.pop_front();
        lock.unlock();
        progress.failed += result.ok ? 0 : 1;
        onResult(std::move(result));
        ++progress.done;
        progress.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress.etaSeconds = progress.elapsedSeconds / double(progress.done) * double(progress.total - progress.done);
        if (onProgress)
            onProgress(progress);
    }
    for (auto& t : threads)
        t.join();
}

} // namespace gbw
