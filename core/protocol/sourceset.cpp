// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/sourceset.h"

namespace gbw::protocol {

std::vector<std::string> SourceSet::splitLines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            return lines;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
}

std::string SourceSet::joinLines(const std::vector<std::string>& lines)
{
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0)
            text += '\n';
        text += lines[i];
    }
    return text;
}

const SourceSet::Source* SourceSet::find(std::string_view name) const
{
    auto it = m_sources.find(name);
    return it == m_sources.end() ? nullptr : &it->second;
}

std::string SourceSet::text(std::string_view name) const
{
    const Source* source = find(name);
    return source ? joinLines(source->lines) : std::string();
}

SourceDelta SourceSet::update(std::string_view name, double time, std::string_view text)
{
    auto lines = splitLines(text);
    SourceDelta delta;
    delta.name = std::string(name);
    delta.time = time;
    delta.lineCount = static_cast<std::uint32_t>(lines.size());
    auto it = m_sources.find(name);
    if (it == m_sources.end() || it->second.lines.size() != lines.size()) {
        delta.text = std::string(text);
    } else {
        const auto& old = it->second.lines;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i] != old[i])
                delta.changes.push_back({static_cast<std::uint32_t>(i), lines[i]});
        }
    }
    m_sources[std::string(name)] = Source {time, std::move(lines)};
    return delta;
}

Snapshot SourceSet::snapshot() const
{
    Snapshot snapshot;
    snapshot.seq = m_seq;
    for (const auto& [name, source] : m_sources)
        snapshot.sources.push_back({name, source.time, joinLines(source.lines)});
    return snapshot;
}

void SourceSet::apply(const Snapshot& snapshot)
{
    m_sources.clear();
    m_seq = snapshot.seq;
    for (const auto& source : snapshot.sources)
        m_sources[source.name] = Source {source.time, splitLines(source.text)};
}

bool SourceSet::check(const SourceDelta& delta, const Source* current, std::string& reason)
{
    if (delta.text) {
        if (splitLines(*delta.text).size() != delta.lineCount) {
            reason = "source '" + delta.name + "': text does not have the announced " + std::to_string(delta.lineCount)
                + " lines";
            return false;
        }
        return true;
    }
    if (!current) {
        reason = "source '" + delta.name + "': line changes for a source never sent whole";
        return false;
    }
    if (current->lines.size() != delta.lineCount) {
        reason = "source '" + delta.name + "': changes for " + std::to_string(delta.lineCount) + " lines, held "
            + std::to_string(current->lines.size());
        return false;
    }
    for (const auto& change : delta.changes) {
        if (change.line >= delta.lineCount) {
            reason = "source '" + delta.name + "': change of line " + std::to_string(change.line) + " out of range";
            return false;
        }
    }
    return true;
}

bool SourceSet::apply(const Delta& delta, std::string& reason)
{
    if (delta.base != m_seq) {
        reason = "delta " + std::to_string(delta.seq) + " is based on " + std::to_string(delta.base) + ", held "
            + std::to_string(m_seq);
        return false;
    }
    for (const auto& source : delta.sources) {
        if (!check(source, find(source.name), reason))
            return false;
    }
    for (const auto& source : delta.sources) {
        Source& target = m_sources[source.name];
        target.time = source.time;
        if (source.text) {
            target.lines = splitLines(*source.text);
            continue;
        }
        for (const auto& change : source.changes)
            target.lines[change.line] = change.text;
    }
    m_seq = delta.seq;
    return true;
}

} // namespace gbw::protocol
