// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfoparser.h"
#include "importers/buddyinfowriter.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesStartingWith;

TEST(BuddyinfoWriter, everySampleRoundTrips)
{
    const auto files = samplesStartingWith("buddyinfo-");
    ASSERT_EQ(files.size(), 8u);
    for (const auto& file : files) {
        const std::string original = readSample(file);
        auto parsed = BuddyinfoParser::parse(original);
        ASSERT_TRUE(parsed.ok()) << file;
        ASSERT_EQ(parsed.snapshots.size(), 1u) << file;
        const std::string written = BuddyinfoWriter::write(parsed.snapshots[0]);
        EXPECT_EQ(written, original) << file;
        auto reparsed = BuddyinfoParser::parse(written);
        ASSERT_EQ(reparsed.snapshots.size(), 1u);
        EXPECT_EQ(reparsed.snapshots[0], parsed.snapshots[0]) << file;
    }
}

TEST(BuddyinfoWriter, kernelWidths)
{
    BuddyinfoSnapshot snapshot;
    snapshot.rows.push_back({1, "Normal", {11705, 1234567, 0}});
    EXPECT_EQ(BuddyinfoWriter::write(snapshot), "Node 1, zone   Normal  11705 1234567      0 \n");
    snapshot.trailingSpace = false;
    EXPECT_EQ(BuddyinfoWriter::write(snapshot), "Node 1, zone   Normal  11705 1234567      0\n");
}
