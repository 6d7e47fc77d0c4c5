// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agenthealth.h"
#include "clientsession.h"
#include "hostsampler.h"
#include "parsedhost.h"

#include "live/endpoint.h"
#include "live/tokenauth.h"
#include "protocol/sourceset.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <optional>
#include <vector>

namespace gbw::agent {

struct ServerSettings
{
    live::Endpoint listen;
    std::optional<live::TokenAuth> token;
    std::size_t maxClients = 256;
    Millis heartbeat {1000};
    Millis handshakeTimeout {5000};
    Millis idleTimeout {10000};
    Millis fullSync {10000};
    std::size_t maxQueuedBytes = 8 * 1024 * 1024;
    std::string agentName;
};

// Accepts clients, samples the host on a timer and broadcasts one encoded frame per tick to every
// streaming client: a Delta, or every fullSync a whole Snapshot (the barrier). Single-threaded:
// everything runs on the io_context's thread.
class AgentServer
{
public:
    AgentServer(boost::asio::io_context& io, ServerSettings settings, HostSampler& sampler);

    // Takes the first reading and binds. On failure returns false with `error` set.
    bool start(std::string& error);
    std::uint16_t port() const;
    // Says Bye to every client and stops accepting; the io_context runs out once they are written.
    void stop(const std::string& reason);

    const ServerSettings& settings() const
    {
        return m_settings;
    }
    const AgentHealth& health() const
    {
        return m_health;
    }
    const ParsedHost& parsed() const
    {
        return m_parsed;
    }
    bool simulated() const
    {
        return m_sampler.simulated();
    }

    // A note for every client, now and on connect (e.g. why there are no trace events).
    void addNote(protocol::Note note);
    // Trace lines from the TraceReader, broadcast as one Events message.
    void publishEvents(std::vector<std::string> lines, std::uint64_t lost);
    void setEventsAvailable(bool available)
    {
        m_eventsAvailable = available;
    }

    // For ClientSession.
    protocol::AgentHello agentHello(const std::string& challenge) const;
    std::vector<std::string> capabilities() const;
    SharedFrame snapshotFrame();
    const std::vector<SharedFrame>& noteFrames() const
    {
        return m_noteFrames;
    }
    void streamingStarted();
    void forget(std::uint64_t id, bool wasStreaming, const std::string& dropCode);
    void countSent(std::size_t bytes);

private:
    void accept();
    void scheduleTick();
    void tick();
    void takeReadings(std::vector<Reading> readings, std::vector<protocol::Note> notes);
    void broadcast(const SharedFrame& frame);
    void scheduleHeartbeat();

    boost::asio::io_context& m_io;
    ServerSettings m_settings;
    HostSampler& m_sampler;
    boost::asio::ip::tcp::acceptor m_acceptor;
    boost::asio::steady_timer m_tickTimer;
    boost::asio::steady_timer m_heartbeatTimer;
    std::map<std::uint64_t, std::shared_ptr<ClientSession>> m_sessions;
    std::uint64_t m_nextId = 1;
    protocol::SourceSet m_state;
    ParsedHost m_parsed;
    SharedFrame m_snapshotFrame; // encoded m_state.snapshot(), until the state changes
    std::vector<SharedFrame> m_noteFrames;
    Clock::time_point m_nextFullSync;
    AgentHealth m_health;
    bool m_stopping = false;
    bool m_eventsAvailable = false;
};

} // namespace gbw::agent
