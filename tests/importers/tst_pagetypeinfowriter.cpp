// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/pagetypeinfoparser.h"
#include "importers/pagetypeinfowriter.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesStartingWith;

TEST(PagetypeinfoWriter, everySampleRoundTrips)
{
    const auto files = samplesStartingWith("pagetypeinfo-");
    ASSERT_EQ(files.size(), 10u);
    for (const auto& file : files) {
        const std::string original = readSample(file);
        auto parsed = PagetypeinfoParser::parse(original);
        ASSERT_TRUE(parsed.ok()) << file;
        std::string joined;
        for (const auto& snapshot : parsed.snapshots) {
            const std::string written = PagetypeinfoWriter::write(snapshot);
            auto reparsed = PagetypeinfoParser::parse(written);
            ASSERT_TRUE(reparsed.ok()) << file;
            ASSERT_EQ(reparsed.snapshots.size(), 1u) << file;
            // Same values, same columns, same layout flags; only the file position differs.
            auto expected = snapshot;
            expected.firstLine = 1;
            expected.timestamp.reset();
            EXPECT_EQ(reparsed.snapshots[0], expected) << file;
            if (!joined.empty())
                joined += '\n';
            joined += written;
        }
        // The kernel's own widths and trailing spaces: the text comes back byte for byte.
        EXPECT_EQ(joined, original) << file;
    }
}

TEST(PagetypeinfoWriter, kernelWidths)
{
    PagetypeinfoSnapshot snapshot;
    PagetypeinfoSection section;
    section.pageblockOrder = 9;
    section.pagesPerBlock = 512;
    section.hasFreeHeader = true;
    section.orderCount = 3;
    section.freeRows.push_back({0, "Normal", "Movable", {{10, false}, {100000, true}, {1234567, false}}});
    section.blockCounts = PagetypeBlockTable {{"Movable"}, {{0, "Normal", {29689}}}};
    snapshot.sections.push_back(section);
    EXPECT_EQ(PagetypeinfoWriter::write(snapshot),
        "Page block order: 9\n"
        "Pages per block:  512\n"
        "\n"
        "Free pages count per migrate type at order       0      1      2 \n"
        "Node    0, zone   Normal, type      Movable     10 >100000 1234567 \n"
        "\n"
        "Number of blocks type       Movable \n"
        "Node 0, zone   Normal        29689 \n");
    snapshot.trailingSpace = false;
    const std::string start = "Page block order: 9\n"
                              "Pages per block:  512\n"
                              "\n"
                              "Free pages count per migrate type at order       0      1      2\n"
                              "Node    0, zone   Normal, type      Movable     10 >100000 1234567\n";
    EXPECT_EQ(PagetypeinfoWriter::write(snapshot).substr(0, start.size()), start);
}
