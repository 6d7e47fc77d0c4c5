// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One blocking HTTP/1.1 GET on loopback, for the metrics endpoint.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <string>

namespace gbwtest {

inline std::string httpGet(std::uint16_t port, const std::string& path, const std::string& headers = {})
{
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(socket, asio::buffer("GET " + path + " HTTP/1.1\r\nHost: test\r\n" + headers + "\r\n"));
    std::string response;
    boost::system::error_code ec;
    char buffer[65536];
    for (;;) {
        const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
        response.append(buffer, n);
        if (ec)
            break;
    }
    return response;
}

} // namespace gbwtest
