// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geometry.h"

namespace gbw {

enum class ZoneType : std::uint8_t
{
    Dma,
    Dma32,
    Normal,
    Movable
};
inline constexpr int kZoneTypes = 4;
std::string_view name(ZoneType type);

// A byte range [start, end) of physical address space.
struct ByteRange
{
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// A host as a user describes it: how much memory, on how many nodes, and
// where the firmware put holes. Everything else is derived by HostLayout.
struct HostConfig
{
    Geometry geometry;
    std::uint64_t memoryBytes = std::uint64_t(64) << 30; // usable RAM, holes excluded
    int nodes = 1;
    // One range each, spelled without a braced list, which GCC 12 at -O2
    // wrongly warns about ("may be used uninitialized").
    std::vector<ByteRange> holes
        = std::vector(1, ByteRange {std::uint64_t(3) << 30, std::uint64_t(4) << 30}); // the PCI hole
    std::vector<ByteRange> reserved
        = std::vector(1, ByteRange {0, std::uint64_t(1) << 20}); // BIOS/firmware, rounded to pageblocks
    std::vector<ByteRange> cma; // CMA areas (cma=, hugetlb_cma=): movable allocations only
    std::uint64_t movableBytes = 0; // ZONE_MOVABLE at the top of the last node (kernelcore=/movablecore=)
    bool dmaZones = true; // x86-64 DMA (16 MiB) and DMA32 (to 4 GiB)

    // A default x86-64 host of the given size (e.g. from parseSize("256G")).
    static HostConfig x86_64(std::uint64_t memoryBytes, int nodes = 1);
};

// One zone as laid out in physical memory, in pfns.
struct ZoneSpan
{
    int node = 0;
    ZoneType type = ZoneType::Normal;
    Pfn startPfn = 0; // spanned, inclusive
    Pfn endPfn = 0; // spanned, exclusive
};

// Parses "64G", "1T", "512M", "4096K", "1073741824" (bytes) — binary units.
// Returns 0 and sets error on bad input.
std::uint64_t parseSize(std::string_view text, std::string* error);
std::string formatSize(std::uint64_t bytes);

// Derives zones from a config; error is set (and the result empty) when the
// config cannot describe a host.
struct HostLayout
{
    Pfn endPfn = 0; // one past the highest pfn of any zone
    std::vector<ZoneSpan> zones;
    std::vector<ByteRange> unavailable; // holes and reserved ranges, pageblock-rounded outward
    std::vector<ByteRange> cma; // CMA areas, pageblock-rounded inward

    static HostLayout build(const HostConfig& config, std::string* error);
};

} // namespace gbw
