// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfoparser.h"
#include "importers/pagetypeinfoparser.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;

namespace {

PagetypeinfoSnapshot parseOne(std::string_view file)
{
    auto result = PagetypeinfoParser::parse(readSample(file));
    EXPECT_TRUE(result.ok()) << file << ": " << (result.errors.empty() ? "" : result.errors.front().reason);
    EXPECT_EQ(result.snapshots.size(), 1u) << file;
    return result.snapshots.empty() ? PagetypeinfoSnapshot {} : result.snapshots.front();
}

std::vector<std::uint64_t> values(const PagetypeFreeRow* row)
{
    std::vector<std::uint64_t> out;
    if (row) {
        for (const auto& c : row->counts)
            out.push_back(c.value);
    }
    return out;
}

using Names = std::vector<std::string>;
using Counts = std::vector<std::uint64_t>;

} // namespace

TEST(PagetypeinfoParser, modernLayoutOf618Capture)
{
    auto s = parseOne("pagetypeinfo-linux-6.18-x86_64-vm-capture.txt");
    ASSERT_EQ(s.sections.size(), 1u);
    const auto& section = s.sections[0];
    EXPECT_EQ(section.pageblockOrder, 9);
    EXPECT_EQ(section.pagesPerBlock, 512u);
    EXPECT_TRUE(section.hasFreeHeader);
    EXPECT_EQ(section.orderCount, 11);
    EXPECT_EQ(section.freeRows.size(), 15u);
    EXPECT_TRUE(s.trailingSpace);
    EXPECT_EQ(s.firstLine, 1u);
    EXPECT_EQ(s.migratetypes(), (Names {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"}));
    EXPECT_EQ(values(s.freeRow(0, "Normal", "Reclaimable")), (Counts {907, 1, 2, 2, 15, 6, 5, 4, 3, 0, 0}));
    EXPECT_EQ(values(s.freeRow(0, "DMA32", "Movable")), (Counts {1, 2, 4, 2, 5, 4, 3, 3, 4, 2, 752}));
    ASSERT_TRUE(section.blockCounts);
    EXPECT_EQ(section.blockCounts->rows.size(), 3u);
    EXPECT_EQ(section.blockCounts->rows[2].zone, "Normal");
    EXPECT_EQ(section.blockCounts->rows[2].counts, (Counts {61, 973, 54, 0, 0}));
    EXPECT_FALSE(section.mixedBlockCounts);
    EXPECT_FALSE(s.hasLowerBound());
}

TEST(PagetypeinfoParser, cappedCountIsLowerBound)
{
    // elastic/beats #32026: ">100000" in Normal/Movable at order 1, pasted without trailing spaces.
    auto s = parseOne("pagetypeinfo-beats-issue32026-x86_64-overflow.txt");
    EXPECT_FALSE(s.trailingSpace);
    EXPECT_TRUE(s.hasLowerBound());
    const auto* movable = s.freeRow(0, "Normal", "Movable");
    ASSERT_NE(movable, nullptr);
    EXPECT_EQ(movable->counts[0], (FreeCount {10, false}));
    EXPECT_EQ(movable->counts[1], (FreeCount {100000, true}));
    EXPECT_EQ(movable->counts[2], (FreeCount {70473, false}));
    EXPECT_EQ(values(s.freeRow(0, "DMA32", "Movable")), (Counts {12157, 6536, 1695, 225, 79, 49, 379, 88, 28, 1, 0}));
    EXPECT_EQ(s.sections[0].blockCounts->rows[2].counts, (Counts {841, 29689, 702, 0, 0}));
    int capped = 0;
    for (const auto& row : s.sections[0].freeRows)
        capped += static_cast<int>(
            std::count_if(row.counts.begin(), row.counts.end(), [](auto c) { return c.lowerBound; }));
    EXPECT_EQ(capped, 1);
}

TEST(PagetypeinfoParser, twoNodesWithReserveAndCma)
{
    auto s = parseOne("pagetypeinfo-centos7.5-3.10.0-862-x86_64-2node-reserve-cma.txt");
    ASSERT_EQ(s.sections.size(), 2u);
    EXPECT_EQ(s.migratetypes(), (Names {"Unmovable", "Reclaimable", "Movable", "Reserve", "CMA", "Isolate"}));
    EXPECT_EQ(s.sections[0].freeRows.size(), 18u); // DMA, DMA32, Normal x 6 types
    EXPECT_EQ(s.sections[1].freeRows.size(), 6u); // node 1: Normal only
    EXPECT_EQ(s.sections[1].freeRows[0].node, 1);
    EXPECT_EQ(s.sections[1].pageblockOrder, 9);
    EXPECT_EQ(values(s.freeRow(0, "Normal", "Movable")),
        (Counts {186666, 165228, 129840, 104268, 66977, 32908, 9510, 2066, 1030, 2534, 7327}));
    EXPECT_EQ(values(s.freeRow(1, "Normal", "Movable")),
        (Counts {374, 14707, 8209, 7967, 8685, 6630, 4928, 3365, 2565, 3056, 10898}));
    EXPECT_EQ(s.sections[0].blockCounts->rows.size(), 3u);
    ASSERT_EQ(s.sections[1].blockCounts->rows.size(), 1u);
    EXPECT_EQ(s.sections[1].blockCounts->rows[0].node, 1);
    EXPECT_EQ(s.sections[1].blockCounts->rows[0].counts, (Counts {1009, 1602, 30157, 0, 0, 0}));
}

TEST(PagetypeinfoParser, reserveColumnOfOld3xKernels)
{
    auto ubuntu = parseOne("pagetypeinfo-ubuntu12.04-3.2.0-58-x86_64-reserve.txt");
    EXPECT_EQ(ubuntu.migratetypes(), (Names {"Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate"}));
    EXPECT_EQ(values(ubuntu.freeRow(0, "DMA", "Reserve")), (Counts {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}));
    EXPECT_EQ(values(ubuntu.freeRow(0, "Normal", "Movable"))[1], 19732u);
    EXPECT_EQ(ubuntu.sections[0].blockCounts->migratetypes[3], "Reserve");
    EXPECT_EQ(ubuntu.sections[0].blockCounts->rows[2].counts, (Counts {280, 108, 2026, 2, 0}));

    auto android = parseOne("pagetypeinfo-android-armv7-3.4.5-normal-highmem.txt");
    EXPECT_EQ(android.sections[0].pageblockOrder, 10);
    EXPECT_EQ(android.sections[0].pagesPerBlock, 1024u);
    EXPECT_EQ(values(android.freeRow(0, "HighMem", "Reserve")), (Counts {9, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1}));
    EXPECT_EQ(values(android.freeRow(0, "HighMem", "Movable"))[0], 1774u);
    EXPECT_EQ(android.sections[0].blockCounts->rows[1].zone, "HighMem");
    EXPECT_EQ(android.sections[0].blockCounts->rows[1].counts, (Counts {25, 0, 102, 1, 0}));
}

TEST(PagetypeinfoParser, otherSamples)
{
    auto xilinx = parseOne("pagetypeinfo-xilinx-zynq-armv7-4.4.0-highatomic-cma.txt");
    EXPECT_EQ(xilinx.sections[0].pageblockOrder, 10);
    EXPECT_EQ(values(xilinx.freeRow(0, "Normal", "CMA")), (Counts {0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 3}));
    EXPECT_EQ(xilinx.sections[0].blockCounts->rows[0].counts, (Counts {3, 55, 2, 0, 4, 0}));

    auto centos9 = parseOne("pagetypeinfo-centos9stream-5.14.0-325-x86_64-cma.txt");
    EXPECT_EQ(centos9.sections[0].freeRows.size(), 12u);
    EXPECT_EQ(values(centos9.freeRow(0, "DMA32", "Movable"))[0], 5371u);
    EXPECT_EQ(centos9.freeRow(0, "Normal", "Movable"), nullptr);

    auto rhel8 = parseOne("pagetypeinfo-rhel8-4.18.0-80-sosreport-x86_64-1node.txt");
    EXPECT_EQ(rhel8.sections[0].blockCounts->rows[1].counts, (Counts {1654, 298, 24, 0, 0}));
    EXPECT_EQ(values(rhel8.freeRow(0, "DMA32", "Unmovable"))[10], 184u);

    auto jc = parseOne("pagetypeinfo-jc-fixture-x86_64-1node-highatomic-nocma.txt");
    EXPECT_EQ(values(jc.freeRow(0, "DMA32", "Movable"))[10], 629u);
}

TEST(PagetypeinfoParser, mixedBlocksTablesBecomeFourSnapshots)
{
    auto result
        = PagetypeinfoParser::parse(readSample("pagetypeinfo-mixedblocks-tables-3.16-virtualbox-linux-mm-2015.txt"));
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 4u);
    const std::vector<Counts> normal {{8, 10, 89, 0}, {8, 10, 89, 0}, {8, 7, 100, 1}, {37, 7, 105, 1}};
    const std::vector<std::size_t> firstLines {1, 5, 9, 13};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& s = result.snapshots[i];
        EXPECT_EQ(s.firstLine, firstLines[i]);
        ASSERT_EQ(s.sections.size(), 1u);
        EXPECT_FALSE(s.sections[0].blockCounts);
        ASSERT_TRUE(s.sections[0].mixedBlockCounts);
        const auto& table = *s.sections[0].mixedBlockCounts;
        EXPECT_EQ(table.migratetypes, (Names {"Unmovable", "Reclaimable", "Movable", "Reserve"}));
        ASSERT_EQ(table.rows.size(), 2u);
        EXPECT_EQ(table.rows[0].counts, (Counts {0, 0, 3, 1}));
        EXPECT_EQ(table.rows[1].counts, normal[i]);
    }
}

TEST(PagetypeinfoParser, zoneSumsMatchBuddyinfoOfTheSameMoment)
{
    // The .src notes say these pairs were read together; the free lists of all types add up to
    // the buddyinfo row exactly.
    for (std::string tag : {"ubuntu12.04-3.2.0-58-x86_64-reserve", "centos9stream-5.14.0-325-x86_64-cma",
             "linux-6.18-x86_64-vm-capture"}) {
        auto pti = parseOne("pagetypeinfo-" + tag + ".txt");
        auto buddy = BuddyinfoParser::parse(readSample("buddyinfo-" + tag + ".txt"));
        ASSERT_EQ(buddy.snapshots.size(), 1u) << tag;
        for (const auto& row : buddy.snapshots[0].rows)
            EXPECT_EQ(pti.zoneTotals(row.node, row.zone), row.counts) << tag << " " << row.zone;
    }
    // jc: read moments apart; DMA and Normal match, DMA32 drifted in the low orders only.
    auto jc = parseOne("pagetypeinfo-jc-fixture-x86_64-1node-highatomic-nocma.txt");
    auto jcBuddy = BuddyinfoParser::parse(readSample("buddyinfo-jc-fixture-x86_64-1node.txt")).snapshots.at(0);
    EXPECT_EQ(jc.zoneTotals(0, "DMA"), jcBuddy.row(0, "DMA")->counts);
    EXPECT_EQ(jc.zoneTotals(0, "Normal"), jcBuddy.row(0, "Normal")->counts);
    for (std::size_t order = 4; order <= 10; ++order)
        EXPECT_EQ(jc.zoneTotals(0, "DMA32")[order], jcBuddy.row(0, "DMA32")->counts[order]);
}

TEST(PagetypeinfoParser, unknownMigratetypeIsAcceptedByName)
{
    // A non-mainline "Mirror" type (Huawei RFC, 2015) between Movable and Reserve.
    const std::string text = "Page block order: 9\n"
                             "Pages per block:  512\n"
                             "\n"
                             "Free pages count per migrate type at order       0      1 \n"
                             "Node    0, zone   Normal, type    Unmovable      1      2 \n"
                             "Node    0, zone   Normal, type       Mirror      3      4 \n"
                             "\n"
                             "Number of blocks type     Unmovable       Mirror \n"
                             "Node 0, zone   Normal            5            6 \n";
    auto result = PagetypeinfoParser::parse(text);
    EXPECT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 1u);
    const auto& s = result.snapshots[0];
    EXPECT_EQ(s.migratetypes(), (Names {"Unmovable", "Mirror"}));
    EXPECT_EQ(values(s.freeRow(0, "Normal", "Mirror")), (Counts {3, 4}));
    EXPECT_EQ(s.sections[0].orderCount, 2);
    EXPECT_EQ(s.sections[0].blockCounts->rows[0].counts, (Counts {5, 6}));
}

