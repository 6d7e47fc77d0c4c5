// SPDX-License-Identifier: GPL-3.0-or-later
// Compaction on hosts small enough to follow by hand: 256 pages, 8-page
// pageblocks, 64-page gigablocks, one Normal zone, no watermarks.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "mm/compaction.h"
#include "mm/contigallocator.h"
#include "mm/fragmentation.h"
#include "model/invariantchecker.h"
#include "sim/random.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using MT = MigrateType;
using Outcome = CompactOutcome;

namespace {

// Stands in for the engine's allocation table: knows where every movable
// block is, follows the moves, and refuses to let pinned blocks go.
class Owner final : public MigrationObserver
{
public:
    struct Move
    {
        Pfn from;
        Pfn to;
        int order;
    };
    std::map<Pfn, int> live; // movable blocks by pfn
    std::set<Pfn> pinned;
    std::vector<Move> moves;

    bool isMigratable(Pfn pfn) const override
    {
        return !pinned.count(pfn);
    }
    void moved(Pfn from, Pfn to, int order) override
    {
        EXPECT_FALSE(pinned.count(from)) << "pinned block at " << from << " moved";
        const auto it = live.find(from);
        EXPECT_TRUE(it != live.end() && it->second == order) << "unknown block moved from " << from;
        EXPECT_FALSE(live.count(to)) << "moved onto a live block at " << to;
        live.erase(from);
        live[to] = order;
        moves.push_back({from, to, order});
    }
};

// Every page of the host in use as a movable single page.
void fill(PageAllocator& host, Owner& owner)
{
    for (Pfn i = 0; i < host.model().endPfn(); ++i) {
        const auto got = host.allocate(request(0, MT::Movable));
        ASSERT_TRUE(got);
        owner.live[got.block.pfn] = 0;
    }
}

template<typename Pred>
void freeIf(PageAllocator& host, Owner& owner, Pred pred)
{
    for (auto it = owner.live.begin(); it != owner.live.end();) {
        if (pred(it->first)) {
            ASSERT_TRUE(host.free({it->first, Order(it->second)}));
            it = owner.live.erase(it);
        } else {
            ++it;
        }
    }
}

// Turns one movable page into an unmovable one; it must be the only free page.
void makeUnmovable(PageAllocator& host, Owner& owner, Pfn pfn)
{
    ASSERT_TRUE(host.free({pfn, 0}));
    owner.live.erase(pfn);
    const auto got = host.allocate(request(0, MT::Unmovable));
    ASSERT_TRUE(got);
    ASSERT_EQ(got.block.pfn, pfn);
}

// A host with every second page free: 128 single free pages, no order-1 block.
std::unique_ptr<PageAllocator> alternating(Owner& owner, std::string_view policy = "vanilla")
{
    auto host = tinyHost(256, policy);
    fill(*host, owner);
    freeIf(*host, owner, [](Pfn pfn) { return pfn % 2 == 1; });
    return host;
}

// The model and the owner agree on every movable block.
void expectConsistent(const MemoryModel& model, const Owner& owner)
{
    EXPECT_EQ(InvariantChecker::check(model), std::vector<std::string> {});
    std::size_t movable = 0;
    for (Pfn pfn = 0; pfn < model.endPfn(); ++pfn) {
        const std::uint32_t gb = model.gigablockOf(pfn);
        if (gb == MemoryModel::kNoGigablock || model.gigablocks()[gb].contigAllocated)
            continue; // a hole, or a 1 GB page, not the owner's
        const PageState state = model.page(pfn);
        if (state.isAllocatedHead() && state.migrateType() == MT::Movable)
            ++movable;
    }
    EXPECT_EQ(movable, owner.live.size());
    for (const auto& [pfn, order] : owner.live) {
        EXPECT_TRUE(model.page(pfn).isAllocatedHead()) << pfn;
        EXPECT_EQ(model.page(pfn).order(), order) << pfn;
    }
}

bool hasFreeBlock(const Zone& zone, int order, MT mt)
{
    for (int o = order; o <= kMaxSupportedOrder; ++o) {
        if (zone.freeBlocks[std::size_t(o)][std::size_t(index(mt))])
            return true;
    }
    return false;
}

// One step of a random churn: usually an allocation of an order up to
// maxOrder and one of the three PCP types, otherwise a free of a live block.
// False if that free was refused.
bool churnStep(PageAllocator& host, Random& random, std::vector<Block>& live, std::uint64_t allocPercent, int maxOrder)
{
    if (random.below(100) < allocPercent || live.empty()) {
        static const MT types[] = {MT::Movable, MT::Unmovable, MT::Reclaimable};
        if (const auto got
            = host.allocate(request(int(random.below(std::uint64_t(maxOrder) + 1)), types[random.below(3)])))
            live.push_back(got.block);
        return true;
    }
    const std::size_t i = random.below(live.size());
    const bool freed = bool(host.free(live[i]));
    live.erase(live.begin() + std::ptrdiff_t(i));
    return freed;
}

// A random churn on a fresh 512-page host, calling check(model, step,
// random) every `every` steps; the check may draw from the churn's stream.
template<typename Check>
void churnAndCheck(std::uint64_t seed, int steps, int every, std::uint64_t allocPercent, int maxOrder, Check&& check)
{
    auto host = tinyHost(512);
    Random random(seed);
    std::vector<Block> live;
    for (int step = 0; step < steps; ++step) {
        ASSERT_TRUE(churnStep(*host, random, live, allocPercent, maxOrder)) << "step " << step;
        if (step % every != every - 1)
            continue;
        check(host->model(), step, random);
        if (::testing::Test::HasFatalFailure())
            return;
    }
}

} // namespace

