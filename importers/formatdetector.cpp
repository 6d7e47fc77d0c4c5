// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/formatdetector.h"

#include "importers/linereader.h"
#include "importers/textutil.h"

namespace gbw::importers {

namespace {

using text::startsWith;

constexpr std::size_t maxLinesExamined = 40;

bool looksLikeTraceLine(std::string_view line)
{
    // "... [001] ... 123.456789: event_name: ..."
    auto open = line.find('[');
    auto close = line.find(']', open == std::string_view::npos ? 0 : open);
    if (open == std::string_view::npos || close == std::string_view::npos || close == open + 1)
        return false;
    for (std::size_t i = open + 1; i < close; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return false;
    }
    return line.find(": ", close) != std::string_view::npos;
}

InputFormat classifyNodeLine(std::string_view line, std::string_view fileName)
{
    text::Tokenizer tokens(line);
    std::string reason;
    auto where = text::readNodeZone(tokens, reason);
    if (!where)
        return InputFormat::Unknown;
    std::string_view first;
    if (!tokens.next(first))
        return InputFormat::Zoneinfo;
    if (first == "type")
        return InputFormat::Pagetypeinfo; // a free-pages row without its header
    if (first.find('.') == std::string_view::npos)
        return InputFormat::Buddyinfo;
    // extfrag_index is the only one that prints -1.000, and since 5.16 it pads to "%2d.%03d".
    const bool extfrag = line.find("-1.000") != std::string_view::npos || line.find("  0.") != std::string_view::npos;
    if (extfrag || fileName.find("extfrag") != std::string_view::npos)
        return InputFormat::ExtfragIndex;
    return InputFormat::UnusableIndex;
}

bool looksLikeVmstatLine(std::string_view line)
{
    text::Tokenizer tokens(line);
    std::string_view name, value;
    if (!tokens.next(name) || !tokens.next(value) || !tokens.atEnd())
        return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return text::parseSigned(value).has_value();
}

} // namespace

std::string_view inputFormatName(InputFormat format)
{
    switch (format) {
    case InputFormat::Pagetypeinfo:
        return "pagetypeinfo";
    case InputFormat::Buddyinfo:
        return "buddyinfo";
    case InputFormat::Zoneinfo:
        return "zoneinfo";
    case InputFormat::Vmstat:
        return "vmstat";
    case InputFormat::ExtfragIndex:
        return "extfrag_index";
    case InputFormat::UnusableIndex:
        return "unusable_index";
    case InputFormat::Ftrace:
        return "ftrace";
    case InputFormat::Unknown:
        break;
    }
    return "unknown";
}

InputFormat FormatDetector::detect(std::string_view head, std::string_view fileName)
{
    LineReader lines(head);
    std::size_t examined = 0;
    while (lines.next() && examined < maxLinesExamined) {
        const std::string_view raw = lines.line();
        if (text::findBinaryByte(raw) != std::string_view::npos)
            return InputFormat::Unknown;
        const std::string_view line = text::trim(raw);
        if (line.empty() || text::parseTimestampLine(line))
            continue;
        ++examined;
        if (startsWith(line, "Page block order:") || startsWith(line, "Pages per block:")
            || startsWith(line, "Free pages count per migrate type") || startsWith(line, "Number of blocks type")
            || startsWith(line, "Number of mixed blocks"))
            return InputFormat::Pagetypeinfo;
        if (startsWith(line, "# tracer:") || startsWith(line, "cpus=") || startsWith(line, "version = "))
            return InputFormat::Ftrace;
        if (startsWith(line, "Node"))
            return classifyNodeLine(line, fileName);
        if (line.front() == '#')
            continue;
        if (looksLikeTraceLine(line))
            return InputFormat::Ftrace;
        if (looksLikeVmstatLine(line))
            return InputFormat::Vmstat;
        return InputFormat::Unknown;
    }
    return InputFormat::Unknown;
}

} // namespace gbw::importers
