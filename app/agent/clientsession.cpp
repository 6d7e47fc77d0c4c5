// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientsession.h"

#include "agentlog.h"
#include "agentserver.h"

#include "protocol/authtranscript.h"
#include "protocol/codec.h"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>

namespace gbw::agent {

namespace asio = boost::asio;

ClientSession::ClientSession(AgentServer& server, asio::ip::tcp::socket socket, std::uint64_t id)
    : m_server(server)
    , m_socket(std::move(socket))
    , m_timeout(m_socket.get_executor())
    , m_id(id)
{
    boost::system::error_code ec;
    const auto remote = m_socket.remote_endpoint(ec);
    m_peer = ec ? std::string("?") : live::Endpoint {remote.address().to_string(), remote.port()}.toString();
}

void ClientSession::start()
{
    m_challenge = live::TokenAuth::randomBytes(32);
    send(std::make_shared<const std::string>(protocol::encode(m_server.agentHello(m_challenge))));
    armTimeout(m_server.settings().handshakeTimeout,
        "no hello within " + std::to_string(m_server.settings().handshakeTimeout.count()) + " ms");
    readHeader();
}

void ClientSession::armTimeout(std::chrono::milliseconds after, std::string reason)
{
    m_timeout.expires_after(after);
    m_timeout.async_wait([self = shared_from_this(), reason = std::move(reason)](boost::system::error_code ec) {
        if (!ec)
            self->drop("timeout", reason);
    });
}

void ClientSession::readHeader()
{
    asio::async_read(
        m_socket, asio::buffer(m_header), [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
            if (self->m_state == State::Closing || self->m_state == State::Closed)
                return;
            if (ec) {
                self->drop("", ec == asio::error::eof ? "closed the connection" : ec.message());
                return;
            }
            std::string reason;
            const auto header
                = protocol::decodeFrameHeader(std::string_view(self->m_header.data(), self->m_header.size()),
                    protocol::kAgentMaxInboundPayload, reason);
            if (!header) {
                self->drop("protocol", reason);
                return;
            }
            self->readPayload(header->type, header->length);
        });
}

void ClientSession::readPayload(std::uint8_t type, std::uint32_t length)
{
    m_payload.resize(length);
    asio::async_read(m_socket, asio::buffer(m_payload),
        [self = shared_from_this(), type](boost::system::error_code ec, std::size_t) {
            if (self->m_state == State::Closing || self->m_state == State::Closed)
                return;
            if (ec) {
                self->drop("", "connection lost inside a frame: " + ec.message());
                return;
            }
            self->handle(protocol::Frame {type, std::move(self->m_payload)});
            if (self->m_state == State::Hello || self->m_state == State::Streaming)
                self->readHeader();
        });
}

void ClientSession::handle(const protocol::Frame& frame)
{
    auto decoded = protocol::decode(frame);
    if (!decoded.ok()) {
        drop("protocol", decoded.error);
        return;
    }
    const auto type = protocol::messageType(*decoded.message);
    if (m_state == State::Hello) {
        if (type != protocol::MessageType::ClientHello) {
            drop("protocol", std::string("expected client-hello, got ") + protocol::messageTypeName(type));
            return;
        }
        hello(std::get<protocol::ClientHello>(*decoded.message));
        return;
    }
    switch (type) {
    case protocol::MessageType::Heartbeat:
        armTimeout(m_server.settings().idleTimeout,
            "silent for " + std::to_string(m_server.settings().idleTimeout.count()) + " ms");
        return;
    case protocol::MessageType::Bye:
        logLine("client " + std::to_string(m_id) + " (" + m_peer
            + ") left: " + std::get<protocol::Bye>(*decoded.message).reason);
        closeAfterWrites();
        return;
    default:
        // The agent only reads: no message from a client asks it to do anything else.
        drop("protocol", std::string("unexpected ") + protocol::messageTypeName(type) + " from a client");
    }
}

void ClientSession::hello(const protocol::ClientHello& hello)
{
    if (hello.version != protocol::kProtocolVersion) {
        drop("version",
            "protocol version " + std::to_string(hello.version) + " is not supported (this agent speaks "
                + std::to_string(protocol::kProtocolVersion) + ")");
        return;
    }
    const auto nonce = protocol::fromHex(hello.nonce);
    protocol::Welcome welcome;
    welcome.session = m_id;
    welcome.fullSyncMs = static_cast<std::uint32_t>(m_server.settings().fullSync.count());
    welcome.capabilities = m_server.capabilities();
    if (const auto& token = m_server.settings().token) {
        const auto proof = protocol::fromHex(hello.proof);
        if (hello.proof.empty()) {
            drop("auth", "this agent needs a token and the client sent none");
            return;
        }
        if (!nonce || !proof
            || !token->verify(authTranscript(protocol::AuthRole::Client, m_challenge, *nonce), *proof)) {
            drop("auth", "wrong token");
            return;
        }
        welcome.proof = protocol::toHex(token->proof(authTranscript(protocol::AuthRole::Agent, m_challenge, *nonce)));
    }
    m_state = State::Streaming;
    m_server.streamingStarted();
    logLine("client " + std::to_string(m_id) + " (" + m_peer + ", " + hello.client + ") streaming");
    send(std::make_shared<const std::string>(protocol::encode(welcome)));
    send(m_server.snapshotFrame());
    for (const auto& note : m_server.noteFrames())
        send(note);
    armTimeout(m_server.settings().idleTimeout,
        "silent for " + std::to_string(m_server.settings().idleTimeout.count()) + " ms");
}

void ClientSession::send(SharedFrame frame)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    if (m_state != State::Closing && m_queuedBytes + frame->size() > m_server.settings().maxQueuedBytes) {
        drop("slow", "client too slow: " + std::to_string(m_queuedBytes) + " bytes not yet taken");
        return;
    }
    m_queuedBytes += frame->size();
    m_queue.push_back(std::move(frame));
    if (!m_writing)
        writeNext();
}