class CompactionPolicies : public ::testing::TestWithParam<std::string_view>
{};

TEST_P(CompactionPolicies, DirectCompactionMakesTheBlockAndReportsEveryMove)
{
    Owner owner;
    auto host = alternating(owner, GetParam());
    Compactor compactor(*host, owner);
    ASSERT_FALSE(hasFreeBlock(host->model().zone(0), 1, MT::Movable));

    const CompactResult result = compactor.compactForOrder(0, 3, MT::Movable, CompactMode::Sync);
    EXPECT_EQ(result.outcome, Outcome::Success) << name(result.outcome);
    // Pageblock 0 holds pages 0, 2, 4 and 6; their targets come from the top pageblock.
    ASSERT_EQ(owner.moves.size(), 4u);
    for (const auto& move : owner.moves) {
        EXPECT_LT(move.from, 8u);
        EXPECT_GE(move.to, 248u);
    }
    EXPECT_TRUE(host->model().page(0).isFreeHeadOf(3));
    EXPECT_TRUE(hasFreeBlock(host->model().zone(0), 3, MT::Movable));
    EXPECT_EQ(result.pagesMigrated, 4u);
    EXPECT_EQ(result.migrateScanned, 8u);
    EXPECT_EQ(result.freeScanned, 8u);
    EXPECT_EQ(result.costNs, 4u * 1000u + 16u * 4u);
    const auto& c = compactor.counters();
    EXPECT_EQ(c.compactStall, 1u);
    EXPECT_EQ(c.compactSuccess, 1u);
    EXPECT_EQ(c.compactFail, 0u);
    EXPECT_EQ(c.pgmigrateSuccess, 4u);
    EXPECT_EQ(c.compactIsolated, 8u);
    EXPECT_EQ(c.compactDaemonMigrateScanned, 0u);
    expectConsistent(host->model(), owner);
}

TEST_P(CompactionPolicies, WholeZoneCompactionLeavesFreePageblocks)
{
    Owner owner;
    auto host = alternating(owner, GetParam());
    Compactor compactor(*host, owner);
    const CompactResult result = compactor.compactZone(0, CompactMode::Sync);
    EXPECT_EQ(result.outcome, Outcome::Complete);
    // 128 pages in use fill exactly the upper half: the lower 16 pageblocks end up free.
    EXPECT_EQ(result.pagesMigrated, 64u);
    EXPECT_EQ(fragmentation::extfragForOrder(host->model().zone(0), 3), 0u);
    for (const auto& [pfn, order] : owner.live)
        EXPECT_GE(pfn, 128u);
    EXPECT_EQ(compactor.counters().compactDaemonMigrateScanned, result.migrateScanned);
    EXPECT_EQ(compactor.counters().compactStall, 0u);
    expectConsistent(host->model(), owner);
}

