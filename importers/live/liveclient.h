// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "live/endpoint.h"
#include "live/tokenauth.h"
#include "protocol/messages.h"
#include "protocol/sourceset.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gbw::live {

using Millis = std::chrono::milliseconds;

struct ClientOptions
{
    Endpoint agent;
    std::optional<TokenAuth> token;
    std::string clientName = "gigablock";
    Millis connectTimeout {3000};
    Millis minBackoff {100}; // first retry after a lost connection; doubles up to maxBackoff
    Millis maxBackoff {5000};
    Millis heartbeat {1000}; // the client's own heartbeats
    // No frame from the agent for this long is a lost connection. 0: three agent heartbeats,
    // at least 3 s.
    Millis silenceTimeout {0};
};

// What a LiveClient reports, on the thread that called run().
class LiveListener
{
public:
    virtual ~LiveListener() = default;
    virtual void connected(const protocol::AgentHello& /*hello*/, const protocol::Welcome& /*welcome*/) {}
    // After a Snapshot (`fullSync`) or a Delta: the whole state, and the sources just read.
    virtual void updated(
        const protocol::SourceSet& /*state*/, const std::vector<std::string>& /*changed*/, bool /*fullSync*/)
    {}
    virtual void events(const protocol::Events& /*events*/) {}
    virtual void note(const protocol::Note& /*note*/) {}
    // The connection ended; with `retrying` a reconnect follows after a back-off.
    virtual void disconnected(const std::string& /*reason*/, bool /*retrying*/) {}
};

// Attaches to a gigablock-agent (Boost.Asio, no Qt): hello, token proof both ways, then the
// snapshot and deltas into a SourceSet. Reconnects with exponential back-off when the agent
// restarts or the network drops; gives up only on a refusal that retrying cannot fix (wrong
// token, unsupported version, an agent that cannot prove the token).
class LiveClient
{
public:
    LiveClient(ClientOptions options, LiveListener& listener);
    ~LiveClient();

    // Runs until stop(), a permanent refusal, or `duration` (0: no limit). Returns why it
    // ended: empty when by duration or stop(), else the refusal.
    std::string run(Millis duration = Millis(0));
    // From any thread (or a signal handler's flag check): ends run() soon.
    void stop();

private:
    class Connection;
    ClientOptions m_options;
    LiveListener& m_listener;
    std::atomic<bool> m_stopRequested {false};
    std::unique_ptr<Connection> m_impl;
};

} // namespace gbw::live
