// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agentserver.h"
#include "simsampler.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace gbw::agent {

// The command line of gigablock-agent, as text until validate() turns it into settings.
struct AgentOptions
{
    std::string listen = "127.0.0.1:7411";
    std::string tokenFile;
    std::string metrics;
    std::string portFile;
    std::string procDir = "/proc";
    bool trace = false;
    std::string tracefsDir = "/sys/kernel/tracing";
    std::size_t maxClients = 256;
    std::size_t maxQueue = 8 * 1024 * 1024;
    std::string buddyinfoInterval = "200ms";
    std::string pagetypeinfoInterval = "5s";
    std::string zoneinfoInterval = "1s";
    std::string vmstatInterval = "1s";
    std::string fullSync = "10s";
    std::string heartbeat = "1s";
    std::string handshakeTimeout = "5s";
    std::string idleTimeout = "10s";
    SimulationSettings simulation;

    void addTo(CLI::App& app);
};

struct AgentConfig
{
    ServerSettings server;
    SampleIntervals intervals;
    std::optional<live::Endpoint> metrics;
    std::optional<SimulationSettings> simulation;
    std::string procDir;
    std::string portFile;
    std::optional<std::string> tracefsDir; // set with --trace
};

// Checks everything before anything binds or samples; on error returns nullopt with a message
// that names the flag. A non-loopback address without a token is refused here.
std::optional<AgentConfig> validate(const AgentOptions& options, std::string& error);

} // namespace gbw::agent