// Every entry point, interleaved with allocations and frees of every kind,
// keeps the model exact and the owner told about every move.
TEST_P(CompactionPolicies, EveryEntryPointKeepsTheModelExactUnderChurn)
{
    Owner owner;
    auto host = tinyHost(512, GetParam());
    CompactionSettings settings;
    settings.skipTaintedWithoutMovable = GetParam() != "vanilla";
    Compactor compactor(*host, owner, settings);
    ContigAllocator contig(*host, compactor);
    std::vector<Block> kernel; // unmovable and reclaimable blocks
    std::vector<std::uint32_t> giant;
    Random random(42);
    auto pickLive = [&] {
        auto it = owner.live.begin();
        std::advance(it, std::ptrdiff_t(random.below(owner.live.size())));
        return *it;
    };
    for (int step = 0; step < 4000; ++step) {
        const std::uint64_t r = random.below(100);
        if (r < 45) {
            static const int orders[] = {0, 0, 0, 1, 2, 3};
            const int order = orders[random.below(6)];
            if (const auto got = host->allocate(request(order, MT::Movable)))
                owner.live[got.block.pfn] = order;
        } else if (r < 53) {
            const MT mt = random.below(2) ? MT::Unmovable : MT::Reclaimable;
            if (const auto got = host->allocate(request(int(random.below(2)), mt)))
                kernel.push_back(got.block);
        } else if (r < 83 && !owner.live.empty()) {
            const auto [pfn, order] = pickLive();
            ASSERT_TRUE(host->free({pfn, Order(order)}));
            owner.live.erase(pfn);
            owner.pinned.erase(pfn);
        } else if (r < 88 && !kernel.empty()) {
            const std::size_t i = random.below(kernel.size());
            ASSERT_TRUE(host->free(kernel[i]));
            kernel.erase(kernel.begin() + std::ptrdiff_t(i));
        } else if (r < 90 && !owner.live.empty()) {
            owner.pinned.insert(pickLive().first);
        } else {
            const std::uint64_t op = random.below(8);
            const auto mode = static_cast<CompactMode>(random.below(3));
            const auto gbs = std::uint32_t(host->model().gigablocks().size());
            if (op == 0)
                compactor.compactForOrder(0, 1 + int(random.below(4)), static_cast<MT>(random.below(3)), mode);
            else if (op == 1)
                compactor.compactZone(0, mode);
            else if (op == 2)
                compactor.proactive(0);
            else if (op == 3)
                compactor.kcompactd(0, 1 + int(random.below(4)));
            else if (op == 4 && random.below(2))
                compactor.evacuateGigablock(std::uint32_t(random.below(gbs)));
            else if (op == 4)
                compactor.makeRoom(std::uint32_t(random.below(gbs)), 3 + int(random.below(2)),
                    1 + std::uint32_t(random.below(8)), ~0ull);
            else if (op == 5 && !giant.empty()) {
                ASSERT_TRUE(contig.free1G(giant.back()));
                giant.pop_back();
            } else if (const auto got
                = op == 6 ? contig.allocate1G() : contig.allocate1GAt(std::uint32_t(random.below(gbs))))
                giant.push_back(got.gigablock);
            ASSERT_EQ(InvariantChecker::check(host->model()), std::vector<std::string> {}) << "step " << step;
        }
    }
    expectConsistent(host->model(), owner);
    EXPECT_GT(compactor.counters().pgmigrateSuccess, 0u);
    EXPECT_GT(contig.counters().successes, 0u);
}

// blockContaining() searches the alignments for a head; a walk over the
// heads from the start of memory knows every page's block for certain.
TEST(Compaction, BlockContainingAgreesWithAWalkOverTheHeads)
{
    const int maxOrder = tinyConfig(512).geometry.maxPageOrder;
    churnAndCheck(11, 2000, 200, 60, maxOrder, [](const MemoryModel& model, int step, Random&) {
        for (Pfn head = 0; head < model.endPfn();) {
            const PageState state = model.page(head);
            if (state.isReserved()) {
                ASSERT_FALSE(model.blockContaining(head)) << "step " << step << " pfn " << head;
                ++head;
                continue;
            }
            ASSERT_TRUE(state.isHead()) << "step " << step << " pfn " << head;
            const Pfn end = head + (Pfn(1) << state.order());
            for (Pfn pfn = head; pfn < end; ++pfn) {
                const auto block = model.blockContaining(pfn);
                ASSERT_TRUE(block) << "step " << step << " pfn " << pfn;
                ASSERT_EQ(block->pfn, head) << "step " << step << " pfn " << pfn;
                ASSERT_EQ(int(block->order), state.order()) << "step " << step << " pfn " << pfn;
            }
            head = end;
        }
    });
}

