// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gbw {

using Pfn = std::uint64_t;
using Order = std::uint8_t;

// Kernel enum order since 4.4: the three "PCP types" first, so that loops over
// them and the /proc/pagetypeinfo columns come out in the kernel's order.
enum class MigrateType : std::uint8_t
{
    Unmovable,
    Movable,
    Reclaimable,
    HighAtomic,
    Cma,
    Isolate
};
inline constexpr int kMigrateTypes = 6;
inline constexpr int kPcpTypes = 3;

inline constexpr std::array<std::string_view, kMigrateTypes> kMigrateTypeNames
    = {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"};

constexpr int index(MigrateType mt)
{
    return static_cast<int>(mt);
}
constexpr std::string_view name(MigrateType mt)
{
    return kMigrateTypeNames[static_cast<std::size_t>(mt)];
}
constexpr bool isPcpType(MigrateType mt)
{
    return index(mt) < kPcpTypes;
}
std::optional<MigrateType> migrateTypeFromName(std::string_view name);

// How the caller may wait: the part of the GFP mask that decides watermarks,
// reserves and (in the RFC) whether a high-order request is optional.
enum class GfpClass : std::uint8_t
{
    Normal, // GFP_KERNEL / GFP_HIGHUSER_MOVABLE: may reclaim and compact
    Atomic, // GFP_ATOMIC: no direct reclaim, dips into the min reserve, highatomic for order > 0
    NoRetry, // __GFP_NORETRY high-order (THP, slab refill): has a fallback, fails fast
    NoFail, // __GFP_NOFAIL
};
inline constexpr int kGfpClasses = 4;
std::string_view name(GfpClass gfp);

// Who asked; only for accounting and display, never for placement.
enum class Tag : std::uint8_t
{
    Other,
    Slab,
    PageCache,
    Anon,
    Thp,
    Network,
    PageTable,
    Hugetlb1G
};
inline constexpr int kTags = 8;
std::string_view name(Tag tag);

struct AllocRequest
{
    Order order = 0;
    MigrateType migrateType = MigrateType::Movable;
    GfpClass gfp = GfpClass::Normal;
    Tag tag = Tag::Other;

    friend bool operator==(const AllocRequest&, const AllocRequest&) = default;
};

// What an allocation hands out and what a free takes back.
struct Block
{
    Pfn pfn = 0;
    Order order = 0;

    friend bool operator==(const Block&, const Block&) = default;
};

enum class AllocFailure : std::uint8_t
{
    InvalidRequest, // order out of range, or a migratetype that cannot be requested
    BelowWatermark, // every eligible zone is under its watermark
    Fragmented, // enough free memory, but no free block of the order in any allowed list
    Refused, // a policy declined rather than pollute memory (RFC: optional high-order)
};
std::string_view name(AllocFailure failure);

} // namespace gbw
