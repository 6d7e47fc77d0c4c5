// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/codec.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace gbw::protocol {

namespace {

using nlohmann::json;

// Thrown inside decode only, turned into DecodeResult::error.
struct FieldError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

const json& field(const json& object, const char* name)
{
    auto it = object.find(name);
    if (it == object.end())
        throw FieldError(std::string("missing field '") + name + "'");
    return *it;
}

std::uint64_t unsignedField(const json& object, const char* name, std::uint64_t max)
{
    const json& value = field(object, name);
    if (!value.is_number_unsigned())
        throw FieldError(std::string("field '") + name + "' must be an unsigned integer");
    const auto n = value.get<std::uint64_t>();
    if (n > max)
        throw FieldError(std::string("field '") + name + "' is " + std::to_string(n) + ", over " + std::to_string(max));
    return n;
}

std::uint32_t u32Field(const json& object, const char* name)
{
    return static_cast<std::uint32_t>(unsignedField(object, name, std::numeric_limits<std::uint32_t>::max()));
}

double timeField(const json& object, const char* name)
{
    const json& value = field(object, name);
    if (!value.is_number())
        throw FieldError(std::string("field '") + name + "' must be a number");
    const double t = value.get<double>();
    if (!std::isfinite(t) || t < 0)
        throw FieldError(std::string("field '") + name + "' must be a time in epoch seconds");
    return t;
}

std::string stringField(const json& object, const char* name)
{
    const json& value = field(object, name);
    if (!value.is_string())
        throw FieldError(std::string("field '") + name + "' must be a string");
    return value.get<std::string>();
}

std::vector<std::string> stringsField(const json& object, const char* name)
{
    const json& value = field(object, name);
    if (!value.is_array())
        throw FieldError(std::string("field '") + name + "' must be an array of strings");
    std::vector<std::string> out;
    out.reserve(value.size());
    for (const auto& item : value) {
        if (!item.is_string())
            throw FieldError(std::string("field '") + name + "' must be an array of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

const json& arrayField(const json& object, const char* name)
{
    const json& value = field(object, name);
    if (!value.is_array())
        throw FieldError(std::string("field '") + name + "' must be an array");
    return value;
}

const json& objectItem(const json& item, const char* arrayName)
{
    if (!item.is_object())
        throw FieldError(std::string("items of '") + arrayName + "' must be objects");
    return item;
}

bool isHex(const std::string& s)
{
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return s.size() % 2 == 0;
}

std::string hexField(const json& object, const char* name, bool allowEmpty)
{
    std::string value = stringField(object, name);
    if ((value.empty() && !allowEmpty) || !isHex(value) || value.size() > 256)
        throw FieldError(std::string("field '") + name + "' must be lower-case hex");
    return value;
}

// --- encoding -------------------------------------------------------------------------------

json toJson(const AgentHello& m)
{
    return {{"min_version", m.minVersion}, {"max_version", m.maxVersion}, {"agent", m.agent}, {"host", m.host},
        {"capabilities", m.capabilities}, {"auth", m.auth}, {"challenge", m.challenge}, {"max_frame", m.maxFrame},
        {"heartbeat_ms", m.heartbeatMs}};
}

json toJson(const ClientHello& m)
{
    return {{"version", m.version}, {"client", m.client}, {"capabilities", m.capabilities}, {"nonce", m.nonce},
        {"proof", m.proof}};
}

json toJson(const Welcome& m)
{
    return {{"version", m.version}, {"session", m.session}, {"capabilities", m.capabilities}, {"proof", m.proof},
        {"full_sync_ms", m.fullSyncMs}};
}

json toJson(const Reject& m)
{
    return {{"code", m.code}, {"reason", m.reason}};
}

json toJson(const Heartbeat& m)
{
    return {{"time", m.time}};
}

json toJson(const Snapshot& m)
{
    json sources = json::array();
    for (const auto& s : m.sources)
        sources.push_back({{"name", s.name}, {"time", s.time}, {"text", s.text}});
    return {{"seq", m.seq}, {"sources", std::move(sources)}};
}

json toJson(const Delta& m)
{
    json sources = json::array();
    for (const auto& s : m.sources) {
        json source = {{"name", s.name}, {"time", s.time}, {"lines", s.lineCount}};
        if (s.text) {
            source["text"] = *s.text;
        } else {
            json changes = json::array();
            for (const auto& c : s.changes)
                changes.push_back(json::array({c.line, c.text}));
            source["changes"] = std::move(changes);
        }
        sources.push_back(std::move(source));
    }
    return {{"seq", m.seq}, {"base", m.base}, {"sources", std::move(sources)}};
}

json toJson(const Events& m)
{
    return {{"lines", m.lines}, {"lost", m.lost}};
}

json toJson(const Note& m)
{
    return {{"source", m.source}, {"text", m.text}};
}

json toJson(const Bye& m)
{
    return {{"reason", m.reason}};
}

// --- decoding -------------------------------------------------------------------------------

AgentHello agentHello(const json& j)
{
    AgentHello m;
    m.minVersion = u32Field(j, "min_version");
    m.maxVersion = u32Field(j, "max_version");
    if (m.minVersion == 0 || m.minVersion > m.maxVersion)
        throw FieldError(
            "version range " + std::to_string(m.minVersion) + ".." + std::to_string(m.maxVersion) + " is empty");
    m.agent = stringField(j, "agent");
    m.host = stringField(j, "host");
    m.capabilities = stringsField(j, "capabilities");
    m.auth = stringField(j, "auth");
    if (m.auth != "none" && m.auth != "hmac-sha256")
        throw FieldError("field 'auth' is '" + m.auth + "', expected 'none' or 'hmac-sha256'");
    m.challenge = hexField(j, "challenge", false);
    m.maxFrame = u32Field(j, "max_frame");
    m.heartbeatMs = u32Field(j, "heartbeat_ms");
    return m;
}

ClientHello clientHello(const json& j)
{
    ClientHello m;
    m.version = u32Field(j, "version");
    m.client = stringField(j, "client");
    m.capabilities = stringsField(j, "capabilities");
    m.nonce = hexField(j, "nonce", false);
    m.proof = hexField(j, "proof", true);
    return m;
}

Welcome welcome(const json& j)
{
    Welcome m;
    m.version = u32Field(j, "version");
    m.session = unsignedField(j, "session", std::numeric_limits<std::uint64_t>::max());
    m.capabilities = stringsField(j, "capabilities");
    m.proof = hexField(j, "proof", true);
    m.fullSyncMs = u32Field(j, "full_sync_ms");
    return m;
}

Snapshot snapshot(const json& j)
{
    Snapshot m;
    m.seq = unsignedField(j, "seq", std::numeric_limits<std::uint64_t>::max());
    for (const auto& item : arrayField(j, "sources")) {
        const json& s = objectItem(item, "sources");
        m.sources.push_back({stringField(s, "name"), timeField(s, "time"), stringField(s, "text")});
    }
    return m;
}

LineChange lineChange(const json& item, std::uint32_t lineCount, std::int64_t previous)
{
    if (!item.is_array() || item.size() != 2 || !item[0].is_number_unsigned() || !item[1].is_string())
        throw FieldError("items of 'changes' must be [line, text] pairs");
    const auto line = item[0].get<std::uint64_t>();
    if (line >= lineCount)
        throw FieldError(
            "change of line " + std::to_string(line) + " in a text of " + std::to_string(lineCount) + " lines");
    if (static_cast<std::int64_t>(line) <= previous)
        throw FieldError("changes must be in ascending line order");
    return {static_cast<std::uint32_t>(line), item[1].get<std::string>()};
}

Delta delta(const json& j)
{
    Delta m;
    m.seq = unsignedField(j, "seq", std::numeric_limits<std::uint64_t>::max());
    m.base = unsignedField(j, "base", std::numeric_limits<std::uint64_t>::max());
    for (const auto& item : arrayField(j, "sources")) {
        const json& s = objectItem(item, "sources");
        SourceDelta d;
        d.name = stringField(s, "name");
        d.time = timeField(s, "time");
        d.lineCount = u32Field(s, "lines");
        if (d.lineCount == 0)
            throw FieldError("source '" + d.name + "' has 0 lines (an empty text is 1 empty line)");
        if (s.contains("text")) {
            d.text = stringField(s, "text");
        } else {
            std::int64_t previous = -1;
            for (const auto& change : arrayField(s, "changes")) {
                d.changes.push_back(lineChange(change, d.lineCount, previous));
                previous = d.changes.back().line;
            }
        }
        m.sources.push_back(std::move(d));
    }
    return m;
}

Message fromJson(MessageType type, const json& j)
{
    switch (type) {
    case MessageType::AgentHello:
        return agentHello(j);
    case MessageType::ClientHello:
        return clientHello(j);
    case MessageType::Welcome:
        return welcome(j);
    case MessageType::Reject:
        return Reject {stringField(j, "code"), stringField(j, "reason")};
    case MessageType::Heartbeat:
        return Heartbeat {timeField(j, "time")};
    case MessageType::Snapshot:
        return snapshot(j);
    case MessageType::Delta:
        return delta(j);
    case MessageType::Events:
        return Events {stringsField(j, "lines"), unsignedField(j, "lost", std::numeric_limits<std::uint64_t>::max())};
    case MessageType::Note:
        return Note {stringField(j, "source"), stringField(j, "text")};
    case MessageType::Bye:
        return Bye {stringField(j, "reason")};
    }
    throw FieldError("unknown message type");
}

bool knownType(std::uint8_t type)
{
    return type >= static_cast<std::uint8_t>(MessageType::AgentHello)
        && type <= static_cast<std::uint8_t>(MessageType::Bye);
}

} // namespace

MessageType messageType(const Message& message)
{
    return static_cast<MessageType>(message.index() + 1);
}

const char* messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::AgentHello:
        return "agent-hello";
    case MessageType::ClientHello:
        return "client-hello";
    case MessageType::Welcome:
        return "welcome";
    case MessageType::Reject:
        return "reject";
    case MessageType::Heartbeat:
        return "heartbeat";
    case MessageType::Snapshot:
        return "snapshot";
    case MessageType::Delta:
        return "delta";
    case MessageType::Events:
        return "events";
    case MessageType::Note:
        return "note";
    case MessageType::Bye:
        return "bye";
    }
    return "unknown";
}

std::string encodePayload(const Message& message)
{
    // Invalid UTF-8 in a /proc line or a trace comm must not throw: replace it.
    return std::visit(
        [](const auto& m) { return toJson(m).dump(-1, ' ', false, json::error_handler_t::replace); }, message);
}

std::string encode(const Message& message)
{
    return encodeFrame(static_cast<std::uint8_t>(messageType(message)), encodePayload(message));
}

DecodeResult decode(const Frame& frame)
{
    DecodeResult result;
    if (!knownType(frame.type)) {
        result.error = "unknown message type " + std::to_string(frame.type);
        return result;
    }
    const auto type = static_cast<MessageType>(frame.type);
    const json j = json::parse(frame.payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        result.error = std::string(messageTypeName(type)) + ": payload is not a JSON object";
        return result;
    }
    try {
        result.message = fromJson(type, j);
    } catch (const std::exception& e) {
        result.error = std::string(messageTypeName(type)) + ": " + e.what();
    }
    return result;
}

} // namespace gbw::protocol
