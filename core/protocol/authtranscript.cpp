// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/authtranscript.h"

namespace gbw::protocol {

std::string authTranscript(AuthRole role, std::string_view challenge, std::string_view nonce)
{
    std::string transcript = role == AuthRole::Client ? "gigablock-live/1 client" : "gigablock-live/1 agent";
    transcript += '\0';
    if (role == AuthRole::Client) {
        transcript += challenge;
        transcript += nonce;
    } else {
        transcript += nonce;
        transcript += challenge;
    }
    return transcript;
}

std::string toHex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        hex += digits[c >> 4];
        hex += digits[c & 0xf];
    }
    return hex;
}

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

std::optional<std::string> fromHex(std::string_view hex)
{
    if (hex.size() % 2 != 0)
        return std::nullopt;
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hexValue(hex[i]);
        const int low = hexValue(hex[i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        bytes += static_cast<char>(high * 16 + low);
    }
    return bytes;
}

} // namespace gbw::protocol