// The free scanner's word-at-a-time search finds the free heads a walk over
// the blocks meets, from any start (heads, tails, mid-block) to any end.
TEST(Compaction, FindFreeHeadMeetsWhatABlockWalkMeets)
{
    churnAndCheck(7, 3000, 100, 55, 3, [](const MemoryModel& model, int step, Random& random) {
        auto walk = [&](Pfn pfn, Pfn end, int minOrder) {
            while (pfn < end) {
                const PageState page = model.page(pfn);
                if (!page.isHead()) {
                    const auto block = model.blockContaining(pfn);
                    pfn = block ? block->pfn + (Pfn(1) << block->order) : pfn + 1;
                    continue;
                }
                if (page.isFreeHead() && page.order() >= minOrder)
                    return pfn;
                pfn += Pfn(1) << page.order();
            }
            return MemoryModel::kNoPfn;
        };
        for (Pfn from = 0; from < model.endPfn(); ++from) {
            const Pfn end = std::min(model.endPfn(), from + 1 + random.below(64));
            for (int minOrder = 0; minOrder <= model.geometry().maxPageOrder; ++minOrder)
                ASSERT_EQ(model.findFreeHead(from, end, minOrder), walk(from, end, minOrder))
                    << "step " << step << " from " << from << " end " << end << " order " << minOrder;
        }
    });
}

INSTANTIATE_TEST_SUITE_P(Policies, CompactionPolicies, ::testing::ValuesIn(policyNames()),
    [](const auto& info) { return std::string(info.param == "gigablock-bitmap" ? "bitmap" : info.param); });

TEST(Compaction, ScannersResumeAcrossCallsAndResetWhenTheyMeet)
{
    Owner owner;
    auto host = alternating(owner);
    // A pinned page in every pageblock: no order-3 block can ever be made.
    for (Pfn pfn = 0; pfn < 256; pfn += 8)
        owner.pinned.insert(pfn);
    CompactionSettings settings;
    settings.scanBudget = 16;
    Compactor compactor(*host, owner, settings);
    const auto& state = compactor.zoneState(0);
    EXPECT_EQ(state.migratePageblock, 0u);
    EXPECT_EQ(state.freePageblock, 31u);

    // One pageblock each way fits the budget; the next call goes on from there.
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::SyncLight).outcome, Outcome::Partial);
    EXPECT_EQ(state.migratePageblock, 1u);
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::SyncLight).outcome, Outcome::Partial);
    EXPECT_EQ(state.migratePageblock, 2u);
    EXPECT_LT(state.freePageblock, 31u);

    compactor.settings().scanBudget = 0;
    const CompactResult rest = compactor.compactForOrder(0, 3, MT::Movable, CompactMode::SyncLight);
    EXPECT_EQ(rest.outcome, Outcome::Complete);
    EXPECT_EQ(state.migratePageblock, 0u);
    EXPECT_EQ(state.freePageblock, 31u);
    for (Pfn pfn : owner.pinned)
        EXPECT_TRUE(owner.live.count(pfn)) << pfn;
    expectConsistent(host->model(), owner);
}

TEST(Compaction, DeferralSkipsTheKernelsNumberOfAttempts)
{
    Owner owner;
    auto host = alternating(owner);
    for (Pfn pfn = 0; pfn < 256; pfn += 8)
        owner.pinned.insert(pfn);
    Compactor compactor(*host, owner);
    // After the n-th failure in a row, 2^min(n, 6) - 1 attempts are skipped.
    std::vector<Outcome> expected {Outcome::Complete};
    for (int shift = 1; shift <= 7; ++shift) {
        expected.insert(expected.end(), (std::size_t(1) << std::min(shift, 6)) - 1, Outcome::Deferred);
        expected.push_back(Outcome::Complete);
    }
    std::vector<Outcome> seen;
    for (std::size_t i = 0; i < expected.size(); ++i)
        seen.push_back(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::SyncLight).outcome);
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(compactor.zoneState(0).deferShift, 6);
    EXPECT_EQ(compactor.counters().deferredAttempts, std::size_t(1 + 3 + 7 + 15 + 31 + 63 + 63));
    EXPECT_EQ(compactor.counters().compactStall, 8u);
    EXPECT_EQ(compactor.counters().compactFail, 8u);

    // Async failures do not defer; sync ignores deferral.
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::Async).outcome, Outcome::Deferred);
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::Sync).outcome, Outcome::Complete);

    // An order that succeeds resets the back-off and marks the orders below it as never deferred.
    const CompactResult order2 = compactor.compactForOrder(0, 2, MT::Movable, CompactMode::Sync);
    EXPECT_EQ(order2.outcome, Outcome::Success);
    EXPECT_EQ(compactor.zoneState(0).deferShift, 0);
    EXPECT_EQ(compactor.zoneState(0).orderFailed, 3);
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::SyncLight).outcome, Outcome::Complete);
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::SyncLight).outcome, Outcome::Deferred);
    EXPECT_NE(compactor.compactForOrder(0, 2, MT::Movable, CompactMode::SyncLight).outcome, Outcome::Deferred);
    expectConsistent(host->model(), owner);
}

