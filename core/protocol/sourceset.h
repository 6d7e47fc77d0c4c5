// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol/messages.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gbw::protocol {

// The state both ends keep: the latest text of every source, as lines. The agent uses it to
// compute deltas, the client to apply them; a Snapshot replaces it. A text is split at every '\n'
// ("a\nb\n" is the lines "a", "b", ""), so joining them gives the text back byte for byte.
class SourceSet
{
public:
    struct Source
    {
        double time = 0;
        std::vector<std::string> lines;
    };

    std::uint64_t seq() const
    {
        return m_seq;
    }
    bool empty() const
    {
        return m_sources.empty();
    }
    const std::map<std::string, Source, std::less<>>& sources() const
    {
        return m_sources;
    }
    const Source* find(std::string_view name) const;
    std::string text(std::string_view name) const;

    // Agent side: what to send for a new reading of `name` (its lines, or the whole text when the
    // number of lines changed), and take it in. The caller collects these into one Delta.
    SourceDelta update(std::string_view name, double time, std::string_view text);
    // Agent side: number the next tick; returns the previous seq (the Delta's base).
    std::uint64_t advance()
    {
        return m_seq++;
    }
    Snapshot snapshot() const;

    // Client side. On error the set is unchanged and the reason says why (the client then
    // resynchronises by reconnecting).
    void apply(const Snapshot& snapshot);
    bool apply(const Delta& delta, std::string& reason);

    static std::vector<std::string> splitLines(std::string_view text);
    static std::string joinLines(const std::vector<std::string>& lines);

private:
    static bool check(const SourceDelta& delta, const Source* current, std::string& reason);

    std::uint64_t m_seq = 0;
    std::map<std::string, Source, std::less<>> m_sources;
};

} // namespace gbw::protocol
