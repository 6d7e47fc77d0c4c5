// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

#include "importers/errorcollector.h"
#include "importers/linereader.h"
#include "importers/parseresult.h"
#include "importers/textutil.h"

namespace gbw::importers {

// The loop every /proc table parser shares: reject blank input, feed each
// line to a Builder (which says whether to go on: false in strict mode after
// an error), then let it close what is open. The Builder holds the format.
template<typename Builder, typename Snapshot>
ParseResult<Snapshot> parseLineByLine(std::string_view text, ParseOptions options)
{
    ParseResult<Snapshot> result;
    if (text::isBlank(text)) {
        ErrorCollector(options, result).report(0, "empty input");
        return result;
    }
    Builder builder(options, result);
    LineReader lines(text);
    while (lines.next()) {
        if (!builder.line(lines.number(), lines.line()))
            return result;
    }
    builder.finish();
    return result;
}

} // namespace gbw::importers
