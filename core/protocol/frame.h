// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gbw::protocol {

// Every message travels in one frame: an 8-byte header, then the payload (docs/protocol.md).
//   0..1  magic 'G' 'B'    (garbage and stray HTTP requests fail here, not as a huge length)
//   2     message type
//   3     flags, must be 0 (reserved for later versions)
//   4..7  payload length, unsigned 32-bit big-endian
inline constexpr std::size_t kFrameHeaderSize = 8;
inline constexpr char kFrameMagic0 = 'G';
inline constexpr char kFrameMagic1 = 'B';
// What an agent accepts from a client (hellos and heartbeats are a few hundred bytes) and what a
// client accepts from an agent (a zoneinfo of a 512-CPU host is well under a megabyte).
inline constexpr std::uint32_t kAgentMaxInboundPayload = 64 * 1024;
inline constexpr std::uint32_t kClientMaxInboundPayload = 16 * 1024 * 1024;

struct FrameHeader
{
    std::uint8_t type = 0;
    std::uint32_t length = 0;
};

struct Frame
{
    std::uint8_t type = 0;
    std::string payload;

    bool operator==(const Frame&) const = default;
};

std::string encodeFrame(std::uint8_t type, std::string_view payload);

// Reads a header (the first kFrameHeaderSize bytes of `bytes`). On a bad magic, flags or a length
// over `maxPayload` returns nullopt and says why in `reason`. The type is not checked here: an
// unknown type is the codec's business.
std::optional<FrameHeader> decodeFrameHeader(std::string_view bytes, std::uint32_t maxPayload, std::string& reason);

// Cuts a byte stream into frames. The header is checked as soon as its 8 bytes are there, so an
// oversized frame is refused before its payload is read. After an error it stays failed.
class FrameDecoder
{
public:
    enum class Status
    {
        NeedMore,
        Ready,
        Failed
    };

    explicit FrameDecoder(std::uint32_t maxPayload)
        : m_maxPayload(maxPayload)
    {}

    void feed(std::string_view bytes);
    // Ready: `frame` holds the next frame. Failed: error() says why.
    Status next(Frame& frame);
    const std::string& error() const
    {
        return m_error;
    }
    std::size_t buffered() const
    {
        return m_buffer.size() - m_consumed;
    }

private:
    std::uint32_t m_maxPayload;
    std::string m_buffer;
    std::size_t m_consumed = 0;
    std::string m_error;
};

} // namespace gbw::protocol
