// SPDX-License-Identifier: GPL-3.0-or-later
// What it costs to pick a gigablock (issue 3): the RFC's list walk against
// the proposed bitmaps, from 64 GiB to 16 TiB, in a tainted, fragmented state.
//
// Every gigablock of the Normal zone is tainted (one unmovable page) and
// full except for small movable fragments; only the last one still has a
// free block of order 3 or more. That is the question the reviewers asked:
// the answer sits behind every other gigablock, and the walk must look into
// each one while the bitmaps go straight to it.
#include <benchmark/benchmark.h>

#include "mm/pageallocator.h"
#include "policy/steeringpolicy.h"

using namespace gbw;

namespace {

// Fill one gigablock through the model's mechanics (no policy involved):
// all of it allocated, the last largest block split down to one unmovable
// page with movable fragments of orders below `keepOrder + 1` left free.
void fillGigablock(MemoryModel& model, Zone& zone, std::uint32_t gb, int keepOrder)
{
    const int maxOrder = model.geometry().maxPageOrder;
    const GigablockSummary& summary = model.gigablocks()[gb];
    Pfn last = MemoryModel::kNoPfn;
    for (Pfn pfn = summary.startPfn; pfn < summary.endPfn; pfn += Pfn(1) << maxOrder) {
        if (model.page(pfn).isFreeHeadOf(maxOrder))
            last = pfn;
    }
    for (Pfn pfn = summary.startPfn; pfn < summary.endPfn; pfn += Pfn(1) << maxOrder) {
        if (!model.page(pfn).isFreeHeadOf(maxOrder))
            continue;
        if (pfn != last) {
            model.takeFreeBlock(zone, pfn, maxOrder, maxOrder, MigrateType::Movable);
            model.markAllocated(pfn, maxOrder, MigrateType::Movable);
            continue;
        }
        model.takeFreeBlock(zone, pfn, maxOrder, 0, MigrateType::Movable);
        model.markAllocated(pfn, 0, MigrateType::Unmovable);
        for (int order = keepOrder + 1; order < maxOrder; ++order) {
            const Pfn half = pfn + (Pfn(1) << order);
            model.takeFreeBlock(zone, half, order, order, MigrateType::Movable);
            model.markAllocated(half, order, MigrateType::Movable);
        }
    }
}

void pickCost(benchmark::State& state, const char* policy)
{
    const std::uint64_t gib = std::uint64_t(state.range(0));
    std::string error;
    auto allocator = PageAllocator::create(HostConfig::x86_64(gib << 30), makePolicy(policy), &error);
    if (!allocator) {
        state.SkipWithError(error.c_str());
        return;
    }
    MemoryModel& model = allocator->model();
    Zone& normal = model.zone(model.zoneCount() - 1);
    const std::uint32_t lastGb = normal.firstGigablock + normal.gigablockCount - 1;
    for (std::uint32_t gb = normal.firstGigablock; gb <= lastGb; ++gb)
        fillGigablock(model, normal, gb, gb == lastGb ? 9 : 0);
    auto& finder = static_cast<SteeringPolicy&>(allocator->policy()).finder();
    OverheadCounters counters;
    std::uint32_t found = 0;
    for (auto _ : state) {
        FinderCursor cursor {Steering::Tainted, MigrateType::Movable, 3};
        found = finder.next(normal, cursor, counters);
        benchmark::DoNotOptimize(found);
    }
    if (found != lastGb)
        state.SkipWithError("the pick did not find the only gigablock that can serve");
    const double picks = double(state.iterations());
    state.counters["gigablocks"] = normal.gigablockCount;
    state.counters["visited_per_pick"] = double(counters.gigablocksVisited) / picks;
    state.counters["words_per_pick"] = double(counters.bitmapWordsScanned) / picks;
    state.counters["lists_per_pick"] = double(counters.listsExamined) / picks;
}

void hostSizes(benchmark::internal::Benchmark* b)
{
    for (std::int64_t gib : {64, 1024, 4096, 16384})
        b->Arg(gib);
    b->Unit(benchmark::kNanosecond)->Iterations(20000);
}

} // namespace

BENCHMARK_CAPTURE(pickCost, superpageblock, "superpageblock")->Apply(hostSizes);
BENCHMARK_CAPTURE(pickCost, gigablock_bitmap, "gigablock-bitmap")->Apply(hostSizes);

BENCHMARK_MAIN();
