// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/buddyinfo.h"
#include "importers/parseresult.h"

#include <string_view>

namespace gbw::importers {

// Reads /proc/buddyinfo (layout unchanged since 2.6). A zone seen twice, or a timestamp line,
// starts the next snapshot.
class BuddyinfoParser
{
public:
    static ParseResult<BuddyinfoSnapshot> parse(std::string_view text, ParseOptions options = {});
};

} // namespace gbw::importers
