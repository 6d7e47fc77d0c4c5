// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "model/hostconfig.h"

using namespace gbw;

namespace {
constexpr std::uint64_t GiB = std::uint64_t(1) << 30;
constexpr std::uint64_t MiB = std::uint64_t(1) << 20;
} // namespace

TEST(ParseSize, AcceptsBinaryUnits)
{
    struct Case
    {
        const char* text;
        std::uint64_t bytes;
    };
    const Case cases[] = {{"64G", 64 * GiB}, {"1T", 1024 * GiB}, {"512M", 512 * MiB}, {"4096K", 4 * MiB},
        {"16GiB", 16 * GiB}, {"2g", 2 * GiB}, {"4096", 4096}, {"1TB", 1024 * GiB}};
    for (const auto& c : cases) {
        std::string error;
        EXPECT_EQ(parseSize(c.text, &error), c.bytes) << c.text;
        EXPECT_TRUE(error.empty()) << c.text << ": " << error;
    }
}

TEST(ParseSize, RejectsGarbageWithAReason)
{
    struct Case
    {
        const char* text;
        const char* reason;
    };
    const Case cases[] = {{"", "empty"}, {"G", "expected a number"}, {"12X", "unknown unit 'X'"},
        {"0G", "greater than zero"}, {"99999999999T", "too large"}, {"-4G", "expected a number"}};
    for (const auto& c : cases) {
        std::string error;
        EXPECT_EQ(parseSize(c.text, &error), 0u) << c.text;
        EXPECT_NE(error.find(c.reason), std::string::npos) << c.text << " gave: " << error;
    }
}

TEST(HostLayout, DefaultHostHasDmaDma32NormalAroundThePciHole)
{
    std::string error;
    const HostConfig config; // 64 GiB, one node
    const auto layout = HostLayout::build(config, &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(layout.zones.size(), 3u);
    const std::uint64_t pagesPerGiB = GiB >> 12;
    EXPECT_EQ(layout.zones[0].type, ZoneType::Dma);
    EXPECT_EQ(layout.zones[0].startPfn, 0u);
    EXPECT_EQ(layout.zones[0].endPfn, (16 * MiB) >> 12);
    EXPECT_EQ(layout.zones[1].type, ZoneType::Dma32);
    EXPECT_EQ(layout.zones[1].endPfn, 4 * pagesPerGiB);
    EXPECT_EQ(layout.zones[2].type, ZoneType::Normal);
    EXPECT_EQ(layout.zones[2].startPfn, 4 * pagesPerGiB);
    // 64 GiB of RAM with a 1 GiB hole below 4 GiB ends at 65 GiB.
    EXPECT_EQ(layout.zones[2].endPfn, 65 * pagesPerGiB);
    EXPECT_EQ(layout.endPfn, 65 * pagesPerGiB);
    ASSERT_EQ(layout.unavailable.size(), 2u);
    EXPECT_EQ(layout.unavailable[0].start, 0u); // firmware, rounded out to a pageblock
    EXPECT_EQ(layout.unavailable[0].end, 2 * MiB);
    EXPECT_EQ(layout.unavailable[1].start, 3 * GiB);
    EXPECT_EQ(layout.unavailable[1].end, 4 * GiB);
}

TEST(HostLayout, TwoNodesAndAMovableZone)
{
    std::string error;
    HostConfig config = HostConfig::x86_64(16 * GiB, 2);
    config.movableBytes = 2 * GiB;
    const auto layout = HostLayout::build(config, &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(layout.zones.size(), 5u);
    EXPECT_EQ(layout.zones[2].node, 0);
    EXPECT_EQ(layout.zones[2].type, ZoneType::Normal);
    EXPECT_EQ(layout.zones[3].node, 1);
    EXPECT_EQ(layout.zones[3].type, ZoneType::Normal);
    EXPECT_EQ(layout.zones[4].node, 1);
    EXPECT_EQ(layout.zones[4].type, ZoneType::Movable);
    EXPECT_EQ(layout.zones[4].endPfn - layout.zones[4].startPfn, (2 * GiB) >> 12);
    EXPECT_EQ(layout.zones[4].endPfn, layout.endPfn);
}

TEST(HostLayout, Arm64With64KiBPagesIsExpressible)
{
    std::string error;
    HostConfig config;
    config.geometry = Geometry {16, 13, 13, 18}; // 64 KiB pages, 512 MiB pageblocks, 16 GiB gigablocks
    config.memoryBytes = 64 * GiB;
    config.dmaZones = false;
    config.holes.clear();
    config.reserved.clear();
    const auto layout = HostLayout::build(config, &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(layout.zones.size(), 1u);
    EXPECT_EQ(layout.endPfn, (64 * GiB) >> 16);
}

TEST(HostLayout, ImpossibleConfigsAreRefusedWithTheReason)
{
    struct Case
    {
        HostConfig config;
        const char* reason;
    };
    HostConfig odd = HostConfig::x86_64(GiB + 4096);
    HostConfig noNodes = HostConfig::x86_64(4 * GiB, 0);
    HostConfig badGeometry;
    badGeometry.geometry.maxPageOrder = 20;
    HostConfig hugeMovable = HostConfig::x86_64(8 * GiB);
    hugeMovable.movableBytes = 8 * GiB;
    const Case cases[] = {{odd, "not a multiple"}, {noNodes, "nodes must be between 1 and 64"},
        {badGeometry, "MAX_PAGE_ORDER 20"}, {hugeMovable, "movable zone"}};
    for (const auto& c : cases) {
        std::string error;
        const auto layout = HostLayout::build(c.config, &error);
        EXPECT_TRUE(layout.zones.empty());
        EXPECT_NE(error.find(c.reason), std::string::npos) << error;
    }
}
