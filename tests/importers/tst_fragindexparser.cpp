// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/fragindexparser.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using Milli = std::vector<int>;

TEST(FragIndexParser, extfragIndexSample)
{
    auto result = FragIndexParser::parse(readSample("extfrag_index-linux-6.18-x86_64-vm-capture.txt"));
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 1u);
    const auto& rows = result.snapshots[0].rows;
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2].zone, "Normal");
    EXPECT_EQ(rows[2].milli, Milli(11, -1000));
    EXPECT_DOUBLE_EQ(rows[2].value(0), -1.0);
}

TEST(FragIndexParser, unusableIndexSample)
{
    auto result = FragIndexParser::parse(readSample("unusable_index-linux-6.18-x86_64-vm-capture.txt"));
    ASSERT_TRUE(result.ok());
    const auto& rows = result.snapshots.at(0).rows;
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].milli, (Milli {0, 0, 0, 0, 0, 0, 0, 0, 0, 66, 200}));
    EXPECT_EQ(rows[2].milli, (Milli {0, 2, 3, 9, 16, 24, 34, 44, 54, 68, 191}));
}

TEST(FragIndexParser, bothWidths)
{
    // "%d.%03d" before 5.16, "%2d.%03d" since
    auto result = FragIndexParser::parse("Node 0, zone   Normal -1.000 -1.000  0.931  0.966 \n"
                                         "Node 1, zone   Normal -1.000 -1.000 0.931 1.000\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.snapshots[0].rows[0].milli, (Milli {-1000, -1000, 931, 966}));
    EXPECT_EQ(result.snapshots[0].rows[1].milli, (Milli {-1000, -1000, 931, 1000}));
}

TEST(FragIndexParser, brokenInputs)
{
    const std::vector<std::pair<std::string, std::vector<ParseError>>> cases {
        {"", {{0, "empty input"}}},
        {"Node 0, zone DMA 0.1 0.200\n", {{1, "invalid index '0.1'"}}},
        {"Node 0, zone DMA 0.100 0.200\nNode 0, zone DMA32 0.100\n", {{2, "expected 2 values, found 1"}}},
        {"Node 0, zone DMA abc\n", {{1, "invalid index 'abc'"}}},
    };
    for (const auto& [text, expected] : cases)
        EXPECT_EQ(FragIndexParser::parse(text).errors, expected) << text;
}
