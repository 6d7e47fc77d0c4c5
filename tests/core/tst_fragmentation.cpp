// SPDX-License-Identifier: GPL-3.0-or-later
// The fragmentation metrics against hand computations and against the
// real-valued formulas of science.md 1.2.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mm/fragmentation.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using namespace gbw::fragmentation;
using MT = MigrateType;

namespace {

struct Case
{
    const char* what;
    std::vector<std::uint64_t> freeBlocks; // nr_free per order
    int order;
    int fragindex; // x1000, as the kernel computes it
    int unusable; // x1000
};

// Worked by hand, in the kernel's integer arithmetic.
const Case kCases[] = {
    // science.md's fixtures: 1000 free order-0 pages, order 9:
    // 1000 - (1000 + 1000*1000/512) / 1000 = 1000 - 2953/1000 = 998.
    {"1000 single pages, THP order", {1000}, 9, 998, 1000},
    // 1000 - (1000 + 3000/512) / 3 = 1000 - 1005/3 = 665.
    {"3 single pages, THP order", {3}, 9, 665, 1000},
    {"nothing free", {}, 9, 0, 1000},
    // 4 order-0, 2 order-1, 1 order-2: 12 pages in 7 blocks.
    // Order 2: one block fits, so the index is -1000; (12 - 4) * 1000 / 12 = 666 unusable.
    {"one block fits", {4, 2, 1}, 2, -1000, 666},
    // Order 3: 1000 - (1000 + 12000/8) / 7 = 1000 - 357 = 643; all 12 pages unusable.
    {"mixed small blocks", {4, 2, 1}, 3, 643, 1000},
    // Order 0 always fits when anything is free.
    {"order 0", {4, 2, 1}, 0, -1000, 0},
    // 5 order-3 blocks, order 4: 1000 - (1000 + 40000/16) / 5 = 1000 - 700 = 300: lack of memory.
    {"few large blocks", {0, 0, 0, 5}, 4, 300, 1000},
    // 40 order-0 pages, order 4: 1000 - (1000 + 2500) / 40 = 1000 - 87 = 913: fragmentation.
    {"many single pages", {40}, 4, 913, 1000},
    // 2 order-4 blocks and 8 order-0: order 4 fits twice, 32 of 40 pages usable.
    {"some usable", {8, 0, 0, 0, 2}, 4, -1000, 200},
};

} // namespace

TEST(Fragmentation, IndicesMatchHandComputations)
{
    for (const auto& c : kCases) {
        const ContigPageInfo info = contigPageInfo(c.freeBlocks, c.order);
        EXPECT_EQ(fragmentationIndex(info, c.order), c.fragindex) << c.what;
        EXPECT_EQ(unusableFreeIndex(info, c.order), c.unusable) << c.what;
    }
}

TEST(Fragmentation, ContigPageInfoCountsSuitableBlocksBySplitting)
{
    const ContigPageInfo info = contigPageInfo(std::vector<std::uint64_t> {3, 1, 0, 2}, 1);
    EXPECT_EQ(info.freePages, 3u + 2u + 16u);
    EXPECT_EQ(info.freeBlocksTotal, 6u);
    EXPECT_EQ(info.freeBlocksSuitable, 1u + 2u * 4u);
}

// F(j) = 1 - (1 + free/2^j) / blocks and Fu(j) = (free - suitable * 2^j) / free, in
// real numbers; the kernel's integer version may only truncate.
TEST(Fragmentation, IntegerIndicesFollowTheRealFormulas)
{
    std::uint64_t seed = 12345;
    auto next = [&seed](std::uint64_t bound) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        return (seed >> 33) % bound;
    };
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<std::uint64_t> counts(11);
        const int top = int(next(11));
        for (int o = 0; o <= top; ++o)
            counts[std::size_t(o)] = next(o == top ? 2 : 200);
        const int order = int(next(11));
        const ContigPageInfo info = contigPageInfo(counts, order);
        if (info.freePages == 0)
            continue;
        const double pages = double(info.freePages);
        const double unusable = (pages - double(info.freeBlocksSuitable << order)) / pages;
        EXPECT_NEAR(unusableFreeIndex(info, order) / 1000.0, unusable, 0.001);
        if (info.freeBlocksSuitable == 0) {
            const double f = 1.0 - (1.0 + pages / double(1u << order)) / double(info.freeBlocksTotal);
            EXPECT_NEAR(fragmentationIndex(info, order) / 1000.0, f, 0.002) << "trial " << trial;
        } else {
            EXPECT_EQ(fragmentationIndex(info, order), -1000);
        }
    }
}

