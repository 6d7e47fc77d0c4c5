// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace gbw::importers {

enum class InputFormat
{
    Unknown,
    Pagetypeinfo,
    Buddyinfo,
    Zoneinfo,
    Vmstat,
    ExtfragIndex,
    UnusableIndex,
    Ftrace,
};

std::string_view inputFormatName(InputFormat format);

// Guesses what a file holds from its first lines (pass the start of the file; a few KiB are
// plenty). The file name is only a tie-breaker: extfrag_index and unusable_index look the same
// unless the values give them away.
class FormatDetector
{
public:
    static InputFormat detect(std::string_view head, std::string_view fileName = {});
};

} // namespace gbw::importers
