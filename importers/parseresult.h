// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gbw::importers {

// A problem found in the input. Parsers never throw: they return these as values.
// `line` is 1-based; 0 means "the input as a whole" (for example an empty file).
struct ParseError
{
    std::size_t line = 0;
    std::string reason;

    bool operator==(const ParseError&) const = default;
};

struct ParseOptions
{
    // Stop at the first malformed line instead of skipping it and going on.
    bool strict = false;
};

// A line such as `date` or `date +%s` output that a monitor loop prints between dumps.
struct Timestamp
{
    std::string text; // the line as it was written, trimmed
    std::optional<double> epochSeconds; // when the text could be read as a point in time (UTC)

    bool operator==(const Timestamp&) const = default;
};

// What went wrong while reading one input, shared by every parser.
struct ParseDiagnostics
{
    // At most maxStoredErrors are kept; errorCount counts all of them.
    std::vector<ParseError> errors;
    std::size_t errorCount = 0;
    // Lines dropped because they could not be read (each also has an error).
    std::size_t skippedLines = 0;
    // True when ParseOptions::strict stopped the parse at errors.front().
    bool aborted = false;

    bool ok() const
    {
        return errorCount == 0;
    }
};

template<typename Snapshot>
struct ParseResult : ParseDiagnostics
{
    std::vector<Snapshot> snapshots;
};

// A 10-million-line file of garbage must not keep 10 million messages in memory.
inline constexpr std::size_t maxStoredErrors = 1000;

} // namespace gbw::importers
