// SPDX-License-Identifier: GPL-3.0-or-later
#include "geometry.h"

namespace gbw {

std::string Geometry::validate() const
{
    if (pageShift < 10 || pageShift > 20)
        return "page shift " + std::to_string(pageShift) + " is outside 10..20";
    if (maxPageOrder < 0 || maxPageOrder > kMaxSupportedOrder)
        return "MAX_PAGE_ORDER " + std::to_string(maxPageOrder) + " is outside 0.."
            + std::to_string(kMaxSupportedOrder);
    if (pageblockOrder < 1 || pageblockOrder > maxPageOrder)
        return "pageblock order " + std::to_string(pageblockOrder) + " must be between 1 and MAX_PAGE_ORDER";
    if (gigablockOrder <= maxPageOrder || gigablockOrder < pageblockOrder || gigablockOrder > 24)
        return "gigablock order " + std::to_string(gigablockOrder)
            + " must exceed MAX_PAGE_ORDER and the pageblock order, and be at most 24";
    if (pageblockOrder > 15)
        return "pageblock order above 15 does not fit the per-pageblock counters";
    return {};
}

} // namespace gbw
