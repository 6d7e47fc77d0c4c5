// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfoparser.h"
#include "importers/buddyinfowriter.h"
#include "roundtripfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return roundTripFuzz<gbw::importers::BuddyinfoParser, gbw::importers::BuddyinfoWriter>(data, size);
}
