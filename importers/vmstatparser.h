// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"
#include "importers/vmstat.h"

#include <string_view>

namespace gbw::importers {

// Reads /proc/vmstat (and /sys/devices/system/node/nodeN/vmstat): "name value" lines. A
// repeated name or a timestamp line starts the next snapshot.
class VmstatParser
{
public:
    static ParseResult<VmstatSnapshot> parse(std::string_view text, ParseOptions options = {});
};

} // namespace gbw::importers
