// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/zoneinfoparser.h"

#include "importers/errorcollector.h"
#include "importers/linebuilder.h"
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <utility>

namespace gbw::importers {

namespace {

using text::Tokenizer;

class Builder
{
public:
    Builder(ParseOptions options, ParseResult<ZoneinfoSnapshot>& result)
        : m_errors(options, result)
        , m_result(result)
    {}

    bool line(std::size_t number, std::string_view raw);
    void finish();

private:
    enum class Block
    {
        Zone,
        NodeStats,
        Pagesets
    };

    bool fail(std::string reason)
    {
        return m_errors.skipLine(m_lineNumber, std::move(reason));
    }
    bool zoneHeader(std::string_view line);
    bool keyedLine(std::string_view key, std::string_view value);
    bool protection(std::string_view value);
    bool pagesetLine(std::string_view key, std::uint64_t value);
    bool plainLine(std::string_view line);
    bool watermarkLine(std::string_view name, std::string_view line);
    std::optional<std::uint64_t>* watermark(std::string_view name);
    void closeSnapshot();

    ErrorCollector m_errors;
    ParseResult<ZoneinfoSnapshot>& m_result;
    std::size_t m_lineNumber = 0;
    ZoneinfoSnapshot m_snapshot;
    ZoneinfoZone* m_zone = nullptr;
    Block m_block = Block::Zone;
    std::optional<Timestamp> m_pendingTimestamp;
};

bool Builder::line(std::size_t number, std::string_view raw)
{
    m_lineNumber = number;
    if (auto column = text::findBinaryByte(raw); column != std::string_view::npos)
        return fail(text::binaryDataReason(raw, column));
    const std::string_view line = text::trim(raw);
    if (line.empty())
        return true;
    if (text::startsWith(line, "Node "))
        return zoneHeader(line);
    if (auto ts = text::parseTimestampLine(line)) {
        closeSnapshot();
        m_pendingTimestamp = std::move(ts);
        return true;
    }
    if (!m_zone)
        return fail("line before the first 'Node N, zone NAME' header");
    if (line == "per-node stats") {
        m_block = Block::NodeStats;
        return true;
    }
    if (line == "pagesets") {
        m_block = Block::Pagesets;
        return true;
    }
    const std::string_view firstWord = line.substr(0, line.find_first_of(" \t"));
    if (m_block != Block::NodeStats && watermark(firstWord))
        return watermarkLine(firstWord, line);
    if (auto colon = line.find(':'); colon != std::string_view::npos)
        return keyedLine(text::trim(line.substr(0, colon)), text::trim(line.substr(colon + 1)));
    return plainLine(line);
}

bool Builder::zoneHeader(std::string_view line)
{
    Tokenizer tokens(line);
    std::string reason;
    auto where = text::readNodeZone(tokens, reason);
    if (!where)
        return fail(reason);
    if (!tokens.atEnd())
        return fail("unexpected text after the zone name: " + text::quoted(tokens.rest()));
    if (m_snapshot.zone(where->node, where->zone))
        closeSnapshot(); // the same zone again: the next dump of a monitor loop
    if (m_snapshot.zones.empty()) {
        m_snapshot.firstLine = m_lineNumber;
        m_snapshot.timestamp = std::exchange(m_pendingTimestamp, std::nullopt);
    }
    m_snapshot.zones.push_back({});
    m_zone = &m_snapshot.zones.back();
    m_zone->node = where->node;
    m_zone->zone = std::string(where->zone);
    m_block = Block::Zone;
    return true;
}

std::optional<std::uint64_t>* Builder::watermark(std::string_view name)
{
    if (name == "min")
        return &m_zone->min;
    if (name == "low")
        return &m_zone->low;
    if (name == "high")
        return &m_zone->high;
    if (name == "boost")
        return &m_zone->boost;
    if (name == "promo")
        return &m_zone->promo;
    if (name == "scanned")
        return &m_zone->scanned;
    if (name == "spanned")
        return &m_zone->spanned;
    if (name == "present")
        return &m_zone->present;
    if (name == "managed")
        return &m_zone->managed;
    if (name == "cma")
        return &m_zone->cma;
    return nullptr;
}

// "cpu: 0", "count: 145", "vm stats threshold: 6", "start_pfn: 1", "protection: (0, 1, 2)"
bool Builder::keyedLine(std::string_view key, std::string_view valueText)
{
    if (key == "protection")
        return protection(valueText);
    Tokenizer tokens(valueText);
    std::string_view first;
    tokens.next(first);
    auto value = text::parseUnsigned(first);
    if (!value)
        return fail("invalid value " + text::quoted(valueText) + " for " + text::quoted(key));
    if (m_block == Block::Pagesets && pagesetLine(key, *value))
        return true;
    if (!tokens.atEnd())
        return fail("unexpected text after " + text::quoted(key) + ": " + text::quoted(tokens.rest()));
    m_zone->attributes.emplace_back(std::string(key), *value);
    return true;
}

bool Builder::pagesetLine(std::string_view key, std::uint64_t value)
{
    if (key == "cpu") {
        m_zone->pagesets.push_back({static_cast<int>(value), {}, {}, {}, {}, {}, {}});
        return true;
    }
    if (m_zone->pagesets.empty())
        return false;
    auto& set = m_zone->pagesets.back();
    if (key == "count")
        set.count = value;
    else if (key == "high")
        set.high = value;
    else if (key == "batch")
        set.batch = value;
    else if (key == "high_min")
        set.highMin = value;
    else if (key == "high_max")
        set.highMax = value;
    else if (key == "vm stats threshold")
        set.vmStatsThreshold = value;
    else
        return false;
    return true;
}

bool Builder::protection(std::string_view value)
{
    if (value.size() < 2 || value.front() != '(' || value.back() != ')')
        return fail("invalid protection list " + text::quoted(value));
    value = value.substr(1, value.size() - 2);
    std::vector<std::uint64_t> reserve;
    while (!value.empty()) {
        auto comma = value.find(',');
        auto item = text::trim(value.substr(0, comma));
        auto number = text::parseUnsigned(item);
        if (!number)
            return fail("invalid protection value " + text::quoted(item));
        reserve.push_back(*number);
        value = comma == std::string_view::npos ? std::string_view {} : value.substr(comma + 1);
    }
    m_zone->protection = std::move(reserve);
    return true;
}

// "min 48", "spanned 4095"; 2.6.16 added a breakdown: "scanned 0 (a: 0 i: 0)".
bool Builder::watermarkLine(std::string_view name, std::string_view line)
{
    Tokenizer tokens(line.substr(name.size()));
    std::string_view valueText;
    if (!tokens.next(valueText))
        return fail("missing value for " + text::quoted(name));
    auto value = text::parseUnsigned(valueText);
    if (!value)
        return fail("invalid value " + text::quoted(valueText) + " for " + text::quoted(name));
    if (!tokens.atEnd() && tokens.rest().front() != '(')
        return fail("unexpected text after " + text::quoted(name) + ": " + text::quoted(tokens.rest()));
    *watermark(name) = value;
    return true;
}

// "pages free 3840", "min 48", "nr_free_pages 3840", and RHEL 8's nameless "537792"
bool Builder::plainLine(std::string_view line)
{
    Tokenizer tokens(line);
    std::string_view name, valueText;
    tokens.next(name);
    if (name == "pages") {
        std::string_view free;
        if (!tokens.next(free) || free != "free" || !tokens.next(valueText) || !tokens.atEnd())
            return fail("expected 'pages free <n>', found " + text::quoted(line));
        auto value = text::parseUnsigned(valueText);
        if (!value)
            return fail("invalid value " + text::quoted(valueText) + " for 'pages free'");
        m_zone->freePages = value;
        m_block = Block::Zone; // the per-node stats block ends here
        return true;
    }
    if (!tokens.next(valueText)) {
        // RHEL 8.0 prints one node counter with an empty name; keep it rather than drop data.
        if (auto value = text::parseUnsigned(name)) {
            (m_block == Block::NodeStats ? m_zone->nodeStats : m_zone->counters).emplace_back(std::string(), *value);
            return true;
        }
        return fail("expected 'name value', found " + text::quoted(line));
    }
    if (!tokens.atEnd())
        return fail("expected 'name value', found " + text::quoted(line));
    auto value = text::parseUnsigned(valueText);
    if (!value) {
        if (auto negative = text::parseSigned(valueText))
            value = static_cast<std::uint64_t>(*negative);
    }
    if (!value)
        return fail("invalid value " + text::quoted(valueText) + " for " + text::quoted(name));
    (m_block == Block::NodeStats ? m_zone->nodeStats : m_zone->counters).emplace_back(std::string(name), *value);
    return true;
}

void Builder::closeSnapshot()
{
    if (!m_snapshot.zones.empty())
        m_result.snapshots.push_back(std::move(m_snapshot));
    m_snapshot = {};
    m_zone = nullptr;
}

void Builder::finish()
{
    closeSnapshot();
    if (m_result.snapshots.empty() && m_result.errorCount == 0)
        m_errors.report(0, "no zoneinfo data found");
}

} // namespace

ParseResult<ZoneinfoSnapshot> ZoneinfoParser::parse(std::string_view text, ParseOptions options)
{
    return parseLineByLine<Builder, ZoneinfoSnapshot>(text, options);
}

} // namespace gbw::importers