TEST(Compaction, SuitabilityRefusesWhenMemoryIsShort)
{
    Owner owner;
    auto host = tinyHost(256);
    fill(*host, owner);
    // 10 free single pages; order 3 wants compact_gap = 16 free.
    freeIf(*host, owner, [](Pfn pfn) { return pfn % 16 == 1 && pfn < 160; });
    Compactor compactor(*host, owner);
    EXPECT_EQ(compactor.suitable(0, 3, MT::Movable), Compactor::Suitability::Skipped);
    EXPECT_EQ(compactor.compactForOrder(0, 3, MT::Movable, CompactMode::Sync).outcome, Outcome::Skipped);
    EXPECT_EQ(compactor.counters().compactStall, 0u);
    // Order 2 needs only 8.
    EXPECT_EQ(compactor.suitable(0, 2, MT::Movable), Compactor::Suitability::Continue);
}

TEST(Compaction, SuitabilityFollowsTheFragmentationIndexForCostlyOrders)
{
    Owner owner;
    auto host = tinyHost(256);
    // 32 movable order-3 blocks; free 5 that are not buddies: 40 pages in 5 blocks.
    for (int i = 0; i < 32; ++i) {
        const auto got = host->allocate(request(3, MT::Movable));
        ASSERT_TRUE(got);
        owner.live[got.block.pfn] = 3;
    }
    freeIf(*host, owner, [](Pfn pfn) { return pfn % 16 == 0 && pfn < 80; });
    Compactor compactor(*host, owner);
    // Index 300 <= 500: order 4 fails for lack of memory, compaction would not help.
    ASSERT_EQ(fragmentation::fragmentationIndex(host->model().zone(0), 4), 300);
    EXPECT_EQ(compactor.suitable(0, 4, MT::Movable), Compactor::Suitability::NotSuitable);
    EXPECT_EQ(compactor.compactForOrder(0, 4, MT::Movable, CompactMode::Sync).outcome, Outcome::NotSuitable);
    // Order 3 is not costly: the index is not asked (and a block is free anyway).
    EXPECT_EQ(compactor.suitable(0, 3, MT::Movable), Compactor::Suitability::AlreadyMet);
    compactor.settings().extfragThreshold = 200;
    EXPECT_EQ(compactor.suitable(0, 4, MT::Movable), Compactor::Suitability::Continue);

    // 40 single pages instead: index 913, fragmentation, so compact.
    Owner owner2;
    auto fragmented = tinyHost(256);
    fill(*fragmented, owner2);
    freeIf(*fragmented, owner2, [](Pfn pfn) { return pfn % 6 == 1 && pfn < 240; });
    ASSERT_EQ(fragmented->model().zone(0).freePages, 40u);
    Compactor compactor2(*fragmented, owner2);
    EXPECT_EQ(fragmentation::fragmentationIndex(fragmented->model().zone(0), 4), 913);
    EXPECT_EQ(compactor2.suitable(0, 4, MT::Movable), Compactor::Suitability::Continue);
    EXPECT_EQ(compactor2.compactForOrder(0, 4, MT::Movable, CompactMode::Sync).outcome, Outcome::Success);
    EXPECT_TRUE(hasFreeBlock(fragmented->model().zone(0), 4, MT::Movable));
    expectConsistent(fragmented->model(), owner2);
}

TEST(Compaction, AnAllocationThatWouldSucceedNeedsNoCompaction)
{
    Owner owner;
    auto host = tinyHost(256);
    Compactor compactor(*host, owner);
    EXPECT_EQ(compactor.suitable(0, 4, MT::Movable), Compactor::Suitability::AlreadyMet);
    const CompactResult result = compactor.compactForOrder(0, 4, MT::Movable, CompactMode::Async);
    EXPECT_EQ(result.outcome, Outcome::Success);
    EXPECT_EQ(result.costNs, 0u);
    EXPECT_EQ(result.pagesMigrated, 0u);
    // The kernel counts it as a stall that succeeded.
    EXPECT_EQ(compactor.counters().compactStall, 1u);
    EXPECT_EQ(compactor.counters().compactSuccess, 1u);
    EXPECT_EQ(compactor.compactForOrder(0, 0, MT::Movable, CompactMode::Sync).outcome, Outcome::Skipped);
}

