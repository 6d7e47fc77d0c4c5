// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gbw::protocol {

// The bytes each side signs with HMAC-SHA256 under the shared token (docs/protocol.md). Both
// random values go into both proofs, in a different order and after a different label, so a
// proof can neither be replayed on another connection nor reflected back to its sender.
enum class AuthRole
{
    Client, // proves the token to the agent
    Agent, // proves it to the client
};

// `challenge` and `nonce` are the raw bytes (not hex).
std::string authTranscript(AuthRole role, std::string_view challenge, std::string_view nonce);

std::string toHex(std::string_view bytes);
// nullopt unless `hex` is an even number of lower-case hex digits.
std::optional<std::string> fromHex(std::string_view hex);

} // namespace gbw::protocol
