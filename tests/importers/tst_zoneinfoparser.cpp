// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/zoneinfoparser.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesStartingWith;
using Values = std::vector<std::uint64_t>;

namespace {

ZoneinfoSnapshot parseOne(std::string_view file)
{
    auto result = ZoneinfoParser::parse(readSample(file));
    EXPECT_TRUE(result.ok()) << file << ": " << (result.errors.empty() ? "" : result.errors.front().reason);
    EXPECT_EQ(result.snapshots.size(), 1u) << file;
    return result.snapshots.empty() ? ZoneinfoSnapshot {} : result.snapshots.front();
}

} // namespace

TEST(ZoneinfoParser, newestLayout)
{
    auto s = parseOne("zoneinfo-linux-6.18-x86_64-vm-capture.txt");
    ASSERT_EQ(s.zones.size(), 5u); // DMA DMA32 Normal Movable Device: all zones since 4.12
    const auto* dma = s.zone(0, "DMA");
    ASSERT_NE(dma, nullptr);
    EXPECT_EQ(dma->freePages, 3840u);
    EXPECT_EQ(dma->boost, 0u);
    EXPECT_EQ(dma->min, 48u);
    EXPECT_EQ(dma->low, 60u);
    EXPECT_EQ(dma->high, 72u);
    EXPECT_EQ(dma->promo, 84u);
    EXPECT_EQ(dma->spanned, 4095u);
    EXPECT_EQ(dma->present, 3998u);
    EXPECT_EQ(dma->managed, 3840u);
    EXPECT_EQ(dma->cma, 0u);
    EXPECT_EQ(dma->protection, (Values {0, 3019, 5195, 5195, 5195}));
    ASSERT_FALSE(dma->nodeStats.empty());
    EXPECT_EQ(dma->nodeStats.front(), (std::pair<std::string, std::uint64_t> {"nr_inactive_anon", 1590}));
    EXPECT_EQ(dma->nodeStats.back().first, "nr_kernel_file_pages");
    EXPECT_EQ(dma->counter("nr_free_pages"), 3840u);
    EXPECT_EQ(dma->counter("nr_free_pages_blocks"), 3584u);
    EXPECT_FALSE(dma->counter("nr_inactive_anon")); // that one is a node stat
    ASSERT_EQ(dma->pagesets.size(), 2u);
    EXPECT_EQ(dma->pagesets[1].cpu, 1);
    EXPECT_EQ(dma->pagesets[1].highMin, 30u);
    EXPECT_EQ(dma->pagesets[1].highMax, 240u);
    EXPECT_EQ(dma->pagesets[1].vmStatsThreshold, 4u);
    EXPECT_EQ(dma->attribute("start_pfn"), 1u);
    EXPECT_EQ(dma->attribute("node_unreclaimable"), 0u);

    const auto* normal = s.zone(0, "Normal");
    ASSERT_NE(normal, nullptr);
    EXPECT_EQ(normal->freePages, 429600u);
    EXPECT_EQ(normal->min, 7056u);
    EXPECT_EQ(normal->low, 8820u);
    EXPECT_EQ(normal->high, 10584u);
    EXPECT_EQ(normal->promo, 12348u);
    EXPECT_EQ(normal->spanned, 5505024u);
    EXPECT_EQ(normal->present, 5505024u);
    EXPECT_EQ(normal->managed, 557056u); // lazy struct-page init: managed << present
    EXPECT_TRUE(normal->nodeStats.empty());
    EXPECT_EQ(normal->attribute("start_pfn"), 1048576u);

    const auto* movable = s.zone(0, "Movable");
    EXPECT_FALSE(movable->populated());
    EXPECT_EQ(movable->min, 32u);
    EXPECT_TRUE(movable->pagesets.empty());
    EXPECT_EQ(s.zone(0, "DMA32")->freePages, 772917u);
}

