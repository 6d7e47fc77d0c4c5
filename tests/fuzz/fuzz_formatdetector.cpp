// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/formatdetector.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gbw::importers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)FormatDetector::detect(text, "extfrag_index");
    return 0;
}
