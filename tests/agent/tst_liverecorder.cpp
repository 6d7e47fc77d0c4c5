// SPDX-License-Identifier: GPL-3.0-or-later
// LiveRecorder without sockets: readings become monitor-loop sessions that read back through the
// store, barriers do not duplicate readings, and a lost connection splits the recording into
// segments with a gap marker.
#include "live/liverecorder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

using namespace gbw;

namespace {

std::string buddyinfo(std::uint64_t normalOrder0)
{
    return "Node 0, zone      DMA      1      1 \nNode 0, zone   Normal " + std::to_string(normalOrder0) + "      7 \n";
}

class LiveRecorderTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_path = std::filesystem::temp_directory_path() / ("gbw-liverecorder-" + std::to_string(::getpid()) + ".db");
        std::filesystem::remove(m_path);
        std::string error;
        m_store = importers::SqliteStore::open(m_path.string(), error);
        ASSERT_TRUE(m_store) << error;
    }
    void TearDown() override
    {
        m_store.reset();
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(m_path.string() + suffix);
    }

    // One tick of the agent: a new buddyinfo reading at `time`, as the client would hold it.
    void tick(live::LiveRecorder& recorder, double time, std::uint64_t value)
    {
        protocol::Delta delta;
        delta.base = m_state.seq();
        delta.seq = delta.base + 1;
        protocol::SourceSet agentSide = m_state;
        delta.sources.push_back(agentSide.update("buddyinfo", time, buddyinfo(value)));
        std::string reason;
        ASSERT_TRUE(m_state.apply(delta, reason)) << reason;
        recorder.record(m_state, {"buddyinfo"});
    }

    std::filesystem::path m_path;
    std::unique_ptr<importers::SqliteStore> m_store;
    protocol::SourceSet m_state;
};

} // namespace

TEST_F(LiveRecorderTest, readingsBecomeSnapshotsWithTheirTimes)
{
    live::LiveRecorder recorder(*m_store, "127.0.0.1:7411");
    recorder.connected("db-07");
    m_state.apply(protocol::Snapshot {1, {{"buddyinfo", 1764107280.0, buddyinfo(100)}}});
    recorder.record(m_state, {"buddyinfo"});
    tick(recorder, 1764107280.2, 101);
    tick(recorder, 1764107280.4, 102);
    // A full-sync barrier repeats the last reading: it is not recorded twice.
    m_state.apply(protocol::Snapshot {4, {{"buddyinfo", 1764107280.4, buddyinfo(102)}}});
    recorder.record(m_state, {"buddyinfo"});
    std::string error;
    ASSERT_TRUE(recorder.flush(error)) << error;

    const auto sessions = m_store->sessions();
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].host, "db-07");
    EXPECT_EQ(sessions[0].format, "buddyinfo");
    EXPECT_EQ(sessions[0].source, "live 127.0.0.1:7411 buddyinfo, segment 1");
    EXPECT_EQ(sessions[0].snapshots, 3);
    EXPECT_EQ(sessions[0].skippedLines, 0);
    const auto snapshots = m_store->snapshots("buddyinfo");
    ASSERT_EQ(snapshots.size(), 3u);
    EXPECT_DOUBLE_EQ(*snapshots[1].takenAt, 1764107280.2);
    const auto loaded = m_store->loadBuddyinfo(snapshots[2].id);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->row(0, "Normal")->counts[0], 102u);
}

TEST_F(LiveRecorderTest, aLostConnectionStartsASegmentMarkedAsAGap)
{
    live::LiveRecorder recorder(*m_store, "127.0.0.1:7411");
    recorder.connected("db-07");
    m_state.apply(protocol::Snapshot {1, {{"buddyinfo", 1764107280.0, buddyinfo(100)}}});
    recorder.record(m_state, {"buddyinfo"});
    tick(recorder, 1764107280.2, 101);
    recorder.disconnected("agent closed the connection");
    recorder.disconnected("cannot connect: Connection refused"); // failed retries do not move the gap

    recorder.connected("db-07");
    m_state = protocol::SourceSet();
    m_state.apply(protocol::Snapshot {1, {{"buddyinfo", 1764107285.0, buddyinfo(90)}}});
    recorder.record(m_state, {"buddyinfo"});
    std::string error;
    ASSERT_TRUE(recorder.flush(error)) << error;

    const auto sessions = m_store->sessions();
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_EQ(sessions[0].source, "live 127.0.0.1:7411 buddyinfo, segment 1");
    EXPECT_EQ(sessions[0].snapshots, 2);
    EXPECT_EQ(sessions[1].source,
        "gap: connection lost after 2025-11-25T21:48:00.200Z (agent closed the connection); live 127.0.0.1:7411 "
        "buddyinfo, segment 2");
    EXPECT_EQ(sessions[1].snapshots, 1);
}

TEST_F(LiveRecorderTest, traceLinesBecomeAnFtraceSession)
{
    live::LiveRecorder recorder(*m_store, "127.0.0.1:7411");
    recorder.connected("db-07");
    recorder.events(protocol::Events {{"            bash-10148   [001] .....   549.589417: mm_page_alloc: "
                                       "page=00000000de210642 pfn=0x111519 order=0 migratetype=1 gfp_flags=GFP_KERNEL"},
        0});
    std::string error;
    ASSERT_TRUE(recorder.flush(error)) << error;
    const auto sessions = m_store->sessions();
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].format, "ftrace");
    EXPECT_EQ(sessions[0].events, 1);
}
