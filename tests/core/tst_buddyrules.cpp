// SPDX-License-Identifier: GPL-3.0-or-later
// The buddy rules of Linux 6.x on a host small enough to follow by hand:
// 256 pages, 8-page pageblocks, blocks of up to 16 pages, 64-page gigablocks.
#include <gtest/gtest.h>

#include "model/invariantchecker.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using MT = MigrateType;

namespace {
void expectConsistent(const MemoryModel& model)
{
    const auto problems = InvariantChecker::check(model);
    for (const auto& p : problems)
        ADD_FAILURE() << p;
}

Pfn allocate(PageAllocator& a, int order, MT mt = MT::Movable, GfpClass gfp = GfpClass::Normal)
{
    const auto result = a.allocate(request(order, mt, gfp));
    EXPECT_TRUE(result) << "order " << order << " " << name(mt);
    return result ? result.block.pfn : MemoryModel::kNoPfn;
}
} // namespace

TEST(BuddyRules, BootMemoryIsListedInAddressOrder)
{
    auto host = tinyHost(256);
    EXPECT_EQ(freeList(host->model(), 4, MT::Movable),
        (std::vector<Pfn> {0, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240}));
    EXPECT_EQ(host->model().zone(0).freePages, 256u);
    expectConsistent(host->model());
}

TEST(BuddyRules, SplitPutsUpperHalvesAtListHeads)
{
    auto host = tinyHost(256);
    EXPECT_EQ(allocate(*host, 0), 0u);
    const auto& m = host->model();
    EXPECT_EQ(freeList(m, 0, MT::Movable), std::vector<Pfn> {1});
    EXPECT_EQ(freeList(m, 1, MT::Movable), std::vector<Pfn> {2});
    EXPECT_EQ(freeList(m, 2, MT::Movable), std::vector<Pfn> {4});
    EXPECT_EQ(freeList(m, 3, MT::Movable), std::vector<Pfn> {8});
    EXPECT_EQ(freeList(m, 4, MT::Movable).front(), 16u);
    // Smallest first: the next order-0 request takes the order-0 buddy, the
    // next order-1 request the order-1 block, before splitting anything larger.
    EXPECT_EQ(allocate(*host, 0), 1u);
    EXPECT_EQ(allocate(*host, 1), 2u);
    EXPECT_EQ(allocate(*host, 0), 4u);
    EXPECT_EQ(m.counters().splits, 4u + 2u); // 0 split four times, 4..7 twice
    expectConsistent(m);
}

TEST(BuddyRules, FreeMergesWithFreeBuddiesBackToTheLargestOrder)
{
    auto host = tinyHost(256);
    std::vector<Pfn> pfns;
    for (int i = 0; i < 16; ++i)
        pfns.push_back(allocate(*host, 0));
    EXPECT_EQ(host->model().zone(0).freeBlocksOfOrder(4), 15u);
    for (Pfn pfn : pfns)
        ASSERT_TRUE(host->free({pfn, 0}));
    EXPECT_EQ(host->model().zone(0).freeBlocksOfOrder(4), 16u);
    EXPECT_EQ(host->model().zone(0).freeBlocksOfOrder(0), 0u);
    EXPECT_EQ(host->model().counters().merges, 15u);
    expectConsistent(host->model());
}

// buddy_merge_likely(): a block whose buddy is busy but whose parent's buddy
// is free goes to the tail, so it is handed out last and has time to merge.
TEST(BuddyRules, FreeGoesToTheTailWhenAMergeIsLikely)
{
    auto host = tinyHost(256);
    const auto& m = host->model();
    EXPECT_EQ(allocate(*host, 0), 0u);
    EXPECT_EQ(allocate(*host, 0), 1u);
    EXPECT_EQ(allocate(*host, 1), 2u);
    EXPECT_EQ(allocate(*host, 0), 4u); // splits 4..7: 5 on the order-0 list, 6 on order 1
    ASSERT_TRUE(host->free({2, 1})); // buddy 0 busy, parent's buddy 4 busy: head
    EXPECT_EQ(freeList(m, 1, MT::Movable), (std::vector<Pfn> {2, 6}));
    ASSERT_TRUE(host->free({1, 0})); // buddy 0 busy, parent's buddy [2,3] free: tail
    EXPECT_EQ(freeList(m, 0, MT::Movable), (std::vector<Pfn> {5, 1}));
    EXPECT_EQ(allocate(*host, 0), 5u);
    EXPECT_EQ(allocate(*host, 0), 1u);
    expectConsistent(m);
}

