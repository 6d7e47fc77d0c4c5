// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"
#include "importers/zoneinfo.h"

#include <string_view>

namespace gbw::importers {

// Reads /proc/zoneinfo from 2.6 to 6.x. Lines are recognised by their names, not by position:
// watermarks, "protection:", counters and pagesets moved between versions (kernel-formats.md §3).
class ZoneinfoParser
{
public:
    static ParseResult<ZoneinfoSnapshot> parse(std::string_view text, ParseOptions options = {});
};

} // namespace gbw::importers
