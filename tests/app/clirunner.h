// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

// Runs the real `gigablock` binary (GBW_CLI, set by tests/app/CMakeLists.txt)
// as a user would, with stdout and stderr together.
struct CliRun
{
    int status = -1;
    std::string output;
};

inline CliRun gigablock(const std::string& arguments)
{
    CliRun run;
    const std::string command = std::string(GBW_CLI) + " " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return run;
    std::array<char, 4096> buffer;
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        run.output.append(buffer.data(), n);
    const int raw = pclose(pipe);
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return run;
}