TEST(BuddyRules, UnmovableOnFreshMemoryClaimsAWholeBlock)
{
    auto host = tinyHost(256);
    const auto& m = host->model();
    const auto result = host->allocate(request(0, MT::Unmovable));
    ASSERT_TRUE(result);
    EXPECT_EQ(result.block.pfn, 0u);
    EXPECT_EQ(result.mode, RmqueueMode::Claim);
    // The order-4 block covered pageblocks 0 and 1; both now say Unmovable.
    EXPECT_EQ(m.pageblocks()[0].label, MT::Unmovable);
    EXPECT_EQ(m.pageblocks()[1].label, MT::Unmovable);
    EXPECT_EQ(m.pageblocks()[2].label, MT::Movable);
    EXPECT_EQ(freeList(m, 3, MT::Unmovable), std::vector<Pfn> {8});
    EXPECT_EQ(m.counters().extfragEvents, 1u);
    EXPECT_EQ(m.counters().fragmentingFallbacks, 0u);
    EXPECT_EQ(m.gigablocks()[0].category(), GigablockCategory::Tainted);
    EXPECT_EQ(m.counters().taintEvents, 1u);
    // The next unmovable request stays in the claimed block.
    EXPECT_EQ(allocate(*host, 0, MT::Unmovable), 1u);
    expectConsistent(m);
}

namespace {
// 32 pages: fill them all with movable order-0 pages, then free `freed`
// pages of pageblock 2 (pfns 16..23).
std::unique_ptr<PageAllocator> fullHostWithHoles(std::initializer_list<Pfn> freed)
{
    auto host = tinyHost(32);
    for (int i = 0; i < 32; ++i)
        EXPECT_EQ(host->allocate(request(0, MT::Movable)).block.pfn, Pfn(i));
    for (Pfn pfn : freed)
        EXPECT_TRUE(host->free({pfn, 0}));
    return host;
}
} // namespace

// try_to_claim_block()'s 50 % rule: an unmovable request in a movable
// pageblock relabels it only if free + compatible pages reach half the block.
TEST(BuddyRules, ClaimNeedsHalfThePageblockFreeOrCompatible)
{
    auto host = fullHostWithHoles({16, 17, 18, 19}); // 4 of 8 free: enough
    const auto& m = host->model();
    const auto result = host->allocate(request(0, MT::Unmovable));
    ASSERT_TRUE(result);
    EXPECT_EQ(result.mode, RmqueueMode::Claim);
    EXPECT_EQ(result.block.pfn, 16u);
    EXPECT_EQ(m.pageblocks()[2].label, MT::Unmovable);
    EXPECT_EQ(m.counters().fragmentingFallbacks, 1u);
    EXPECT_EQ(m.counters().noFragmentRetries, 1u); // NOFRAGMENT forbade it first
    // The rest of the pageblock's free memory moved to the unmovable lists.
    EXPECT_EQ(freeList(m, 0, MT::Unmovable), std::vector<Pfn> {17});
    EXPECT_EQ(freeList(m, 1, MT::Unmovable), std::vector<Pfn> {18});
    expectConsistent(m);
}

TEST(BuddyRules, RefusedClaimFallsBackToStealingTheSmallestBuddy)
{
    auto host = fullHostWithHoles({16, 17, 18}); // 3 of 8 free: not enough
    const auto& m = host->model();
    const auto result = host->allocate(request(0, MT::Unmovable));
    ASSERT_TRUE(result);
    EXPECT_EQ(result.mode, RmqueueMode::Steal);
    EXPECT_EQ(result.block.pfn, 18u); // the order-0 block, not a split of [16,17]
    EXPECT_EQ(m.pageblocks()[2].label, MT::Movable);
    EXPECT_EQ(m.counters().claimRefused[std::size_t(ClaimRefusal::InsufficientCompat)], 2u);
    EXPECT_TRUE(m.pageblocks()[2].hasUnmovable());
    EXPECT_TRUE(m.pageblocks()[2].isMixed());
    EXPECT_EQ(m.gigablocks()[0].category(), GigablockCategory::Tainted);
    expectConsistent(m);
}

TEST(BuddyRules, SmallMovableRequestsNeverClaim)
{
    auto host = tinyHost(32);
    const auto& m = host->model();
    ASSERT_TRUE(host->allocate(request(0, MT::Unmovable))); // claims pageblocks 0-1
    for (int i = 1; i < 15; ++i)
        allocate(*host, 0, MT::Unmovable); // leaves pfn 15, a single unmovable page
    for (int i = 0; i < 16; ++i)
        allocate(*host, 0, MT::Movable);
    EXPECT_EQ(m.zone(0).freePagesByType[std::size_t(index(MT::Movable))], 0u);
    // An order-0 movable request is below pageblock_order / 2: steal, never relabel.
    const auto result = host->allocate(request(0, MT::Movable));
    ASSERT_TRUE(result);
    EXPECT_EQ(result.block.pfn, 15u);
    EXPECT_EQ(result.mode, RmqueueMode::Steal);
    EXPECT_EQ(m.pageblocks()[1].label, MT::Unmovable);
    EXPECT_EQ(m.counters().pageblockClaims, 1u);
    expectConsistent(m);
}

