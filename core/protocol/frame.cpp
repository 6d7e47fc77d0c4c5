// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/frame.h"

namespace gbw::protocol {

std::string encodeFrame(std::uint8_t type, std::string_view payload)
{
    const auto length = static_cast<std::uint32_t>(payload.size());
    std::string frame;
    frame.reserve(kFrameHeaderSize + payload.size());
    frame += kFrameMagic0;
    frame += kFrameMagic1;
    frame += static_cast<char>(type);
    frame += '\0';
    for (int shift = 24; shift >= 0; shift -= 8)
        frame += static_cast<char>((length >> shift) & 0xff);
    frame += payload;
    return frame;
}

std::optional<FrameHeader> decodeFrameHeader(std::string_view bytes, std::uint32_t maxPayload, std::string& reason)
{
    if (bytes.size() < kFrameHeaderSize) {
        reason = "truncated frame header (" + std::to_string(bytes.size()) + " of 8 bytes)";
        return std::nullopt;
    }
    if (bytes[0] != kFrameMagic0 || bytes[1] != kFrameMagic1) {
        reason = "not a gigablock frame (bad magic)";
        return std::nullopt;
    }
    if (bytes[3] != '\0') {
        reason = "reserved flags byte is " + std::to_string(static_cast<unsigned char>(bytes[3])) + ", must be 0";
        return std::nullopt;
    }
    FrameHeader header;
    header.type = static_cast<std::uint8_t>(bytes[2]);
    for (std::size_t i = 4; i < kFrameHeaderSize; ++i)
        header.length = (header.length << 8) | static_cast<unsigned char>(bytes[i]);
    if (header.length > maxPayload) {
        reason = "oversized frame: " + std::to_string(header.length) + " bytes, limit " + std::to_string(maxPayload);
        return std::nullopt;
    }
    return header;
}

void FrameDecoder::feed(std::string_view bytes)
{
    if (!m_error.empty())
        return;
    // Drop what was consumed before growing, so a long stream does not keep its history.
    if (m_consumed > 0 && m_consumed == m_buffer.size()) {
        m_buffer.clear();
        m_consumed = 0;
    } else if (m_consumed > 64 * 1024) {
        m_buffer.erase(0, m_consumed);
        m_consumed = 0;
    }
    m_buffer.append(bytes);
}

FrameDecoder::Status FrameDecoder::next(Frame& frame)
{
    if (!m_error.empty())
        return Status::Failed;
    const std::string_view pending = std::string_view(m_buffer).substr(m_consumed);
    if (pending.size() < kFrameHeaderSize)
        return Status::NeedMore;
    const auto header = decodeFrameHeader(pending, m_maxPayload, m_error);
    if (!header)
        return Status::Failed;
    if (pending.size() - kFrameHeaderSize < header->length)
        return Status::NeedMore;
    frame.type = header->type;
    frame.payload.assign(pending.substr(kFrameHeaderSize, header->length));
    m_consumed += kFrameHeaderSize + header->length;
    return Status::Ready;
}

} // namespace gbw::protocol
