// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/pagetypeinfo.h"
#include "importers/parseresult.h"

#include <string_view>

namespace gbw::importers {

// Reads /proc/pagetypeinfo in every layout since 2.6.24: the migratetype columns, zones, nodes
// and number of orders come from the file itself, never from a kernel version. Several dumps in
// one file (a monitor loop, with or without timestamp lines between them) become several snapshots.
class PagetypeinfoParser
{
public:
    static ParseResult<PagetypeinfoSnapshot> parse(std::string_view text, ParseOptions options = {});
};

} // namespace gbw::importers
