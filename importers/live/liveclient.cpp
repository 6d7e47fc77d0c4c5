// SPDX-License-Identifier: GPL-3.0-or-later
#include "live/liveclient.h"

#include "protocol/authtranscript.h"
#include "protocol/codec.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <deque>

namespace gbw::live {

namespace asio = boost::asio;
using asio::ip::tcp;
using protocol::MessageType;

class LiveClient::Connection
{
public:
    explicit Connection(LiveClient& owner)
        : m_owner(owner)
        , m_options(owner.m_options)
        , m_socket(m_io)
        , m_resolver(m_io)
        , m_retryTimer(m_io)
        , m_heartbeatTimer(m_io)
        , m_watchdog(m_io)
        , m_endTimer(m_io)
        , m_stopPoll(m_io)
        , m_backoff(m_options.minBackoff)
    {}

    std::string run(Millis duration)
    {
        m_io.restart();
        connect();
        if (duration.count() > 0) {
            m_endTimer.expires_after(duration);
            m_endTimer.async_wait([this](boost::system::error_code ec) {
                if (!ec)
                    finish({});
            });
        }
        pollStop();
        m_io.run();
        return m_result;
    }

private:
    enum class Phase
    {
        Connecting,
        AwaitHello,
        AwaitWelcome,
        Streaming,
        Waiting, // between attempts
        Done
    };

    // Handlers of an older connection see another generation and do nothing.
    template<typename Handler>
    auto guarded(Handler handler)
    {
        return [this, generation = m_generation, handler = std::move(handler)](auto&&... args) {
            if (generation == m_generation && m_phase != Phase::Done)
                handler(std::forward<decltype(args)>(args)...);
        };
    }

    void connect()
    {
        ++m_generation;
        m_phase = Phase::Connecting;
        m_state = protocol::SourceSet();
        armWatchdog(
            m_options.connectTimeout, "no answer within " + std::to_string(m_options.connectTimeout.count()) + " ms");
        m_resolver.async_resolve(m_options.agent.host, std::to_string(m_options.agent.port),
            guarded([this](boost::system::error_code ec, const tcp::resolver::results_type& results) {
                if (ec) {
                    lost("cannot resolve " + m_options.agent.host + ": " + ec.message());
                    return;
                }
                asio::async_connect(
                    m_socket, results, guarded([this](boost::system::error_code ec2, const tcp::endpoint&) {
                        if (ec2) {
                            lost("cannot connect to " + m_options.agent.toString() + ": " + ec2.message());
                            return;
                        }
                        boost::system::error_code ignored;
                        m_socket.set_option(tcp::no_delay(true), ignored);
                        m_phase = Phase::AwaitHello;
                        readHeader();
                    }));
            }));
    }

    void readHeader()
    {
        asio::async_read(m_socket, asio::buffer(m_header), guarded([this](boost::system::error_code ec, std::size_t) {
            if (ec) {
                lost(ec == asio::error::eof ? "agent closed the connection" : "connection lost: " + ec.message());
                return;
            }
            std::string reason;
            const auto header = protocol::decodeFrameHeader(
                std::string_view(m_header.data(), m_header.size()), protocol::kClientMaxInboundPayload, reason);
            if (!header) {
                lost("bad frame from the agent: " + reason);
                return;
            }
            m_payload.resize(header->length);
            asio::async_read(m_socket, asio::buffer(m_payload),
                guarded([this, type = header->type](boost::system::error_code ec2, std::size_t) {
                    if (ec2) {
                        lost("connection lost inside a frame: " + ec2.message());
                        return;
                    }
                    const auto generation = m_generation;
                    handle(protocol::Frame {type, std::move(m_payload)});
                    if (generation == m_generation && m_phase != Phase::Done && m_phase != Phase::Waiting)
                        readHeader();
                }));
        }));
    }

