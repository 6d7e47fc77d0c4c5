// SPDX-License-Identifier: GPL-3.0-or-later
// gigablock-agent: streams a host's memory state (/proc/buddyinfo, pagetypeinfo, zoneinfo,
// vmstat) or a simulated host to workbench clients, read only (docs/protocol.md).
#include "agentlog.h"
#include "agentoptions.h"
#include "agentserver.h"
#include "metricsexposition.h"
#include "metricsserver.h"
#include "procsampler.h"
#include "simsampler.h"
#include "tracereader.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace gbw::agent;

namespace {

std::unique_ptr<HostSampler> makeSampler(const AgentConfig& config, std::string& error)
{
    const auto start = Clock::now();
    if (config.simulation)
        return SimSampler::create(*config.simulation, config.intervals, start, error);
    return std::make_unique<ProcSampler>(config.procDir, config.intervals, start);
}

// Written whole, then renamed: a reader never sees half a file.
bool writePortFile(const std::string& path, std::uint16_t port, std::optional<std::uint16_t> metricsPort)
{
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary);
        out << port << '\n';
        if (metricsPort)
            out << *metricsPort << '\n';
        if (!out)
            return false;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    return !ec;
}

void warnAboutTokenFile(const std::string& path)
{
    struct stat st
    {};
    if (!path.empty() && ::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
        logLine("warning: token file " + path + " is readable by other users (chmod 600 it)");
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app {"gigablock-agent: streams this host's page allocator state (or a simulated host's) to "
                  "'gigablock attach' and the workbench. It only reads: no message changes the host."};
    app.set_version_flag("--version", std::string("gigablock-agent ") + GBW_VERSION);
    AgentOptions options;
    options.addTo(app);
    CLI11_PARSE(app, argc, argv);

    std::string error;
    auto config = validate(options, error);
    if (!config) {
        std::cerr << "gigablock-agent: " << error << '\n';
        return 2;
    }
    warnAboutTokenFile(options.tokenFile);
    auto sampler = makeSampler(*config, error);
    if (!sampler) {
        std::cerr << "gigablock-agent: " << error << '\n';
        return 2;
    }
    config->server.agentName = std::string("gigablock-agent ") + GBW_VERSION;

    boost::asio::io_context io(1);
    AgentServer server(io, config->server, *sampler);
    if (!server.start(error)) {
        std::cerr << "gigablock-agent: " << error << '\n';
        return 1;
    }
    std::optional<TraceReader> trace;
    if (config->tracefsDir) {
        trace.emplace(io, *config->tracefsDir, [&server](std::vector<std::string> lines, std::uint64_t lost) {
            server.publishEvents(std::move(lines), lost);
        });
        if (auto why = trace->start(); !why.empty())
            server.addNote({"trace", why});
        else
            server.setEventsAvailable(true);
    }
    std::optional<MetricsServer> metrics;
    if (config->metrics) {
        metrics.emplace(io, *config->metrics, config->server.token,
            [&server] { return renderMetrics(server.parsed(), server.health(), server.simulated(), wallSeconds()); });
        if (!metrics->start(error)) {
            std::cerr << "gigablock-agent: " << error << '\n';
            return 1;
        }
    }

    gbw::live::Endpoint bound = config->server.listen;
    bound.port = server.port();
    std::cout << "listening on " << bound.toString() << (config->server.token ? " (token required)" : "")
              << (sampler->simulated() ? ", serving " : ", host ") << sampler->hostName() << std::endl;
    if (metrics) {
        gbw::live::Endpoint m = *config->metrics;
        m.port = metrics->port();
        std::cout << "metrics on http://" << m.toString() << "/metrics" << std::endl;
    }
    if (!config->portFile.empty()
        && !writePortFile(
            config->portFile, server.port(), metrics ? std::optional<std::uint16_t>(metrics->port()) : std::nullopt)) {
        std::cerr << "gigablock-agent: cannot write --port-file " << config->portFile << '\n';
        return 1;
    }

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int signal) {
        if (ec)
            return;
        server.stop(signal == SIGINT ? "interrupted" : "terminated");
        if (metrics)
            metrics->stop();
        if (trace)
            trace->stop();
    });
    io.run();
    return 0;
}
