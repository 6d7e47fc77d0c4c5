// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "sim/enginesnapshot.h"

namespace gbw::test {

// A snapshot built by hand: `count` empty gigablocks of the default x86-64
// geometry, for tests and benchmarks to modify.
inline std::shared_ptr<EngineSnapshot> emptySnapshot(std::size_t count)
{
    auto s = std::make_shared<EngineSnapshot>();
    s->policy = "vanilla";
    s->hostBytes = std::uint64_t(count) << 30;
    const auto& g = s->geometry;
    s->gigablocks.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        GigablockCell& cell = s->gigablocks[i];
        cell.startPfn = Pfn(i) * g.pagesPerGigablock();
        cell.usablePageblocks = std::uint16_t(g.pageblocksPerGigablock());
        cell.usablePages = g.pagesPerGigablock();
        cell.freePages = cell.usablePages;
        cell.freePageblocks = cell.usablePageblocks;
        cell.freeBlocks[std::size_t(g.maxPageOrder)] = std::uint32_t(cell.usablePages >> g.maxPageOrder);
        cell.labelCount[std::size_t(index(MigrateType::Movable))] = cell.usablePageblocks;
        cell.category = CellCategory::Empty;
    }
    s->categories[std::size_t(CellCategory::Empty)] = std::uint32_t(count);
    return s;
}

} // namespace gbw::test
