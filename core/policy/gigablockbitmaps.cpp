// SPDX-License-Identifier: GPL-3.0-or-later
#include "gigablockbitmaps.h"

namespace gbw {

void GigablockBitmaps::attach(const MemoryModel& model)
{
    m_model = &model;
    m_orders = model.geometry().orders();
    const std::size_t n = model.gigablocks().size();
    m_bitmaps.assign(std::size_t(kSteeringClasses * GigablockSummary::kFullnessBuckets * kPcpTypes * m_orders), {});
    for (auto& b : m_bitmaps)
        b.resize(n);
    m_membership.assign(n, Membership {});
    for (std::uint32_t gb = 0; gb < n; ++gb)
        refresh(gb);
}

LevelBitmap& GigablockBitmaps::bitmap(int steering, int bucket, int type, int order)
{
    const int i = ((steering * GigablockSummary::kFullnessBuckets + bucket) * kPcpTypes + type) * m_orders + order;
    return m_bitmaps[std::size_t(i)];
}

GigablockBitmaps::Membership GigablockBitmaps::membershipOf(const GigablockSummary& gb) const
{
    Membership m;
    if (gb.category() == GigablockCategory::Isolated)
        return m;
    m.steering = int(steeringOf(gb.category()));
    m.bucket = gb.fullness;
    for (int t = 0; t < kPcpTypes; ++t) {
        for (int order = m_orders - 1; order >= 0; --order) {
            if (gb.freeBlocks[std::size_t(order)][std::size_t(t)]) {
                m.maxOrder[std::size_t(t)] = order;
                break;
            }
        }
    }
    return m;
}

void GigablockBitmaps::apply(std::uint32_t gigablock, const Membership& m, bool set)
{
    if (m.steering < 0)
        return;
    for (int t = 0; t < kPcpTypes; ++t) {
        for (int order = 0; order <= m.maxOrder[std::size_t(t)]; ++order) {
            LevelBitmap& b = bitmap(m.steering, m.bucket, t, order);
            set ? b.set(gigablock) : b.clear(gigablock);
        }
    }
}

void GigablockBitmaps::setOrders(std::uint32_t gigablock, const Membership& m, int type, int from, int to, bool set)
{
    for (int order = from; order <= to; ++order) {
        LevelBitmap& b = bitmap(m.steering, m.bucket, type, order);
        set ? b.set(gigablock) : b.clear(gigablock);
    }
}

// The frequent change: one (order, type) list of one gigablock became empty
// or non-empty. Only that type's largest free order can move, so only the
// bits between the old and the new largest order change.
void GigablockBitmaps::freeBlocksPresenceChanged(std::uint32_t gigablock, int order, MigrateType mt, bool present)
{
    if (!isPcpType(mt))
        return;
    Membership& m = m_membership[gigablock];
    const int t = index(mt);
    int& maxOrder = m.maxOrder[std::size_t(t)];
    if (present) {
        if (order <= maxOrder)
            return;
        if (m.steering >= 0)
            setOrders(gigablock, m, t, maxOrder + 1, order, true);
        maxOrder = order;
        return;
    }
    if (order != maxOrder)
        return;
    const auto& counts = m_model->gigablocks()[gigablock].freeBlocks;
    int newMax = order - 1;
    while (newMax >= 0 && counts[std::size_t(newMax)][std::size_t(t)] == 0)
        --newMax;
    if (m.steering >= 0)
        setOrders(gigablock, m, t, newMax + 1, order, false);
    maxOrder = newMax;
}

void GigablockBitmaps::refresh(std::uint32_t gigablock)
{
    const Membership now = membershipOf(m_model->gigablocks()[gigablock]);
    Membership& was = m_membership[gigablock];
    if (now == was)
        return;
    apply(gigablock, was, false);
    apply(gigablock, now, true);
    was = now;
}

std::uint32_t GigablockBitmaps::next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters)
{
    const std::uint64_t first = zone.firstGigablock;
    const std::uint64_t end = first + zone.gigablockCount;
    if (!cursor.started) {
        cursor.started = true;
        cursor.bucket = 0;
        cursor.position = first;
    }
    if (!isPcpType(cursor.listType) || cursor.minOrder >= m_orders)
        return kNone;
    while (cursor.bucket < GigablockSummary::kFullnessBuckets) {
        const LevelBitmap& b = bitmap(int(cursor.steering), cursor.bucket, index(cursor.listType), cursor.minOrder);
        const std::uint64_t gb = b.findFrom(cursor.position, end, counters.bitmapWordsScanned);
        if (gb != LevelBitmap::kNone) {
            cursor.position = gb + 1;
            ++counters.gigablocksVisited;
            return std::uint32_t(gb);
        }
        ++cursor.bucket;
        cursor.position = first;
    }
    return kNone;
}

bool GigablockBitmaps::agreesWithModel() const
{
    for (std::uint32_t gb = 0; gb < m_membership.size(); ++gb) {
        const Membership m = membershipOf(m_model->gigablocks()[gb]);
        if (!(m == m_membership[gb]))
            return false;
        for (int s = 0; s < kSteeringClasses; ++s)
            for (int b = 0; b < GigablockSummary::kFullnessBuckets; ++b)
                for (int t = 0; t < kPcpTypes; ++t)
                    for (int order = 0; order < m_orders; ++order) {
                        const bool expected = m.steering == s && m.bucket == b && order <= m.maxOrder[std::size_t(t)];
                        if (bitmap(s, b, t, order).test(gb) != expected)
                            return false;
                    }
    }
    return true;
}

} // namespace gbw