TEST(Fragmentation, ScoreMarksFollowProactiveness)
{
    struct Mark
    {
        int proactiveness;
        unsigned low, high;
    };
    const Mark marks[] = {{20, 80, 90}, {0, 100, 100}, {50, 50, 60}, {95, 5, 15}, {100, 5, 15}};
    for (const auto& m : marks) {
        EXPECT_EQ(scoreLowMark(m.proactiveness), m.low) << m.proactiveness;
        EXPECT_EQ(scoreHighMark(m.proactiveness), m.high) << m.proactiveness;
    }
}

TEST(Fragmentation, ZoneMetricsReadTheModel)
{
    auto host = tinyHost(256); // 16 free order-4 blocks
    const Zone& zone = host->model().zone(0);
    EXPECT_EQ(fragmentationIndex(zone, 4), -1000);
    EXPECT_EQ(unusableFreeIndex(zone, 4), 0);
    EXPECT_EQ(extfragForOrder(zone, 3), 0u);
    EXPECT_EQ(nodeScore(host->model(), 0), 0u);

    // Every second page in use: 128 free single pages.
    std::vector<Block> blocks;
    for (int i = 0; i < 256; ++i)
        blocks.push_back(host->allocate(request(0, MT::Movable)).block);
    for (const auto& b : blocks) {
        if (b.pfn % 2) {
            ASSERT_TRUE(host->free(b));
        }
    }
    EXPECT_EQ(extfragForOrder(zone, 3), 100u);
    EXPECT_EQ(unusableFreeIndex(zone, 1), 1000);
    // 1000 - (1000 + 128000/16) / 128 = 1000 - 70 = 930.
    EXPECT_EQ(fragmentationIndex(zone, 4), 930);
    // The zone is the whole node: 256 * 100 / (256 + 1) = 99.
    EXPECT_EQ(zoneScore(host->model(), zone), 100u);
    EXPECT_EQ(weightedZoneScore(host->model(), zone), 99u);
    EXPECT_EQ(nodeScore(host->model(), 0), 99u);
}

TEST(Fragmentation, ZonesWeighByTheirShareOfTheNode)
{
    // Normal (192 pages) and Movable (64 pages) on one node; fragment Normal only.
    std::string error;
    HostConfig config = tinyConfig(256);
    config.movableBytes = 64 << 12;
    auto host = PageAllocator::create(config, makePolicy("vanilla"), &error);
    ASSERT_TRUE(host) << error;
    WatermarkSettings none;
    none.minFreeKbytes = 0;
    none.watermarkScaleFactor = 0;
    none.lowmemReserveRatio = {};
    host->setWatermarkSettings(none);
    const MemoryModel& model = host->model();
    ASSERT_EQ(model.zoneCount(), 2);
    // Fill until the allocator refuses: ZONE_MOVABLE keeps its fixed min floor
    // (32 pages) free in whole blocks, Normal is used up.
    std::vector<Block> blocks;
    for (auto got = host->allocate(request(0, MT::Movable)); got; got = host->allocate(request(0, MT::Movable)))
        blocks.push_back(got.block);
    ASSERT_EQ(model.zone(0).freePages, 0u);
    ASSERT_EQ(model.zone(1).freePages, 32u);
    for (const auto& b : blocks) {
        if (b.pfn % 2 && model.zone(0).contains(b.pfn)) {
            ASSERT_TRUE(host->free(b));
        }
    }
    EXPECT_EQ(nodePresentPages(model, 0), 256u);
    EXPECT_EQ(zoneScore(model, model.zone(0)), 100u);
    EXPECT_EQ(zoneScore(model, model.zone(1)), 0u);
    EXPECT_EQ(weightedZoneScore(model, model.zone(0)), 192u * 100u / 257u);
    EXPECT_EQ(nodeScore(model, 0), 74u);
}
