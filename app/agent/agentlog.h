// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace gbw::agent {

// One line to stderr, with a UTC timestamp (journald adds its own, but tests and a terminal
// need one). Everything the agent decides about a client goes through here.
void logLine(std::string_view text);

} // namespace gbw::agent
