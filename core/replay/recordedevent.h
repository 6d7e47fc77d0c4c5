// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>

#include "model/types.h"
#include "sim/eventqueue.h"

namespace gbw {

// What a recording holds, in the order it happened. A migration is the pair
// the kernel traces: the target allocated, then the source freed.
enum class RecordedKind : std::uint8_t
{
    Alloc,
    Free,
    MigrateAlloc,
    MigrateFree,
    Label, // a pageblock's label changed: pfn = its first page, mt = new label, aux = old label
    GigablockTake, // a 1 GB allocation took gigablock `pfn` (an index)
    GigablockRelease,
    Extfrag, // mt = alloc type, aux = fallback order, fallbackType, changeOwnership
    PcpFree, // a user's free onto a per-cpu list: still allocated for the buddy lists
    PcpRefill, // buddy lists -> per-cpu list (taken from the buddy lists)
    PcpDrain, // per-cpu list -> buddy lists (freed there)
};
inline constexpr int kRecordedKinds = 11;
std::string_view name(RecordedKind kind);

// One event, 16 bytes when stored: the time, and the rest packed in one word
// (pfn 40 bits, kind 4, order 5, mt 3, gfp 2, tag 3, aux 5, and one flag).
struct RecordedEvent
{
    VirtualTime time = 0;
    Pfn pfn = 0;
    RecordedKind kind = RecordedKind::Alloc;
    std::uint8_t order = 0;
    MigrateType mt = MigrateType::Unmovable;
    GfpClass gfp = GfpClass::Normal;
    Tag tag = Tag::Other;
    std::uint8_t aux = 0; // Label: old label; Extfrag: fallback order
    MigrateType fallbackType = MigrateType::Movable; // Extfrag only (shares the tag bits)
    bool changeOwnership = false; // Extfrag only

    static constexpr Pfn kMaxPfn = (Pfn(1) << 40) - 1;
    std::uint64_t packed() const;
    static RecordedEvent unpack(VirtualTime time, std::uint64_t word);

    AllocRequest request() const
    {
        return {Order(order), mt, gfp, tag};
    }
    bool isAlloc() const
    {
        return kind == RecordedKind::Alloc || kind == RecordedKind::MigrateAlloc;
    }
    bool isFree() const
    {
        return kind == RecordedKind::Free || kind == RecordedKind::MigrateFree || kind == RecordedKind::PcpFree;
    }
    friend bool operator==(const RecordedEvent&, const RecordedEvent&) = default;
};

} // namespace gbw
