// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/pagetypeinfoparser.h"

#include "importers/errorcollector.h"
#include "importers/linebuilder.h"
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <algorithm>
#include <set>
#include <utility>

namespace gbw::importers {

namespace {

using text::Tokenizer;

constexpr std::string_view pageblockOrderLabel = "Page block order:";
constexpr std::string_view pagesPerBlockLabel = "Pages per block:";
constexpr std::string_view freeHeaderLabel = "Free pages count per migrate type at order";
constexpr std::string_view blockHeaderLabel = "Number of blocks type";
constexpr std::string_view mixedHeaderLabel = "Number of mixed blocks";

std::string countMismatch(std::size_t expected, std::size_t found)
{
    return "expected " + std::to_string(expected) + " counts, found " + std::to_string(found);
}

class Builder
{
public:
    Builder(ParseOptions options, ParseResult<PagetypeinfoSnapshot>& result)
        : m_errors(options, result)
        , m_result(result)
    {}

    // Returns false when strict mode stops the parse.
    bool line(std::size_t number, std::string_view line);
    void finish();

private:
    enum class Table
    {
        None,
        Blocks,
        Mixed
    };

    bool headerLine(std::string_view label, std::string_view line);
    bool freeHeader(std::string_view line);
    bool tableHeader(Table kind, std::string_view line);
    bool nodeRow(std::string_view line);
    bool freeRow(const text::NodeZone& where, Tokenizer& tokens);
    bool tableRow(const text::NodeZone& where, Tokenizer& tokens);
    bool timestamp(Timestamp ts);

    bool fail(std::string reason)
    {
        return m_errors.skipLine(m_lineNumber, std::move(reason));
    }
    void noteContent(bool rowLine = true);
    bool closeSection();
    bool validateSection();
    void closeSnapshot();
    PagetypeBlockTable* currentTable();

    ErrorCollector m_errors;
    ParseResult<PagetypeinfoSnapshot>& m_result;
    std::size_t m_lineNumber = 0;
    std::string_view m_rawLine;

    // The section being read and where its parts started (for error messages).
    PagetypeinfoSection m_section;
    bool m_sectionOpen = false;
    std::size_t m_sectionFirstLine = 0;
    std::size_t m_sectionLastLine = 0;
    std::size_t m_freeHeaderLine = 0;
    std::optional<bool> m_sectionTrailingSpace;
    Table m_table = Table::None;

