// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/authtranscript.h"
#include "protocol/codec.h"

#include <gtest/gtest.h>

using namespace gbw::protocol;

namespace {

const std::string hex64(64, 'a');

// One filled-in example of every message type, each field away from its default.
std::vector<Message> examples()
{
    return {
        AgentHello {1, 2, "gigablock-agent 0.1.0", "db-07", {"snapshots", "events"}, "hmac-sha256", hex64, 65536, 1000},
        ClientHello {1, "gigablock 0.1.0", {"snapshots"}, hex64, std::string(64, 'b')},
        Welcome {1, 42, {"snapshots"}, std::string(64, 'c'), 10000},
        Reject {"auth", "wrong token"},
        Heartbeat {1764107280.125},
        Snapshot {9, {{"buddyinfo", 1764107280.5, "Node 0, zone DMA 1 \n"}, {"vmstat", 1764107280.25, "a 1\n"}}},
        Delta {10, 9,
            {{"buddyinfo", 1764107280.75, 2, std::nullopt, {{0, "Node 0, zone DMA 2 "}}},
                {"vmstat", 1764107280.75, 3, std::string("a 1\nb 2\n"), {}}}},
        Events {{"  kcompactd0-42 [001] ..... 12.5: mm_compaction_begin: zone_start=0x1000"}, 3},
        Note {"pagetypeinfo", "not readable (root only since Linux 5.6); skipped"},
        Bye {"agent stopping"},
    };
}

DecodeResult decodeBytes(const std::string& bytes)
{
    FrameDecoder decoder(kClientMaxInboundPayload);
    decoder.feed(bytes);
    Frame frame;
    EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::Ready) << decoder.error();
    return decode(frame);
}

std::string rejectReason(std::uint8_t type, const std::string& payload)
{
    const auto result = decode(Frame {type, payload});
    EXPECT_FALSE(result.ok());
    return result.error;
}

} // namespace

TEST(ProtocolCodec, everyMessageTypeRoundTrips)
{
    const auto all = examples();
    ASSERT_EQ(all.size(), std::variant_size_v<Message>);
    for (const auto& message : all) {
        const auto result = decodeBytes(encode(message));
        ASSERT_TRUE(result.ok()) << result.error;
        EXPECT_EQ(*result.message, message) << messageTypeName(messageType(message));
    }
}

TEST(ProtocolCodec, typeByteFollowsTheVariant)
{
    EXPECT_EQ(static_cast<int>(messageType(Bye {})), 10);
    EXPECT_EQ(encode(Heartbeat {1.0})[2], 5);
    EXPECT_STREQ(messageTypeName(MessageType::ClientHello), "client-hello");
}

