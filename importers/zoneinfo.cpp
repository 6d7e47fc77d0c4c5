// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/zoneinfo.h"

namespace gbw::importers {

namespace {

std::optional<std::uint64_t> find(const NamedCounters& counters, std::string_view name)
{
    for (const auto& [key, value] : counters) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::uint64_t> ZoneinfoZone::counter(std::string_view name) const
{
    return find(counters, name);
}

std::optional<std::uint64_t> ZoneinfoZone::attribute(std::string_view name) const
{
    return find(attributes, name);
}

const ZoneinfoZone* ZoneinfoSnapshot::zone(int node, std::string_view name) const
{
    for (const auto& z : zones) {
        if (z.node == node && z.zone == name)
            return &z;
    }
    return nullptr;
}

} // namespace gbw::importers