    void handle(const protocol::Frame& frame)
    {
        auto decoded = protocol::decode(frame);
        if (!decoded.ok()) {
            lost("bad message from the agent: " + decoded.error);
            return;
        }
        if (m_phase == Phase::Streaming)
            armWatchdog(silenceTimeout(), "agent silent for " + std::to_string(silenceTimeout().count()) + " ms");
        std::visit([this](auto& message) { on(message); }, *decoded.message);
    }

    Millis silenceTimeout() const
    {
        if (m_options.silenceTimeout.count() > 0)
            return m_options.silenceTimeout;
        return std::max(Millis(3000), Millis(3 * static_cast<long long>(m_hello.heartbeatMs)));
    }

    void on(protocol::AgentHello& hello)
    {
        if (m_phase != Phase::AwaitHello)
            return lost("unexpected agent-hello");
        if (hello.minVersion > protocol::kProtocolVersion || hello.maxVersion < protocol::kProtocolVersion) {
            return fail("the agent speaks protocol versions " + std::to_string(hello.minVersion) + " to "
                + std::to_string(hello.maxVersion) + ", this client " + std::to_string(protocol::kProtocolVersion));
        }
        if (hello.auth == "hmac-sha256" && !m_options.token)
            return fail("the agent at " + m_options.agent.toString() + " requires a token (--token-file)");
        m_hello = hello;
        m_challenge = protocol::fromHex(hello.challenge).value_or(std::string());
        m_nonce = TokenAuth::randomBytes(32);
        protocol::ClientHello answer;
        answer.client = m_options.clientName;
        answer.capabilities = {protocol::kCapSnapshots, protocol::kCapEvents};
        answer.nonce = protocol::toHex(m_nonce);
        if (m_options.token && hello.auth == "hmac-sha256") {
            answer.proof = protocol::toHex(
                m_options.token->proof(protocol::authTranscript(protocol::AuthRole::Client, m_challenge, m_nonce)));
        }
        m_phase = Phase::AwaitWelcome;
        send(answer);
    }

    void on(protocol::Welcome& welcome)
    {
        if (m_phase != Phase::AwaitWelcome)
            return lost("unexpected welcome");
        if (m_hello.auth == "hmac-sha256") {
            const auto proof = protocol::fromHex(welcome.proof);
            if (!proof
                || !m_options.token->verify(
                    protocol::authTranscript(protocol::AuthRole::Agent, m_challenge, m_nonce), *proof))
                return fail("the agent could not prove it knows the token: wrong agent or wrong token file");
        }
        m_phase = Phase::Streaming;
        m_backoff = m_options.minBackoff;
        armWatchdog(silenceTimeout(), "agent silent for " + std::to_string(silenceTimeout().count()) + " ms");
        scheduleHeartbeat();
        m_owner.m_listener.connected(m_hello, welcome);
    }

    void on(protocol::Reject& reject)
    {
        const std::string why = "the agent refused: " + reject.reason + " (" + reject.code + ")";
        if (reject.code == "auth" || reject.code == "version")
            return fail(why);
        lost(why);
    }

    void on(protocol::Snapshot& snapshot)
    {
        if (m_phase != Phase::Streaming)
            return lost("snapshot before welcome");
        std::vector<std::string> names;
        for (const auto& source : snapshot.sources)
            names.push_back(source.name);
        m_state.apply(snapshot);
        m_owner.m_listener.updated(m_state, names, true);
    }

    void on(protocol::Delta& delta)
    {
        if (m_phase != Phase::Streaming)
            return lost("delta before welcome");
        std::string reason;
        // Out of step (a lost frame cannot happen on TCP, but a buggy agent can): a reconnect
        // brings a fresh snapshot.
        if (!m_state.apply(delta, reason))
            return lost("out of step with the agent: " + reason);
        std::vector<std::string> names;
        for (const auto& source : delta.sources)
            names.push_back(source.name);
        m_owner.m_listener.updated(m_state, names, false);
    }

    void on(protocol::Events& events)
    {
        m_owner.m_listener.events(events);
    }
    void on(protocol::Note& note)
    {
        m_owner.m_listener.note(note);
    }
    void on(protocol::Heartbeat&) {}
    void on(protocol::Bye& bye)
    {
        lost("the agent said goodbye: " + bye.reason);
    }
    void on(protocol::ClientHello&)
    {
        lost("unexpected client-hello from the agent");
    }

