// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfo.h"

namespace gbw::importers {

const BuddyinfoRow* BuddyinfoSnapshot::row(int node, std::string_view zone) const
{
    for (const auto& r : rows) {
        if (r.node == node && r.zone == zone)
            return &r;
    }
    return nullptr;
}

std::uint64_t BuddyinfoSnapshot::freePages() const
{
    std::uint64_t pages = 0;
    for (const auto& r : rows) {
        for (std::size_t order = 0; order < r.counts.size(); ++order)
            pages += r.counts[order] << order;
    }
    return pages;
}

} // namespace gbw::importers