TEST(BuddyRules, MergingAcrossPageblocksRelabelsTheBuddy)
{
    auto host = tinyHost(32);
    const auto& m = host->model();
    const Pfn u = allocate(*host, 0, MT::Unmovable); // pageblocks 0-1 become Unmovable
    ASSERT_EQ(u, 0u);
    ASSERT_TRUE(host->free({u, 0}));
    // Everything merged back into one order-4 block on the unmovable list.
    EXPECT_EQ(freeList(m, 4, MT::Unmovable), std::vector<Pfn> {0});
    EXPECT_EQ(m.gigablocks()[0].category(), GigablockCategory::Empty);
    EXPECT_EQ(m.counters().untaintEvents, 1u);
    expectConsistent(m);
}

TEST(BuddyRules, HighatomicReserveIsCappedAtAboutOnePercent)
{
    // 256 MiB of 4 KiB pages with the real geometry (zones under 100
    // pageblocks get no reserve since 6.8): 1 % rounds up to one pageblock,
    // and the cap is checked before reserving.
    std::string error;
    HostConfig config = tinyConfig(0);
    config.geometry = Geometry {};
    config.memoryBytes = std::uint64_t(256) << 20;
    auto host = PageAllocator::create(config, makePolicy("vanilla"), &error);
    ASSERT_TRUE(host) << error;
    const auto& zone = host->model().zone(0);
    ASSERT_EQ(zone.managedPages, 65536u);
    // Only a slow-path atomic success reserves. A min of 65600 pages is above
    // what is free, while an atomic request may go down to 3/8 of min.
    WatermarkSettings tight;
    tight.minFreeKbytes = 65600 * 4;
    host->setWatermarkSettings(tight);
    EXPECT_FALSE(host->allocate(request(2, MT::Unmovable, GfpClass::Normal)));
    // 300 order-2 requests outlast two reserved pageblocks (128 each): 1 % of
    // 65536 pages is 655, rounded up to two pageblocks, so a third is refused.
    for (int i = 0; i < 300; ++i)
        ASSERT_TRUE(host->allocate(request(2, MT::Unmovable, GfpClass::Atomic)));
    EXPECT_EQ(host->model().counters().highatomicReserved, 2u);
    EXPECT_EQ(zone.reservedHighatomic, 1024u);
    EXPECT_EQ(host->model().gigablocks()[0].labelCount[std::size_t(index(MT::HighAtomic))], 2u);
    // Atomic high-order requests are served from the reserve first.
    EXPECT_GT(host->model().counters().servedBy[std::size_t(RmqueueMode::HighAtomic)], 0u);
    expectConsistent(host->model());
}

TEST(BuddyRules, FailureReasonsTellWatermarkFromFragmentation)
{
    auto host = tinyHost(32);
    std::vector<Pfn> pfns;
    for (int i = 0; i < 32; ++i)
        pfns.push_back(allocate(*host, 0));
    // Free every other page: sixteen free pages, no two of them buddies.
    for (std::size_t i = 0; i < pfns.size(); i += 2)
        ASSERT_TRUE(host->free({pfns[i], 0}));
    const auto fragmented = host->allocate(request(1, MT::Movable));
    EXPECT_FALSE(fragmented);
    EXPECT_EQ(fragmented.failure, AllocFailure::Fragmented);
    for (std::size_t i = 0; i < pfns.size(); i += 2)
        ASSERT_TRUE(host->allocate(request(0, MT::Movable)));
    const auto empty = host->allocate(request(0, MT::Movable));
    EXPECT_FALSE(empty);
    EXPECT_EQ(empty.failure, AllocFailure::BelowWatermark);
    expectConsistent(host->model());
}

TEST(BuddyRules, CmaServesOnlyMovableAndOnceItHoldsMostFreeMemory)
{
    std::string error;
    HostConfig config = tinyConfig(64);
    config.cma = {{32 << 12, 64 << 12}}; // pfns 32..63
    auto host = PageAllocator::create(config, makePolicy("vanilla"), &error);
    ASSERT_TRUE(host) << error;
    WatermarkSettings none;
    none.minFreeKbytes = 0;
    host->setWatermarkSettings(none);
    const auto& m = host->model();
    EXPECT_EQ(m.pageblocks()[4].label, MT::Cma);
    EXPECT_EQ(freeList(m, 4, MT::Cma), (std::vector<Pfn> {32, 48}));
    // Half the free memory is CMA, not more: the movable lists go first.
    auto first = host->allocate(request(0, MT::Movable));
    EXPECT_EQ(first.mode, RmqueueMode::Normal);
    EXPECT_LT(first.block.pfn, 32u);
    // 63 free, 32 of them CMA: now CMA serves movable requests first.
    auto cma = host->allocate(request(0, MT::Movable));
    EXPECT_EQ(cma.mode, RmqueueMode::Cma);
    EXPECT_GE(cma.block.pfn, 32u);
    // Unmovable requests never get CMA memory, however much is free.
    int unmovable = 0;
    while (host->allocate(request(0, MT::Unmovable)))
        ++unmovable;
    EXPECT_EQ(unmovable, 31);
    EXPECT_EQ(m.zone(0).freePagesByType[std::size_t(index(MT::Cma))], 31u);
    expectConsistent(m);
}
