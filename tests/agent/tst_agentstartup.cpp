// SPDX-License-Identifier: GPL-3.0-or-later
// What the agent refuses before it serves anyone, and the slow-client limit.
#include "agentprocess.h"
#include "httpget.h"
#include "rawclient.h"

#include <gtest/gtest.h>

using namespace gbwtest;
using namespace gbw::protocol;

namespace {

struct Run
{
    int status = 0;
    std::string out, err;
};

Run runAgent(const std::filesystem::path& dir, const std::vector<std::string>& args)
{
    ChildProcess agent;
    EXPECT_TRUE(agent.start(GBW_AGENT_BINARY, args, dir / "out", dir / "err"));
    // Refusals exit at once; anything that starts to serve is stopped after a moment.
    for (int i = 0; i < 80 && ::kill(agent.pid(), 0) == 0; ++i) {
        int status = 0;
        if (::waitpid(agent.pid(), &status, WNOHANG) == agent.pid()) {
            Run run {WIFEXITED(status) ? WEXITSTATUS(status) : -1, readFile(dir / "out"), readFile(dir / "err")};
            return run;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    agent.kill(SIGTERM);
    return {-SIGTERM, readFile(dir / "out"), readFile(dir / "err")};
}

} // namespace

TEST(AgentStartup, nonLoopbackWithoutATokenIsRefused)
{
    const auto dir = scratchDir("startup1");
    const auto run = runAgent(dir, {"--listen", "0.0.0.0:0", "--simulate", "network", "--host", "4G"});
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(
        run.err.find("--listen 0.0.0.0:0 is not a loopback address, and no --token-file was given"), std::string::npos)
        << run.err;
    std::filesystem::remove_all(dir);
}

TEST(AgentStartup, nonLoopbackMetricsWithoutATokenIsRefused)
{
    const auto dir = scratchDir("startup2");
    const auto run = runAgent(dir, {"--listen", "127.0.0.1:0", "--metrics", "[::]:0"});
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("--metrics [::]:0 is not a loopback address"), std::string::npos) << run.err;
    std::filesystem::remove_all(dir);
}

TEST(AgentStartup, shortTokenIsRefused)
{
    const auto dir = scratchDir("startup3");
    std::ofstream(dir / "token") << "short\n";
    const auto run = runAgent(dir, {"--listen", "0.0.0.0:0", "--token-file", (dir / "token").string()});
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("token is 5 bytes, need at least 16"), std::string::npos) << run.err;
    std::filesystem::remove_all(dir);
}

TEST(AgentStartup, nonLoopbackWithATokenServes)
{
    const auto dir = scratchDir("startup4");
    std::ofstream(dir / "token") << "0123456789abcdef0123456789abcdef\n";
    ::chmod((dir / "token").c_str(), 0600);
    const auto run = runAgent(dir,
        {"--listen", "0.0.0.0:0", "--token-file", (dir / "token").string(), "--simulate", "network", "--host", "4G"});
    EXPECT_EQ(run.status, -SIGTERM) << run.err; // still serving when stopped
    EXPECT_NE(run.out.find("(token required)"), std::string::npos) << run.out;
    std::filesystem::remove_all(dir);
}

TEST(AgentStartup, clientThatDoesNotReadIsDroppedAsSlow)
{
    const auto dir = scratchDir("slow");
    AgentProcess agent(dir);
    // Every tick a whole snapshot, 100 times a second, and a 64 KiB queue.
    ASSERT_TRUE(agent.start({"--simulate", "network", "--host", "4G", "--max-queue", "65536", "--full-sync", "10ms",
        "--buddyinfo-interval", "10ms", "--idle-timeout", "60s"}))
        << agent.log();
    RawClient client(agent.port(), 4096);
    ASSERT_TRUE(client.receiveA<AgentHello>());
    ClientHello hello;
    hello.client = "never-reads";
    hello.nonce = std::string(64, '2');
    client.send(encode(hello));
    EXPECT_TRUE(agent.waitForLog(") dropped: client too slow: ", std::chrono::seconds(50))) << agent.log();
    std::filesystem::remove_all(dir);
}

TEST(AgentStartup, metricsNeedTheTokenWhenTheAgentHasOne)
{
    const auto dir = scratchDir("metrics");
    const std::string token = "0123456789abcdef0123456789abcdef";
    std::ofstream(dir / "token") << token << '\n';
    AgentProcess agent(dir);
    ASSERT_TRUE(agent.start({"--token-file", (dir / "token").string(), "--metrics", "127.0.0.1:0"})) << agent.log();
    EXPECT_NE(httpGet(agent.metricsPort(), "/metrics").find("401 Unauthorized"), std::string::npos);
    EXPECT_NE(httpGet(agent.metricsPort(), "/metrics", "Authorization: Bearer wrong-token-wrong-token\r\n")
                  .find("401 Unauthorized"),
        std::string::npos);
    const auto ok = httpGet(agent.metricsPort(), "/metrics", "Authorization: Bearer " + token + "\r\n");
    EXPECT_NE(ok.find("200 OK"), std::string::npos) << ok;
    // This machine's own free pages, per node, zone and order, from /proc/buddyinfo.
    EXPECT_NE(ok.find("\ngigablock_buddy_free_pages{node=\"0\",zone=\""), std::string::npos) << ok;
    EXPECT_NE(ok.find("gigablock_agent_up 1"), std::string::npos);
    std::filesystem::remove_all(dir);
}
