// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gbw::protocol {

// The version this code speaks. An agent announces the range it accepts; a client picks one.
inline constexpr std::uint32_t kProtocolVersion = 1;

// Capability names (strings, so a newer peer can add some without a version bump).
inline constexpr const char* kCapSnapshots = "snapshots"; // Snapshot and Delta messages
inline constexpr const char* kCapEvents = "events"; // trace_pipe lines in Events messages
inline constexpr const char* kCapSimulated = "simulated"; // the host is a simulation

enum class MessageType : std::uint8_t
{
    AgentHello = 1,
    ClientHello = 2,
    Welcome = 3,
    Reject = 4,
    Heartbeat = 5,
    Snapshot = 6,
    Delta = 7,
    Events = 8,
    Note = 9,
    Bye = 10,
};

// Agent → client, first message on a connection.
struct AgentHello
{
    std::uint32_t minVersion = kProtocolVersion;
    std::uint32_t maxVersion = kProtocolVersion;
    std::string agent; // "gigablock-agent 0.1.0"
    std::string host; // the host's name (or "sim:<preset>")
    std::vector<std::string> capabilities;
    std::string auth; // "none" or "hmac-sha256"
    std::string challenge; // 32 random bytes as 64 hex digits (also present without auth)
    std::uint32_t maxFrame = 0; // the largest payload the agent accepts
    std::uint32_t heartbeatMs = 0; // each side sends something at least this often

    bool operator==(const AgentHello&) const = default;
};

// Client → agent, the answer to AgentHello.
struct ClientHello
{
    std::uint32_t version = kProtocolVersion;
    std::string client; // "gigablock 0.1.0"
    std::vector<std::string> capabilities; // what it wants
    std::string nonce; // 32 random bytes as hex: the agent proves the token too
    std::string proof; // HMAC-SHA256 over authTranscript(Client, ...) as hex; empty without auth

    bool operator==(const ClientHello&) const = default;
};

// Agent → client: accepted. A full Snapshot follows.
struct Welcome
{
    std::uint32_t version = kProtocolVersion;
    std::uint64_t session = 0; // the agent's number for this connection (for its log)
    std::vector<std::string> capabilities; // what the agent will send
    std::string proof; // HMAC-SHA256 over authTranscript(Agent, ...) as hex; empty without auth
    std::uint32_t fullSyncMs = 0; // a Snapshot barrier comes at least this often

    bool operator==(const Welcome&) const = default;
};

// Either side: refused; the connection closes after it.
struct Reject
{
    std::string code; // "version", "auth", "busy", "protocol", "timeout", "slow"
    std::string reason; // for people

    bool operator==(const Reject&) const = default;
};

struct Heartbeat
{
    double time = 0; // sender's wall clock, epoch seconds

    bool operator==(const Heartbeat&) const = default;
};

// One /proc file (or a simulated equivalent) as text.
struct SourceText
{
    std::string name; // "buddyinfo", "pagetypeinfo", "zoneinfo", "vmstat", "gigablocks"
    double time = 0; // epoch seconds when it was read
    std::string text;

    bool operator==(const SourceText&) const = default;
};

// The whole state: sent on connect and as a periodic full-sync barrier. It replaces everything
// the client held.
struct Snapshot
{
    std::uint64_t seq = 0;
    std::vector<SourceText> sources;

    bool operator==(const Snapshot&) const = default;
};

struct LineChange
{
    std::uint32_t line = 0; // 0-based
    std::string text;

    bool operator==(const LineChange&) const = default;
};

// A new reading of one source: either the whole text (when its number of lines changed) or the
// lines that differ from the previous reading.
struct SourceDelta
{
    std::string name;
    double time = 0;
    std::uint32_t lineCount = 0; // lines after applying (text split at '\n')
    std::optional<std::string> text; // whole replacement
    std::vector<LineChange> changes; // ascending line numbers, when no text

    bool operator==(const SourceDelta&) const = default;
};

// The sources read at one sampling tick. `base` must be the seq the client holds.
struct Delta
{
    std::uint64_t seq = 0;
    std::uint64_t base = 0;
    std::vector<SourceDelta> sources;

    bool operator==(const Delta&) const = default;
};

// trace_pipe lines (kmem and compaction events) as the kernel printed them.
struct Events
{
    std::vector<std::string> lines;
    std::uint64_t lost = 0; // lines the agent dropped since the previous message

    bool operator==(const Events&) const = default;
};

// Something the client should show: a source skipped for lack of permission, tracing unavailable.
struct Note
{
    std::string source;
    std::string text;

    bool operator==(const Note&) const = default;
};

// Orderly goodbye (agent stopping, client done).
struct Bye
{
    std::string reason;

    bool operator==(const Bye&) const = default;
};

using Message = std::variant<AgentHello, ClientHello, Welcome, Reject, Heartbeat, Snapshot, Delta, Events, Note, Bye>;

MessageType messageType(const Message& message);
const char* messageTypeName(MessageType type);

} // namespace gbw::protocol
