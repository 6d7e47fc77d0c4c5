// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

// The few printf conversions of mm/vmstat.c, so writers reproduce the kernel's columns exactly.
namespace gbw::importers::kernelprintf {

// "%<width>s": right-aligned, never truncated.
inline void appendRight(std::string& out, std::string_view s, std::size_t width)
{
    if (s.size() < width)
        out.append(width - s.size(), ' ');
    out += s;
}

// "%-<width>s"
inline void appendLeft(std::string& out, std::string_view s, std::size_t width)
{
    out += s;
    if (s.size() < width)
        out.append(width - s.size(), ' ');
}

// "%<width>lu" / "%<width>d"
template<typename Int>
void appendNumber(std::string& out, Int value, std::size_t width)
{
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
    (void)ec; // 24 bytes hold any 64-bit integer
    appendRight(out, std::string_view(buffer, static_cast<std::size_t>(end - buffer)), width);
}

// Ends a row: the kernel leaves the separator space of the last column in place; pasted copies
// often lost it.
inline void endLine(std::string& out, bool trailingSpace)
{
    if (!trailingSpace) {
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
    }
    out += '\n';
}

} // namespace gbw::importers::kernelprintf
