// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/ftraceevent.h"
#include "importers/parseresult.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gbw::importers {

// Reads ftrace text: the tracefs `trace`/`trace_pipe` format (with or without irq flags and the
// TGID column), `trace-cmd report` and `perf script`. Fields are read as name=value pairs, so a
// kernel that adds or reorders fields still parses. Unknown events are passed on as
// FtraceEventKind::Unknown and counted, never rejected.
class FtraceParser
{
public:
    using EventCallback = std::function<void(const FtraceEventView&)>;

    explicit FtraceParser(ParseOptions options = {});

    // Streams events to the callback; the views die when it returns.
    FtraceSummary parse(std::string_view text, const EventCallback& onEvent);

    // Called from the callback: stop after the current line (for example when storing the
    // event failed). The summary then says aborted.
    void requestStop()
    {
        m_stopRequested = true;
    }

    // Convenience: copies every event.
    static FtraceParseResult parseAll(std::string_view text, ParseOptions options = {});

private:
    enum class LineKind
    {
        Event,
        Metadata,
        Error
    };

    LineKind parseLine(std::string_view line, FtraceEventView& event, FtraceSummary& summary);
    bool parsePrefix(std::string_view line, FtraceEventView& event, std::string_view& rest);
    bool parseFields(FtraceEventView& event);
    bool decodeKnownFields(FtraceEventView& event);
    void countUnknown(std::string_view name, FtraceSummary& summary);
    static bool parseMetadata(std::string_view line, FtraceSummary& summary);

    ParseOptions m_options;
    std::vector<FtraceField> m_fields; // reused for every line
    std::string m_error;
    std::size_t m_lastUnknown = 0; // index into unknownEventCounts of the previous unknown event
    bool m_stopRequested = false;
};

} // namespace gbw::importers
