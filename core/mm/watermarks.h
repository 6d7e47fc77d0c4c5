// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>

#include "model/memorymodel.h"

namespace gbw {

// The sysctls that shape watermarks, with the kernel's defaults.
struct WatermarkSettings
{
    std::int64_t minFreeKbytes = -1; // vm.min_free_kbytes; -1: computed as at boot
    int watermarkScaleFactor = 10; // vm.watermark_scale_factor, 1/10000 of the zone
    int watermarkBoostFactor = 15000; // vm.watermark_boost_factor, 1/10000 of the high watermark
    std::array<int, kZoneTypes> lowmemReserveRatio = {256, 256, 32, 0}; // vm.lowmem_reserve_ratio
};

namespace watermarks {

// init_per_zone_wmark_min(): sqrt(lowmem_kbytes * 16), clamped to [128, 262144].
std::int64_t defaultMinFreeKbytes(const MemoryModel& model);

// __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve().
void setup(MemoryModel& model, const WatermarkSettings& settings);

// boost_watermark(): after a fragmenting fallback, raise the zone's marks by
// a pageblock, up to boostFactor/10000 of the high mark. Returns whether it did.
bool boost(const Geometry& geometry, Zone& zone, int boostFactor);

enum class Check : std::uint8_t
{
    Ok,
    BelowWatermark,
    NoSuitableBlock
};

// __zone_watermark_ok(): enough free pages above the mark (less what the
// request may not use), and for order > 0 a free block of at least that order.
Check check(const Zone& zone, int order, std::uint64_t mark, int highestZone, unsigned flags);

} // namespace watermarks
} // namespace gbw
