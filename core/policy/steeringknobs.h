// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace gbw {

// The RFC's constants (rfc-notes §4.5), as experiment knobs with the RFC's
// values as defaults. None of them is a sysctl in the patches.
struct SteeringKnobs
{
    // SPB_TAINTED_RESERVE: movable requests stay out of tainted gigablocks at
    // or below this many free pageblocks, keeping room for unmovable claims.
    int taintedReservePageblocks = 4;
    // v1 24/45: the reserve as a share of the gigablock (about 3 %, at least
    // taintedReservePageblocks) instead of the flat number.
    bool dynamicTaintedReserve = false;
    int dynamicReservePercent = 3;
    // SPB_AGGRESSIVE_THRESHOLD: with more gigablocks than this in a zone,
    // non-movable requests may pack into sub-pageblock fragments of tainted ones.
    int aggressiveThreshold = 8;
    // SPB_SCAN_LIMIT: how far the zone-wide claim looks for a tainted candidate.
    int claimScanLimit = 8;
    // v2 26/40: refuse optional high-order and atomic-shaped requests rather
    // than taint a clean gigablock.
    bool refuseOptionalTaint = true;
    // v2 20/40, "prefer reclaim over tainting": a kernel request taints a
    // clean gigablock only once reclaim and compaction have failed it.
    bool preferReclaimOverTaint = true;

    std::uint32_t taintedReserve(std::uint32_t usablePageblocks) const
    {
        if (!dynamicTaintedReserve)
            return std::uint32_t(taintedReservePageblocks);
        const std::uint32_t share = usablePageblocks * std::uint32_t(dynamicReservePercent) / 100;
        return share > std::uint32_t(taintedReservePageblocks) ? share : std::uint32_t(taintedReservePageblocks);
    }
};

} // namespace gbw