TEST(PagetypeinfoParser, orderCountComesFromTheHeader)
{
    // arm64 with 64 KiB pages prints 14 orders.
    std::string header = "Free pages count per migrate type at order ";
    std::string row = "Node    0, zone   Normal, type      Movable ";
    for (int order = 0; order < 14; ++order) {
        header += "     " + std::to_string(order % 10) + " ";
        row += "     " + std::to_string(order % 10) + " ";
    }
    auto bad = PagetypeinfoParser::parse(header + "\n" + row + "\n");
    EXPECT_FALSE(bad.ok()); // "10" printed as "0" above is not order 10

    header = "Free pages count per migrate type at order";
    row = "Node    0, zone   Normal, type      Movable";
    for (int order = 0; order < 14; ++order) {
        header += " " + std::to_string(order);
        row += " 1234567"; // 7 digits overflow %6lu: columns shift, splitting on blanks copes
    }
    auto result = PagetypeinfoParser::parse(header + "\n" + row + "\n");
    ASSERT_TRUE(result.ok()) << result.errors.front().reason;
    EXPECT_EQ(result.snapshots[0].sections[0].orderCount, 14);
    EXPECT_EQ(result.snapshots[0].sections[0].freeRows[0].counts[13].value, 1234567u);
}

TEST(PagetypeinfoParser, monitorLoopBecomesTimeSeries)
{
    const std::string dump = "Page block order: 9\n"
                             "Pages per block:  512\n"
                             "\n"
                             "Free pages count per migrate type at order       0      1 \n"
                             "Node    0, zone   Normal, type      Movable      1      2 \n";
    const std::string text = "time: 1700000000\n" + dump + "Tue Nov 14 22:13:21 UTC 2023\n" + dump + dump;
    auto result = PagetypeinfoParser::parse(text);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 3u);
    ASSERT_TRUE(result.snapshots[0].timestamp);
    EXPECT_EQ(result.snapshots[0].timestamp->text, "time: 1700000000");
    EXPECT_EQ(result.snapshots[0].timestamp->epochSeconds, 1700000000.0);
    EXPECT_EQ(result.snapshots[0].firstLine, 2u);
    ASSERT_TRUE(result.snapshots[1].timestamp);
    EXPECT_EQ(result.snapshots[1].timestamp->epochSeconds, 1700000001.0);
    // The third dump had no timestamp line: node 0 appearing again starts it.
    EXPECT_FALSE(result.snapshots[2].timestamp);
    EXPECT_EQ(result.snapshots[2].firstLine, 13u);
}

