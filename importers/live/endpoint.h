// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gbw::live {

// "HOST:PORT", "[v6]:PORT". The port may be 0 where a listener lets the system choose.
struct Endpoint
{
    std::string host;
    std::uint16_t port = 0;

    std::string toString() const;
};

std::optional<Endpoint> parseEndpoint(std::string_view text, std::string& error);

// True for 127.0.0.0/8, ::1 and "localhost"; false for anything else, including names that
// might resolve to a loopback address (the agent refuses to guess).
bool isLoopbackHost(std::string_view host);

} // namespace gbw::live
