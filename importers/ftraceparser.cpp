// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/ftraceparser.h"

#include "importers/errorcollector.h"
#include "importers/linereader.h"
#include "importers/textutil.h"

#include <array>
#include <cctype>
#include <cstring>

namespace gbw::importers {

namespace {

using text::isSpace;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::string_view skipSpaces(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return s.substr(i);
}

// Cuts the next blank-separated token off `s`.
std::string_view nextToken(std::string_view& s)
{
    s = skipSpaces(s);
    std::size_t end = 0;
    while (end < s.size() && !isSpace(s[end]))
        ++end;
    std::string_view token = s.substr(0, end);
    s.remove_prefix(end);
    return token;
}

// The "[001]" CPU column. The comm in front of it may itself contain brackets or blanks, so look
// for a bracket that holds only digits.
std::size_t findCpuColumn(std::string_view line)
{
    std::size_t from = 0;
    while (true) {
        const void* hit = std::memchr(line.data() + from, '[', line.size() - from);
        if (!hit)
            return std::string_view::npos;
        std::size_t open = static_cast<const char*>(hit) - line.data();
        std::size_t i = open + 1;
        while (i < line.size() && isDigit(line[i]))
            ++i;
        if (i > open + 1 && i < line.size() && line[i] == ']')
            return open;
        from = open + 1;
    }
}

// "549.589417:" → nanoseconds. Counter clocks print a bare integer.
std::optional<std::int64_t> parseTimestamp(std::string_view token)
{
    if (token.empty() || token.back() != ':')
        return std::nullopt;
    token.remove_suffix(1);
    auto dot = token.find('.');
    auto seconds = text::parseUnsigned(token.substr(0, dot));
    if (!seconds)
        return std::nullopt;
    if (dot == std::string_view::npos)
        return static_cast<std::int64_t>(*seconds);
    std::string_view fraction = token.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 9)
        return std::nullopt;
    auto digits = text::parseUnsigned(fraction);
    if (!digits)
        return std::nullopt;
    std::uint64_t nanos = *digits;
    for (std::size_t i = fraction.size(); i < 9; ++i)
        nanos *= 10;
    return static_cast<std::int64_t>(*seconds * 1000000000ull + nanos);
}

std::string_view inferSystem(FtraceEventKind kind, std::string_view name)
{
    switch (kind) {
    case FtraceEventKind::Compaction:
        return "compaction";
    case FtraceEventKind::Vmscan:
        return "vmscan";
    case FtraceEventKind::Unknown:
        return text::startsWith(name, "mm_migrate_") ? std::string_view("migrate") : std::string_view();
    default:
        return "kmem";
    }
}

// Fields each modelled event must carry; a line cut short usually loses the last ones.
std::span<const std::string_view> requiredFields(FtraceEventKind kind)
{
    static constexpr std::array<std::string_view, 4> alloc {"pfn", "order", "migratetype", "gfp_flags"};
    static constexpr std::array<std::string_view, 2> free {"pfn", "order"};
    static constexpr std::array<std::string_view, 1> batched {"pfn"};
    static constexpr std::array<std::string_view, 3> withType {"pfn", "order", "migratetype"};
    static constexpr std::array<std::string_view, 5> extfrag {
        "pfn", "alloc_order", "fallback_order", "alloc_migratetype", "fallback_migratetype"};
    switch (kind) {
    case FtraceEventKind::PageAlloc:
        return alloc;
    case FtraceEventKind::PageFree:
        return free;
    case FtraceEventKind::PageFreeBatched:
        return batched;
    case FtraceEventKind::PageAllocZoneLocked:
    case FtraceEventKind::PagePcpuDrain:
        return withType;
    case FtraceEventKind::PageAllocExtfrag:
        return extfrag;
    default:
        return {};
    }
}

bool isNullPointer(std::string_view page)
{
    if (page == "(null)")
        return true;
    return !page.empty() && page.find_first_not_of('0') == std::string_view::npos;
}

// `perf script -g` follows each event with its stack, one "ffffffffbe23e32e symbol+0x22e (dso)"
// line per frame.
bool isCallchainLine(std::string_view line)
{
    std::size_t digits = 0;
    while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits])))
        ++digits;
    return digits >= 8 && digits < line.size() && isSpace(line[digits]);
}

} // namespace

