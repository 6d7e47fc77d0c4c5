// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/types.h"

namespace gbw {

class Engine;

// Where one page frame is and what holds it, as the "Where is PFN…" box shows it. Found on the
// engine's thread (locatePfn) and handed to the UI as a value.
struct PfnLocation
{
    enum class State : std::uint8_t
    {
        OutOfRange, // beyond the host's last pfn
        Reserved, // hole or firmware
        FreeHead, // first page of a free block: on a buddy free list
        InsideFree, // a later page of a free block
        Allocated, // inside an allocated block
    };

    Pfn pfn = 0;
    State state = State::OutOfRange;
    std::uint32_t gigablock = ~std::uint32_t(0); // index in the snapshot's gigablocks
    std::uint32_t pageblock = ~std::uint32_t(0); // slot inside the (aligned) gigablock, as the drill-down counts
    std::string zone;
    MigrateType pageblockLabel = MigrateType::Movable;
    Pfn blockPfn = 0; // head of the block the page belongs to
    int order = 0;
    MigrateType migrateType = MigrateType::Movable; // free: the list it is on; allocated: the type asked for
    std::string owner; // allocated: the workload class and tag; empty when no workload allocation holds it

    bool found() const
    {
        return state != State::OutOfRange;
    }
    // One paragraph for people, e.g. "free head of an order-3 block on Normal free_area[3].free_list[Movable]".
    std::string describe() const;
};

PfnLocation locatePfn(const Engine& engine, Pfn pfn);
// "4096" or "0x1000"; nullopt for anything else.
std::optional<Pfn> parsePfn(const std::string& text);

} // namespace gbw

#include <QMetaType>
Q_DECLARE_METATYPE(gbw::PfnLocation)
