// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/vmstatparser.h"

#include <cstdint>
#include <string_view>

// Any input: no crash, no hang, and strict mode stops at the first error.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gbw::importers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto result = VmstatParser::parse(text);
    auto strict = VmstatParser::parse(text, {.strict = true});
    if (strict.errorCount > 1 || (result.ok() != strict.ok()))
        __builtin_trap();
    return 0;
}
