// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/frame.h"
#include "protocol/messages.h"

#include <string>

namespace gbw::protocol {

struct DecodeResult
{
    std::optional<Message> message;
    std::string error; // set when !message: what was wrong, naming the message and field

    bool ok() const
    {
        return message.has_value();
    }
};

// Payloads are JSON objects (docs/protocol.md says why). encode() returns the whole frame.
std::string encodePayload(const Message& message);
std::string encode(const Message& message);
// Never throws: malformed JSON, a missing or mistyped field, an unknown type or a value out of
// range gives an error. Unknown fields are ignored, so a newer peer can add some.
DecodeResult decode(const Frame& frame);

} // namespace gbw::protocol
