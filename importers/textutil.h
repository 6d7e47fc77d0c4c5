// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Small allocation-free helpers shared by the /proc and ftrace parsers. No std::regex: the
// ftrace importer has to read millions of lines per second.
namespace gbw::importers::text {

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s);
bool isBlank(std::string_view s); // only spaces, tabs and line breaks
std::string_view trimRight(std::string_view s);

inline bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

// Splits on runs of blanks; never on fixed columns (a 7-digit count shifts the kernel's columns).
class Tokenizer
{
public:
    explicit Tokenizer(std::string_view s)
        : m_rest(s)
    {}

    bool next(std::string_view& token);
    bool atEnd();
    std::string_view rest() const
    {
        return m_rest;
    }

private:
    std::string_view m_rest;
};

std::optional<std::uint64_t> parseUnsigned(std::string_view s);
std::optional<std::int64_t> parseSigned(std::string_view s);
// "0x1a2b" as hex, anything else as decimal (ftrace printed decimal PFNs before 5.14).
std::optional<std::uint64_t> parseHexOrDecimal(std::string_view s);

// The first byte that cannot appear in a text dump (NUL or another control character), or npos.
std::size_t findBinaryByte(std::string_view line);
std::string binaryDataReason(std::string_view line, std::size_t column);

// `Node 0, zone   Normal` as printed by buddyinfo, pagetypeinfo, zoneinfo and extfrag.
struct NodeZone
{
    int node = 0;
    std::string_view zone;
};

// Reads "Node <n>, zone <name>" (the name may end in ',' as in pagetypeinfo free rows, and the
// comma is dropped). On failure returns nullopt and sets `reason`.
std::optional<NodeZone> readNodeZone(Tokenizer& tokens, std::string& reason);

// Lines a monitor loop prints between dumps: `date` output, `date +%s[.%N]`, ISO 8601,
// "time: <epoch>", "timestamp: <epoch>". Returns nullopt for anything else.
std::optional<Timestamp> parseTimestampLine(std::string_view line);

std::string quoted(std::string_view s);

} // namespace gbw::importers::text
