// SPDX-License-Identifier: GPL-3.0-or-later
#include "types.h"

namespace gbw {

std::optional<MigrateType> migrateTypeFromName(std::string_view text)
{
    for (int i = 0; i < kMigrateTypes; ++i) {
        if (kMigrateTypeNames[i] == text)
            return static_cast<MigrateType>(i);
    }
    return std::nullopt;
}

std::string_view name(GfpClass gfp)
{
    switch (gfp) {
    case GfpClass::Normal:
        return "normal";
    case GfpClass::Atomic:
        return "atomic";
    case GfpClass::NoRetry:
        return "noretry";
    case GfpClass::NoFail:
        return "nofail";
    }
    return "?";
}

std::string_view name(Tag tag)
{
    static constexpr std::array<std::string_view, kTags> names
        = {"other", "slab", "pagecache", "anon", "thp", "network", "pagetable", "hugetlb1g"};
    return names[static_cast<std::size_t>(tag)];
}

std::string_view name(AllocFailure failure)
{
    switch (failure) {
    case AllocFailure::InvalidRequest:
        return "invalid request";
    case AllocFailure::BelowWatermark:
        return "below watermark";
    case AllocFailure::Fragmented:
        return "no free block of that order";
    case AllocFailure::Refused:
        return "refused by policy";
    }
    return "?";
}

} // namespace gbw
