// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/frame.h"
#include "protocol/messages.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <deque>
#include <memory>
#include <string>

namespace gbw::agent {

class AgentServer;
using SharedFrame = std::shared_ptr<const std::string>;

// One client connection: hello and token check, then the stream. Anything unexpected (garbage,
// an oversized frame, a wrong version or token, silence past the timeout, a full send queue)
// drops this client with a logged reason; the others are not affected.
class ClientSession : public std::enable_shared_from_this<ClientSession>
{
public:
    ClientSession(AgentServer& server, boost::asio::ip::tcp::socket socket, std::uint64_t id);

    void start();
    // Queue a frame (shared by every client of a broadcast).
    void send(SharedFrame frame);
    // Refuse or drop: log why, tell the client (Reject), close once that is written.
    void drop(const std::string& code, const std::string& reason);
    // Leave after a Bye (agent stopping): close once the queue is written.
    void closeAfterWrites();

    bool streaming() const
    {
        return m_state == State::Streaming;
    }
    std::uint64_t id() const
    {
        return m_id;
    }
    const std::string& peer() const
    {
        return m_peer;
    }

private:
    enum class State
    {
        Hello,
        Streaming,
        Closing,
        Closed
    };

    void readHeader();
    void readPayload(std::uint8_t type, std::uint32_t length);
    void handle(const protocol::Frame& frame);
    void hello(const protocol::ClientHello& hello);
    void armTimeout(std::chrono::milliseconds after, std::string reason);
    void writeNext();
    void closeNow();

    AgentServer& m_server;
    boost::asio::ip::tcp::socket m_socket;
    boost::asio::steady_timer m_timeout;
    std::uint64_t m_id;
    std::string m_peer;
    State m_state = State::Hello;
    std::string m_challenge; // raw bytes
    std::array<char, protocol::kFrameHeaderSize> m_header {};
    std::string m_payload;
    std::deque<SharedFrame> m_queue;
    std::size_t m_queuedBytes = 0;
    bool m_writing = false;
};

} // namespace gbw::agent
