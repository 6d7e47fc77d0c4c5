// SPDX-License-Identifier: GPL-3.0-or-later
#include "gigablocklists.h"

namespace gbw {

void GigablockLists::attach(const MemoryModel& model)
{
    m_model = &model;
    const std::size_t n = model.gigablocks().size();
    m_ends.assign(std::size_t(model.zoneCount()) * kLists, Ends {});
    m_prev.assign(n, kNone);
    m_next.assign(n, kNone);
    m_list.assign(n, -1);
    m_freeOrders.assign(n * std::size_t(kMigrateTypes), 0);
    for (std::uint32_t gb = 0; gb < n; ++gb) {
        relist(gb);
        for (int order = 0; order <= model.geometry().maxPageOrder; ++order) {
            for (int mt = 0; mt < kMigrateTypes; ++mt) {
                if (model.gigablocks()[gb].freeBlocks[std::size_t(order)][std::size_t(mt)])
                    freeBlocksPresenceChanged(gb, order, MigrateType(mt), true);
            }
        }
    }
}

int GigablockLists::listOf(const GigablockSummary& gb) const
{
    if (gb.category() == GigablockCategory::Isolated)
        return -1;
    return int(steeringOf(gb.category())) * GigablockSummary::kFullnessBuckets + gb.fullness;
}

void GigablockLists::relist(std::uint32_t gigablock)
{
    const int list = listOf(m_model->gigablocks()[gigablock]);
    if (list == m_list[gigablock])
        return;
    unlink(gigablock);
    if (list >= 0)
        append(gigablock, list);
}

void GigablockLists::unlink(std::uint32_t gb)
{
    if (m_list[gb] < 0)
        return;
    Ends& e = ends(m_model->gigablocks()[gb].zone, m_list[gb]);
    (m_prev[gb] == kNone ? e.head : m_next[m_prev[gb]]) = m_next[gb];
    (m_next[gb] == kNone ? e.tail : m_prev[m_next[gb]]) = m_prev[gb];
    m_prev[gb] = m_next[gb] = kNone;
    m_list[gb] = -1;
}

void GigablockLists::append(std::uint32_t gb, int list)
{
    Ends& e = ends(m_model->gigablocks()[gb].zone, list);
    m_prev[gb] = e.tail;
    m_next[gb] = kNone;
    (e.tail == kNone ? e.head : m_next[e.tail]) = gb;
    e.tail = gb;
    m_list[gb] = list;
}

std::uint32_t GigablockLists::next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters)
{
    const auto zoneIndex = std::uint32_t(m_model->zoneIndexOf(zone.startPfn));
    const int maxOrder = m_model->geometry().maxPageOrder;
    const int base = int(cursor.steering) * GigablockSummary::kFullnessBuckets;
    if (!cursor.started) {
        cursor.started = true;
        cursor.bucket = 0;
        cursor.position = ends(zoneIndex, base).head;
    }
    // Visits are counted here and added once: bumping the counters in
    // memory on every step made each step wait for the last one's store.
    std::uint64_t visited = 0;
    std::uint32_t found = kNone;
    while (cursor.bucket < GigablockSummary::kFullnessBuckets) {
        const auto gb = std::uint32_t(cursor.position);
        if (gb == kNone) {
            if (++cursor.bucket < GigablockSummary::kFullnessBuckets)
                cursor.position = ends(zoneIndex, base + cursor.bucket).head;
            continue;
        }
        cursor.position = m_next[gb];
        ++visited;
        if (freeOrders(gb, cursor.listType) >> cursor.minOrder) {
            found = gb;
            break;
        }
    }
    counters.gigablocksVisited += visited;
    counters.listsExamined += visited * std::uint64_t(maxOrder - cursor.minOrder + 1);
    return found;
}

} // namespace gbw
