// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/pagetypeinfoparser.h"
#include "importers/pagetypeinfowriter.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

// Any input: no crash, no hang. Parsed snapshots: writing and re-reading them loses nothing.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gbw::importers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto result = PagetypeinfoParser::parse(text);
    if (!result.ok())
        return 0;
    for (const auto& snapshot : result.snapshots) {
        auto again = PagetypeinfoParser::parse(PagetypeinfoWriter::write(snapshot));
        auto expected = snapshot;
        expected.firstLine = 1;
        expected.timestamp.reset();
        if (!again.ok() || again.snapshots.size() != 1 || !(again.snapshots[0] == expected))
            std::abort();
    }
    return 0;
}