FtraceParser::FtraceParser(ParseOptions options)
    : m_options(options)
{
    m_fields.reserve(16);
}

FtraceSummary FtraceParser::parse(std::string_view input, const EventCallback& onEvent)
{
    FtraceSummary summary;
    ErrorCollector errors(m_options, summary);
    m_lastUnknown = 0;
    m_stopRequested = false;
    if (text::isBlank(input)) {
        errors.report(0, "empty input");
        return summary;
    }
    LineReader lines(input);
    FtraceEventView event;
    while (lines.next()) {
        const std::string_view line = lines.line();
        event = FtraceEventView {};
        event.line = lines.number();
        switch (parseLine(line, event, summary)) {
        case LineKind::Event:
            ++summary.events;
            onEvent(event);
            if (m_stopRequested) {
                summary.aborted = true;
                return summary;
            }
            break;
        case LineKind::Metadata:
            break;
        case LineKind::Error:
            if (!errors.skipLine(lines.number(), m_error))
                return summary;
            break;
        }
    }
    if (summary.events == 0 && summary.errorCount == 0)
        errors.report(0, "no trace events found");
    return summary;
}

FtraceParseResult FtraceParser::parseAll(std::string_view text, ParseOptions options)
{
    FtraceParseResult result;
    FtraceParser parser(options);
    result.summary = parser.parse(
        text, [&result](const FtraceEventView& e) { result.events.push_back(FtraceEvent::fromView(e)); });
    return result;
}

FtraceParser::LineKind FtraceParser::parseLine(std::string_view line, FtraceEventView& event, FtraceSummary& summary)
{
    if (auto column = text::findBinaryByte(line); column != std::string_view::npos) {
        m_error = text::binaryDataReason(line, column);
        return LineKind::Error;
    }
    std::string_view trimmed = skipSpaces(line);
    if (trimmed.empty() || parseMetadata(trimmed, summary))
        return LineKind::Metadata;
    std::string_view rest;
    if (!parsePrefix(trimmed, event, rest))
        return LineKind::Error;

    std::string_view nameToken = nextToken(rest);
    if (nameToken.size() < 2 || nameToken.back() != ':') {
        m_error = nameToken.empty() ? "truncated line: no event name after the timestamp"
                                    : "expected 'event_name:' after the timestamp, found " + text::quoted(nameToken);
        return LineKind::Error;
    }
    nameToken.remove_suffix(1);
    if (auto colon = nameToken.find(':'); colon != std::string_view::npos) {
        event.system = nameToken.substr(0, colon); // perf script prints "kmem:mm_page_alloc:"
        nameToken.remove_prefix(colon + 1);
    }
    event.name = nameToken;
    event.kind = ftraceEventKind(nameToken);
    if (event.system.empty())
        event.system = inferSystem(event.kind, nameToken);
    event.body = text::trim(rest);
    if (!parseFields(event))
        return LineKind::Error;
    if (event.kind == FtraceEventKind::Unknown) {
        countUnknown(event.name, summary);
        return LineKind::Event;
    }
    return decodeKnownFields(event) ? LineKind::Event : LineKind::Error;
}