struct BrokenInput
{
    const char* name;
    std::string text;
    std::vector<ParseError> expected;
    std::size_t skippedLines;

    friend void PrintTo(const BrokenInput& input, std::ostream* os)
    {
        *os << input.name;
    }
};

class PagetypeinfoBrokenInput : public ::testing::TestWithParam<BrokenInput>
{};

TEST_P(PagetypeinfoBrokenInput, reportsLineAndReason)
{
    const auto& input = GetParam();
    auto result = PagetypeinfoParser::parse(input.text);
    EXPECT_EQ(result.errors, input.expected);
    EXPECT_EQ(result.errorCount, input.expected.size());
    EXPECT_EQ(result.skippedLines, input.skippedLines);
    EXPECT_FALSE(result.aborted);

    auto strict = PagetypeinfoParser::parse(input.text, {.strict = true});
    ASSERT_EQ(strict.errors.size(), 1u);
    EXPECT_EQ(strict.errors.front(), input.expected.front());
    EXPECT_TRUE(strict.aborted);
}

const std::string header = "Page block order: 9\nPages per block:  512\n\n"
                           "Free pages count per migrate type at order       0      1      2 \n";

INSTANTIATE_TEST_SUITE_P(Table, PagetypeinfoBrokenInput,
    ::testing::Values(BrokenInput {"emptyFile", "", {{0, "empty input"}}, 0},
        BrokenInput {"onlyBlankLines", "\n  \n\n", {{0, "empty input"}}, 0},
        BrokenInput {"truncatedFreeTable",
            header
                + "Node    0, zone      DMA, type    Unmovable      1      0      1 \n"
                  "Node    0, zone      DMA, type      Movable      0      0      0 \n"
                  "Node    0, zone    DMA32, type    Unmovable      1      0      1 \n",
            {{7, "truncated free-pages table: node 0 zone DMA32 has 1 of 2 migratetype rows"}}, 0},
        BrokenInput {"truncatedBlockTable",
            header
                + "Node    0, zone      DMA, type    Unmovable      1      0      1 \n"
                  "Node    0, zone    DMA32, type    Unmovable      1      0      1 \n"
                  "\n"
                  "Number of blocks type     Unmovable \n"
                  "Node 0, zone      DMA            1 \n",
            {{9, "truncated table 'Number of blocks type': no row for node 0 zone DMA32"}}, 0},
        BrokenInput {"blockTableWithoutRows",
            header
                + "Node    0, zone      DMA, type    Unmovable      1      0      1 \n"
                  "\n"
                  "Number of blocks type     Unmovable \n",
            {{7, "table 'Number of blocks type' has no rows"}}, 0},
        BrokenInput {"freeHeaderWithoutRows", header, {{4, "free-pages table has no rows"}}, 0},
        BrokenInput {"rowMissingAColumn",
            header
                + "Node    0, zone      DMA, type    Unmovable      1      0 \n"
                  "Node    0, zone      DMA, type      Movable      0      0      3 \n",
            {{5, "expected 3 counts, found 2"}}, 1},
        BrokenInput {"blockRowMissingAColumn",
            header
                + "Node    0, zone      DMA, type    Unmovable      1      0      1 \n"
                  "\n"
                  "Number of blocks type     Unmovable      Movable \n"
                  "Node 0, zone      DMA            1 \n",
            {{8, "expected 2 counts, found 1"}, {8, "table 'Number of blocks type' has no rows"}}, 1},
        BrokenInput {"nonNumericCount", header + "Node    0, zone      DMA, type    Unmovable      1    abc      1 \n",
            {{5, "invalid count 'abc'"}, {4, "free-pages table has no rows"}}, 1},
        BrokenInput {"negativeCount", header + "Node    0, zone      DMA, type    Unmovable      1     -3      1 \n",
            {{5, "invalid count '-3'"}, {4, "free-pages table has no rows"}}, 1},
        BrokenInput {"binaryGarbage",
            std::string("\x7f"
                        "ELF\x02\x01\x01\0\0\0",
                10)
                + "\n\x01\x02\x03\n",
            {{1, "binary data: byte 0x7f at column 1"}, {2, "binary data: byte 0x01 at column 1"}}, 2},
        BrokenInput {"unrecognisedLine", header + "hello world\n",
            {{5, "unrecognised line 'hello world'"}, {4, "free-pages table has no rows"}}, 1},
        BrokenInput {"badOrderHeader", "Free pages count per migrate type at order 0 1 3\n",
            {{1, "invalid order header: expected order 2, found '3'"}}, 1},
        BrokenInput {"badPageblockOrder", "Page block order: nine\n",
            {{1, "invalid number 'nine' after 'Page block order:'"}}, 1},
        BrokenInput {"rowWithoutNode", header + "Node    x, zone      DMA, type    Unmovable      1      0      1 \n",
            {{5, "invalid node number 'x'"}, {4, "free-pages table has no rows"}}, 1}),
    [](const auto& info) { return std::string(info.param.name); });
