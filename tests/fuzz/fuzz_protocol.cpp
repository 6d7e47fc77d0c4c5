// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's frame decoder and message codec on arbitrary bytes: no crash, no hang, and every
// message that decodes encodes back to something that decodes to the same message.
#include "protocol/codec.h"

#include <cstdint>
#include <cstdlib>

using namespace gbw::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    FrameDecoder decoder(kAgentMaxInboundPayload);
    decoder.feed(std::string_view(reinterpret_cast<const char*>(data), size));
    Frame frame;
    while (decoder.next(frame) == FrameDecoder::Status::Ready) {
        const auto first = decode(frame);
        if (!first.ok())
            continue;
        FrameDecoder again(kClientMaxInboundPayload);
        again.feed(encode(*first.message));
        Frame reencoded;
        if (again.next(reencoded) != FrameDecoder::Status::Ready)
            std::abort();
        const auto second = decode(reencoded);
        if (!second.ok() || !(*second.message == *first.message))
            std::abort();
    }
    return 0;
}