// Header lines of the three tools and the trace_pipe overrun notice.
bool FtraceParser::parseMetadata(std::string_view line, FtraceSummary& summary)
{
    if (line.front() == '#') {
        if (auto pos = line.find("#P:"); pos != std::string_view::npos) {
            if (auto cpus = text::parseUnsigned(text::trim(line.substr(pos + 3))))
                summary.cpus = static_cast<int>(*cpus);
        }
        constexpr std::string_view entries = "entries-in-buffer/entries-written:";
        if (auto pos = line.find(entries); pos != std::string_view::npos) {
            std::string_view numbers = line.substr(pos + entries.size());
            std::string_view pair = nextToken(numbers);
            auto slash = pair.find('/');
            if (slash != std::string_view::npos) {
                summary.entriesInBuffer = text::parseUnsigned(pair.substr(0, slash));
                summary.entriesWritten = text::parseUnsigned(pair.substr(slash + 1));
            }
        }
        return true;
    }
    if (text::startsWith(line, "cpus=")) {
        if (auto cpus = text::parseUnsigned(text::trim(line.substr(5))))
            summary.cpus = static_cast<int>(*cpus);
        return true;
    }
    if (text::startsWith(line, "version =") || (text::startsWith(line, "CPU ") && line.find("is empty") != line.npos))
        return true;
    if (isCallchainLine(line))
        return true;
    // "CPU:1 [LOST 26 EVENTS]"
    if (text::startsWith(line, "CPU:")) {
        if (auto pos = line.find("[LOST "); pos != std::string_view::npos) {
            std::string_view count = line.substr(pos + 6);
            if (auto lost = text::parseUnsigned(nextToken(count)))
                summary.lostEvents += *lost;
            return true;
        }
    }
    return false;
}

// "  bash-10148   [001] .....   549.589417: " / "<...>-22275 [006] ....   889.213383: " /
// "surfaceflinger-1155  ( 1155) [001] ...1 " / "stress-3923  [007]   519.106208: " (trace-cmd) /
// "              sh 10361 [001]   577.302364: " (perf script)
bool FtraceParser::parsePrefix(std::string_view line, FtraceEventView& event, std::string_view& rest)
{
    const std::size_t open = findCpuColumn(line);
    if (open == std::string_view::npos) {
        m_error = "not a trace line: no [CPU] column in " + text::quoted(line);
        return false;
    }
    const std::size_t close = line.find(']', open);
    auto cpu = text::parseUnsigned(line.substr(open + 1, close - open - 1));
    if (!cpu || *cpu > 1u << 20) {
        m_error = "invalid CPU number in " + text::quoted(line.substr(open, close - open + 1));
        return false;
    }
    event.cpu = static_cast<int>(*cpu);

    std::string_view who = text::trimRight(line.substr(0, open));
    if (!who.empty() && who.back() == ')') {
        auto paren = who.rfind('(');
        if (paren != std::string_view::npos) {
            event.tgid = text::parseSigned(text::trim(who.substr(paren + 1, who.size() - paren - 2)));
            who = text::trimRight(who.substr(0, paren));
        }
    }
    std::size_t digits = who.size();
    while (digits > 0 && isDigit(who[digits - 1]))
        --digits;
    if (digits == who.size() || digits == 0 || (who[digits - 1] != '-' && !isSpace(who[digits - 1]))) {
        m_error = "cannot read TASK-PID in " + text::quoted(who);
        return false;
    }
    auto pid = text::parseSigned(who.substr(digits));
    if (!pid) {
        m_error = "invalid pid " + text::quoted(who.substr(digits));
        return false;
    }
    event.pid = *pid;
    event.task = text::trim(who.substr(0, digits - 1));

    rest = line.substr(close + 1);
    std::string_view token = nextToken(rest);
    if (!token.empty() && token.back() != ':') {
        event.irqFlags = token; // absent in trace-cmd report and perf script output
        token = nextToken(rest);
    }
    if (token.empty()) {
        m_error = "truncated line: no timestamp";
        return false;
    }
    auto ts = parseTimestamp(token);
    if (!ts) {
        m_error = "invalid timestamp " + text::quoted(token);
        return false;
    }
    event.timestampNs = *ts;
    return true;
}

