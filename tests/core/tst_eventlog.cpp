// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's bounded event log and the event filter behind its event list: what a query
// for a gigablock or a pageblock in a time range returns, and what the log says it forgot.
#include <gtest/gtest.h>

#include "replay/eventlog.h"
#include "replay/recordingsink.h"

using namespace gbw;

namespace {

constexpr Pfn kGigablock = Pfn(1) << 18;

RecordedEvent alloc(VirtualTime time, Pfn pfn, int order = 0, Tag tag = Tag::Slab)
{
    RecordedEvent e;
    e.time = time;
    e.kind = RecordedKind::Alloc;
    e.pfn = pfn;
    e.order = std::uint8_t(order);
    e.mt = MigrateType::Unmovable;
    e.tag = tag;
    return e;
}

// Four gigablocks starting at 0, 1, 2 and 3 GiB.
EventQuery fourGigablocks()
{
    EventQuery query;
    query.gigablockStarts = {0, kGigablock, 2 * kGigablock, 3 * kGigablock};
    return query;
}

} // namespace

TEST(EventLog, KeepsTheLatestEventsAndCountsWhatItForgot)
{
    EventLog log(4);
    for (VirtualTime t = 1; t <= 10; ++t)
        log.append(alloc(t, t));
    EXPECT_EQ(log.size(), 4u);
    EXPECT_EQ(log.total(), 10u);
    EXPECT_EQ(log.forgotten(), 6u);
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_EQ(log.at(i).time, VirtualTime(7 + i));
    EXPECT_EQ(log.at(0), alloc(7, 7)); // round trip through the packed record
}

TEST(EventLog, ListsOnlyTheGigablocksEventsInsideTheRange)
{
    EventLog log;
    for (VirtualTime t = 0; t < 40; ++t)
        log.append(alloc(t * 1000, (t % 4) * kGigablock + t)); // gigablock t % 4
    EventQuery query = fourGigablocks();
    query.from = 10'000;
    query.to = 29'000;
    query.gigablock = 2;
    query.first = 2 * kGigablock;
    query.end = 3 * kGigablock;
    const EventQueryResult result = log.query(query);
    ASSERT_EQ(result.events.size(), 5u); // t = 10, 14, 18, 22, 26
    EXPECT_EQ(result.matched, 5u);
    for (const RecordedEvent& e : result.events) {
        EXPECT_EQ(e.pfn / kGigablock, 2u);
        EXPECT_GE(e.time, query.from);
        EXPECT_LE(e.time, query.to);
    }
    EXPECT_EQ(result.events.front().time, 10'000u);
    EXPECT_EQ(result.touched, (std::vector<std::uint32_t> {5, 5, 5, 5}));
    EXPECT_FALSE(result.incomplete);
}

TEST(EventLog, ABlockThatOverlapsThePageblockTouchesIt)
{
    EventLog log;
    log.append(alloc(1, 0, 10)); // order 10 covers pageblocks 0 and 1
    log.append(alloc(2, 512 * 3, 0)); // pageblock 3
    EventQuery query = fourGigablocks();
    query.gigablock = 0;
    query.first = 512;
    query.end = 1024;
    const EventQueryResult result = log.query(query);
    ASSERT_EQ(result.events.size(), 1u);
    EXPECT_EQ(result.events[0].time, 1u);
}

TEST(EventLog, AOneGigabyteTakeNamesItsGigablockByIndex)
{
    EventLog log;
    RecordedEvent take;
    take.time = 5;
    take.kind = RecordedKind::GigablockTake;
    take.pfn = 3;
    log.append(take);
    EventQuery query = fourGigablocks();
    query.gigablock = 3;
    query.first = 3 * kGigablock;
    query.end = 4 * kGigablock;
    EXPECT_EQ(log.query(query).events.size(), 1u);
    EXPECT_EQ(log.query(query).touched[3], 1u);
    query.gigablock = 0;
    query.first = 0;
    query.end = kGigablock;
    EXPECT_TRUE(log.query(query).events.empty());
}

TEST(EventLog, ListsTheLatestMatchesUpToTheLimitAndCountsThemAll)
{
    EventLog log;
    for (VirtualTime t = 0; t < 100; ++t)
        log.append(alloc(t, t));
    EventQuery query = fourGigablocks();
    query.limit = 10;
    const EventQueryResult result = log.query(query);
    EXPECT_EQ(result.matched, 100u);
    ASSERT_EQ(result.events.size(), 10u);
    EXPECT_EQ(result.events.front().time, 90u);
    EXPECT_EQ(result.events.back().time, 99u);
}

TEST(EventLog, SaysWhenTheRangeReachesPastWhatIsKept)
{
    EventLog log(10);
    for (VirtualTime t = 0; t < 30; ++t)
        log.append(alloc(t, t));
    EventQuery query = fourGigablocks();
    EventQueryResult whole = log.query(query);
    EXPECT_TRUE(whole.incomplete);
    EXPECT_EQ(whole.keptFrom, 20u);
    EXPECT_EQ(whole.forgotten, 20u);
    EXPECT_EQ(whole.asOf, 29u);
    query.from = 25;
    EXPECT_FALSE(log.query(query).incomplete);
}

TEST(EventLog, TheSinkConvertsEventsAsARecordingDoes)
{
    EventLog log;
    EventLogSink sink(log);
    Recording recording;
    RecordingSink reference(recording);
    for (EventSink* s : std::initializer_list<EventSink*> {&sink, &reference}) {
        s->pageAlloc(1, {3, MigrateType::Movable, GfpClass::NoRetry, Tag::Thp}, 4096, 7);
        s->migrated(2, 4096, 8192, 3, {3, MigrateType::Movable, GfpClass::Normal, Tag::Anon});
        s->pageblockLabel(3, 512, MigrateType::Movable, MigrateType::Unmovable);
        s->gigablockTaken(4, 2);
        s->pageFree(5, 8192, 3, 7);
    }
    ASSERT_EQ(log.size(), recording.events.size());
    for (std::size_t i = 0; i < log.size(); ++i)
        EXPECT_EQ(log.at(i), recording.events[i]) << i;
}
