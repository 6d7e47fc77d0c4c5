// SPDX-License-Identifier: GPL-3.0-or-later
#include "live/liverecorder.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace gbw::live {

namespace {

importers::InputFormat formatOf(const std::string& name)
{
    if (name == "buddyinfo")
        return importers::InputFormat::Buddyinfo;
    if (name == "pagetypeinfo")
        return importers::InputFormat::Pagetypeinfo;
    if (name == "zoneinfo")
        return importers::InputFormat::Zoneinfo;
    if (name == "vmstat")
        return importers::InputFormat::Vmstat;
    if (name == "trace")
        return importers::InputFormat::Ftrace;
    return importers::InputFormat::Unknown;
}

std::string isoTime(double epoch)
{
    // Rounded to the millisecond first, so 0.2 s never prints as .199.
    const auto totalMillis = static_cast<long long>(std::llround(epoch * 1000));
    const auto seconds = static_cast<std::time_t>(totalMillis / 1000);
    std::tm utc {};
    ::gmtime_r(&seconds, &utc);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(totalMillis % 1000));
    return std::string(text) + millis;
}

} // namespace

LiveRecorder::LiveRecorder(importers::SqliteStore& store, std::string agentLabel)
    : m_store(store)
    , m_agentLabel(std::move(agentLabel))
{}

void LiveRecorder::connected(const std::string& host)
{
    m_host = host.empty() ? m_agentLabel : host;
    m_connected = true;
    ++m_segment;
    m_part = 0;
    m_recordedTime.clear();
}

void LiveRecorder::record(const protocol::SourceSet& state, const std::vector<std::string>& changed)
{
    for (const auto& name : changed) {
        const auto* source = state.find(name);
        if (!source || formatOf(name) == importers::InputFormat::Unknown)
            continue;
        // A full-sync barrier repeats sources that were not read again: record each reading once.
        auto& recorded = m_recordedTime[name];
        if (source->time <= recorded)
            continue;
        recorded = source->time;
        m_lastTime = std::max(m_lastTime, source->time);
        Buffer& buffer = m_buffers[name];
        char stamp[48];
        std::snprintf(stamp, sizeof stamp, "timestamp: %.6f\n", source->time);
        buffer.text += stamp;
        buffer.text += protocol::SourceSet::joinLines(source->lines);
        if (buffer.text.back() != '\n')
            buffer.text += '\n';
        ++buffer.snapshots;
    }
}

void LiveRecorder::events(const protocol::Events& events)
{
    Buffer& buffer = m_buffers["trace"];
    for (const auto& line : events.lines) {
        buffer.text += line;
        buffer.text += '\n';
        ++buffer.snapshots;
    }
}

void LiveRecorder::disconnected(const std::string& reason)
{
    // Failed reconnect attempts do not move the gap: it starts at the last reading before the loss.
    if (!m_connected)
        return;
    m_connected = false;
    std::string error;
    if (!flush(error))
        m_pendingError = error;
    m_gap = "gap: connection lost after " + (m_lastTime > 0 ? isoTime(m_lastTime) : std::string("the start")) + " ("
        + reason + ")";
}

std::string LiveRecorder::sourceLabel(const std::string& name) const
{
    std::string label = "live " + m_agentLabel + " " + name + ", segment " + std::to_string(m_segment);
    if (m_part > 0)
        label += " part " + std::to_string(m_part + 1);
    if (m_segment > 1 && !m_gap.empty())
        return m_gap + "; " + label;
    return label;
}

bool LiveRecorder::flush(std::string& error)
{
    if (!m_pendingError.empty()) {
        error = std::move(m_pendingError);
        m_pendingError.clear();
        return false;
    }
    bool any = false;
    for (auto& [name, buffer] : m_buffers) {
        if (buffer.snapshots == 0)
            continue;
        importers::ImportRequest request;
        request.host = m_host;
        request.source = sourceLabel(name);
        request.format = formatOf(name);
        const auto summary = m_store.importText(buffer.text, request);
        if (!summary.ok) {
            error = "recording " + name + ": " + summary.failure;
            return false;
        }
        m_saved.push_back({summary.sessionId, request.source, name, summary.snapshots + summary.events});
        buffer = Buffer {};
        any = true;
    }
    if (any)
        ++m_part;
    return true;
}

std::size_t LiveRecorder::bufferedBytes() const
{
    std::size_t bytes = 0;
    for (const auto& [name, buffer] : m_buffers)
        bytes += buffer.text.size();
    return bytes;
}

} // namespace gbw::live
