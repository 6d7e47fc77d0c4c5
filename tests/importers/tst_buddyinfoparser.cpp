// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfoparser.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using Counts = std::vector<std::uint64_t>;

namespace {

BuddyinfoSnapshot parseOne(std::string_view file)
{
    auto result = BuddyinfoParser::parse(readSample(file));
    EXPECT_TRUE(result.ok()) << file;
    EXPECT_EQ(result.snapshots.size(), 1u) << file;
    return result.snapshots.empty() ? BuddyinfoSnapshot {} : result.snapshots.front();
}

} // namespace

TEST(BuddyinfoParser, samples)
{
    auto procfs = parseOne("buddyinfo-prometheus-procfs-fixture.txt");
    ASSERT_EQ(procfs.rows.size(), 3u);
    EXPECT_TRUE(procfs.trailingSpace);
    EXPECT_EQ(procfs.rows[0].zone, "DMA");
    EXPECT_EQ(procfs.row(0, "Normal")->counts, (Counts {4381, 1093, 185, 1530, 567, 102, 4, 0, 0, 0, 0}));

    auto android = parseOne("buddyinfo-android-armv7-3.4.5-normal-highmem.txt");
    ASSERT_EQ(android.rows.size(), 2u);
    EXPECT_EQ(android.row(0, "HighMem")->counts, (Counts {614, 883, 402, 207, 76, 25, 6, 4, 1, 1, 6}));

    auto xilinx = parseOne("buddyinfo-xilinx-zynq-armv7-4.4.0-highatomic-cma.txt");
    ASSERT_EQ(xilinx.rows.size(), 1u);
    EXPECT_EQ(xilinx.rows[0].counts[10], 32u);

    auto capture = parseOne("buddyinfo-linux-6.18-x86_64-vm-capture.txt");
    EXPECT_EQ(capture.row(0, "Normal")->counts, (Counts {990, 297, 612, 390, 209, 141, 64, 33, 23, 104, 339}));
    // Σ count·2^order: DMA 1·256 + 1·512 + 3·1024 = 3840, which zoneinfo prints as "pages free".
    BuddyinfoSnapshot dmaOnly;
    dmaOnly.rows.push_back(*capture.row(0, "DMA"));
    EXPECT_EQ(dmaOnly.freePages(), 3840u);

    for (auto file : {"buddyinfo-centos9stream-5.14.0-325-x86_64-cma.txt", "buddyinfo-jc-fixture-x86_64-1node.txt",
             "buddyinfo-rhel8-4.18.0-80-sosreport-x86_64-1node.txt",
             "buddyinfo-ubuntu12.04-3.2.0-58-x86_64-reserve.txt"})
        EXPECT_FALSE(parseOne(file).rows.empty()) << file;
    EXPECT_EQ(parseOne("buddyinfo-ubuntu12.04-3.2.0-58-x86_64-reserve.txt").row(0, "Normal")->counts[1], 19812u);
}

TEST(BuddyinfoParser, wideCountsAndManyNodes)
{
    // Counts above 999999 overflow "%6lu" (seen on a 3 TB host).
    auto result = BuddyinfoParser::parse("Node 0, zone   Normal 1234567 11705 \n"
                                         "Node 3, zone   Normal     1      2 \n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.snapshots[0].rows[0].counts, (Counts {1234567, 11705}));
    EXPECT_EQ(result.snapshots[0].rows[1].node, 3);
}

TEST(BuddyinfoParser, monitorLoop)
{
    const std::string dump = "Node 0, zone      DMA      1      0 \nNode 0, zone   Normal      5      6 \n";
    auto result = BuddyinfoParser::parse("1700000000.5\n" + dump + "1700000001.5\n" + dump + dump);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 3u);
    EXPECT_EQ(result.snapshots[0].timestamp->epochSeconds, 1700000000.5);
    EXPECT_EQ(result.snapshots[1].timestamp->epochSeconds, 1700000001.5);
    EXPECT_FALSE(result.snapshots[2].timestamp);
    EXPECT_EQ(result.snapshots[2].firstLine, 7u);
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

class BuddyinfoBrokenInput : public ::testing::TestWithParam<BrokenInput>
{};

TEST_P(BuddyinfoBrokenInput, reportsLineAndReason)
{
    auto result = BuddyinfoParser::parse(GetParam().text);
    EXPECT_EQ(result.errors, GetParam().expected);
    auto strict = BuddyinfoParser::parse(GetParam().text, {.strict = true});
    ASSERT_FALSE(strict.errors.empty());
    EXPECT_EQ(strict.errors.size(), 1u);
    EXPECT_TRUE(strict.aborted);
}

INSTANTIATE_TEST_SUITE_P(Table, BuddyinfoBrokenInput,
    ::testing::Values(BrokenInput {"emptyFile", "", {{0, "empty input"}}},
        BrokenInput {
            "missingColumn", "Node 0, zone DMA 1 2 3\nNode 0, zone Normal 1 2\n", {{2, "expected 3 counts, found 2"}}},
        BrokenInput {"nonNumeric", "Node 0, zone DMA 1 2 x3\n", {{1, "invalid count 'x3'"}}},
        BrokenInput {"noCounts", "Node 0, zone DMA\n", {{1, "row has no counts"}}},
        BrokenInput {"cutAfterZone", "Node 0, zo\n", {{1, "expected 'zone' after the node number"}}},
        BrokenInput {
            "binary", std::string("Node 0, zone DMA 1\0 2\n", 22), {{1, "binary data: byte 0x00 at column 19"}}},
        BrokenInput {"garbage", "lorem ipsum\n", {{1, "unrecognised line 'lorem ipsum'"}}}),
    [](const auto& info) { return std::string(info.param.name); });