void ClientSession::writeNext()
{
    if (m_queue.empty()) {
        m_writing = false;
        if (m_state == State::Closing)
            closeNow();
        return;
    }
    m_writing = true;
    // Frames are shared and immutable: the buffer stays valid while the queue holds it.
    asio::async_write(m_socket, asio::buffer(*m_queue.front()),
        [self = shared_from_this()](boost::system::error_code ec, std::size_t bytes) {
            self->m_server.countSent(bytes);
            self->m_queuedBytes -= self->m_queue.front()->size();
            self->m_queue.pop_front();
            if (ec) {
                self->m_queue.clear();
                self->m_queuedBytes = 0;
                self->m_writing = false;
                if (self->m_state == State::Closing)
                    self->closeNow();
                else
                    self->drop("", "write failed: " + ec.message());
                return;
            }
            self->writeNext();
        });
}

void ClientSession::drop(const std::string& code, const std::string& reason)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    const bool wasStreaming = m_state == State::Streaming;
    m_state = State::Closing;
    m_server.forget(m_id, wasStreaming, code);
    logLine("client " + std::to_string(m_id) + " (" + m_peer + ") dropped: " + reason);
    if (code.empty()) { // the connection itself is gone: nobody to tell
        closeNow();
        return;
    }
    // A slow client's queue is not waited for; anyone else gets the reason before the close.
    // (The frame being written stays: asio is still reading from it.)
    if (code == "slow") {
        while (m_queue.size() > (m_writing ? 1u : 0u)) {
            m_queuedBytes -= m_queue.back()->size();
            m_queue.pop_back();
        }
    }
    auto reject = std::make_shared<const std::string>(protocol::encode(protocol::Reject {code, reason}));
    m_queuedBytes += reject->size();
    m_queue.push_back(std::move(reject));
    if (!m_writing)
        writeNext();
    // Whatever happens to that write, the socket closes within a second.
    m_timeout.expires_after(std::chrono::seconds(1));
    m_timeout.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec)
            self->closeNow();
    });
}

void ClientSession::closeAfterWrites()
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    const bool wasStreaming = m_state == State::Streaming;
    m_state = State::Closing;
    m_server.forget(m_id, wasStreaming, {});
    if (!m_writing) {
        closeNow();
        return;
    }
    // A client that stopped reading must not keep the agent from exiting.
    m_timeout.expires_after(std::chrono::seconds(1));
    m_timeout.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec)
            self->closeNow();
    });
}

void ClientSession::closeNow()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    boost::system::error_code ec;
    m_timeout.cancel();
    m_socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    m_socket.close(ec);
}

} // namespace gbw::agent
