// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "live/endpoint.h"
#include "live/tokenauth.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <optional>
#include <string>

namespace gbw::agent {

// A minimal HTTP/1.1 responder for Prometheus: GET /metrics answers `render()`, anything else 404.
// With a token, a request must carry "Authorization: Bearer <token>" (Prometheus'
// authorization.credentials_file), compared in constant time.
class MetricsServer
{
public:
    MetricsServer(boost::asio::io_context& io, live::Endpoint endpoint, std::optional<live::TokenAuth> token,
        std::function<std::string()> render);

    bool start(std::string& error);
    std::uint16_t port() const;
    void stop();

private:
    void accept();

    boost::asio::ip::tcp::acceptor m_acceptor;
    live::Endpoint m_endpoint;
    std::optional<live::TokenAuth> m_token;
    std::function<std::string()> m_render;
};

} // namespace gbw::agent
