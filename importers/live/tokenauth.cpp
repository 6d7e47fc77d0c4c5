// SPDX-License-Identifier: GPL-3.0-or-later
#include "live/tokenauth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gbw::live {

std::optional<TokenAuth> TokenAuth::fromFile(const std::string& path, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read token file: " + std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    std::string token = content.str();
    while (
        !token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' || token.back() == '\t'))
        token.pop_back();
    if (token.size() < minTokenBytes) {
        error = path + ": token is " + std::to_string(token.size()) + " bytes, need at least "
            + std::to_string(minTokenBytes) + " (e.g. openssl rand -hex 32 > " + path + ")";
        return std::nullopt;
    }
    return TokenAuth(std::move(token));
}

std::string TokenAuth::proof(std::string_view transcript) const
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), m_token.data(), static_cast<int>(m_token.size()),
            reinterpret_cast<const unsigned char*>(transcript.data()), transcript.size(), digest, &length))
        throw std::runtime_error("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

bool TokenAuth::verify(std::string_view transcript, std::string_view candidate) const
{
    const std::string expected = proof(transcript);
    // The length is public (always 32 for SHA-256); only the content must not leak.
    return candidate.size() == expected.size()
        && CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0;
}

bool TokenAuth::matchesToken(std::string_view candidate) const
{
    // Compare digests of both under the token, not the strings: equal lengths, constant time, so
    // neither the token's length nor a matching prefix leaks through timing.
    const std::string a = proof(candidate);
    const std::string b = proof(m_token);
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string TokenAuth::randomBytes(std::size_t count)
{
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return bytes;
}

} // namespace gbw::live
