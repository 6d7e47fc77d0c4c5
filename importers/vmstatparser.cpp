// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/vmstatparser.h"

#include "importers/errorcollector.h"
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <unordered_set>
#include <utility>

namespace gbw::importers {

namespace {

bool isCounterName(std::string_view name)
{
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok)
            return false;
    }
    return !name.empty();
}

} // namespace

ParseResult<VmstatSnapshot> VmstatParser::parse(std::string_view input, ParseOptions options)
{
    ParseResult<VmstatSnapshot> result;
    ErrorCollector errors(options, result);
    if (text::isBlank(input)) {
        errors.report(0, "empty input");
        return result;
    }
    VmstatSnapshot snapshot;
    std::unordered_set<std::string> seen;
    std::optional<Timestamp> pendingTimestamp;
    auto close = [&] {
        if (!snapshot.fields.empty())
            result.snapshots.push_back(std::move(snapshot));
        snapshot = {};
        seen.clear();
    };

    LineReader lines(input);
    while (lines.next()) {
        const std::string_view raw = lines.line();
        if (auto column = text::findBinaryByte(raw); column != std::string_view::npos) {
            if (!errors.skipLine(lines.number(), text::binaryDataReason(raw, column)))
                return result;
            continue;
        }
        const std::string_view line = text::trim(raw);
        if (line.empty())
            continue;
        text::Tokenizer tokens(line);
        std::string_view name, valueText;
        tokens.next(name);
        if (!tokens.next(valueText) || !tokens.atEnd() || !isCounterName(name)) {
            if (auto ts = text::parseTimestampLine(line)) {
                close();
                pendingTimestamp = std::move(ts);
                continue;
            }
            if (!errors.skipLine(lines.number(), "expected 'name value', found " + text::quoted(line)))
                return result;
            continue;
        }
        std::optional<std::uint64_t> value = text::parseUnsigned(valueText);
        if (!value) {
            if (auto negative = text::parseSigned(valueText))
                value = static_cast<std::uint64_t>(*negative);
        }
        if (!value) {
            if (!errors.skipLine(
                    lines.number(), "invalid value " + text::quoted(valueText) + " for " + text::quoted(name)))
                return result;
            continue;
        }
        if (!seen.emplace(name).second) {
            close(); // the same counter again: the next dump of a loop
            seen.emplace(name);
        }
        if (snapshot.fields.empty()) {
            snapshot.firstLine = lines.number();
            snapshot.timestamp = std::exchange(pendingTimestamp, std::nullopt);
        }
        snapshot.fields.emplace_back(std::string(name), *value);
    }
    close();
    if (result.snapshots.empty() && result.errorCount == 0)
        errors.report(0, "no vmstat data found");
    return result;
}

} // namespace gbw::importers
