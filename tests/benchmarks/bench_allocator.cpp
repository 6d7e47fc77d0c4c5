// SPDX-License-Identifier: GPL-3.0-or-later
//
// Allocator speed: order-0 allocate+free pairs, and the default mixed churn
// (orders 0-10, the three PCP types) on 16 GiB, 256 GiB and 4 TiB hosts.
// An "event" is one allocation or one free, as in `gigablock simulate`.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "benchhost.h"

namespace {

using gbw::bench::WarmHost;

constexpr std::uint64_t kGiB = std::uint64_t(1) << 30;
// Steps of the churn after it has reached its target occupancy, before timing.
constexpr std::uint64_t kSettleEvents = 1'000'000;
// Churn steps per benchmark iteration: long enough that the loop overhead vanishes.
constexpr std::uint64_t kStepsPerIteration = 1 << 16;

// One warmed-up host per size, built on first use and kept for the whole run:
// a 4 TiB host takes a few GiB and several seconds to build and warm up.
WarmHost& hostOf(std::uint64_t gib)
{
    static std::map<std::uint64_t, WarmHost> hosts;
    auto it = hosts.find(gib);
    if (it == hosts.end()) {
        const auto start = std::chrono::steady_clock::now();
        WarmHost host = gbw::bench::buildHost(gib * kGiB);
        const auto built = std::chrono::steady_clock::now();
        gbw::bench::warmUp(host, kSettleEvents);
        const auto warm = std::chrono::steady_clock::now();
        std::fprintf(stderr,
            "[%llu GiB host: built in %.2f s, warmed up in %.2f s (%llu events, %s target occupancy, %.1f %% held)]\n",
            static_cast<unsigned long long>(gib), std::chrono::duration<double>(built - start).count(),
            std::chrono::duration<double>(warm - built).count(), static_cast<unsigned long long>(host.warmupEvents),
            host.reachedTarget ? "reached" : "did NOT reach",
            100.0 * double(host.churn->stats().livePages) / double(host.managedPages));
        it = hosts.emplace(gib, std::move(host)).first;
    }
    return it->second;
}

void setEventCounters(benchmark::State& state, std::uint64_t events)
{
    state.SetItemsProcessed(std::int64_t(events));
    // Seconds (of CPU time, like items_per_second) per event: the console shows it as e.g. "95.2ns".
    state.counters["time_per_event"]
        = benchmark::Counter(double(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Order-0 allocate+free pairs of one type on a warmed-up 16 GiB host. Items
// are events: two per pair.
void BM_Order0Pair(benchmark::State& state)
{
    auto& allocator = *hostOf(16).allocator;
    gbw::AllocRequest request;
    request.order = 0;
    request.migrateType = static_cast<gbw::MigrateType>(state.range(0));
    std::uint64_t failures = 0;
    for (auto _ : state) {
        const gbw::AllocResult got = allocator.allocate(request);
        if (got) [[likely]] {
            const gbw::FreeResult freed = allocator.free(got.block);
            benchmark::DoNotOptimize(freed.ok);
        } else {
            ++failures;
        }
    }
    setEventCounters(state, 2 * std::uint64_t(state.iterations()));
    state.counters["failures"] = double(failures);
    state.SetLabel(std::string(gbw::name(request.migrateType)));
}
BENCHMARK(BM_Order0Pair)
    ->ArgName("type")
    ->Arg(int(gbw::MigrateType::Unmovable))
    ->Arg(int(gbw::MigrateType::Movable))
    ->Arg(int(gbw::MigrateType::Reclaimable));

// The default mixed churn (Churn::step()) held at its target occupancy.
void BM_MixedChurn(benchmark::State& state)
{
    WarmHost& host = hostOf(std::uint64_t(state.range(0)));
    gbw::Churn& churn = *host.churn;
    const gbw::ChurnStats before = churn.stats();
    for (auto _ : state) {
        for (std::uint64_t i = 0; i < kStepsPerIteration; ++i)
            churn.step();
    }
    const gbw::ChurnStats& after = churn.stats();
    setEventCounters(state, std::uint64_t(state.iterations()) * kStepsPerIteration);
    const auto allocations = after.allocations - before.allocations;
    state.counters["alloc_fail_pct"]
        = allocations ? 100.0 * double(after.failures - before.failures) / double(allocations) : 0.0;
    state.counters["occupancy_pct"] = 100.0 * double(after.livePages) / double(host.managedPages);
}
BENCHMARK(BM_MixedChurn)->ArgName("GiB")->Arg(16)->Arg(256)->Arg(4096)->Unit(benchmark::kMillisecond);

// Issue 3: each placement policy on the same churn, 256 GiB. The host is
// built and warmed once per policy inside the run (a few seconds each).
void BM_PolicyChurn(benchmark::State& state, const char* policy, bool pcp)
{
    WarmHost host = gbw::bench::buildHost(std::uint64_t(256) << 30, gbw::ChurnConfig {}, policy);
    host.allocator->setPerCpuPages(pcp);
    gbw::bench::warmUp(host, 1000000);
    gbw::Churn& churn = *host.churn;
    for (auto _ : state) {
        for (std::uint64_t i = 0; i < kStepsPerIteration; ++i)
            churn.step();
    }
    setEventCounters(state, std::uint64_t(state.iterations()) * kStepsPerIteration);
    state.counters["occupancy_pct"] = 100.0 * double(churn.stats().livePages) / double(host.managedPages);
}
// Buddy lists only, then with the per-cpu lists in front of them as a kernel has.
BENCHMARK_CAPTURE(BM_PolicyChurn, vanilla, "vanilla", false)->Iterations(150)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PolicyChurn, superpageblock, "superpageblock", false)
    ->Iterations(150)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PolicyChurn, gigablock_bitmap, "gigablock-bitmap", false)
    ->Iterations(150)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PolicyChurn, vanilla_pcp, "vanilla", true)->Iterations(150)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PolicyChurn, superpageblock_pcp, "superpageblock", true)
    ->Iterations(150)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PolicyChurn, gigablock_bitmap_pcp, "gigablock-bitmap", true)
    ->Iterations(150)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
