// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/ftraceparser.h"

#include <cstdint>
#include <string_view>

// Any input: no crash, no hang; every event view points into the input.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gbw::importers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto inside = [&text](std::string_view part) {
        return part.empty() || (part.data() >= text.data() && part.data() + part.size() <= text.data() + text.size());
    };
    FtraceParser parser;
    parser.parse(text, [&](const FtraceEventView& e) {
        if (!inside(e.task) || !inside(e.name) || !inside(e.body) || !inside(e.gfpFlags))
            __builtin_trap();
        for (const auto& f : e.fields) {
            if (!inside(f.name) || !inside(f.value))
                __builtin_trap();
        }
    });
    return 0;
}
