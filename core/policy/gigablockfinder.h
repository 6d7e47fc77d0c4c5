// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

#include "model/memorymodel.h"
#include "policy.h"

namespace gbw {

// Which gigablocks a step wants to look at.
enum class Steering : std::uint8_t
{
    Tainted,
    Clean,
    Empty
};
inline constexpr int kSteeringClasses = 3;

// One walk over candidate gigablocks: those of a class, fullest first, that
// hold a free block of `listType` at `minOrder` or above.
struct FinderCursor
{
    Steering steering = Steering::Tainted;
    MigrateType listType = MigrateType::Movable;
    int minOrder = 0;
    int bucket = 0; // fullness bucket being walked, 0 = fullest
    std::uint64_t position = 0; // finder-specific place inside the bucket
    bool started = false;
};

// "Pick a gigablock", separated from "allocate a page" (Rik van Riel,
// 29 Jun 2026). The RFC walks category x fullness lists and looks inside
// each gigablock; the proposal keeps bitmaps and finds one with AND and a
// search. Both keep their own index current through ModelListener.
class GigablockFinder : public ModelListener
{
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);

    virtual void attach(const MemoryModel& model) = 0;
    // The next candidate of the cursor's walk in this zone, or kNone.
    virtual std::uint32_t next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters) = 0;

    static Steering steeringOf(GigablockCategory category)
    {
        switch (category) {
        case GigablockCategory::Tainted:
            return Steering::Tainted;
        case GigablockCategory::Empty:
            return Steering::Empty;
        default:
            return Steering::Clean;
        }
    }
    static bool hasFree(const GigablockSummary& gb, MigrateType mt, int minOrder, int maxOrder)
    {
        for (int order = minOrder; order <= maxOrder; ++order) {
            if (gb.freeBlocks[std::size_t(order)][std::size_t(index(mt))])
                return true;
        }
        return false;
    }
};

} // namespace gbw