TEST(ZoneinfoParser, oldLayoutOf34)
{
    auto s = parseOne("zoneinfo-android-armv7-3.4.5-normal-highmem.txt");
    ASSERT_EQ(s.zones.size(), 2u);
    const auto& normal = s.zones[0];
    EXPECT_EQ(normal.zone, "Normal");
    EXPECT_EQ(normal.freePages, 38277u);
    EXPECT_EQ(normal.min, 696u);
    EXPECT_EQ(normal.low, 870u);
    EXPECT_EQ(normal.high, 1044u);
    EXPECT_EQ(normal.scanned, 0u);
    EXPECT_EQ(normal.spanned, 122368u);
    EXPECT_EQ(normal.present, 121412u);
    EXPECT_FALSE(normal.managed); // "managed" came with 3.8
    EXPECT_FALSE(normal.boost);
    EXPECT_EQ(normal.protection, (Values {0, 4038, 4038}));
    EXPECT_EQ(normal.counters.front().first, "nr_free_pages");
    EXPECT_EQ(normal.counter("nr_mapped"), 16636u);
    EXPECT_EQ(normal.counters.back().first, "nr_anon_transparent_hugepages");
    ASSERT_EQ(normal.pagesets.size(), 1u);
    EXPECT_EQ(normal.pagesets[0].count, 145u);
    EXPECT_EQ(normal.pagesets[0].high, 186u);
    EXPECT_EQ(normal.pagesets[0].batch, 31u);
    EXPECT_EQ(normal.pagesets[0].vmStatsThreshold, 6u);
    EXPECT_EQ(normal.attribute("all_unreclaimable"), 0u);
    EXPECT_EQ(normal.attribute("start_pfn"), 524288u);
    EXPECT_EQ(normal.attribute("inactive_ratio"), 1u);
    EXPECT_EQ(s.zones[1].zone, "HighMem");
    EXPECT_EQ(s.zones[1].freePages, 13452u);
    EXPECT_EQ(s.zones[1].attribute("start_pfn"), 646656u);
}

TEST(ZoneinfoParser, otherSamples)
{
    auto rhel8 = parseOne("zoneinfo-rhel8-4.18.0-80-sosreport-x86_64-1node.txt");
    ASSERT_EQ(rhel8.zones.size(), 5u);
    // RHEL 8.0 prints one node counter without a name; it is kept, with an empty name.
    const auto& stats = rhel8.zone(0, "DMA")->nodeStats;
    EXPECT_EQ(stats.back(), (std::pair<std::string, std::uint64_t> {"", 537792}));
    EXPECT_EQ(rhel8.zone(0, "DMA")->freePages, 3975u);
    EXPECT_EQ(rhel8.zone(0, "DMA32")->managed, 995127u);
    EXPECT_EQ(rhel8.zone(0, "Normal")->freePages, 10852u);
    EXPECT_EQ(rhel8.zone(0, "Normal")->pagesets.size(), 2u);

    auto procfs = parseOne("zoneinfo-prometheus-procfs-fixture-8cpu.txt");
    EXPECT_EQ(procfs.zone(0, "DMA")->pagesets.size(), 8u);
    EXPECT_EQ(procfs.zone(0, "DMA32")->counter("numa_hit"), 113952967u);
    EXPECT_EQ(procfs.zone(0, "DMA32")->min, 19510u);

    auto jc = parseOne("zoneinfo-jc-fixture-x86_64-1node-kernel5.8plus.txt");
    EXPECT_EQ(jc.zone(0, "DMA32")->freePages, 606010u);
    EXPECT_EQ(jc.zone(0, "DMA32")->managed, 758708u);
    EXPECT_FALSE(jc.zone(0, "DMA32")->boost);

    auto centos9 = parseOne("zoneinfo-centos9stream-5.14.0-325-x86_64-cma.txt");
    EXPECT_EQ(centos9.zone(0, "DMA")->freePages, 3808u);
    EXPECT_EQ(centos9.zone(0, "DMA")->boost, 0u);
    EXPECT_EQ(centos9.zone(0, "DMA")->cma, 0u);
    EXPECT_EQ(centos9.zone(0, "DMA32")->high, 12668u);
    EXPECT_FALSE(centos9.zone(0, "Normal")->populated());

    EXPECT_EQ(samplesStartingWith("zoneinfo-").size(), 6u);
}