// name=value pairs. Values may be "(0x1 ~ 0x200)" (compaction ranges), " (null)" (old failed
// allocations), carry a trailing comma ("zone_end=0x1000, mode=sync") or be padded
// ("zone=DMA      order=-1"). Words without '=' are skipped.
bool FtraceParser::parseFields(FtraceEventView& event)
{
    m_fields.clear();
    std::string_view s = event.body;
    while (true) {
        s = skipSpaces(s);
        if (s.empty())
            break;
        std::size_t i = 0;
        while (i < s.size() && s[i] != '=' && !isSpace(s[i]))
            ++i;
        if (i == s.size() || s[i] != '=' || i == 0) {
            nextToken(s); // a word that is not a field
            continue;
        }
        std::string_view name = s.substr(0, i);
        s.remove_prefix(i + 1);
        if (!s.empty() && isSpace(s.front())) {
            // "page= (null)": an empty value unless a parenthesised word follows.
            std::string_view after = skipSpaces(s);
            if (after.empty() || after.front() != '(') {
                m_fields.push_back({name, {}});
                continue;
            }
            s = after;
        }
        std::size_t end = 0;
        if (!s.empty() && s.front() == '(') {
            end = s.find(')');
            if (end == std::string_view::npos) {
                m_error = "unterminated '(' in field " + text::quoted(name);
                return false;
            }
            ++end;
        } else {
            while (end < s.size() && !isSpace(s[end]))
                ++end;
        }
        std::string_view value = s.substr(0, end);
        s.remove_prefix(end);
        if (!value.empty() && value.back() == ',')
            value.remove_suffix(1);
        m_fields.push_back({name, value});
    }
    event.fields = m_fields;
    return true;
}

bool FtraceParser::decodeKnownFields(FtraceEventView& event)
{
    for (std::string_view required : requiredFields(event.kind)) {
        if (!event.field(required)) {
            m_error = std::string(event.name) + ": missing field '" + std::string(required) + "'";
            return false;
        }
    }
    auto readInt = [&](std::string_view fieldName, int& out) {
        auto value = event.field(fieldName);
        if (!value)
            return true;
        auto number = text::parseSigned(*value);
        if (!number || *number < -1000000 || *number > 1000000) {
            m_error = std::string(event.name) + ": invalid " + std::string(fieldName) + " " + text::quoted(*value);
            return false;
        }
        out = static_cast<int>(*number);
        return true;
    };
    const bool extfrag = event.kind == FtraceEventKind::PageAllocExtfrag;
    if (!readInt(extfrag ? "alloc_order" : "order", event.order)
        || !readInt(extfrag ? "alloc_migratetype" : "migratetype", event.migratetype))
        return false;
    if (auto page = event.field("page"))
        event.allocFailed = event.kind == FtraceEventKind::PageAlloc && isNullPointer(*page);
    if (auto pfn = event.field("pfn"); pfn && !event.allocFailed) {
        event.pfn = text::parseHexOrDecimal(*pfn);
        if (!event.pfn) {
            m_error = std::string(event.name) + ": invalid pfn " + text::quoted(*pfn);
            return false;
        }
    }
    if (auto gfp = event.field("gfp_flags"))
        event.gfpFlags = *gfp;
    else if (auto mask = event.field("gfp_mask"))
        event.gfpFlags = *mask;
    return true;
}

void FtraceParser::countUnknown(std::string_view name, FtraceSummary& summary)
{
    ++summary.unknownEvents;
    auto& counts = summary.unknownEventCounts;
    if (m_lastUnknown < counts.size() && counts[m_lastUnknown].first == name) {
        ++counts[m_lastUnknown].second;
        return;
    }
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i].first == name) {
            ++counts[i].second;
            m_lastUnknown = i;
            return;
        }
    }
    counts.emplace_back(std::string(name), 1);
    m_lastUnknown = counts.size() - 1;
}

} // namespace gbw::importers
