// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <vector>

#include "gigablockfinder.h"
#include "levelbitmap.h"

namespace gbw {

// The author's June 2026 proposal: per-order and per-type bitmaps over
// gigablocks. Bits change only when a gigablock's status changes (its class,
// its fullness bucket, or the largest free order it has of a type), so we
// store each candidate set already ANDed — class x bucket x type x "has a
// free block of order k or more" — and a pick is a find-first in one bitmap
// per bucket, whatever the host size.
class GigablockBitmaps final : public GigablockFinder
{
public:
    void attach(const MemoryModel& model) override;
    std::uint32_t next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters) override;

    void freeBlocksPresenceChanged(std::uint32_t gigablock, int order, MigrateType mt, bool present) override;
    void categoryChanged(std::uint32_t gigablock, GigablockCategory, GigablockCategory) override
    {
        refresh(gigablock);
    }
    void fullnessChanged(std::uint32_t gigablock, int, int) override
    {
        refresh(gigablock);
    }

    // For tests: whether the bitmaps say what the summaries say.
    bool agreesWithModel() const;

private:
    struct Membership
    {
        int steering = -1; // -1: isolated, in no bitmap
        int bucket = 0;
        std::array<int, kPcpTypes> maxOrder = {-1, -1, -1};
        friend bool operator==(const Membership&, const Membership&) = default;
    };
    Membership membershipOf(const GigablockSummary& gb) const;
    void refresh(std::uint32_t gigablock);
    void setOrders(std::uint32_t gigablock, const Membership& m, int type, int from, int to, bool set);
    void apply(std::uint32_t gigablock, const Membership& m, bool set);
    LevelBitmap& bitmap(int steering, int bucket, int type, int order);
    const LevelBitmap& bitmap(int steering, int bucket, int type, int order) const
    {
        return const_cast<GigablockBitmaps*>(this)->bitmap(steering, bucket, type, order);
    }

    const MemoryModel* m_model = nullptr;
    int m_orders = 0;
    std::vector<LevelBitmap> m_bitmaps;
    std::vector<Membership> m_membership;
};

} // namespace gbw
