// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>

#include "freelinks.h"
#include "geometry.h"
#include "types.h"

namespace gbw {

// The heads of one set of buddy free lists: a zone's free_area[] in the
// vanilla kernel, or one gigablock's in the RFC. The links live in the zone's
// FreeLinks; the counts live in the zone and gigablock summaries.
struct FreeArea
{
    std::array<std::array<ListEnds, kMigrateTypes>, kMaxSupportedOrder + 1> lists;

    ListEnds& list(int order, MigrateType mt)
    {
        return lists[std::size_t(order)][std::size_t(index(mt))];
    }
    const ListEnds& list(int order, MigrateType mt) const
    {
        return lists[std::size_t(order)][std::size_t(index(mt))];
    }
};

} // namespace gbw
