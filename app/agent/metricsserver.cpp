// SPDX-License-Identifier: GPL-3.0-or-later
#include "metricsserver.h"

#include "agentlog.h"

#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <memory>

namespace gbw::agent {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// One request per connection (Connection: close): a scrape every 15 s needs no keep-alive.
class MetricsRequest : public std::enable_shared_from_this<MetricsRequest>
{
public:
    MetricsRequest(
        tcp::socket socket, const std::optional<live::TokenAuth>& token, const std::function<std::string()>& render)
        : m_socket(std::move(socket))
        , m_timer(m_socket.get_executor())
        , m_buffer(8192) // a request header larger than this is not from Prometheus
        , m_token(token)
        , m_render(render)
    {}

    void start()
    {
        m_timer.expires_after(std::chrono::seconds(5));
        m_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec) {
                boost::system::error_code ignored;
                self->m_socket.close(ignored);
            }
        });
        asio::async_read_until(
            m_socket, m_buffer, "\r\n\r\n", [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                if (ec) {
                    self->m_timer.cancel();
                    return;
                }
                self->respond();
            });
    }

private:
    void respond()
    {
        const std::string request(asio::buffers_begin(m_buffer.data()), asio::buffers_end(m_buffer.data()));
        std::string status = "200 OK";
        std::string body;
        if (request.rfind("GET /metrics ", 0) != 0 && request.rfind("GET / ", 0) != 0) {
            status = "404 Not Found";
            body = "only GET /metrics is served here\n";
        } else if (m_token && !authorized(request)) {
            status = "401 Unauthorized";
            body = "this agent needs Authorization: Bearer <token>\n";
        } else {
            body = m_render();
        }
        m_response = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        asio::async_write(
            m_socket, asio::buffer(m_response), [self = shared_from_this()](boost::system::error_code, std::size_t) {
                boost::system::error_code ignored;
                self->m_socket.shutdown(tcp::socket::shutdown_both, ignored);
                self->m_socket.close(ignored);
                self->m_timer.cancel();
            });
    }

    bool authorized(const std::string& request) const
    {
        static constexpr std::string_view header = "\r\nAuthorization: Bearer ";
        const auto at = request.find(header);
        if (at == std::string::npos)
            return false;
        const auto begin = at + header.size();
        const auto end = request.find("\r\n", begin);
        return m_token->matchesToken(std::string_view(request).substr(begin, end - begin));
    }

    tcp::socket m_socket;
    asio::steady_timer m_timer;
    asio::streambuf m_buffer;
    std::string m_response;
    const std::optional<live::TokenAuth>& m_token;
    const std::function<std::string()>& m_render;
};

} // namespace

MetricsServer::MetricsServer(asio::io_context& io, live::Endpoint endpoint, std::optional<live::TokenAuth> token,
    std::function<std::string()> render)
    : m_acceptor(io)
    , m_endpoint(std::move(endpoint))
    , m_token(std::move(token))
    , m_render(std::move(render))
{}

bool MetricsServer::start(std::string& error)
{
    boost::system::error_code ec;
    // "localhost" is the one name accepted: it is what people type for loopback.
    const auto address = asio::ip::make_address(m_endpoint.host == "localhost" ? "127.0.0.1" : m_endpoint.host, ec);
    if (ec) {
        error = "--metrics: '" + m_endpoint.host + "' is not an IP address";
        return false;
    }
    const tcp::endpoint endpoint(address, m_endpoint.port);
    if (m_acceptor.open(endpoint.protocol(), ec); !ec)
        m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(endpoint, ec);
    if (!ec)
        m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot serve metrics on " + m_endpoint.toString() + ": " + ec.message();
        return false;
    }
    accept();
    return true;
}

std::uint16_t MetricsServer::port() const
{
    boost::system::error_code ec;
    return m_acceptor.local_endpoint(ec).port();
}

void MetricsServer::stop()
{
    boost::system::error_code ec;
    m_acceptor.close(ec);
}

void MetricsServer::accept()
{
    m_acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted)
            return;
        if (!ec)
            std::make_shared<MetricsRequest>(std::move(socket), m_token, m_render)->start();
        else
            logLine("metrics: accept failed: " + ec.message());
        accept();
    });
}

} // namespace gbw::agent
