// SPDX-License-Identifier: GPL-3.0-or-later
#include "pfnlocation.h"

#include <charconv>
#include <sstream>

#include "model/hostconfig.h"
#include "sim/engine.h"

namespace gbw {

namespace {

std::string hex(Pfn pfn)
{
    std::ostringstream out;
    out << "0x" << std::hex << pfn;
    return out.str();
}

// Who asked for the block at `head`: the workload class that allocated it, if the table knows it
// (pages held by a 1 GB page, a per-cpu list or in migration have no table entry).
std::string ownerOf(const Engine& engine, Pfn head)
{
    const std::uint32_t id = engine.allocations().idAt(head);
    if (id == AllocationTable::kNone)
        return {};
    const auto& classes = engine.config().workload.classes;
    const auto requestClass = engine.allocations()[id].requestClass();
    if (requestClass >= classes.size())
        return {};
    const RequestClass& c = classes[requestClass];
    return c.name + " (" + std::string(name(c.tag)) + ")";
}

} // namespace

std::optional<Pfn> parsePfn(const std::string& text)
{
    std::string_view s = text;
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    }
    Pfn pfn = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), pfn, base);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return pfn;
}

PfnLocation locatePfn(const Engine& engine, Pfn pfn)
{
    const MemoryModel& model = engine.allocator().model();
    const Geometry& g = model.geometry();
    PfnLocation where;
    where.pfn = pfn;
    if (pfn >= model.endPfn())
        return where;
    where.gigablock = model.gigablockOf(pfn);
    const Pfn alignedFirst = pfn & ~(Pfn(g.pagesPerGigablock()) - 1);
    where.pageblock = std::uint32_t((pfn - alignedFirst) / g.pagesPerPageblock());
    const PageblockInfo& pb = model.pageblocks()[model.pageblockOf(pfn)];
    where.pageblockLabel = pb.label;
    where.zone = std::string(name(model.zone(model.zoneIndexOf(pfn)).type));
    const auto block = model.blockContaining(pfn);
    if (!block || pb.reserved) {
        where.state = PfnLocation::State::Reserved;
        return where;
    }
    const PageState head = model.page(block->pfn);
    where.blockPfn = block->pfn;
    where.order = block->order;
    where.migrateType = head.migrateType();
    if (head.isFreeHead()) {
        where.state = block->pfn == pfn ? PfnLocation::State::FreeHead : PfnLocation::State::InsideFree;
        return where;
    }
    where.state = PfnLocation::State::Allocated;
    where.owner = ownerOf(engine, block->pfn);
    return where;
}

std::string PfnLocation::describe() const
{
    if (state == State::OutOfRange)
        return "pfn " + hex(pfn) + " (" + std::to_string(pfn) + ") is beyond the end of memory";
    std::string text = "pfn " + hex(pfn) + " (" + std::to_string(pfn) + "): gigablock " + std::to_string(gigablock)
        + ", pageblock " + std::to_string(pageblock) + " (label " + std::string(name(pageblockLabel)) + "), zone "
        + zone + ".\n";
    const std::string list
        = zone + " free_area[" + std::to_string(order) + "].free_list[" + std::string(name(migrateType)) + "]";
    switch (state) {
    case State::Reserved:
        return text + "Reserved: a hole or firmware range, never on a free list.";
    case State::FreeHead:
        return text + "Free: head of an order-" + std::to_string(order) + " block on " + list + ".";
    case State::InsideFree:
        return text + "Free: inside the order-" + std::to_string(order) + " block at " + hex(blockPfn) + " on " + list
            + ".";
    case State::Allocated:
        return text + "Allocated: " + (blockPfn == pfn ? "head" : "inside") + " of an order-" + std::to_string(order)
            + " " + std::string(name(migrateType)) + " block at " + hex(blockPfn)
            + (owner.empty() ? std::string(", not held by a workload allocation (1 GB page or per-cpu list)")
                             : ", held by " + owner)
            + ".";
    case State::OutOfRange:
        break;
    }
    return text;
}

} // namespace gbw
