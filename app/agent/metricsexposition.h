// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agenthealth.h"
#include "parsedhost.h"

#include <string>

namespace gbw::agent {

// The Prometheus text exposition format (version 0.0.4) of the latest readings and the agent's
// health. Metric names are listed in docs/protocol.md ("Prometheus metrics").
std::string renderMetrics(const ParsedHost& host, const AgentHealth& health, bool simulated, double now);

} // namespace gbw::agent