TEST(Compaction, AsyncLeavesPageblocksOfOtherTypesAlone)
{
    for (CompactMode mode : {CompactMode::Async, CompactMode::Sync}) {
        Owner owner;
        auto host = alternating(owner);
        host->model().moveFreePagesAndRelabel(0, MT::Unmovable);
        Compactor compactor(*host, owner);
        const CompactResult result = compactor.compactForOrder(0, 3, MT::Movable, mode);
        EXPECT_EQ(result.outcome, Outcome::Success) << name(mode);
        ASSERT_EQ(owner.moves.size(), 4u) << name(mode);
        // Async skips the unmovable pageblock 0 and clears pageblock 1; sync
        // clears pageblock 0, whose free block movable may claim whole.
        const Pfn base = mode == CompactMode::Async ? 8 : 0;
        for (const auto& move : owner.moves) {
            EXPECT_GE(move.from, base) << name(mode);
            EXPECT_LT(move.from, base + 8) << name(mode);
        }
        expectConsistent(host->model(), owner);
    }
}

TEST(Compaction, AsyncDirectCompactionSkipsChunksItCannotClear)
{
    Owner owner;
    auto host = alternating(owner);
    owner.pinned.insert(2); // pageblock 0 cannot become free
    Compactor compactor(*host, owner);
    const CompactResult result = compactor.compactForOrder(0, 3, MT::Movable, CompactMode::Async);
    EXPECT_EQ(result.outcome, Outcome::Success);
    // Nothing of pageblock 0 moved: the order-3 chunk was given up whole.
    for (const auto& move : owner.moves) {
        EXPECT_GE(move.from, 8u);
        EXPECT_LT(move.from, 16u);
    }
    EXPECT_EQ(owner.moves.size(), 4u);
    expectConsistent(host->model(), owner);
}

TEST(Compaction, SkipsTaintedGigablocksWithoutMovablePagesWhenAsked)
{
    std::uint64_t scanned[2] = {};
    for (bool skip : {false, true}) {
        Owner owner;
        auto host = tinyHost(256);
        fill(*host, owner);
        makeUnmovable(*host, owner, 0);
        // Gigablock 0: one unmovable page and nothing else; the rest alternates.
        freeIf(*host, owner, [](Pfn pfn) { return pfn < 64 || pfn % 2 == 1; });
        ASSERT_EQ(host->model().gigablocks()[0].category(), GigablockCategory::Tainted);
        CompactionSettings settings;
        settings.skipTaintedWithoutMovable = skip;
        Compactor compactor(*host, owner, settings);
        const CompactResult result = compactor.compactZone(0, CompactMode::Sync);
        scanned[skip] = result.migrateScanned;
        EXPECT_EQ(compactor.counters().gigablocksSkipped, skip ? 1u : 0u);
        expectConsistent(host->model(), owner);
    }
    EXPECT_EQ(scanned[false] - scanned[true], 64u);
}

TEST(Compaction, EvacuationEmptiesAGigablockOfMovablePages)
{
    for (bool pin : {false, true}) {
        Owner owner;
        auto host = tinyHost(256);
        fill(*host, owner);
        makeUnmovable(*host, owner, 64);
        // Gigablock 0 free, gigablock 1 tainted with 31 movable pages (the even ones).
        freeIf(*host, owner, [](Pfn pfn) { return pfn < 64 || (pfn < 128 && pfn % 2 == 1); });
        if (pin)
            owner.pinned.insert(100);
        std::vector<MT> labels;
        for (const auto& pb : host->model().pageblocks())
            labels.push_back(pb.label);
        Compactor compactor(*host, owner);

        const Evacuation result = compactor.evacuateGigablock(1);
        EXPECT_EQ(result.pagesMigrated, pin ? 30u : 31u);
        EXPECT_EQ(result.pagesFailed, pin ? 1u : 0u);
        EXPECT_EQ(result.scanned, 64u);
        EXPECT_EQ(owner.moves.size(), result.pagesMigrated);
        for (const auto& move : owner.moves) {
            EXPECT_EQ(host->model().gigablockOf(move.from), 1u);
            EXPECT_NE(host->model().gigablockOf(move.to), 1u);
        }
        const auto& gb1 = host->model().gigablocks()[1];
        EXPECT_EQ(gb1.usedPages[std::size_t(index(MT::Movable))], pin ? 1u : 0u);
        EXPECT_EQ(gb1.usedPages[std::size_t(index(MT::Unmovable))], 1u);
        std::vector<MT> after;
        for (const auto& pb : host->model().pageblocks())
            after.push_back(pb.label);
        EXPECT_EQ(after, labels);
        EXPECT_EQ(host->model().zone(0).freePagesByType[std::size_t(index(MT::Isolate))], 0u);
        EXPECT_EQ(compactor.counters().pgmigrateFail, pin ? 1u : 0u);
        EXPECT_EQ(compactor.counters().gigablockEvacuations, 1u);
        expectConsistent(host->model(), owner);
    }
}

