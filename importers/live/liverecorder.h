// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/sqlitestore.h"
#include "protocol/messages.h"
#include "protocol/sourceset.h"

#include <map>
#include <string>
#include <vector>

namespace gbw::live {

// Records what a LiveClient receives into the SQLite store, as sessions of the agent's host that
// replay exactly like an import: each source becomes the text a monitor loop would have written
// ("timestamp: <epoch>" then the file), imported with the importers' own parsers, one
// transaction per session. The stream is cut into segments at every reconnect: a segment after a
// lost connection is recorded as its own sessions whose `source` starts with "gap:" and says
// when the connection was lost and why (the gap marker); nothing of the two segments is mixed.
class LiveRecorder
{
public:
    struct Saved
    {
        std::int64_t sessionId = 0;
        std::string source; // sessions.source
        std::string format;
        std::size_t snapshots = 0; // or events, for the trace
    };

    LiveRecorder(importers::SqliteStore& store, std::string agentLabel);

    // The agent said hello: the host name it reports names the recording's host.
    void connected(const std::string& host);
    // New readings: appends the sources in `changed` whose time moved since they were recorded.
    void record(const protocol::SourceSet& state, const std::vector<std::string>& changed);
    // Trace lines (kmem, compaction): recorded as an ftrace session of the segment.
    void events(const protocol::Events& events);
    // The connection was lost: the current segment is saved and the next one carries the gap.
    void disconnected(const std::string& reason);
    // Saves what is buffered (at the end, or now and then so a crash loses little).
    bool flush(std::string& error);

    const std::vector<Saved>& saved() const
    {
        return m_saved;
    }
    std::size_t bufferedBytes() const;

private:
    struct Buffer
    {
        std::string text;
        std::size_t snapshots = 0;
        double lastTime = 0;
    };

    std::string sourceLabel(const std::string& name) const;

    importers::SqliteStore& m_store;
    std::string m_agentLabel; // "HOST:PORT"
    std::string m_host = "unknown";
    bool m_connected = false;
    int m_segment = 0;
    int m_part = 0; // flushes within the segment
    std::string m_gap; // the gap that opened this segment ("" for the first)
    double m_lastTime = 0; // latest reading recorded, for the gap's start
    std::map<std::string, Buffer> m_buffers;
    std::map<std::string, double> m_recordedTime;
    std::vector<Saved> m_saved;
    std::string m_pendingError;
};

} // namespace gbw::live
