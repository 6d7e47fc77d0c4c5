// SPDX-License-Identifier: GPL-3.0-or-later
#include "gigablocklists.h"

#include <algorithm>

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
    m_orders = model.geometry().orders();
    const std::size_t walks = std::size_t(model.zoneCount()) * kSteeringClasses * kMigrateTypes * std::size_t(m_orders);
    m_walks.assign(walks, Walk {});
    m_seenWords = (n + 63) / 64;
    m_seen.assign(walks * m_seenWords, 0);
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
    const std::uint32_t zone = m_model->gigablocks()[gigablock].zone;
    forgetWalks(zone, m_list[gigablock]);
    forgetWalks(zone, list);
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

// Walks of the class lose their answers whenever one of its lists changes:
// the order of the walk itself changed.
void GigablockLists::forgetWalks(std::uint32_t zone, int list)
{
    if (list < 0)
        return;
    const int steering = list / GigablockSummary::kFullnessBuckets;
    const std::size_t first = walkIndex(zone, steering, MigrateType(0), 0);
    for (std::size_t w = first; w < first + std::size_t(kMigrateTypes * m_orders); ++w)
        m_walks[w].valid = false;
}

// The highest free order went from `before` to `after` (-1: none). For the
// walks whose minimum lies between the two, this gigablock's answer flipped.
// That matters only if the walk visited it: it was passed over and now has a
// block, or it was the one found and now has none (or has again).
void GigablockLists::highestChanged(std::uint32_t gb, MigrateType mt, int before, int after)
{
    const std::uint32_t zone = m_model->gigablocks()[gb].zone;
    const int steering = m_list[gb] / GigablockSummary::kFullnessBuckets;
    for (int minOrder = std::min(before, after) + 1; minOrder <= std::max(before, after); ++minOrder) {
        const std::size_t w = walkIndex(zone, steering, mt, minOrder);
        Walk& walk = m_walks[w];
        if (!walk.valid || !(seen(w)[gb / 64] >> (gb % 64) & 1))
            continue;
        if (gb == walk.found)
            walk.foundLost = minOrder > after;
        else
            walk.valid = false;
    }
}

std::uint32_t GigablockLists::next(const Zone& zone, FinderCursor& cursor, OverheadCounters& counters)
{
    const auto zoneIndex = std::uint32_t(m_model->zoneIndexOf(zone.startPfn));
    std::uint32_t found = kNone;
    std::uint64_t visited = 0;
    if (!cursor.started && m_keepAnswers) {
        visited = keptOrWalked(zoneIndex, cursor, found);
    } else {
        if (!cursor.started)
            start(zoneIndex, cursor);
        visited = walkOn(zoneIndex, cursor, found, nullptr);
    }
    counters.gigablocksVisited += visited;
    counters.listsExamined += visited * std::uint64_t(m_model->geometry().maxPageOrder - cursor.minOrder + 1);
    return found;
}

void GigablockLists::start(std::uint32_t zone, FinderCursor& cursor)
{
    cursor.started = true;
    cursor.bucket = 0;
    cursor.position = ends(zone, int(cursor.steering) * GigablockSummary::kFullnessBuckets).head;
}

// A fresh walk: the kept answer, or the walk from where the kept one
// stopped, or from the start. The cursor ends where the walk would have.
std::uint64_t GigablockLists::keptOrWalked(std::uint32_t zone, FinderCursor& cursor, std::uint32_t& found)
{
    const std::size_t w = walkIndex(zone, int(cursor.steering), cursor.listType, cursor.minOrder);
    Walk& walk = m_walks[w];
    if (!walk.valid) {
        std::fill_n(seen(w), m_seenWords, 0);
        start(zone, cursor);
        const std::uint64_t visited = walkOn(zone, cursor, found, seen(w));
        walk = {true, false, cursor.bucket, found, visited};
        return visited;
    }
    cursor.started = true;
    cursor.bucket = walk.bucket;
    cursor.position = walk.found == kNone ? kNone : m_next[walk.found];
    found = walk.found;
    if (walk.foundLost) {
        walk.visited += walkOn(zone, cursor, found, seen(w));
        walk.foundLost = false;
        walk.bucket = cursor.bucket;
        walk.found = found;
    }
    return walk.visited;
}

// The walk itself, from the cursor on: returns the gigablocks visited, and
// marks them in `seen` if given.
std::uint64_t GigablockLists::walkOn(
    std::uint32_t zone, FinderCursor& cursor, std::uint32_t& found, std::uint64_t* seen)
{
    const int base = int(cursor.steering) * GigablockSummary::kFullnessBuckets;
    // Visits are counted here and added once: bumping the counters in
    // memory on every step made each step wait for the last one's store.
    std::uint64_t visited = 0;
    found = kNone;
    while (cursor.bucket < GigablockSummary::kFullnessBuckets) {
        const auto gb = std::uint32_t(cursor.position);
        if (gb == kNone) {
            if (++cursor.bucket < GigablockSummary::kFullnessBuckets)
                cursor.position = ends(zone, base + cursor.bucket).head;
            continue;
        }
        cursor.position = m_next[gb];
        ++visited;
        if (seen)
            seen[gb / 64] |= std::uint64_t(1) << (gb % 64);
        if (freeOrders(gb, cursor.listType) >> cursor.minOrder) {
            found = gb;
            break;
        }
    }
    return visited;
}

} // namespace gbw
