// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfoparser.h"

#include "importers/errorcollector.h"
#include "importers/linebuilder.h"
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <utility>

namespace gbw::importers {

namespace {

class Builder
{
public:
    Builder(ParseOptions options, ParseResult<BuddyinfoSnapshot>& result)
        : m_errors(options, result)
        , m_result(result)
    {}

    bool line(std::size_t number, std::string_view raw);
    void finish();

private:
    bool fail(std::string reason)
    {
        return m_errors.skipLine(m_lineNumber, std::move(reason));
    }
    bool row(std::string_view raw, std::string_view line);
    void closeSnapshot();

    ErrorCollector m_errors;
    ParseResult<BuddyinfoSnapshot>& m_result;
    std::size_t m_lineNumber = 0;
    std::size_t m_orderCount = 0; // from the first row: all zones print the same orders
    BuddyinfoSnapshot m_snapshot;
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
    if (text::startsWith(line, "Node"))
        return row(raw, line);
    if (auto ts = text::parseTimestampLine(line)) {
        closeSnapshot();
        m_pendingTimestamp = std::move(ts);
        return true;
    }
    return fail("unrecognised line " + text::quoted(line));
}

bool Builder::row(std::string_view raw, std::string_view line)
{
    text::Tokenizer tokens(line);
    std::string reason;
    auto where = text::readNodeZone(tokens, reason);
    if (!where)
        return fail(reason);
    BuddyinfoRow row {where->node, std::string(where->zone), {}};
    std::string_view token;
    while (tokens.next(token)) {
        auto value = text::parseUnsigned(token);
        if (!value)
            return fail("invalid count " + text::quoted(token));
        row.counts.push_back(*value);
    }
    if (row.counts.empty())
        return fail("row has no counts");
    if (m_orderCount == 0)
        m_orderCount = row.counts.size();
    if (row.counts.size() != m_orderCount)
        return fail("expected " + std::to_string(m_orderCount) + " counts, found " + std::to_string(row.counts.size()));
    if (m_snapshot.row(row.node, row.zone))
        closeSnapshot(); // the loop printed the file again
    if (m_snapshot.rows.empty()) {
        m_snapshot.firstLine = m_lineNumber;
        m_snapshot.trailingSpace = text::isSpace(raw.back());
        m_snapshot.timestamp = std::exchange(m_pendingTimestamp, std::nullopt);
    }
    m_snapshot.rows.push_back(std::move(row));
    return true;
}

void Builder::closeSnapshot()
{
    if (!m_snapshot.rows.empty())
        m_result.snapshots.push_back(std::move(m_snapshot));
    m_snapshot = {};
}

void Builder::finish()
{
    closeSnapshot();
    if (m_result.snapshots.empty() && m_result.errorCount == 0)
        m_errors.report(0, "no buddyinfo data found");
}

} // namespace

ParseResult<BuddyinfoSnapshot> BuddyinfoParser::parse(std::string_view text, ParseOptions options)
{
    return parseLineByLine<Builder, BuddyinfoSnapshot>(text, options);
}

} // namespace gbw::importers