    void send(const protocol::Message& message)
    {
        m_queue.push_back(protocol::encode(message));
        if (m_queue.size() == 1)
            writeNext();
    }

    void writeNext()
    {
        asio::async_write(
            m_socket, asio::buffer(m_queue.front()), guarded([this](boost::system::error_code ec, std::size_t) {
                if (ec) {
                    lost("cannot send to the agent: " + ec.message());
                    return;
                }
                m_queue.pop_front();
                if (!m_queue.empty())
                    writeNext();
            }));
    }

    void scheduleHeartbeat()
    {
        m_heartbeatTimer.expires_after(m_options.heartbeat);
        m_heartbeatTimer.async_wait(guarded([this](boost::system::error_code ec) {
            if (ec || m_phase != Phase::Streaming)
                return;
            send(protocol::Heartbeat {
                std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count()});
            scheduleHeartbeat();
        }));
    }

    void armWatchdog(Millis after, std::string reason)
    {
        m_watchdog.expires_after(after);
        m_watchdog.async_wait(guarded([this, reason = std::move(reason)](boost::system::error_code ec) {
            if (!ec)
                lost(reason);
        }));
    }

    void closeSocket()
    {
        ++m_generation; // every pending handler of this connection is now stale
        boost::system::error_code ignored;
        m_resolver.cancel();
        m_socket.shutdown(tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
        m_socket = tcp::socket(m_io);
        m_queue.clear();
        m_heartbeatTimer.cancel();
        m_watchdog.cancel();
    }

    void lost(const std::string& reason)
    {
        closeSocket();
        m_phase = Phase::Waiting;
        m_owner.m_listener.disconnected(reason, true);
        m_retryTimer.expires_after(m_backoff);
        m_backoff = std::min(m_options.maxBackoff, m_backoff * 2);
        m_retryTimer.async_wait([this](boost::system::error_code ec) {
            if (!ec && m_phase == Phase::Waiting)
                connect();
        });
    }

    void fail(const std::string& reason)
    {
        closeSocket();
        m_owner.m_listener.disconnected(reason, false);
        finish(reason);
    }

    void finish(const std::string& result)
    {
        if (m_phase == Phase::Done)
            return;
        m_result = result;
        closeSocket();
        m_phase = Phase::Done;
        m_io.stop();
    }

    void pollStop()
    {
        // stop() may come from a signal handler: it only sets a flag, looked at here.
        m_stopPoll.expires_after(Millis(50));
        m_stopPoll.async_wait([this](boost::system::error_code ec) {
            if (ec)
                return;
            if (m_owner.m_stopRequested)
                finish({});
            else
                pollStop();
        });
    }

    LiveClient& m_owner;
    const ClientOptions& m_options;
    asio::io_context m_io {1};
    tcp::socket m_socket;
    tcp::resolver m_resolver;
    asio::steady_timer m_retryTimer;
    asio::steady_timer m_heartbeatTimer;
    asio::steady_timer m_watchdog;
    asio::steady_timer m_endTimer;
    asio::steady_timer m_stopPoll;
    Millis m_backoff;
    std::uint64_t m_generation = 0;
    Phase m_phase = Phase::Connecting;
    std::array<char, protocol::kFrameHeaderSize> m_header {};
    std::string m_payload;
    std::deque<std::string> m_queue;
    protocol::AgentHello m_hello;
    std::string m_challenge;
    std::string m_nonce;
    protocol::SourceSet m_state;
    std::string m_result;
};

LiveClient::LiveClient(ClientOptions options, LiveListener& listener)
    : m_options(std::move(options))
    , m_listener(listener)
{}

LiveClient::~LiveClient() = default;

std::string LiveClient::run(Millis duration)
{
    m_impl = std::make_unique<Connection>(*this);
    return m_impl->run(duration);
}

void LiveClient::stop()
{
    m_stopRequested = true;
}

} // namespace gbw::live
