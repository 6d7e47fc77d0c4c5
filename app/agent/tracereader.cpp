// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracereader.h"

#include "importers/ftraceparser.h"

#include <boost/asio/post.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <unistd.h>

namespace gbw::agent {

namespace {

// "1" or "X" (some enabled) in events/<system>/enable; empty when the file is missing.
std::string firstLine(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

} // namespace

TraceReader::TraceReader(boost::asio::io_context& io, std::string tracefsDir, Deliver deliver)
    : m_io(io)
    , m_dir(std::move(tracefsDir))
    , m_deliver(std::move(deliver))
{}

TraceReader::~TraceReader()
{
    stop();
}

std::string TraceReader::start()
{
    const std::string pipe = m_dir + "/trace_pipe";
    if (::access(pipe.c_str(), F_OK) != 0)
        return pipe + " not found (tracefs not mounted?): no kmem or compaction events";
    const std::string kmem = firstLine(m_dir + "/events/kmem/enable");
    const std::string compaction = firstLine(m_dir + "/events/compaction/enable");
    if (kmem != "1" && kmem != "X" && compaction != "1" && compaction != "X")
        return "no kmem or compaction events are enabled in " + m_dir
            + " (the agent does not enable them: echo 1 > events/compaction/enable)";
    if (firstLine(m_dir + "/tracing_on") == "0")
        return m_dir + "/tracing_on is 0: no events";
    const int fd = ::open(pipe.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return pipe + ": " + std::strerror(errno) + ": no kmem or compaction events";
    m_thread = std::thread([this, fd] { loop(fd); });
    return {};
}

void TraceReader::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void TraceReader::loop(int fd)
{
    auto lastDelivery = std::chrono::steady_clock::now();
    char buffer[65536];
    while (!m_stop) {
        pollfd p {fd, POLLIN, 0};
        // A short timeout: stop() is noticed, and quiet periods still deliver what came.
        if (::poll(&p, 1, 100) > 0) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n > 0)
                take(std::string_view(buffer, static_cast<std::size_t>(n)));
            else if (n == 0) // a FIFO whose writer went away: wait for the next one
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (std::chrono::steady_clock::now() - lastDelivery > std::chrono::milliseconds(100)) {
            deliver();
            lastDelivery = std::chrono::steady_clock::now();
        }
    }
    deliver();
    ::close(fd);
}

void TraceReader::take(std::string_view chunk)
{
    m_partial.append(chunk);
    const auto end = m_partial.rfind('\n');
    if (end == std::string::npos)
        return;
    const std::string complete = m_partial.substr(0, end + 1);
    m_partial.erase(0, end + 1);
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < complete.size();) {
        const auto newline = complete.find('\n', start);
        lines.emplace_back(std::string_view(complete).substr(start, newline - start));
        start = newline + 1;
    }
    importers::FtraceParser parser;
    parser.parse(complete, [&](const importers::FtraceEventView& event) {
        const bool wanted = event.system == "kmem" || event.system == "compaction" || event.name.starts_with("mm_page")
            || event.name.starts_with("mm_compaction");
        if (!wanted || event.line == 0 || event.line > lines.size())
            return;
        if (m_batch.size() < maxLinesPerBatch)
            m_batch.emplace_back(lines[event.line - 1]);
        else
            ++m_lost;
    });
}

void TraceReader::deliver()
{
    if (m_batch.empty() && m_lost == 0)
        return;
    boost::asio::post(m_io, [deliver = m_deliver, lines = std::move(m_batch), lost = m_lost]() mutable {
        deliver(std::move(lines), lost);
    });
    m_batch.clear();
    m_lost = 0;
}

} // namespace gbw::agent
