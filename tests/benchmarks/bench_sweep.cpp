// SPDX-License-Identifier: GPL-3.0-or-later
// Sweep parallelism (issue 10): a 100-run sweep on 64 GiB hosts with short
// runs, on the thread pool, against the sum of its runs' own times.
//
//   bench_sweep [--benchmark_filter=...]
//
// Counters: wall_s (the sweep), runs_wall_s (sum of each run's wall time on its
// thread: inflated when the machine is busy), runs_cpu_s (sum of each run's
// thread CPU time: the runs' own work), ratio_cpu = wall_s / runs_cpu_s (target
// at most 0.6 with 2 cores), ratio_wall = wall_s / runs_wall_s.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <ctime>

#include "sweep/runspec.h"
#include "sweep/sweepfile.h"
#include "sweep/sweeprunner.h"

namespace {

constexpr std::string_view kSweep = R"(policies = ["vanilla", "superpageblock"]
workloads = ["kernel-build"]
hosts = ["64G"]
seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
duration = "5s"
[knobs]
"vm.compaction_proactiveness" = [0, 20, 40, 60, 80]
)";

double threadCpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

void BM_Sweep100(benchmark::State& state)
{
    const auto sweep = gbw::SweepFileReader::parse(kSweep, "bench.toml");
    const auto runs = gbw::expandSweep(*sweep.sweep);
    double wall = 0, runsWall = 0, runsCpu = 0;
    std::size_t failed = 0;
    for (auto _ : state) {
        std::atomic<std::int64_t> cpuNs {0};
        gbw::SweepRunner runner(unsigned(state.range(0)), [&](const gbw::RunSpec& spec) {
            const double before = threadCpuSeconds();
            auto result = gbw::executeRun(spec);
            cpuNs += std::int64_t((threadCpuSeconds() - before) * 1e9);
            return result;
        });
        const auto start = std::chrono::steady_clock::now();
        runner.run(runs, [&](gbw::RunResult&& r) {
            runsWall += r.wallSeconds;
            failed += r.ok ? 0 : 1;
        });
        wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        runsCpu += double(cpuNs.load()) / 1e9;
    }
    const double n = double(state.iterations());
    state.counters["runs"] = double(runs.size());
    state.counters["failed"] = double(failed);
    state.counters["wall_s"] = wall / n;
    state.counters["runs_wall_s"] = runsWall / n;
    state.counters["runs_cpu_s"] = runsCpu / n;
    state.counters["ratio_cpu"] = wall / runsCpu;
    state.counters["ratio_wall"] = wall / runsWall;
}

} // namespace

// jobs: 1 (the sequential reference) and 2 (this machine's cores).
BENCHMARK(BM_Sweep100)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

BENCHMARK_MAIN();
