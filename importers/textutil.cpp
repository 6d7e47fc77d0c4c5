// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/textutil.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace gbw::importers::text {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    return trimRight(s);
}

bool isBlank(std::string_view s)
{
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trimRight(std::string_view s)
{
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool Tokenizer::next(std::string_view& token)
{
    std::size_t begin = 0;
    while (begin < m_rest.size() && isSpace(m_rest[begin]))
        ++begin;
    if (begin == m_rest.size()) {
        m_rest = {};
        return false;
    }
    std::size_t end = begin;
    while (end < m_rest.size() && !isSpace(m_rest[end]))
        ++end;
    token = m_rest.substr(begin, end - begin);
    m_rest.remove_prefix(end);
    return true;
}

bool Tokenizer::atEnd()
{
    m_rest = trim(m_rest);
    return m_rest.empty();
}

std::optional<std::uint64_t> parseUnsigned(std::string_view s)
{
    std::uint64_t value = 0;
    if (s.empty())
        return std::nullopt;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> parseSigned(std::string_view s)
{
    std::int64_t value = 0;
    if (s.empty())
        return std::nullopt;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return value;
}

std::optional<std::uint64_t> parseHexOrDecimal(std::string_view s)
{
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        std::uint64_t value = 0;
        auto [ptr, ec] = std::from_chars(s.data() + 2, s.data() + s.size(), value, 16);
        if (ec != std::errc() || ptr != s.data() + s.size())
            return std::nullopt;
        return value;
    }
    return parseUnsigned(s);
}

std::size_t findBinaryByte(std::string_view line)
{
    // Every line of every input goes through here: first a branch-free scan the compiler can
    // vectorise, then the exact position only for the rare suspicious line.
    unsigned suspicious = 0;
    for (char ch : line) {
        auto c = static_cast<unsigned char>(ch);
        suspicious |= static_cast<unsigned>(c < 0x20) | static_cast<unsigned>(c == 0x7f);
    }
    if (!suspicious)
        return std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
            return i;
    }
    return std::string_view::npos;
}

std::string binaryDataReason(std::string_view line, std::size_t column)
{
    std::array<char, 8> hex {};
    std::snprintf(hex.data(), hex.size(), "0x%02x", static_cast<unsigned char>(line[column]));
    return "binary data: byte " + std::string(hex.data()) + " at column " + std::to_string(column + 1);
}

std::optional<NodeZone> readNodeZone(Tokenizer& tokens, std::string& reason)
{
    std::string_view token;
    if (!tokens.next(token) || token != "Node") {
        reason = "expected 'Node'";
        return std::nullopt;
    }
    if (!tokens.next(token) || token.size() < 2 || token.back() != ',') {
        reason = "expected '<node>,' after 'Node'";
        return std::nullopt;
    }
    auto node = parseUnsigned(token.substr(0, token.size() - 1));
    if (!node || *node > 1u << 20) {
        reason = "invalid node number " + quoted(token.substr(0, token.size() - 1));
        return std::nullopt;
    }
    if (!tokens.next(token) || token != "zone") {
        reason = "expected 'zone' after the node number";
        return std::nullopt;
    }
    if (!tokens.next(token)) {
        reason = "missing zone name";
        return std::nullopt;
    }
    if (token.back() == ',')
        token.remove_suffix(1);
    if (token.empty()) {
        reason = "missing zone name";
        return std::nullopt;
    }
    return NodeZone {static_cast<int>(*node), token};
}

namespace {

bool isDigits(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// "1700000000" or "1700000000.123456789"
std::optional<double> parseEpoch(std::string_view s)
{
    auto dot = s.find('.');
    std::string_view whole = s.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view {} : s.substr(dot + 1);
    // Fewer digits than an epoch are more likely a lone vmstat value or a stray counter.
    if (whole.size() < 9 || !isDigits(whole) || (dot != std::string_view::npos && !isDigits(fraction)))
        return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<double> parseClock(std::string_view hms)
{
    // HH:MM:SS[.frac]
    if (hms.size() < 8 || hms[2] != ':' || hms[5] != ':')
        return std::nullopt;
    auto h = parseUnsigned(hms.substr(0, 2));
    auto m = parseUnsigned(hms.substr(3, 2));
    std::string_view secText = hms.substr(6);
    double sec = 0;
    auto [ptr, ec] = std::from_chars(secText.data(), secText.data() + secText.size(), sec);
    if (!h || !m || ec != std::errc() || ptr != secText.data() + secText.size() || *h > 23 || *m > 59 || sec >= 61)
        return std::nullopt;
    return static_cast<double>(*h * 3600 + *m * 60) + sec;
}

// 2025-11-25T19:36:00[.frac][Z] or "2025-11-25 19:36:00"
std::optional<double> parseIso8601(std::string_view s)
{
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' '))
        return std::nullopt;
    auto y = parseUnsigned(s.substr(0, 4));
    auto mo = parseUnsigned(s.substr(5, 2));
    auto d = parseUnsigned(s.substr(8, 2));
    std::string_view clock = s.substr(11);
    if (!clock.empty() && clock.back() == 'Z')
        clock.remove_suffix(1);
    auto seconds = parseClock(clock);
    if (!y || !mo || !d || !seconds || *mo < 1 || *mo > 12 || *d < 1 || *d > 31)
        return std::nullopt;
    return static_cast<double>(
               daysFromCivil(static_cast<std::int64_t>(*y), static_cast<unsigned>(*mo), static_cast<unsigned>(*d))
               * 86400)
        + *seconds;
}

int monthNumber(std::string_view name)
{
    static constexpr std::array<std::string_view, 12> months {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (months[i] == name)
            return static_cast<int>(i) + 1;
    }
    return 0;
}

bool isWeekday(std::string_view name)
{
    static constexpr std::array<std::string_view, 7> days {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (auto day : days) {
        if (day == name)
            return true;
    }
    return false;
}

// date(1) in the C locale: "Tue Nov 25 19:36:00 UTC 2025". The epoch is only filled in when the
// zone is UTC/GMT: other abbreviations are ambiguous without a time zone database.
std::optional<Timestamp> parseDateOutput(std::string_view line)
{
    Tokenizer tokens(line);
    std::string_view weekday, month, day, clock, zone, year;
    if (!tokens.next(weekday) || !isWeekday(weekday) || !tokens.next(month) || !tokens.next(day) || !tokens.next(clock)
        || !tokens.next(zone))
        return std::nullopt;
    const int monthNo = monthNumber(month);
    auto dayNo = parseUnsigned(day);
    auto seconds = parseClock(clock);
    if (!monthNo || !dayNo || !seconds)
        return std::nullopt;
    if (!tokens.next(year)) {
        year = zone; // "date" without a zone field
        zone = {};
    }
    auto yearNo = parseUnsigned(year);
    if (!yearNo || !tokens.atEnd())
        return std::nullopt;
    Timestamp ts {std::string(line), std::nullopt};
    if (zone == "UTC" || zone == "GMT") {
        ts.epochSeconds = static_cast<double>(daysFromCivil(static_cast<std::int64_t>(*yearNo),
                                                  static_cast<unsigned>(monthNo), static_cast<unsigned>(*dayNo))
                              * 86400)
            + *seconds;
    }
    return ts;
}

} // namespace

std::optional<Timestamp> parseTimestampLine(std::string_view line)
{
    line = trim(line);
    if (line.empty())
        return std::nullopt;
    // Decorated forms: "time: 1700000000", "=== 1700000000 ===", "--- ... ---"
    std::string_view inner = line;
    static constexpr std::array<std::string_view, 7> prefixes {
        "timestamp:", "Timestamp:", "time:", "Time:", "TIME:", "===", "---"};
    for (std::string_view prefix : prefixes) {
        if (startsWith(inner, prefix)) {
            inner = trim(inner.substr(prefix.size()));
            break;
        }
    }
    static constexpr std::array<std::string_view, 2> suffixes {"===", "---"};
    for (std::string_view suffix : suffixes) {
        if (inner.size() >= suffix.size() && inner.substr(inner.size() - suffix.size()) == suffix)
            inner = trim(inner.substr(0, inner.size() - suffix.size()));
    }
    if (auto epoch = parseEpoch(inner))
        return Timestamp {std::string(line), epoch};
    if (auto iso = parseIso8601(inner))
        return Timestamp {std::string(line), iso};
    if (auto date = parseDateOutput(inner)) {
        date->text = std::string(line);
        return date;
    }
    return std::nullopt;
}

std::string quoted(std::string_view s)
{
    constexpr std::size_t maxShown = 40;
    std::string out = "'";
    out += s.substr(0, maxShown);
    if (s.size() > maxShown)
        out += "...";
    out += '\'';
    return out;
}

} // namespace gbw::importers::text