// The defrag worker's evacuate_pageblock(): only pageblocks without kernel
// pages are emptied, the cheapest first, and only until there is room.
TEST(Compaction, MakeRoomEmptiesMovablePageblocksFewestFirstUntilThereIsRoom)
{
    Owner owner;
    auto host = tinyHost(256);
    fill(*host, owner);
    makeUnmovable(*host, owner, 64);
    // Gigablock 0 free for targets. Gigablock 1 (pageblocks 8-15): pageblock 8
    // mixed, 9 with 2 movable pages left, 10 with 4, 11-15 full.
    freeIf(*host, owner, [](Pfn pfn) { return pfn < 64 || (pfn >= 72 && pfn < 78) || (pfn >= 80 && pfn < 84); });
    const auto& gb1 = host->model().gigablocks()[1];
    const auto movableIn
        = [&](std::size_t pb) { return host->model().pageblocks()[pb].usedPages[std::size_t(index(MT::Movable))]; };
    ASSERT_EQ(gb1.freePageblocks, 0u);
    Compactor compactor(*host, owner);

    const Evacuation two = compactor.makeRoom(1, 3, 2, ~std::uint64_t(0));
    EXPECT_EQ(two.pagesMigrated, 6u);
    EXPECT_EQ(gb1.freePageblocks, 2u);
    EXPECT_EQ(movableIn(9), 0u);
    EXPECT_EQ(movableIn(10), 0u);
    EXPECT_EQ(movableIn(8), 7u) << "a pageblock with kernel pages is not worth emptying";
    for (const auto& move : owner.moves)
        EXPECT_EQ(host->model().gigablockOf(move.to), 0u);

    // Room counted in pages: one more full pageblock (8 pages) is enough.
    const Evacuation pages = compactor.makeRoom(1, 3, 64, gb1.freePages + 1);
    EXPECT_EQ(pages.pagesMigrated, 8u);
    EXPECT_EQ(gb1.freePageblocks, 3u);
    // Already enough room: nothing moves.
    EXPECT_EQ(compactor.makeRoom(1, 3, 3, ~std::uint64_t(0)).pagesMigrated, 0u);
    // For an order-4 block only an aligned pair of pageblocks will do: 10-11
    // is already free, so 12-13 (pfn 96) is emptied, not 11 and 12.
    const Evacuation pair = compactor.makeRoom(1, 4, 5, ~std::uint64_t(0));
    EXPECT_EQ(pair.pagesMigrated, 16u);
    EXPECT_TRUE(host->model().page(96).isFreeHeadOf(4));
    EXPECT_EQ(host->model().zone(0).freePagesByType[std::size_t(index(MT::Isolate))], 0u);
    expectConsistent(host->model(), owner);
}

TEST(Compaction, ProactiveCompactsDownToTheLowMark)
{
    Owner owner;
    auto host = alternating(owner);
    Compactor compactor(*host, owner);
    const ProactiveResult first = compactor.proactive(0);
    EXPECT_TRUE(first.ran);
    EXPECT_EQ(first.scoreBefore, 99u);
    EXPECT_LE(first.scoreAfter, 80u);
    EXPECT_LE(fragmentation::zoneScore(host->model(), host->model().zone(0)), 80u);
    EXPECT_GT(first.pagesMigrated, 0u);
    // Stops at the low mark rather than compacting everything.
    EXPECT_LT(first.pagesMigrated, 64u);
    EXPECT_EQ(compactor.counters().compactDaemonMigrateScanned, compactor.counters().compactMigrateScanned);
    // Below the high mark: nothing to do.
    const ProactiveResult second = compactor.proactive(0);
    EXPECT_FALSE(second.ran);
    EXPECT_FALSE(second.backedOff);
    // Proactiveness 0 turns it off.
    compactor.settings().proactiveness = 0;
    EXPECT_FALSE(compactor.proactive(0).ran);
    expectConsistent(host->model(), owner);
}

