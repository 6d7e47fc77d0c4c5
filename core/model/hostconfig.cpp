// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostconfig.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace gbw {

std::string_view name(ZoneType type)
{
    switch (type) {
    case ZoneType::Dma:
        return "DMA";
    case ZoneType::Dma32:
        return "DMA32";
    case ZoneType::Normal:
        return "Normal";
    case ZoneType::Movable:
        return "Movable";
    }
    return "?";
}

HostConfig HostConfig::x86_64(std::uint64_t memoryBytes, int nodes)
{
    HostConfig config;
    config.memoryBytes = memoryBytes;
    config.nodes = nodes;
    // Small hosts have no PCI hole below 4 GiB worth modelling.
    if (memoryBytes <= (std::uint64_t(3) << 30))
        config.holes.clear();
    return config;
}

std::uint64_t parseSize(std::string_view text, std::string* error)
{
    auto fail = [&](const std::string& why) {
        if (error)
            *error = "bad size '" + std::string(text) + "': " + why;
        return std::uint64_t(0);
    };
    if (text.empty())
        return fail("empty");
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data())
        return fail("expected a number followed by K, M, G or T");
    std::string_view unit(end, text.data() + text.size() - end);
    if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b'))
        unit.remove_suffix(1);
    if (unit.size() == 2 && (unit[1] == 'i' || unit[1] == 'I'))
        unit.remove_suffix(1);
    int shift = 0;
    if (unit.empty())
        shift = 0;
    else if (unit.size() == 1) {
        switch (unit[0]) {
        case 'k':
        case 'K':
            shift = 10;
            break;
        case 'm':
        case 'M':
            shift = 20;
            break;
        case 'g':
        case 'G':
            shift = 30;
            break;
        case 't':
        case 'T':
            shift = 40;
            break;
        case 'p':
        case 'P':
            shift = 50;
            break;
        default:
            return fail("unknown unit '" + std::string(unit) + "'");
        }
    } else {
        return fail("unknown unit '" + std::string(unit) + "'");
    }
    if (shift && value > (~std::uint64_t(0) >> shift))
        return fail("too large");
    if (value == 0)
        return fail("must be greater than zero");
    return value << shift;
}

std::string formatSize(std::uint64_t bytes)
{
    static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    double value = double(bytes);
    while (value >= 1024 && unit < 5) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    if (value == double(std::uint64_t(value)))
        std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(value), units[unit]);
    else
        std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

namespace {

std::uint64_t roundDown(std::uint64_t v, std::uint64_t a)
{
    return v / a * a;
}
std::uint64_t roundUp(std::uint64_t v, std::uint64_t a)
{
    return (v + a - 1) / a * a;
}

std::vector<ByteRange> normalised(std::vector<ByteRange> ranges, std::uint64_t align)
{
    for (auto& r : ranges) {
        r.start = roundDown(r.start, align);
        r.end = roundUp(r.end, align);
    }
    std::sort(ranges.begin(), ranges.end(), [](const ByteRange& a, const ByteRange& b) { return a.start < b.start; });
    std::vector<ByteRange> merged;
    for (const auto& r : ranges) {
        if (r.end <= r.start)
            continue;
        if (!merged.empty() && r.start <= merged.back().end)
            merged.back().end = std::max(merged.back().end, r.end);
        else
            merged.push_back(r);
    }
    return merged;
}

// The address at which `memory` bytes of RAM end when laid out from `start`
// around the holes.
std::uint64_t placeAroundHoles(std::uint64_t start, std::uint64_t memory, const std::vector<ByteRange>& holes)
{
    std::uint64_t cursor = start;
    for (const auto& hole : holes) {
        if (hole.end <= cursor)
            continue;
        if (cursor + memory <= hole.start)
            break;
        memory -= hole.start - cursor;
        cursor = hole.end;
    }
    return cursor + memory;
}

} // namespace

