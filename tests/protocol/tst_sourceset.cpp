// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/sourceset.h"

#include <gtest/gtest.h>

using namespace gbw::protocol;

namespace {

const std::string buddy1 = "Node 0, zone      DMA      1      2 \n"
                           "Node 0, zone   Normal    300    400 \n";
const std::string buddy2 = "Node 0, zone      DMA      1      2 \n"
                           "Node 0, zone   Normal    299    401 \n";

} // namespace

TEST(SourceSet, linesJoinBackByteForByte)
{
    for (std::string text : {"", "\n", "a", "a\n", "a\n\nb", "a\r\nb\n\n"})
        EXPECT_EQ(SourceSet::joinLines(SourceSet::splitLines(text)), text);
    EXPECT_EQ(SourceSet::splitLines("a\nb\n").size(), 3u);
}

TEST(SourceSet, firstReadingIsSentWholeThenOnlyChangedLines)
{
    SourceSet agent;
    auto first = agent.update("buddyinfo", 10.0, buddy1);
    ASSERT_TRUE(first.text);
    EXPECT_EQ(*first.text, buddy1);
    EXPECT_EQ(first.lineCount, 3u);

    auto second = agent.update("buddyinfo", 10.2, buddy2);
    EXPECT_FALSE(second.text);
    ASSERT_EQ(second.changes.size(), 1u);
    EXPECT_EQ(second.changes[0].line, 1u);
    EXPECT_EQ(second.changes[0].text, "Node 0, zone   Normal    299    401 ");
}

TEST(SourceSet, clientFollowsTheAgentThroughSnapshotAndDeltas)
{
    SourceSet agent;
    agent.update("buddyinfo", 1.0, buddy1);
    agent.update("vmstat", 1.0, "nr_free_pages 10\n");
    SourceSet client;
    client.apply(agent.snapshot());

    Delta delta;
    delta.base = agent.advance();
    delta.seq = agent.seq();
    delta.sources.push_back(agent.update("buddyinfo", 1.2, buddy2));
    delta.sources.push_back(agent.update("vmstat", 1.2, "nr_free_pages 11\npgfault 3\n"));
    std::string reason;
    ASSERT_TRUE(client.apply(delta, reason)) << reason;
    EXPECT_EQ(client.seq(), agent.seq());
    EXPECT_EQ(client.text("buddyinfo"), buddy2);
    EXPECT_EQ(client.text("vmstat"), "nr_free_pages 11\npgfault 3\n");
    EXPECT_EQ(client.find("buddyinfo")->time, 1.2);
}

TEST(SourceSet, deltaOnTheWrongBaseIsRefusedAndChangesNothing)
{
    SourceSet client;
    client.apply(Snapshot {5, {{"buddyinfo", 1.0, buddy1}}});
    Delta delta {7, 6, {{"buddyinfo", 2.0, 3, std::nullopt, {{1, "x"}}}}};
    std::string reason;
    EXPECT_FALSE(client.apply(delta, reason));
    EXPECT_EQ(reason, "delta 7 is based on 6, held 5");
    EXPECT_EQ(client.text("buddyinfo"), buddy1);
}

TEST(SourceSet, changesToAnUnknownSourceOrAnotherLineCountAreRefused)
{
    SourceSet client;
    client.apply(Snapshot {1, {{"buddyinfo", 1.0, buddy1}}});
    std::string reason;
    EXPECT_FALSE(client.apply(Delta {2, 1, {{"zoneinfo", 2.0, 1, std::nullopt, {{0, "x"}}}}}, reason));
    EXPECT_EQ(reason, "source 'zoneinfo': line changes for a source never sent whole");
    EXPECT_FALSE(client.apply(Delta {2, 1, {{"buddyinfo", 2.0, 4, std::nullopt, {{0, "x"}}}}}, reason));
    EXPECT_EQ(reason, "source 'buddyinfo': changes for 4 lines, held 3");
    EXPECT_FALSE(client.apply(Delta {2, 1, {{"buddyinfo", 2.0, 2, std::string("a\nb\nc"), {}}}}, reason));
    EXPECT_EQ(reason, "source 'buddyinfo': text does not have the announced 2 lines");
    // A valid part does not get applied when another part of the same delta is bad.
    EXPECT_FALSE(client.apply(
        Delta {2, 1,
            {{"buddyinfo", 2.0, 3, std::nullopt, {{0, "changed"}}}, {"zoneinfo", 2.0, 1, std::nullopt, {{0, "x"}}}}},
        reason));
    EXPECT_EQ(client.text("buddyinfo"), buddy1);
    EXPECT_EQ(client.seq(), 1u);
}
