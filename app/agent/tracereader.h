// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace gbw::agent {

// Follows tracefs trace_pipe on a thread of its own and hands the kmem and compaction event lines
// (recognised by the importers' FtraceParser) to the agent's thread in batches. It never enables
// events or tracing: it uses what the operator set up, and says what is missing otherwise.
// Reading trace_pipe consumes the lines from the ring buffer, which is why this is opt-in.
class TraceReader
{
public:
    using Deliver = std::function<void(std::vector<std::string> lines, std::uint64_t lost)>;

    TraceReader(boost::asio::io_context& io, std::string tracefsDir, Deliver deliver);
    ~TraceReader();
    TraceReader(const TraceReader&) = delete;
    TraceReader& operator=(const TraceReader&) = delete;

    // Empty when following; else why not (for a note to the clients).
    std::string start();
    void stop();

    static constexpr std::size_t maxLinesPerBatch = 5000;

private:
    void loop(int fd);
    void take(std::string_view chunk);
    void deliver();

    boost::asio::io_context& m_io;
    std::string m_dir;
    Deliver m_deliver;
    std::atomic<bool> m_stop {false};
    std::thread m_thread;
    std::string m_partial; // a line not yet complete
    std::vector<std::string> m_batch;
    std::uint64_t m_lost = 0;
};

} // namespace gbw::agent
