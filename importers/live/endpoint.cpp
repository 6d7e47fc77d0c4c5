// SPDX-License-Identifier: GPL-3.0-or-later
#include "live/endpoint.h"

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace gbw::live {

namespace {

// Built by appending: GCC 12 warns (-Wrestrict, a false positive) on "literal" + std::string&&.
std::string quoted(std::string_view text)
{
    std::string out = "'";
    out += text;
    out += '\'';
    return out;
}

} // namespace

std::string Endpoint::toString() const
{
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<Endpoint> parseEndpoint(std::string_view text, std::string& error)
{
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
        error = quoted(text) + " is not HOST:PORT (e.g. 127.0.0.1:7411)";
        return std::nullopt;
    }
    std::string_view host = text.substr(0, colon);
    const std::string_view portText = text.substr(colon + 1);
    if (host.front() == '[') {
        if (host.back() != ']' || host.size() < 3) {
            error = quoted(text) + ": an IPv6 address goes in brackets, e.g. [::1]:7411";
            return std::nullopt;
        }
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        error = quoted(text) + ": put an IPv6 address in brackets, e.g. [::1]:7411";
        return std::nullopt;
    }
    unsigned port = 0;
    const auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (ec != std::errc() || ptr != portText.data() + portText.size() || port > 65535) {
        error = quoted(text) + ": port " + quoted(portText) + " is not a number from 0 to 65535";
        return std::nullopt;
    }
    return Endpoint {std::string(host), static_cast<std::uint16_t>(port)};
}

bool isLoopbackHost(std::string_view host)
{
    if (host == "localhost")
        return true;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(host), ec);
    return !ec && address.is_loopback();
}

} // namespace gbw::live
