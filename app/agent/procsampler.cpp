// SPDX-License-Identifier: GPL-3.0-or-later
#include "procsampler.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace gbw::agent {

namespace {

// /proc files have no size: read until EOF into a buffer that keeps its capacity.
int readWhole(const std::string& path, std::string& buffer)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    buffer.clear();
    char chunk[16384];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return err;
        }
        if (n == 0)
            break;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return 0;
}

std::string whyUnreadable(const std::string& name, const std::string& path, int err)
{
    std::string text = path + ": " + std::strerror(err) + "; " + name + " is skipped";
    if (name == "pagetypeinfo" && (err == EACCES || err == EPERM))
        text += " (root only since Linux 5.6: run the agent as root or with CAP_DAC_READ_SEARCH for per-migratetype "
                "counts)";
    return text;
}

} // namespace

ProcSampler::ProcSampler(std::string procDir, const SampleIntervals& intervals, Clock::time_point start)
    : m_procDir(std::move(procDir))
{
    m_schedule.add("buddyinfo", intervals.buddyinfo, start);
    m_schedule.add("pagetypeinfo", intervals.pagetypeinfo, start);
    m_schedule.add("zoneinfo", intervals.zoneinfo, start);
    m_schedule.add("vmstat", intervals.vmstat, start);
}

std::string ProcSampler::hostName() const
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return "unknown";
    return name;
}

std::vector<Reading> ProcSampler::sample(Clock::time_point now, std::vector<protocol::Note>& notes)
{
    std::vector<Reading> readings;
    for (const auto& name : m_schedule.takeDue(now)) {
        const std::string path = m_procDir + "/" + name;
        const double time = wallSeconds();
        if (const int err = readWhole(path, m_buffer); err != 0) {
            // Permissions and kernel configuration do not change while we run: stop asking.
            notes.push_back({name, whyUnreadable(name, path, err)});
            m_schedule.remove(name);
            continue;
        }
        readings.push_back({name, time, m_buffer});
    }
    return readings;
}

} // namespace gbw::agent
