// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <string>

namespace gbw {

// printf onto the end of a string, however long the result: the kernel's own
// text formats are printf formats, and so are our reports that mimic them.
template<typename... Args>
void appendf(std::string& out, const char* format, Args... args)
{
    const int n = std::snprintf(nullptr, 0, format, args...);
    if (n <= 0)
        return;
    const std::size_t at = out.size();
    out.resize(at + std::size_t(n) + 1);
    std::snprintf(out.data() + at, std::size_t(n) + 1, format, args...);
    out.resize(at + std::size_t(n)); // drop snprintf's terminating NUL
}

} // namespace gbw
