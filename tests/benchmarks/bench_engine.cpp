// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end engine speed (issue 4): a 256 GiB host under the syzkaller
// preset, with reclaim, compaction, the RFC's defrag worker, 1 GB requests
// and sampling all running. One iteration is one more virtual second after
// the host has filled (free_share shows how little is free); sixty of them,
// as on a shared machine twenty swung by a quarter from run to run. Events
// are allocations plus frees, the calls /proc/vmstat's pgalloc and pgfree
// count (in pages there). The engine generates its request stream on a
// second thread, so rates are per wall-clock second, and the CPU column is
// the whole process's: both threads' work.
#include <benchmark/benchmark.h>

#include "enginehost.h"

using namespace gbw;

namespace {

void BM_Engine(benchmark::State& state, const char* policy, const char* workload)
{
    auto engine = warmEngine(policy, workload, std::uint64_t(256) << 30, 480);
    const std::uint64_t before = engineEvents(*engine);
    const double startSeconds = double(engine->now()) / 1e9;
    for (auto _ : state)
        engine->runUntil(engine->now() + 1'000'000'000);
    const std::uint64_t events = engineEvents(*engine) - before;
    state.SetItemsProcessed(std::int64_t(events));
    state.counters["live_allocations"] = double(engine->allocations().liveCount());
    state.counters["virtual_s"] = double(engine->now()) / 1e9 - startSeconds;
    state.counters["events_per_virtual_s"] = double(events) / (double(engine->now()) / 1e9 - startSeconds);
    const Zone& normal = engine->allocator().model().zone(engine->allocator().model().zoneCount() - 1);
    state.counters["free_share"] = double(normal.freePages) / double(normal.managedPages);
}

void timedByTheWallClock(benchmark::internal::Benchmark* b)
{
    b->Iterations(60)->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK_CAPTURE(BM_Engine, syzkaller_vanilla, "vanilla", "syzkaller")->Apply(timedByTheWallClock);
BENCHMARK_CAPTURE(BM_Engine, syzkaller_superpageblock, "superpageblock", "syzkaller")->Apply(timedByTheWallClock);
BENCHMARK_CAPTURE(BM_Engine, syzkaller_gigablock_bitmap, "gigablock-bitmap", "syzkaller")->Apply(timedByTheWallClock);

} // namespace

BENCHMARK_MAIN();