TEST(ZoneinfoParser, layoutOf2616)
{
    // 2.6.16 (ARM720T dump): scanned with a breakdown, hot and cold pcp lists, no counters block.
    auto result = ZoneinfoParser::parse("Node 0, zone      DMA\n"
                                        "  pages free     1151\n"
                                        "        min      128\n"
                                        "        low      160\n"
                                        "        high     192\n"
                                        "        active   1213\n"
                                        "        inactive 1010\n"
                                        "        scanned  7 (a: 3 i: 4)\n"
                                        "        spanned  4096\n"
                                        "        present  4096\n"
                                        "        protection: (0, 0)\n"
                                        "  pagesets\n"
                                        "    cpu: 0 pcp: 0\n"
                                        "              count: 13\n"
                                        "              high:  18\n"
                                        "              batch: 3\n"
                                        "  all_unreclaimable: 0\n"
                                        "  prev_priority:     12\n"
                                        "  temp_priority:     12\n"
                                        "  start_pfn:         0\n");
    ASSERT_TRUE(result.ok()) << result.errors.front().line << ": " << result.errors.front().reason;
    const auto& dma = result.snapshots.at(0).zones.at(0);
    EXPECT_EQ(dma.freePages, 1151u);
    EXPECT_EQ(dma.scanned, 7u);
    EXPECT_EQ(dma.present, 4096u);
    EXPECT_EQ(dma.counter("active"), 1213u);
    EXPECT_EQ(dma.attribute("prev_priority"), 12u);
    ASSERT_EQ(dma.pagesets.size(), 1u);
    EXPECT_EQ(dma.pagesets[0].count, 13u);
}

TEST(ZoneinfoParser, monitorLoop)
{
    const std::string dump = "Node 0, zone   Normal\n  pages free     10\n        min      1\n";
    auto result = ZoneinfoParser::parse("2023-11-14T22:13:20Z\n" + dump + dump);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 2u);
    EXPECT_EQ(result.snapshots[0].timestamp->epochSeconds, 1700000000.0);
    EXPECT_EQ(result.snapshots[1].firstLine, 5u);
}

struct BrokenInput
{
    const char* name;
    std::string text;
    std::vector<ParseError> expected;

    friend void PrintTo(const BrokenInput& input, std::ostream* os)
    {
        *os << input.name;
    }
};

class ZoneinfoBrokenInput : public ::testing::TestWithParam<BrokenInput>
{};

TEST_P(ZoneinfoBrokenInput, reportsLineAndReason)
{
    auto result = ZoneinfoParser::parse(GetParam().text);
    EXPECT_EQ(result.errors, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, ZoneinfoBrokenInput,
    ::testing::Values(BrokenInput {"emptyFile", "", {{0, "empty input"}}},
        BrokenInput {"noHeader", "  pages free 3\n", {{1, "line before the first 'Node N, zone NAME' header"}}},
        BrokenInput {"nonNumericWatermark", "Node 0, zone DMA\n        min      lots\n",
            {{2, "invalid value 'lots' for 'min'"}}},
        BrokenInput {
            "badProtection", "Node 0, zone DMA\n        protection: (0, x)\n", {{2, "invalid protection value 'x'"}}},
        BrokenInput {
            "cutPagesFree", "Node 0, zone DMA\n  pages fr\n", {{2, "expected 'pages free <n>', found 'pages fr'"}}},
        BrokenInput {"binary", "Node 0, zone DMA\n\x01\x02\n", {{2, "binary data: byte 0x01 at column 1"}}}),
    [](const auto& info) { return std::string(info.param.name); });
