// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/fragindexparser.h"

#include "importers/errorcollector.h"
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <utility>

namespace gbw::importers {

namespace {

// "%d.%03d" of a value in thousandths: "-1.000", "0.931", " 0.931"
std::optional<int> parseMilli(std::string_view token)
{
    auto dot = token.find('.');
    if (dot == std::string_view::npos || token.size() - dot != 4)
        return std::nullopt;
    std::string_view whole = token.substr(0, dot);
    const bool negative = !whole.empty() && whole.front() == '-';
    if (negative)
        whole.remove_prefix(1);
    auto units = text::parseUnsigned(whole);
    auto fraction = text::parseUnsigned(token.substr(dot + 1));
    if (!units || !fraction || *units > 1000)
        return std::nullopt;
    const int magnitude = static_cast<int>(*units * 1000 + *fraction);
    return negative ? -magnitude : magnitude;
}

} // namespace

ParseResult<FragIndexSnapshot> FragIndexParser::parse(std::string_view input, ParseOptions options)
{
    ParseResult<FragIndexSnapshot> result;
    ErrorCollector errors(options, result);
    if (text::isBlank(input)) {
        errors.report(0, "empty input");
        return result;
    }
    FragIndexSnapshot snapshot;
    std::optional<Timestamp> pendingTimestamp;
    std::size_t orderCount = 0;
    auto close = [&] {
        if (!snapshot.rows.empty())
            result.snapshots.push_back(std::move(snapshot));
        snapshot = {};
    };
    auto seen = [&snapshot](int node, std::string_view zone) {
        for (const auto& row : snapshot.rows) {
            if (row.node == node && row.zone == zone)
                return true;
        }
        return false;
    };

    LineReader lines(input);
    while (lines.next()) {
        const std::string_view raw = lines.line();
        auto fail = [&](std::string reason) { return errors.skipLine(lines.number(), std::move(reason)); };
        if (auto column = text::findBinaryByte(raw); column != std::string_view::npos) {
            if (!fail(text::binaryDataReason(raw, column)))
                return result;
            continue;
        }
        const std::string_view line = text::trim(raw);
        if (line.empty())
            continue;
        if (!text::startsWith(line, "Node")) {
            if (auto ts = text::parseTimestampLine(line)) {
                close();
                pendingTimestamp = std::move(ts);
                continue;
            }
            if (!fail("unrecognised line " + text::quoted(line)))
                return result;
            continue;
        }
        text::Tokenizer tokens(line);
        std::string reason;
        auto where = text::readNodeZone(tokens, reason);
        if (!where) {
            if (!fail(reason))
                return result;
            continue;
        }
        FragIndexRow row {where->node, std::string(where->zone), {}};
        std::string_view token;
        bool valid = true;
        while (valid && tokens.next(token)) {
            auto value = parseMilli(token);
            valid = value.has_value();
            if (valid)
                row.milli.push_back(*value);
        }
        if (!valid) {
            if (!fail("invalid index " + text::quoted(token)))
                return result;
            continue;
        }
        if (orderCount == 0)
            orderCount = row.milli.size();
        if (row.milli.empty() || row.milli.size() != orderCount) {
            if (!fail("expected " + std::to_string(orderCount) + " values, found " + std::to_string(row.milli.size())))
                return result;
            continue;
        }
        if (seen(row.node, row.zone))
            close();
        if (snapshot.rows.empty()) {
            snapshot.firstLine = lines.number();
            snapshot.timestamp = std::exchange(pendingTimestamp, std::nullopt);
        }
        snapshot.rows.push_back(std::move(row));
    }
    close();
    if (result.snapshots.empty() && result.errorCount == 0)
        errors.report(0, "no fragmentation index data found");
    return result;
}

} // namespace gbw::importers
