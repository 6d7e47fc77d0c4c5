// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/fragindex.h"
#include "importers/parseresult.h"

#include <string_view>

namespace gbw::importers {

// Reads extfrag_index and unusable_index: "Node 0, zone Normal -1.000 0.931 ..." in both the
// "%d.%03d" and the 5.16+ "%2d.%03d" widths. The file does not say which index it holds; the
// caller (or FormatDetector) knows from the file name.
class FragIndexParser
{
public:
    static ParseResult<FragIndexSnapshot> parse(std::string_view text, ParseOptions options = {});
};

} // namespace gbw::importers
