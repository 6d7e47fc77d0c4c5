// SPDX-License-Identifier: GPL-3.0-or-later
// Misbehaving clients on loopback: each is dropped with a logged reason (and told why), while a
// well-behaved client keeps streaming throughout.
#include "agentprocess.h"
#include "livecounter.h"
#include "rawclient.h"

#include "live/tokenauth.h"
#include "protocol/authtranscript.h"

#include <gtest/gtest.h>

using namespace gbwtest;
using namespace gbw::protocol;

namespace {

const std::string token = "0123456789abcdef0123456789abcdef";

class AgentFaults : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = scratchDir("faults");
        std::ofstream(m_dir / "token") << token << '\n';
        m_agent = std::make_unique<AgentProcess>(m_dir);
        ASSERT_TRUE(m_agent->start({"--simulate", "kernel-build", "--host", "4G", "--token-file",
            (m_dir / "token").string(), "--handshake-timeout", "1s", "--idle-timeout", "3s", "--heartbeat", "500ms"}))
            << m_agent->log();
        m_good = std::make_unique<LiveCounter>(m_agent->port(), gbw::live::TokenAuth(token));
        ASSERT_TRUE(LiveCounter::waitFor(m_good->updates, 3)) << m_agent->log();
    }

    void TearDown() override
    {
        // The good client streamed through every fault, without a single reconnect.
        const int before = m_good->updates;
        EXPECT_TRUE(LiveCounter::waitFor(m_good->updates, before + 2)) << m_agent->log();
        EXPECT_EQ(m_good->disconnects, 0) << m_good->lastDisconnect();
        EXPECT_EQ(m_good->connects, 1);
        m_good->stop();
        std::filesystem::remove_all(m_dir);
    }

    // Reads the agent's hello, as every client must first.
    AgentHello hello(RawClient& client)
    {
        auto hello = client.receiveA<AgentHello>();
        EXPECT_TRUE(hello);
        return hello.value_or(AgentHello {});
    }

    // The client is told why, the agent closes, and the log says why too.
    void expectDropped(RawClient& client, const std::string& code, const std::string& reason)
    {
        auto reject = client.receiveA<Reject>();
        ASSERT_TRUE(reject) << m_agent->log();
        EXPECT_EQ(reject->code, code);
        EXPECT_NE(reject->reason.find(reason), std::string::npos) << reject->reason;
        EXPECT_TRUE(client.closedByPeer());
        EXPECT_TRUE(m_agent->waitForLog(") dropped: " + reject->reason)) << m_agent->log();
    }

    ClientHello signedHello(const AgentHello& agentHello, const std::string& withToken)
    {
        const std::string nonce(32, '\x05');
        ClientHello answer;
        answer.client = "test";
        answer.nonce = toHex(nonce);
        const auto proof = gbw::live::TokenAuth(withToken).proof(
            authTranscript(AuthRole::Client, fromHex(agentHello.challenge).value(), nonce));
        answer.proof = toHex(proof);
        return answer;
    }

    std::filesystem::path m_dir;
    std::unique_ptr<AgentProcess> m_agent;
    std::unique_ptr<LiveCounter> m_good;
};

} // namespace

TEST_F(AgentFaults, garbageIsDropped)
{
    RawClient client(m_agent->port());
    hello(client);
    client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    expectDropped(client, "protocol", "not a gigablock frame (bad magic)");
}

TEST_F(AgentFaults, oversizedFrameIsDroppedBeforeItsPayload)
{
    RawClient client(m_agent->port());
    hello(client);
    // Only the header: the agent must not wait for (or allocate) the 100 MB it announces.
    client.send(encodeFrame(2, std::string()).substr(0, 4) + std::string("\x06\x00\x00\x00", 4));
    expectDropped(client, "protocol", "oversized frame: 100663296 bytes, limit 65536");
}

TEST_F(AgentFaults, malformedHelloIsDropped)
{
    RawClient client(m_agent->port());
    hello(client);
    client.send(encodeFrame(2, R"({"version": 1})"));
    expectDropped(client, "protocol", "client-hello: missing field 'client'");
}

TEST_F(AgentFaults, wrongVersionIsDropped)
{
    RawClient client(m_agent->port());
    auto answer = signedHello(hello(client), token);
    answer.version = 2;
    client.send(encode(answer));
    expectDropped(client, "version", "protocol version 2 is not supported");
}

TEST_F(AgentFaults, wrongTokenIsDropped)
{
    RawClient client(m_agent->port());
    client.send(encode(signedHello(hello(client), "not-the-token-but-long-enough")));
    expectDropped(client, "auth", "wrong token");
}

TEST_F(AgentFaults, missingTokenIsDropped)
{
    RawClient client(m_agent->port());
    auto answer = signedHello(hello(client), token);
    answer.proof.clear();
    client.send(encode(answer));
    expectDropped(client, "auth", "needs a token");
}

TEST_F(AgentFaults, silentClientIsDroppedAfterTheHandshakeTimeout)
{
    RawClient client(m_agent->port());
    hello(client);
    expectDropped(client, "timeout", "no hello within 1000 ms");
}

TEST_F(AgentFaults, clientSilentAfterHelloIsDroppedAfterTheIdleTimeout)
{
    RawClient client(m_agent->port());
    client.send(encode(signedHello(hello(client), token)));
    ASSERT_TRUE(client.receiveA<Welcome>());
    ASSERT_TRUE(client.receiveA<Snapshot>());
    expectDropped(client, "timeout", "silent for 3000 ms");
}

TEST_F(AgentFaults, rightTokenStreamsAndTheAgentProvesTheTokenToo)
{
    RawClient client(m_agent->port());
    const auto agentHello = hello(client);
    EXPECT_EQ(agentHello.auth, "hmac-sha256");
    const auto answer = signedHello(agentHello, token);
    client.send(encode(answer));
    auto welcome = client.receiveA<Welcome>();
    ASSERT_TRUE(welcome);
    const auto expected = gbw::live::TokenAuth(token).proof(
        authTranscript(AuthRole::Agent, fromHex(agentHello.challenge).value(), fromHex(answer.nonce).value()));
    EXPECT_EQ(welcome->proof, toHex(expected));
    auto snapshot = client.receiveA<Snapshot>();
    ASSERT_TRUE(snapshot);
    ASSERT_FALSE(snapshot->sources.empty());
    EXPECT_TRUE(client.receiveA<Delta>());
}

TEST_F(AgentFaults, clientsCannotAskTheAgentForAnything)
{
    RawClient client(m_agent->port());
    client.send(encode(signedHello(hello(client), token)));
    ASSERT_TRUE(client.receiveA<Welcome>());
    // A Snapshot from a client would be a request to change state: refused.
    client.send(encode(Snapshot {1, {{"buddyinfo", 1.0, "x"}}}));
    expectDropped(client, "protocol", "unexpected snapshot from a client");
}
