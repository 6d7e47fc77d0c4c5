// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentlog.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace gbw::agent {

void logLine(std::string_view text)
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc {};
    ::gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    std::string line = stamp;
    line += '.';
    line += std::to_string(1000 + millis).substr(1);
    line += "Z gigablock-agent: ";
    line += text;
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace gbw::agent