TEST(Compaction, ProactiveBacksOffWhenARoundMakesNoProgress)
{
    Owner owner;
    auto host = alternating(owner);
    for (const auto& [pfn, order] : owner.live)
        owner.pinned.insert(pfn);
    Compactor compactor(*host, owner);
    const ProactiveResult stuck = compactor.proactive(0);
    EXPECT_TRUE(stuck.ran);
    EXPECT_EQ(stuck.scoreAfter, stuck.scoreBefore);
    // The next check comes 64 intervals later (the kernel's ~32 s at 500 ms).
    for (int i = 0; i < 63; ++i)
        EXPECT_TRUE(compactor.proactive(0).backedOff) << i;
    const ProactiveResult again = compactor.proactive(0);
    EXPECT_FALSE(again.backedOff);
    EXPECT_TRUE(again.ran);
    EXPECT_EQ(compactor.counters().proactiveBackoffs, 2u);
    EXPECT_TRUE(owner.moves.empty());
}

TEST(Compaction, KcompactdWorksForAnOrderWithoutStalling)
{
    Owner owner;
    auto host = alternating(owner);
    Compactor compactor(*host, owner);
    const CompactResult result = compactor.kcompactd(0, 3);
    EXPECT_EQ(result.outcome, Outcome::Success);
    EXPECT_EQ(result.pagesMigrated, 4u);
    const auto& c = compactor.counters();
    EXPECT_EQ(c.compactDaemonWake, 1u);
    EXPECT_EQ(c.compactDaemonMigrateScanned, 8u);
    EXPECT_EQ(c.compactDaemonFreeScanned, 8u);
    EXPECT_EQ(c.compactStall, 0u);
    // Satisfied now: woken again, it finds nothing to do.
    EXPECT_EQ(compactor.kcompactd(0, 3).pagesMigrated, 0u);
    expectConsistent(host->model(), owner);
}

TEST(Compaction, VmstatLinesUseTheKernelsNames)
{
    CompactionCounters counters;
    counters.compactStall = 3;
    const auto lines = counters.vmstat();
    ASSERT_EQ(lines.size(), 11u);
    EXPECT_EQ(lines.front().first, "pgmigrate_success");
    EXPECT_EQ(lines[5].first, "compact_stall");
    EXPECT_EQ(lines[5].second, 3u);
    EXPECT_EQ(lines.back().first, "compact_daemon_free_scanned");
}

// The x86-64 geometry (2 MiB pageblocks, order-10 blocks, 1 GiB gigablocks),
// 4 GiB in one Normal zone, fragmented the way Gupta's proactive compaction
// test did it: fill, then free three blocks in four.
TEST(Compaction, RealGeometryHostCompactsAndStaysExact)
{
    std::string error;
    HostConfig config = HostConfig::x86_64(std::uint64_t(4) << 30);
    config.holes.clear();
    config.reserved.clear();
    config.dmaZones = false;
    auto host = PageAllocator::create(config, makePolicy("superpageblock"), &error);
    ASSERT_TRUE(host) << error;
    ASSERT_EQ(host->model().zoneCount(), 1);
    Owner owner;
    Compactor compactor(*host, owner);
    ContigAllocator contig(*host, compactor);
    Random random(7);
    for (;;) {
        const int order = int(random.below(4));
        const auto got = host->allocate(request(order, MT::Movable));
        if (!got)
            break;
        owner.live[got.block.pfn] = order;
    }
    for (auto it = owner.live.begin(); it != owner.live.end();) {
        if (random.below(4) != 0) {
            ASSERT_TRUE(host->free({it->first, Order(it->second)}));
            it = owner.live.erase(it);
        } else {
            ++it;
        }
    }
    const MemoryModel& model = host->model();
    EXPECT_EQ(contig.allocatableNow(), 0u);

    const ProactiveResult proactive = compactor.proactive(0);
    EXPECT_TRUE(proactive.ran);
    EXPECT_GT(proactive.scoreBefore, 90u);
    EXPECT_LE(proactive.scoreAfter, 80u);
    EXPECT_GT(proactive.pagesMigrated, 0u);

    // A whole-zone sync run packs the movable pages at the top of the zone.
    compactor.compactZone(0, CompactMode::Sync);
    EXPECT_LE(fragmentation::extfragForOrder(model.zone(0), 9), 1u);
    // About a quarter of memory is in use: it fills gigablock 3 and spills into 2.
    const std::uint32_t expected = contig.allocatableWithCompaction();
    EXPECT_EQ(expected, 2u);
    EXPECT_EQ(contig.allocatableNow(), 2u);
    std::uint32_t got = 0;
    while (contig.allocate1G())
        ++got;
    EXPECT_EQ(got, expected);
    expectConsistent(model, owner);
}
