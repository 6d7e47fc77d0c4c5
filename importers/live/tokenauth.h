// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gbw::live {

// The shared secret of an agent and its clients, and the HMAC-SHA256 proofs made with it
// (protocol::authTranscript says what is signed). OpenSSL does the crypto; this stays out of
// core/protocol so that the wire format builds and fuzzes without OpenSSL.
class TokenAuth
{
public:
    static constexpr std::size_t minTokenBytes = 16;
    static constexpr std::size_t proofBytes = 32;

    explicit TokenAuth(std::string token)
        : m_token(std::move(token))
    {}

    // Reads a token file: its content without trailing whitespace, at least minTokenBytes. On
    // failure returns nullopt with `error` naming the file and the problem.
    static std::optional<TokenAuth> fromFile(const std::string& path, std::string& error);

    // HMAC-SHA256(token, transcript), raw bytes.
    std::string proof(std::string_view transcript) const;
    // Compares in constant time (CRYPTO_memcmp), so the time taken says nothing about how many
    // leading bytes of a guess were right.
    bool verify(std::string_view transcript, std::string_view proof) const;
    bool matchesToken(std::string_view candidate) const;

    // Cryptographically random bytes (RAND_bytes) for challenges and nonces.
    static std::string randomBytes(std::size_t count);

private:
    std::string m_token;
};

} // namespace gbw::live
