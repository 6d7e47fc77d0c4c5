// SPDX-License-Identifier: GPL-3.0-or-later
#include "procformat.h"

#include "appendf.h"

#include <cstdio>
#include <vector>

namespace gbw::procformat {

namespace {

// The kernel caps each free-list walk at this many entries (since 5.4).
constexpr std::uint64_t kWalkCap = 100000;

// The types a 6.x kernel prints: CMA only when built with CONFIG_CMA, which
// we take to mean "the host has CMA areas".
std::vector<MigrateType> printedTypes(const MemoryModel& model)
{
    std::vector<MigrateType> types
        = {MigrateType::Unmovable, MigrateType::Movable, MigrateType::Reclaimable, MigrateType::HighAtomic};
    if (!model.config().cma.empty())
        types.push_back(MigrateType::Cma);
    types.push_back(MigrateType::Isolate);
    return types;
}

std::string zoneName(const Zone& zone)
{
    return std::string(name(zone.type));
}

int nodeCount(const MemoryModel& model)
{
    int nodes = 0;
    for (int i = 0; i < model.zoneCount(); ++i)
        nodes = std::max(nodes, model.zone(i).node + 1);
    return nodes;
}

void freeTable(std::string& out, const MemoryModel& model, int node)
{
    const int orders = model.geometry().orders();
    appendf(out, "%-43s ", "Free pages count per migrate type at order");
    for (int order = 0; order < orders; ++order)
        appendf(out, "%6d ", order);
    out += '\n';
    for (int zi = 0; zi < model.zoneCount(); ++zi) {
        const Zone& zone = model.zone(zi);
        if (zone.node != node || zone.presentPages == 0)
            continue;
        for (MigrateType mt : printedTypes(model)) {
            appendf(out, "Node %4d, zone %8s, type %12s ", node, zoneName(zone).c_str(), std::string(name(mt)).c_str());
            for (int order = 0; order < orders; ++order) {
                const std::uint64_t count = zone.freeBlocks[std::size_t(order)][std::size_t(index(mt))];
                const bool overflow = count >= kWalkCap;
                appendf(
                    out, "%s%6llu ", overflow ? ">" : "", static_cast<unsigned long long>(overflow ? kWalkCap : count));
            }
            out += '\n';
        }
    }
}

void blockTable(std::string& out, const MemoryModel& model, int node)
{
    appendf(out, "\n%-23s", "Number of blocks type ");
    for (MigrateType mt : printedTypes(model))
        appendf(out, "%12s ", std::string(name(mt)).c_str());
    out += '\n';
    for (int zi = 0; zi < model.zoneCount(); ++zi) {
        const Zone& zone = model.zone(zi);
        if (zone.node != node || zone.presentPages == 0)
            continue;
        std::array<std::uint64_t, kMigrateTypes> counts = {};
        for (std::uint32_t gb = zone.firstGigablock; gb < zone.firstGigablock + zone.gigablockCount; ++gb) {
            for (int t = 0; t < kMigrateTypes; ++t)
                counts[std::size_t(t)] += model.gigablocks()[gb].labelCount[std::size_t(t)];
        }
        appendf(out, "Node %d, zone %8s ", node, zoneName(zone).c_str());
        for (MigrateType mt : printedTypes(model))
            appendf(out, "%12llu ", static_cast<unsigned long long>(counts[std::size_t(index(mt))]));
        out += '\n';
    }
}

} // namespace

std::string pagetypeinfo(const MemoryModel& model)
{
    std::string out;
    for (int node = 0; node < nodeCount(model); ++node) {
        appendf(out, "Page block order: %d\n", model.geometry().pageblockOrder);
        appendf(out, "Pages per block:  %llu\n", static_cast<unsigned long long>(model.geometry().pagesPerPageblock()));
        out += '\n';
        freeTable(out, model, node);
        blockTable(out, model, node);
    }
    return out;
}

std::string buddyinfo(const MemoryModel& model)
{
    std::string out;
    for (int zi = 0; zi < model.zoneCount(); ++zi) {
        const Zone& zone = model.zone(zi);
        if (zone.presentPages == 0)
            continue;
        appendf(out, "Node %d, zone %8s ", zone.node, zoneName(zone).c_str());
        for (int order = 0; order < model.geometry().orders(); ++order)
            appendf(out, "%6llu ", static_cast<unsigned long long>(zone.freeBlocksOfOrder(order)));
        out += '\n';
    }
    return out;
}

} // namespace gbw::procformat
