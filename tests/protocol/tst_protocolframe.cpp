// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/frame.h"

#include <gtest/gtest.h>

using namespace gbw::protocol;

TEST(ProtocolFrame, headerIsMagicTypeFlagsAndBigEndianLength)
{
    const std::string frame = encodeFrame(7, std::string(0x010203, 'x'));
    ASSERT_EQ(frame.size(), kFrameHeaderSize + 0x010203);
    EXPECT_EQ(frame.substr(0, 8), std::string("GB\x07\x00\x00\x01\x02\x03", 8));
}

TEST(ProtocolFrame, decoderCutsAStreamFedByteByByte)
{
    const std::string stream = encodeFrame(1, "{}") + encodeFrame(5, "") + encodeFrame(6, "abc");
    FrameDecoder decoder(1024);
    std::vector<Frame> frames;
    for (char c : stream) {
        decoder.feed(std::string_view(&c, 1));
        Frame frame;
        while (decoder.next(frame) == FrameDecoder::Status::Ready)
            frames.push_back(frame);
    }
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0], (Frame {1, "{}"}));
    EXPECT_EQ(frames[1], (Frame {5, ""}));
    EXPECT_EQ(frames[2], (Frame {6, "abc"}));
    EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(ProtocolFrame, oversizedFrameIsRefusedFromItsHeaderAlone)
{
    FrameDecoder decoder(100);
    decoder.feed(encodeFrame(2, std::string(101, 'x')).substr(0, kFrameHeaderSize));
    Frame frame;
    EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::Failed);
    EXPECT_EQ(decoder.error(), "oversized frame: 101 bytes, limit 100");
    // Stays failed: nothing after a bad header can be trusted.
    decoder.feed(encodeFrame(2, "{}"));
    EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::Failed);
}

TEST(ProtocolFrame, frameAtTheCapIsAccepted)
{
    FrameDecoder decoder(100);
    decoder.feed(encodeFrame(2, std::string(100, 'x')));
    Frame frame;
    ASSERT_EQ(decoder.next(frame), FrameDecoder::Status::Ready);
    EXPECT_EQ(frame.payload.size(), 100u);
}

TEST(ProtocolFrame, garbageIsNotAFrame)
{
    FrameDecoder decoder(1 << 20);
    decoder.feed("GET / HTTP/1.1\r\n\r\n");
    Frame frame;
    EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::Failed);
    EXPECT_EQ(decoder.error(), "not a gigablock frame (bad magic)");
}

TEST(ProtocolFrame, reservedFlagsMustBeZero)
{
    std::string frame = encodeFrame(5, "{}");
    frame[3] = 1;
    std::string reason;
    EXPECT_FALSE(decodeFrameHeader(frame, 100, reason));
    EXPECT_EQ(reason, "reserved flags byte is 1, must be 0");
}

TEST(ProtocolFrame, truncatedHeaderAndPayloadWaitForMore)
{
    const std::string whole = encodeFrame(3, "hello");
    std::string reason;
    EXPECT_FALSE(decodeFrameHeader(whole.substr(0, 5), 100, reason));
    EXPECT_EQ(reason, "truncated frame header (5 of 8 bytes)");

    FrameDecoder decoder(100);
    decoder.feed(whole.substr(0, whole.size() - 1));
    Frame frame;
    EXPECT_EQ(decoder.next(frame), FrameDecoder::Status::NeedMore);
    decoder.feed(whole.substr(whole.size() - 1));
    ASSERT_EQ(decoder.next(frame), FrameDecoder::Status::Ready);
    EXPECT_EQ(frame.payload, "hello");
}