TEST(ProtocolCodec, nonUtf8TextIsReplacedNotThrown)
{
    const auto result = decodeBytes(encode(Note {"trace", std::string("comm \xff\xfe")}));
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(std::get<Note>(*result.message).text, "comm \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(ProtocolCodec, unknownFieldsAreIgnored)
{
    const auto result = decode(Frame {5, R"({"time": 3.5, "from_the_future": [1, 2]})"});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(std::get<Heartbeat>(*result.message).time, 3.5);
}

TEST(ProtocolCodec, malformedPayloadsAreRejectedWithAReason)
{
    EXPECT_EQ(rejectReason(0, "{}"), "unknown message type 0");
    EXPECT_EQ(rejectReason(11, "{}"), "unknown message type 11");
    EXPECT_EQ(rejectReason(5, "{\"time\": 1"), "heartbeat: payload is not a JSON object");
    EXPECT_EQ(rejectReason(5, "[1]"), "heartbeat: payload is not a JSON object");
    EXPECT_EQ(rejectReason(5, "{}"), "heartbeat: missing field 'time'");
    EXPECT_EQ(rejectReason(5, R"({"time": "now"})"), "heartbeat: field 'time' must be a number");
    EXPECT_EQ(rejectReason(5, R"({"time": -1})"), "heartbeat: field 'time' must be a time in epoch seconds");
    EXPECT_EQ(rejectReason(2, R"({"version": -1, "client": "x", "capabilities": [], "nonce": "aa", "proof": ""})"),
        "client-hello: field 'version' must be an unsigned integer");
    EXPECT_EQ(rejectReason(2, R"({"version": 1, "client": "x", "capabilities": [1], "nonce": "aa", "proof": ""})"),
        "client-hello: field 'capabilities' must be an array of strings");
    EXPECT_EQ(rejectReason(2, R"({"version": 1, "client": "x", "capabilities": [], "nonce": "AZ", "proof": ""})"),
        "client-hello: field 'nonce' must be lower-case hex");
    EXPECT_EQ(
        rejectReason(2, R"({"version": 4294967296, "client": "x", "capabilities": [], "nonce": "aa", "proof": ""})"),
        "client-hello: field 'version' is 4294967296, over 4294967295");
}

TEST(ProtocolCodec, agentHelloNeedsAKnownAuthAndAVersionRange)
{
    auto hello = examples()[0];
    std::get<AgentHello>(hello).auth = "plaintext";
    EXPECT_EQ(
        decodeBytes(encode(hello)).error, "agent-hello: field 'auth' is 'plaintext', expected 'none' or 'hmac-sha256'");
    hello = examples()[0];
    std::get<AgentHello>(hello).minVersion = 3;
    EXPECT_EQ(decodeBytes(encode(hello)).error, "agent-hello: version range 3..2 is empty");
}

TEST(ProtocolCodec, deltaLinesMustBeInRangeAndAscending)
{
    EXPECT_EQ(rejectReason(7,
                  R"({"seq": 2, "base": 1, "sources": [{"name": "b", "time": 1, "lines": 2, "changes": [[2, "x"]]}]})"),
        "delta: change of line 2 in a text of 2 lines");
    EXPECT_EQ(
        rejectReason(7,
            R"({"seq": 2, "base": 1, "sources": [{"name": "b", "time": 1, "lines": 3, "changes": [[1, "x"], [1, "y"]]}]})"),
        "delta: changes must be in ascending line order");
    EXPECT_EQ(
        rejectReason(7, R"({"seq": 2, "base": 1, "sources": [{"name": "b", "time": 1, "lines": 0, "changes": []}]})"),
        "delta: source 'b' has 0 lines (an empty text is 1 empty line)");
    EXPECT_EQ(rejectReason(7, R"({"seq": 2, "base": 1, "sources": [7]})"), "delta: items of 'sources' must be objects");
    EXPECT_EQ(
        rejectReason(
            7, R"({"seq": 2, "base": 1, "sources": [{"name": "b", "time": 1, "lines": 1, "changes": [["0", "x"]]}]})"),
        "delta: items of 'changes' must be [line, text] pairs");
}

TEST(ProtocolCodec, everyTruncationOfEveryMessageIsRejected)
{
    for (const auto& message : examples()) {
        const std::string payload = encodePayload(message);
        const auto type = static_cast<std::uint8_t>(messageType(message));
        for (std::size_t n = 0; n < payload.size(); ++n)
            EXPECT_FALSE(decode(Frame {type, payload.substr(0, n)}).ok()) << payload.substr(0, n);
    }
}

TEST(ProtocolCodec, authTranscriptsDifferByRoleAndBindBothRandoms)
{
    const std::string challenge(32, '\x01'), nonce(32, '\x02');
    const auto client = authTranscript(AuthRole::Client, challenge, nonce);
    const auto agent = authTranscript(AuthRole::Agent, challenge, nonce);
    EXPECT_NE(client, agent);
    EXPECT_EQ(client, std::string("gigablock-live/1 client") + '\0' + challenge + nonce);
    EXPECT_EQ(agent, std::string("gigablock-live/1 agent") + '\0' + nonce + challenge);
    EXPECT_NE(client, authTranscript(AuthRole::Client, nonce, challenge));
}

TEST(ProtocolCodec, hexRoundTripsAndRejectsOddOrUpperCase)
{
    const std::string bytes("\x00\x7f\xff\x10", 4);
    EXPECT_EQ(toHex(bytes), "007fff10");
    EXPECT_EQ(fromHex("007fff10"), bytes);
    EXPECT_FALSE(fromHex("abc"));
    EXPECT_FALSE(fromHex("AB"));
    EXPECT_FALSE(fromHex("zz"));
}
