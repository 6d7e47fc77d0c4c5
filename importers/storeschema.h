// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string_view>

namespace gbw::importers {

// The recording store's schema (docs/schema.md) as a list of migrations: step N takes a
// database from PRAGMA user_version N to N + 1. Never edit a released step: append a new one.
class StoreSchema
{
public:
    static constexpr int version = 4;
    static std::span<const std::string_view> migrations();
};

} // namespace gbw::importers
