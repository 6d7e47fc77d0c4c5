// SPDX-License-Identifier: GPL-3.0-or-later
// The agent is killed (SIGKILL) and restarted on the same port while `gigablock attach --db`
// records: the client reconnects by itself and the recording is two clean segments, the second
// marked as following a gap, with nothing lost or mixed within either.
#include "agentprocess.h"

#include "importers/sqlitestore.h"

#include <gtest/gtest.h>

using namespace gbwtest;

TEST(AgentRestart, clientReconnectsAndTheRecordingHasAGapMarker)
{
    const auto dir = scratchDir("restart");
    const std::vector<std::string> simulate {"--simulate", "network", "--host", "4G", "--vmstat-interval", "200ms"};
    auto first = std::make_unique<AgentProcess>(dir, "first");
    ASSERT_TRUE(first->start(simulate)) << first->log();
    const auto port = first->port();

    const auto db = dir / "live.db";
    ChildProcess attach;
    ASSERT_TRUE(attach.start(GBW_CLI_BINARY,
        {"attach", "127.0.0.1:" + std::to_string(port), "--duration", "9s", "--db", db.string()}, dir / "attach.out",
        dir / "attach.err"));
    const auto output = [&] { return readFile(dir / "attach.out"); };
    auto waitForOutput = [&](const std::string& text, int count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            const auto out = output();
            int seen = 0;
            for (auto at = out.find(text); at != std::string::npos; at = out.find(text, at + 1))
                ++seen;
            if (seen >= count)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };
    ASSERT_TRUE(waitForOutput("buddyinfo: ", 5)) << output();

    first->process().kill(SIGKILL);
    ASSERT_TRUE(waitForOutput("connection lost: ", 1)) << output();
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // a few failed attempts in between
    AgentProcess second(dir, "second");
    ASSERT_TRUE(second.start(simulate, port)) << second.log();
    ASSERT_TRUE(waitForOutput("connected to ", 2)) << output();

    ASSERT_EQ(attach.wait(), 0) << output() << readFile(dir / "attach.err");

    std::string error;
    auto store = gbw::importers::SqliteStore::openExisting(db.string(), error);
    ASSERT_TRUE(store) << error;
    std::vector<gbw::importers::StoredSession> before, after;
    for (const auto& session : store->sessions()) {
        EXPECT_EQ(session.skippedLines, 0) << session.source;
        EXPECT_GT(session.snapshots, 0) << session.source;
        EXPECT_EQ(session.host, "sim:network/vanilla/4G");
        if (session.format != "buddyinfo")
            continue;
        (session.source.rfind("gap: connection lost after ", 0) == 0 ? after : before).push_back(session);
    }
    ASSERT_EQ(before.size(), 1u) << output();
    ASSERT_EQ(after.size(), 1u) << output();
    EXPECT_NE(before[0].source.find("segment 1"), std::string::npos) << before[0].source;
    EXPECT_NE(after[0].source.find("segment 2"), std::string::npos) << after[0].source;

    // Readings keep their times: every one after the gap is later than every one before it.
    double lastBefore = 0, firstAfter = 1e300;
    for (const auto& snapshot : store->snapshots("buddyinfo")) {
        ASSERT_TRUE(snapshot.takenAt);
        if (snapshot.sessionId == before[0].id)
            lastBefore = std::max(lastBefore, *snapshot.takenAt);
        else if (snapshot.sessionId == after[0].id)
            firstAfter = std::min(firstAfter, *snapshot.takenAt);
    }
    EXPECT_LT(lastBefore, firstAfter);
    EXPECT_GT(firstAfter - lastBefore, 0.4) << "the gap spans the time the agent was down";
    std::filesystem::remove_all(dir);
}