HostLayout HostLayout::build(const HostConfig& config, std::string* error)
{
    auto fail = [&](std::string why) {
        if (error)
            *error = std::move(why);
        return HostLayout {};
    };
    if (auto why = config.geometry.validate(); !why.empty())
        return fail("geometry: " + why);
    const auto& g = config.geometry;
    // Zones and nodes are kept MAX_PAGE_ORDER-aligned so that no buddy ever
    // straddles a boundary, which is what the kernel's memory map ensures too.
    const std::uint64_t align = g.pageBytes() << std::max(g.maxPageOrder, g.pageblockOrder);
    if (config.nodes < 1 || config.nodes > 64)
        return fail("nodes must be between 1 and 64, not " + std::to_string(config.nodes));
    if (config.memoryBytes % (align * std::uint64_t(config.nodes)) != 0)
        return fail("memory size " + formatSize(config.memoryBytes) + " is not a multiple of "
            + formatSize(align * std::uint64_t(config.nodes)) + " (largest buddy block times nodes)");
    if (config.movableBytes % align != 0)
        return fail("movable zone size must be a multiple of " + formatSize(align));

    HostLayout layout;
    const auto holes = normalised(config.holes, align);
    const std::uint64_t perNode = config.memoryBytes / std::uint64_t(config.nodes);
    if (config.movableBytes >= perNode)
        return fail("movable zone (" + formatSize(config.movableBytes) + ") must be smaller than a node ("
            + formatSize(perNode) + ")");
    const std::uint64_t pageBytes = g.pageBytes();
    std::uint64_t cursor = 0;
    for (int node = 0; node < config.nodes; ++node) {
        const std::uint64_t nodeEnd = placeAroundHoles(cursor, perNode, holes);
        if (nodeEnd / pageBytes >= (std::uint64_t(1) << 40))
            return fail("host is too large");
        std::vector<std::pair<ZoneType, std::uint64_t>> cuts; // zone type and its end address
        std::uint64_t normalStart = cursor;
        if (node == 0 && config.dmaZones) {
            const std::uint64_t dmaEnd = std::min<std::uint64_t>(std::uint64_t(16) << 20, nodeEnd);
            const std::uint64_t dma32End = std::min<std::uint64_t>(std::uint64_t(4) << 30, nodeEnd);
            cuts.push_back({ZoneType::Dma, dmaEnd});
            if (dma32End > dmaEnd)
                cuts.push_back({ZoneType::Dma32, dma32End});
            normalStart = dma32End;
        }
        const bool last = node == config.nodes - 1;
        std::uint64_t normalEnd = nodeEnd;
        if (last && config.movableBytes) {
            normalEnd = nodeEnd - config.movableBytes;
            if (normalEnd < normalStart)
                return fail("movable zone does not fit above the DMA zones");
        }
        if (normalEnd > normalStart)
            cuts.push_back({ZoneType::Normal, normalEnd});
        if (normalEnd < nodeEnd)
            cuts.push_back({ZoneType::Movable, nodeEnd});
        std::uint64_t zoneStart = cursor;
        for (const auto& [type, end] : cuts) {
            if (end > zoneStart)
                layout.zones.push_back({node, type, zoneStart / pageBytes, end / pageBytes});
            zoneStart = end;
        }
        cursor = nodeEnd;
    }
    layout.endPfn = cursor / pageBytes;
    const std::uint64_t pbBytes = pageBytes << g.pageblockOrder;
    std::vector<ByteRange> unavailable = holes;
    for (const auto& r : config.reserved)
        unavailable.push_back(r);
    layout.unavailable = normalised(unavailable, pbBytes);
    for (auto r : config.cma) {
        // Inward: a CMA pageblock must be CMA all through.
        r.start = roundUp(r.start, pbBytes);
        r.end = roundDown(r.end, pbBytes);
        if (r.end > r.start)
            layout.cma.push_back(r);
    }
    return layout;
}

} // namespace gbw
