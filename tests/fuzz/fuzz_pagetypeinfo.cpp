// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/pagetypeinfoparser.h"
#include "importers/pagetypeinfowriter.h"
#include "roundtripfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return roundTripFuzz<gbw::importers::PagetypeinfoParser, gbw::importers::PagetypeinfoWriter>(data, size);
}
