// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A blocking loopback client that speaks the wire format by hand, to misbehave on purpose.

#include "protocol/codec.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

namespace gbwtest {

class RawClient
{
public:
    // `receiveBuffer` > 0 shrinks the socket's receive buffer (for a client that falls behind).
    explicit RawClient(std::uint16_t port, int receiveBuffer = 0)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (receiveBuffer > 0)
            ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const
    {
        return m_connected;
    }

    bool send(const std::string& bytes)
    {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // The next message, or nullopt on close, timeout or a bad frame.
    std::optional<gbw::protocol::Message> receive(std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        gbw::protocol::Frame frame;
        for (;;) {
            const auto status = m_decoder.next(frame);
            if (status == gbw::protocol::FrameDecoder::Status::Ready) {
                auto decoded = gbw::protocol::decode(frame);
                return decoded.message;
            }
            if (status == gbw::protocol::FrameDecoder::Status::Failed)
                return std::nullopt;
            if (!readSome(deadline))
                return std::nullopt;
        }
    }

    // Reads until a message of type T arrives (skipping others); nullopt on close or timeout.
    template<typename T>
    std::optional<T> receiveA(std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto message = receive(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
            if (!message)
                return std::nullopt;
            if (auto* wanted = std::get_if<T>(&*message))
                return *wanted;
        }
        return std::nullopt;
    }

    // True once the agent has closed the connection (reads until EOF or the timeout).
    bool closedByPeer(std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (readSome(deadline)) {
        }
        return m_eof;
    }

private:
    bool readSome(std::chrono::steady_clock::time_point deadline)
    {
        const auto left
            = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd p {m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            return false;
        char buffer[65536];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            m_eof = true;
            return false;
        }
        m_decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        return true;
    }

    int m_fd = -1;
    bool m_connected = false;
    bool m_eof = false;
    gbw::protocol::FrameDecoder m_decoder {gbw::protocol::kClientMaxInboundPayload};
};

} // namespace gbwtest
