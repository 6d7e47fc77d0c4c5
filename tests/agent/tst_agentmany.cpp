// SPDX-License-Identifier: GPL-3.0-or-later
// 200 clients at once on one simulated host: all get the hello, the snapshot and deltas, the
// agent counts them in its metrics, and client 201 over --max-clients is refused as busy.
#include "agentprocess.h"
#include "httpget.h"
#include "rawclient.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

using namespace gbwtest;
using namespace gbw::protocol;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr int kClients = 200;

// One of many clients on a shared io_context: hello, then count snapshot and deltas.
class Follower : public std::enable_shared_from_this<Follower>
{
public:
    Follower(asio::io_context& io, std::uint16_t port)
        : m_socket(io)
        , m_port(port)
    {}

    void start()
    {
        m_socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), m_port),
            [self = shared_from_this()](boost::system::error_code ec) {
                if (ec)
                    return self->fail("connect: " + ec.message());
                self->readHeader();
            });
    }

    bool done() const
    {
        return m_snapshots >= 1 && m_deltas >= 3;
    }
    const std::string& failure() const
    {
        return m_failure;
    }
    void close()
    {
        boost::system::error_code ignored;
        m_socket.close(ignored);
    }

private:
    void fail(std::string why)
    {
        if (m_failure.empty())
            m_failure = std::move(why);
    }

    void readHeader()
    {
        asio::async_read(m_socket, asio::buffer(m_header), [self = shared_from_this()](auto ec, std::size_t) {
            if (ec)
                return self->fail("read: " + ec.message());
            std::string reason;
            auto header
                = decodeFrameHeader(std::string_view(self->m_header.data(), 8), kClientMaxInboundPayload, reason);
            if (!header)
                return self->fail(reason);
            self->m_payload.resize(header->length);
            asio::async_read(
                self->m_socket, asio::buffer(self->m_payload), [self, type = header->type](auto ec2, std::size_t) {
                    if (ec2)
                        return self->fail("read: " + ec2.message());
                    self->handle(decode(Frame {type, self->m_payload}));
                });
        });
    }

    void handle(const DecodeResult& result)
    {
        if (!result.ok())
            return fail(result.error);
        if (std::holds_alternative<AgentHello>(*result.message)) {
            ClientHello hello;
            hello.client = "follower";
            hello.nonce = std::string(64, '1');
            m_out = encode(hello);
            asio::async_write(m_socket, asio::buffer(m_out), [](auto, std::size_t) {});
        } else if (std::holds_alternative<Snapshot>(*result.message)) {
            ++m_snapshots;
        } else if (std::holds_alternative<Delta>(*result.message)) {
            ++m_deltas;
        } else if (const auto* reject = std::get_if<Reject>(&*result.message)) {
            return fail("rejected: " + reject->reason);
        }
        if (!done())
            readHeader();
    }

    tcp::socket m_socket;
    std::uint16_t m_port;
    std::array<char, 8> m_header {};
    std::string m_payload, m_out;
    int m_snapshots = 0, m_deltas = 0;
    std::string m_failure;
};

} // namespace

TEST(AgentMany, twoHundredClientsStreamAtOnce)
{
    const auto dir = scratchDir("many");
    AgentProcess agent(dir);
    ASSERT_TRUE(agent.start({"--simulate", "database", "--host", "4G", "--max-clients", std::to_string(kClients),
        "--metrics", "127.0.0.1:0", "--idle-timeout", "60s"}))
        << agent.log();

    asio::io_context io;
    std::vector<std::shared_ptr<Follower>> followers;
    for (int i = 0; i < kClients; ++i) {
        followers.push_back(std::make_shared<Follower>(io, agent.port()));
        followers.back()->start();
    }
    asio::steady_timer deadline(io, std::chrono::seconds(40));
    asio::steady_timer poll(io);
    std::function<void()> check = [&] {
        poll.expires_after(std::chrono::milliseconds(50));
        poll.async_wait([&](auto) {
            const bool all = std::all_of(
                followers.begin(), followers.end(), [](const auto& f) { return f->done() || !f->failure().empty(); });
            if (all)
                io.stop();
            else
                check();
        });
    };
    check();
    deadline.async_wait([&](auto) { io.stop(); });

    // While all 200 are streaming: the metrics count them, and one more is refused as busy.
    std::thread metricsCheck([&] {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < until) {
            if (httpGet(agent.metricsPort(), "/metrics").find("\ngigablock_agent_clients 200\n") != std::string::npos)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        RawClient extra(agent.port());
        auto reject = extra.receiveA<Reject>();
        EXPECT_TRUE(reject && reject->code == "busy") << agent.log();
    });
    io.run();
    metricsCheck.join();

    int done = 0;
    for (const auto& f : followers) {
        EXPECT_TRUE(f->failure().empty()) << f->failure();
        done += f->done() ? 1 : 0;
    }
    EXPECT_EQ(done, kClients);
    const std::string metrics = httpGet(agent.metricsPort(), "/metrics");
    EXPECT_NE(metrics.find("gigablock_agent_clients_dropped_total{reason=\"busy\"} 1"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("gigablock_gigablocks{category=\"empty\"}"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("gigablock_allocatable_1g_pages{mode=\"compaction\"}"), std::string::npos);
    EXPECT_NE(metrics.find("gigablock_free_pages{node=\"0\",zone=\"Normal\",migratetype=\"Movable\",order=\"10\"}"),
        std::string::npos);
    EXPECT_NE(httpGet(agent.metricsPort(), "/other").find("404 Not Found"), std::string::npos);
    for (auto& f : followers)
        f->close();
    std::filesystem::remove_all(dir);
}
