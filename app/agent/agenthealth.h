// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace gbw::agent {

// The agent's own numbers, for its log and the Prometheus endpoint.
struct AgentHealth
{
    std::uint64_t clientsConnected = 0; // streaming now
    std::uint64_t clientsAccepted = 0;
    std::map<std::string, std::uint64_t> clientsDropped; // by Reject code
    std::uint64_t bytesSent = 0;
    std::uint64_t framesSent = 0;
    std::uint64_t ticks = 0;
    double lastTickSeconds = 0; // wall time to read, parse, diff and queue one tick
    double startedAt = 0; // epoch seconds
};

} // namespace gbw::agent