    PagetypeinfoSnapshot m_snapshot;
    std::set<int> m_snapshotNodes;
    bool m_snapshotTrailingKnown = false;
    std::optional<Timestamp> m_pendingTimestamp;
};

bool Builder::line(std::size_t number, std::string_view raw)
{
    m_lineNumber = number;
    m_rawLine = raw;
    if (auto column = text::findBinaryByte(raw); column != std::string_view::npos)
        return fail(text::binaryDataReason(raw, column));
    const std::string_view line = text::trim(raw);
    if (line.empty())
        return true;
    if (text::startsWith(line, "Node"))
        return nodeRow(line);
    if (text::startsWith(line, pageblockOrderLabel) || text::startsWith(line, pagesPerBlockLabel))
        return headerLine(line.substr(0, line.find(':') + 1), line);
    if (text::startsWith(line, freeHeaderLabel))
        return freeHeader(line);
    if (text::startsWith(line, blockHeaderLabel))
        return tableHeader(Table::Blocks, line);
    if (text::startsWith(line, mixedHeaderLabel))
        return tableHeader(Table::Mixed, line);
    if (auto ts = text::parseTimestampLine(line))
        return timestamp(std::move(*ts));
    return fail("unrecognised line " + text::quoted(line));
}

// Header lines ("Page block order: 9") never end in a space, so only table lines tell whether
// this copy kept the kernel's trailing spaces.
void Builder::noteContent(bool rowLine)
{
    if (!m_sectionOpen) {
        m_sectionOpen = true;
        m_sectionFirstLine = m_lineNumber;
    }
    m_sectionLastLine = m_lineNumber;
    if (rowLine && !m_sectionTrailingSpace)
        m_sectionTrailingSpace = !m_rawLine.empty() && text::isSpace(m_rawLine.back());
}

bool Builder::headerLine(std::string_view label, std::string_view line)
{
    Tokenizer tokens(line.substr(label.size()));
    std::string_view token;
    if (!tokens.next(token) || !tokens.atEnd())
        return fail("expected one number after " + text::quoted(label));
    auto value = text::parseUnsigned(token);
    if (!value || *value > 64 * 1024 * 1024)
        return fail("invalid number " + text::quoted(token) + " after " + text::quoted(label));
    if (label == pageblockOrderLabel) {
        // Each node prints its own header: this line starts the next section.
        if (m_sectionOpen && !closeSection())
            return false;
        noteContent(false);
        m_section.pageblockOrder = static_cast<int>(*value);
    } else {
        // Normally right after "Page block order:"; anything else before it belongs to the last section.
        const bool onlyOrder = !m_section.pagesPerBlock && !m_section.hasFreeHeader && m_section.freeRows.empty()
            && !m_section.blockCounts && !m_section.mixedBlockCounts;
        if (m_sectionOpen && !onlyOrder && !closeSection())
            return false;
        noteContent(false);
        m_section.pagesPerBlock = *value;
    }
    return true;
}

bool Builder::freeHeader(std::string_view line)
{
    if (m_section.hasFreeHeader || !m_section.freeRows.empty() || m_section.blockCounts || m_section.mixedBlockCounts) {
        if (!closeSection())
            return false;
    }
    noteContent();
    Tokenizer tokens(line.substr(freeHeaderLabel.size()));
    std::string_view token;
    int expected = 0;
    while (tokens.next(token)) {
        auto order = text::parseUnsigned(token);
        if (!order || *order != static_cast<std::uint64_t>(expected))
            return fail(
                "invalid order header: expected order " + std::to_string(expected) + ", found " + text::quoted(token));
        ++expected;
    }
    if (expected == 0)
        return fail("order header lists no orders");
    m_section.hasFreeHeader = true;
    m_section.orderCount = expected;
    m_freeHeaderLine = m_lineNumber;
    m_table = Table::None;
    return true;
}

bool Builder::tableHeader(Table kind, std::string_view line)
{
    auto& slot = kind == Table::Blocks ? m_section.blockCounts : m_section.mixedBlockCounts;
    if (slot && !closeSection())
        return false;
    noteContent();
    const std::string_view label = kind == Table::Blocks ? blockHeaderLabel : mixedHeaderLabel;
    PagetypeBlockTable table;
    Tokenizer tokens(line.substr(label.size()));
    std::string_view token;
    while (tokens.next(token))
        table.migratetypes.emplace_back(token);
    if (table.migratetypes.empty())
        return fail("table header " + text::quoted(label) + " lists no migratetypes");
    slot = std::move(table);
    m_table = kind;
    return true;
}

PagetypeBlockTable* Builder::currentTable()
{
    switch (m_table) {
    case Table::Blocks:
        return m_section.blockCounts ? &*m_section.blockCounts : nullptr;
    case Table::Mixed:
        return m_section.mixedBlockCounts ? &*m_section.mixedBlockCounts : nullptr;
    case Table::None:
        break;
    }
    return nullptr;
}

bool Builder::nodeRow(std::string_view line)
{
    Tokenizer tokens(line);
    std::string reason;
    auto where = text::readNodeZone(tokens, reason);
    if (!where)
        return fail(reason);
    Tokenizer lookahead = tokens;
    std::string_view token;
    if (lookahead.next(token) && token == "type")
        return freeRow(*where, tokens);
    return tableRow(*where, tokens);
}

bool Builder::freeRow(const text::NodeZone& where, Tokenizer& tokens)
{
    std::string_view token;
    tokens.next(token); // "type"
    std::string_view migratetype;
    if (!tokens.next(migratetype))
        return fail("missing migratetype name");
    if (m_table != Table::None) {
        // Free rows after a block table belong to a section whose header was not copied.
        if (!closeSection())
            return false;
    }
    noteContent();
    PagetypeFreeRow row {where.node, std::string(where.zone), std::string(migratetype), {}};
    while (tokens.next(token)) {
        const bool capped = token.front() == '>';
        auto value = text::parseUnsigned(capped ? token.substr(1) : token);
        if (!value)
            return fail("invalid count " + text::quoted(token));
        row.counts.push_back({*value, capped});
    }
    if (row.counts.empty())
        return fail("free-pages row has no counts");
    if (m_section.orderCount == 0)
        m_section.orderCount = static_cast<int>(row.counts.size());
    if (row.counts.size() != static_cast<std::size_t>(m_section.orderCount))
        return fail(countMismatch(static_cast<std::size_t>(m_section.orderCount), row.counts.size()));
    m_section.freeRows.push_back(std::move(row));
    return true;
}

bool Builder::tableRow(const text::NodeZone& where, Tokenizer& tokens)
{
    PagetypeBlockTable* table = currentTable();
    if (!table)
        return fail("row outside of any table");
    noteContent();
    PagetypeBlockRow row {where.node, std::string(where.zone), {}};
    std::string_view token;
    while (tokens.next(token)) {
        auto value = text::parseUnsigned(token);
        if (!value)
            return fail("invalid count " + text::quoted(token));
        row.counts.push_back(*value);
    }
    if (row.counts.size() != table->migratetypes.size())
        return fail(countMismatch(table->migratetypes.size(), row.counts.size()));
    table->rows.push_back(std::move(row));
    return true;
}

bool Builder::timestamp(Timestamp ts)
{
    if (m_sectionOpen && !closeSection())
        return false;
    closeSnapshot();
    m_pendingTimestamp = std::move(ts);
    return true;
}

namespace {

using ZoneKey = std::pair<int, std::string>;

std::size_t freeRowsOf(const PagetypeinfoSection& section, const ZoneKey& zone)
{
    return static_cast<std::size_t>(std::count_if(section.freeRows.begin(), section.freeRows.end(),
        [&zone](const PagetypeFreeRow& r) { return r.node == zone.first && r.zone == zone.second; }));
}

bool hasRowFor(const PagetypeBlockTable& table, const ZoneKey& zone)
{
    return std::any_of(table.rows.begin(), table.rows.end(),
        [&zone](const PagetypeBlockRow& r) { return r.node == zone.first && r.zone == zone.second; });
}

std::string zoneText(const ZoneKey& zone)
{
    return "node " + std::to_string(zone.first) + " zone " + zone.second;
}

} // namespace

// Reports tables that stop early: a truncated file still parses, but must not look complete.
bool Builder::validateSection()
{
    const auto& s = m_section;
    if (s.hasFreeHeader && s.freeRows.empty())
        return m_errors.report(m_freeHeaderLine, "free-pages table has no rows");
    std::vector<ZoneKey> zones;
    for (const auto& row : s.freeRows) {
        if (zones.empty() || zones.back().first != row.node || zones.back().second != row.zone)
            zones.emplace_back(row.node, row.zone);
    }
    std::size_t typesPerZone = 0;
    for (const auto& zone : zones)
        typesPerZone = std::max(typesPerZone, freeRowsOf(s, zone));
    for (const auto& zone : zones) {
        const std::size_t n = freeRowsOf(s, zone);
        if (n < typesPerZone)
            return m_errors.report(m_sectionLastLine,
                "truncated free-pages table: " + zoneText(zone) + " has " + std::to_string(n) + " of "
                    + std::to_string(typesPerZone) + " migratetype rows");
    }
    for (const auto* table : {&s.blockCounts, &s.mixedBlockCounts}) {
        if (!*table)
            continue;
        const std::string label(table == &s.blockCounts ? blockHeaderLabel : mixedHeaderLabel);
        if ((*table)->rows.empty())
            return m_errors.report(m_sectionLastLine, "table '" + label + "' has no rows");
        for (const auto& zone : zones) {
            if (!hasRowFor(**table, zone))
                return m_errors.report(
                    m_sectionLastLine, "truncated table '" + label + "': no row for " + zoneText(zone));
        }
    }
    return true;
}

bool Builder::closeSection()
{
    if (!m_sectionOpen)
        return true;
    const bool go = validateSection();
    std::set<int> nodes;
    for (const auto& row : m_section.freeRows)
        nodes.insert(row.node);
    for (const auto* table : {&m_section.blockCounts, &m_section.mixedBlockCounts}) {
        if (*table) {
            for (const auto& row : (*table)->rows)
                nodes.insert(row.node);
        }
    }
    // A node seen again means the dump started over: a monitor loop without timestamp lines.
    bool repeats = std::any_of(nodes.begin(), nodes.end(), [this](int n) { return m_snapshotNodes.count(n) > 0; });
    if (repeats)
        closeSnapshot();
    if (m_snapshot.sections.empty()) {
        m_snapshot.firstLine = m_sectionFirstLine;
        m_snapshot.timestamp = std::exchange(m_pendingTimestamp, std::nullopt);
    }
    if (!m_snapshotTrailingKnown && m_sectionTrailingSpace) {
        m_snapshot.trailingSpace = *m_sectionTrailingSpace;
        m_snapshotTrailingKnown = true;
    }
    m_snapshotNodes.insert(nodes.begin(), nodes.end());
    m_snapshot.sections.push_back(std::move(m_section));
    m_section = {};
    m_sectionOpen = false;
    m_sectionTrailingSpace.reset();
    m_table = Table::None;
    return go;
}

void Builder::closeSnapshot()
{
    if (!m_snapshot.sections.empty())
        m_result.snapshots.push_back(std::move(m_snapshot));
    m_snapshot = {};
    m_snapshotNodes.clear();
    m_snapshotTrailingKnown = false;
}

void Builder::finish()
{
    if (m_sectionOpen)
        closeSection();
    closeSnapshot();
    if (m_result.snapshots.empty() && m_result.errorCount == 0)
        m_errors.report(0, "no pagetypeinfo data found");
}

} // namespace

ParseResult<PagetypeinfoSnapshot> PagetypeinfoParser::parse(std::string_view text, ParseOptions options)
{
    return parseLineByLine<Builder, PagetypeinfoSnapshot>(text, options);
}

} // namespace gbw::importers
