// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentserver.h"

#include "agentlog.h"

#include "protocol/authtranscript.h"
#include "protocol/codec.h"

#include <boost/asio/ip/address.hpp>

namespace gbw::agent {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

SharedFrame shared(std::string frame)
{
    return std::make_shared<const std::string>(std::move(frame));
}

} // namespace

AgentServer::AgentServer(asio::io_context& io, ServerSettings settings, HostSampler& sampler)
    : m_io(io)
    , m_settings(std::move(settings))
    , m_sampler(sampler)
    , m_acceptor(io)
    , m_tickTimer(io)
    , m_heartbeatTimer(io)
{
    m_health.startedAt = wallSeconds();
}

bool AgentServer::start(std::string& error)
{
    // A client that connects at once gets a full snapshot, not an empty one.
    std::vector<protocol::Note> notes;
    auto readings = m_sampler.sample(Clock::now(), notes);
    takeReadings(std::move(readings), std::move(notes));
    m_nextFullSync = Clock::now() + m_settings.fullSync;

    boost::system::error_code ec;
    // "localhost" is the one name accepted: it is what people type for loopback.
    const auto address
        = asio::ip::make_address(m_settings.listen.host == "localhost" ? "127.0.0.1" : m_settings.listen.host, ec);
    if (ec) {
        error = "--listen: '" + m_settings.listen.host + "' is not an IP address";
        return false;
    }
    const tcp::endpoint endpoint(address, m_settings.listen.port);
    if (m_acceptor.open(endpoint.protocol(), ec); !ec)
        m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(endpoint, ec);
    if (!ec)
        m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on " + m_settings.listen.toString() + ": " + ec.message();
        return false;
    }
    accept();
    scheduleTick();
    scheduleHeartbeat();
    return true;
}

std::uint16_t AgentServer::port() const
{
    boost::system::error_code ec;
    return m_acceptor.local_endpoint(ec).port();
}

void AgentServer::stop(const std::string& reason)
{
    if (m_stopping)
        return;
    m_stopping = true;
    logLine("stopping: " + reason);
    boost::system::error_code ec;
    m_acceptor.close(ec);
    m_tickTimer.cancel();
    m_heartbeatTimer.cancel();
    const auto bye = shared(protocol::encode(protocol::Bye {reason}));
    const auto sessions = m_sessions; // closing may erase from the map
    for (const auto& [id, session] : sessions) {
        session->send(bye);
        session->closeAfterWrites();
    }
}

protocol::AgentHello AgentServer::agentHello(const std::string& challenge) const
{
    protocol::AgentHello hello;
    hello.agent = m_settings.agentName;
    hello.host = m_sampler.hostName();
    hello.capabilities = capabilities();
    hello.auth = m_settings.token ? "hmac-sha256" : "none";
    hello.challenge = protocol::toHex(challenge);
    hello.maxFrame = protocol::kAgentMaxInboundPayload;
    hello.heartbeatMs = static_cast<std::uint32_t>(m_settings.heartbeat.count());
    return hello;
}

std::vector<std::string> AgentServer::capabilities() const
{
    std::vector<std::string> caps {protocol::kCapSnapshots};
    if (m_sampler.simulated())
        caps.emplace_back(protocol::kCapSimulated);
    if (m_eventsAvailable)
        caps.emplace_back(protocol::kCapEvents);
    return caps;
}

SharedFrame AgentServer::snapshotFrame()
{
    if (!m_snapshotFrame)
        m_snapshotFrame = shared(protocol::encode(m_state.snapshot()));
    return m_snapshotFrame;
}

void AgentServer::addNote(protocol::Note note)
{
    takeReadings({}, {std::move(note)});
}

void AgentServer::publishEvents(std::vector<std::string> lines, std::uint64_t lost)
{
    if (m_stopping)
        return;
    if (lost)
        logLine("trace: " + std::to_string(lost) + " events over the batch limit were dropped");
    broadcast(shared(protocol::encode(protocol::Events {std::move(lines), lost})));
}

void AgentServer::streamingStarted()
{
    ++m_health.clientsConnected;
}

void AgentServer::forget(std::uint64_t id, bool wasStreaming, const std::string& dropCode)
{
    if (m_sessions.erase(id) == 0)
        return;
    if (wasStreaming)
        --m_health.clientsConnected;
    if (!dropCode.empty())
        ++m_health.clientsDropped[dropCode];
}

void AgentServer::countSent(std::size_t bytes)
{
    m_health.bytesSent += bytes;
    ++m_health.framesSent;
}

void AgentServer::accept()
{
    m_acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || m_stopping)
            return;
        if (ec) {
            // Out of file descriptors and the like: say so, keep serving the others.
            logLine("accept failed: " + ec.message());
        } else {
            socket.set_option(tcp::no_delay(true), ec);
            ++m_health.clientsAccepted;
            auto session = std::make_shared<ClientSession>(*this, std::move(socket), m_nextId++);
            if (m_sessions.size() >= m_settings.maxClients) {
                ++m_health.clientsDropped["busy"];
                session->drop("busy", "too many clients (--max-clients " + std::to_string(m_settings.maxClients) + ")");
            } else {
                m_sessions.emplace(session->id(), session);
                session->start();
            }
        }
        accept();
    });
}

void AgentServer::scheduleTick()
{
    m_tickTimer.expires_at(m_sampler.nextDue());
    m_tickTimer.async_wait([this](boost::system::error_code ec) {
        if (!ec && !m_stopping)
            tick();
    });
}

void AgentServer::tick()
{
    const auto begin = Clock::now();
    std::vector<protocol::Note> notes;
    auto readings = m_sampler.sample(begin, notes);
    takeReadings(std::move(readings), std::move(notes));
    m_health.lastTickSeconds = std::chrono::duration<double>(Clock::now() - begin).count();
    ++m_health.ticks;
    scheduleTick();
}

void AgentServer::takeReadings(std::vector<Reading> readings, std::vector<protocol::Note> notes)
{
    for (auto& note : notes) {
        logLine("note: " + note.source + ": " + note.text);
        m_noteFrames.push_back(shared(protocol::encode(note)));
        broadcast(m_noteFrames.back());
    }
    if (readings.empty())
        return;
    protocol::Delta delta;
    delta.base = m_state.advance();
    delta.seq = m_state.seq();
    for (const auto& reading : readings)
        delta.sources.push_back(m_state.update(reading.name, reading.time, reading.text));
    m_snapshotFrame.reset();
    if (m_health.clientsConnected > 0) { // nobody to send it to: do not even encode it
        if (Clock::now() >= m_nextFullSync) {
            m_nextFullSync = Clock::now() + m_settings.fullSync;
            broadcast(snapshotFrame());
        } else {
            broadcast(shared(protocol::encode(delta)));
        }
    }
    // Parsing is for the metrics: after the send, so it does not delay the clients.
    for (const auto& reading : readings)
        m_parsed.take(reading);
}

void AgentServer::broadcast(const SharedFrame& frame)
{
    // A session dropped for a full queue leaves the map: iterate over a copy.
    const auto sessions = m_sessions;
    for (const auto& [id, session] : sessions) {
        if (session->streaming())
            session->send(frame);
    }
}

void AgentServer::scheduleHeartbeat()
{
    m_heartbeatTimer.expires_after(m_settings.heartbeat);
    m_heartbeatTimer.async_wait([this](boost::system::error_code ec) {
        if (ec || m_stopping)
            return;
        broadcast(shared(protocol::encode(protocol::Heartbeat {wallSeconds()})));
        scheduleHeartbeat();
    });
}

} // namespace gbw::agent
