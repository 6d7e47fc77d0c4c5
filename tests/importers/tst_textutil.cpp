// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <gtest/gtest.h>

using namespace gbw::importers;

TEST(TextUtil, timestampLines)
{
    struct Case
    {
        std::string line;
        std::optional<double> epoch;
    };
    const std::vector<Case> stamped {
        {"1700000000", 1700000000.0}, {"1700000000.25", 1700000000.25}, {"time: 1700000000", 1700000000.0},
        {"timestamp: 1700000000", 1700000000.0}, {"=== 1700000000 ===", 1700000000.0},
        {"2023-11-14T22:13:20Z", 1700000000.0}, {"2023-11-14 22:13:20", 1700000000.0},
        {"Tue Nov 14 22:13:20 UTC 2023", 1700000000.0},
        {"Tue Nov 14 23:13:20 CET 2023", std::nullopt}, // a zone we cannot resolve: text only
    };
    for (const auto& c : stamped) {
        auto ts = text::parseTimestampLine(c.line);
        ASSERT_TRUE(ts) << c.line;
        EXPECT_EQ(ts->text, c.line);
        EXPECT_EQ(ts->epochSeconds, c.epoch) << c.line;
    }
    for (std::string notStamped : {"537792", "nr_free_pages 3", "Node 0, zone DMA", "", "Tue", "2023-13-14T22:13:20"})
        EXPECT_FALSE(text::parseTimestampLine(notStamped)) << notStamped;
}

TEST(TextUtil, numbers)
{
    EXPECT_EQ(text::parseUnsigned("18446744073709551615"), UINT64_MAX);
    EXPECT_FALSE(text::parseUnsigned("18446744073709551616"));
    EXPECT_FALSE(text::parseUnsigned("12a"));
    EXPECT_FALSE(text::parseUnsigned(""));
    EXPECT_EQ(text::parseHexOrDecimal("0x1f"), 31u);
    EXPECT_EQ(text::parseHexOrDecimal("31"), 31u);
    EXPECT_FALSE(text::parseHexOrDecimal("0x"));
    EXPECT_EQ(text::parseSigned("-1"), -1);
}

TEST(TextUtil, lineReader)
{
    LineReader lines("a\r\nb\n\nc");
    std::vector<std::string> seen;
    while (lines.next())
        seen.emplace_back(lines.line());
    EXPECT_EQ(seen, (std::vector<std::string> {"a", "b", "", "c"}));
    EXPECT_EQ(lines.number(), 4u);
}
