// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "mm/pageallocator.h"

using namespace gbw;

namespace {
std::unique_ptr<PageAllocator> host(std::uint64_t gib)
{
    std::string error;
    auto a = PageAllocator::create(HostConfig::x86_64(gib << 30), makePolicy("vanilla"), &error);
    EXPECT_TRUE(a) << error;
    return a;
}
} // namespace

// min_free_kbytes = sqrt(lowmem_kbytes * 16), clamped to [128, 262144].
TEST(Watermarks, MinFreeKbytesFollowsTheKernelFormula)
{
    struct Case
    {
        std::uint64_t gib;
        std::int64_t low, high; // bounds: lowmem is slightly below the RAM size
    };
    const Case cases[] = {{1, 3900, 4096}, {16, 16000, 16384}, {64, 32600, 32768}, {2048, 185000, 185364}};
    for (const auto& c : cases) {
        auto a = host(c.gib);
        const auto value = watermarks::defaultMinFreeKbytes(a->model());
        EXPECT_GE(value, c.low) << c.gib << " GiB";
        EXPECT_LE(value, c.high) << c.gib << " GiB";
    }
}

TEST(Watermarks, MinFreeKbytesHasAFloorOf128)
{
    std::string error;
    HostConfig config;
    config.memoryBytes = 256 << 10;
    config.geometry = Geometry {12, 3, 4, 6};
    config.dmaZones = false;
    config.holes.clear();
    config.reserved.clear();
    auto a = PageAllocator::create(config, makePolicy("vanilla"), &error);
    ASSERT_TRUE(a) << error;
    EXPECT_EQ(watermarks::defaultMinFreeKbytes(a->model()), 128); // sqrt(256 * 16) = 64, raised to 128
}

TEST(Watermarks, ZonesShareMinByManagedSizeAndGapsFollowTheScaleFactor)
{
    auto a = host(64);
    const auto& m = a->model();
    const Zone& normal = m.zone(2);
    ASSERT_EQ(normal.type, ZoneType::Normal);
    std::uint64_t minSum = 0;
    for (int i = 0; i < m.zoneCount(); ++i)
        minSum += m.zone(i).watermark[0];
    // The zones' mins add up to min_free_kbytes (in pages), give or take rounding.
    const auto pagesMin = std::uint64_t(watermarks::defaultMinFreeKbytes(m) / 4);
    EXPECT_LE(minSum, pagesMin);
    EXPECT_GE(minSum + 3, pagesMin);
    // Gap = max(min/4, managed * 10/10000): 0.1 % of 61 GiB beats min/4 here.
    const std::uint64_t gap = normal.managedPages * 10 / 10000;
    EXPECT_EQ(normal.watermark[1] - normal.watermark[0], gap);
    EXPECT_EQ(normal.watermark[2] - normal.watermark[1], gap);
    WatermarkSettings wider = a->watermarkSettings();
    wider.watermarkScaleFactor = 100;
    a->setWatermarkSettings(wider);
    EXPECT_EQ(normal.watermark[1] - normal.watermark[0], normal.managedPages * 100 / 10000);
}

TEST(Watermarks, LowmemReserveProtectsLowerZones)
{
    auto a = host(64);
    const auto& m = a->model();
    const Zone& dma32 = m.zone(1);
    const Zone& normal = m.zone(2);
    EXPECT_EQ(dma32.lowmemReserve[std::size_t(ZoneType::Normal)], normal.managedPages / 256);
    EXPECT_EQ(normal.lowmemReserve[std::size_t(ZoneType::Normal)], 0u);
}

TEST(Watermarks, BoostGrowsByAPageblockUpToTheFactor)
{
    auto a = host(16);
    Zone& normal = a->model().zone(2);
    const auto& g = a->model().geometry();
    ASSERT_TRUE(watermarks::boost(g, normal, 15000));
    EXPECT_EQ(normal.watermarkBoost, 512u);
    const std::uint64_t cap = normal.watermark[2] * 15000 / 10000;
    for (int i = 0; i < 1000; ++i)
        watermarks::boost(g, normal, 15000);
    EXPECT_EQ(normal.watermarkBoost, std::max<std::uint64_t>(cap, 512));
    EXPECT_FALSE(watermarks::boost(g, normal, 0));
    EXPECT_EQ(normal.mark(Watermark::Low), normal.watermark[1] + normal.watermarkBoost);
}
