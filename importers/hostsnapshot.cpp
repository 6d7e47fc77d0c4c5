// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/hostsnapshot.h"

#include <algorithm>
#include <map>
#include <set>

#include "importers/pagetypeinfo.h"
#include "importers/sqlitestatement.h"
#include "importers/sqlitestore.h"

namespace gbw::importers {

namespace {

std::optional<ZoneType> zoneTypeOf(std::string_view name)
{
    for (int t = 0; t < kZoneTypes; ++t) {
        if (name == gbw::name(ZoneType(t)))
            return ZoneType(t);
    }
    return std::nullopt;
}

struct ZoneSpanPages
{
    int node = 0;
    std::string zone;
    std::uint64_t start = 0, spanned = 0, present = 0, managed = 0;
};

std::vector<ZoneSpanPages> loadZoneSpans(const SqliteStore& store, std::int64_t snapshotId)
{
    SqliteStatement query(store.connection(),
        "SELECT zone_index, node, zone, name, value FROM zone_values WHERE snapshot_id = ? "
        "AND name IN ('start_pfn', 'spanned', 'present', 'managed') ORDER BY zone_index");
    query.bind(1, snapshotId);
    std::map<std::int64_t, ZoneSpanPages> zones;
    while (query.step() == SqliteStatement::Step::Row) {
        auto& z = zones[query.columnInt(0)];
        z.node = int(query.columnInt(1));
        z.zone = query.columnText(2);
        const std::string name = query.columnText(3);
        const auto value = std::uint64_t(query.columnInt(4));
        (name == "start_pfn"        ? z.start
                : name == "spanned" ? z.spanned
                : name == "present" ? z.present
                                    : z.managed)
            = value;
    }
    std::vector<ZoneSpanPages> out;
    for (auto& [index, z] : zones) {
        if (z.present > 0)
            out.push_back(z);
    }
    return out;
}

std::string pfnRange(Pfn start, Pfn end)
{
    return "pfns " + std::to_string(start) + "-" + std::to_string(end);
}

// Say where the layout the model derives differs from the zones the kernel printed.
void compareLayout(const HostConfig& host, const std::vector<ZoneSpanPages>& zones, std::vector<std::string>* notes)
{
    const auto layout = HostLayout::build(host, nullptr);
    const Pfn align = Pfn(1) << host.geometry.maxPageOrder;
    for (const auto& z : zones) {
        const auto type = zoneTypeOf(z.zone);
        const auto it = std::find_if(layout.zones.begin(), layout.zones.end(),
            [&](const ZoneSpan& s) { return type && s.node == z.node && s.type == *type; });
        const Pfn start = z.start / align * align;
        if (it == layout.zones.end())
            notes->push_back("node " + std::to_string(z.node) + " zone " + z.zone + " is not in the model's layout");
        else if (it->startPfn != start || it->endPfn != z.start + z.spanned)
            notes->push_back("node " + std::to_string(z.node) + " zone " + z.zone + " spans "
                + pfnRange(it->startPfn, it->endPfn) + " in the model, " + pfnRange(z.start, z.start + z.spanned)
                + " in the snapshot");
    }
}

} // namespace

std::string SnapshotRef::describe(std::string_view kind) const
{
    return std::string(kind) + " snapshot " + std::to_string(id) + " (session " + std::to_string(sessionId) + ")";
}

std::optional<SnapshotRef> nearestSnapshot(
    const SqliteStore& store, std::int64_t session, std::string_view kind, std::uint64_t firstEventNs)
{
    SqliteStatement query(store.connection(),
        "SELECT sn.id, sn.session_id, sn.seq, sn.taken_at FROM snapshots sn JOIN sessions s ON s.id = sn.session_id "
        "WHERE s.host_id = (SELECT host_id FROM sessions WHERE id = ?) AND sn.kind = ? ORDER BY sn.session_id, sn.seq");
    query.bind(1, session).bind(2, kind);
    std::vector<SnapshotRef> all;
    while (query.step() == SqliteStatement::Step::Row) {
        SnapshotRef s {query.columnInt(0), query.columnInt(1), query.columnInt(2), std::nullopt};
        if (!query.columnIsNull(3))
            s.takenAt = query.columnDouble(3);
        all.push_back(s);
    }
    const double first = double(firstEventNs) / 1e9;
    const bool wallClock = first > 1e9;
    if (wallClock && std::any_of(all.begin(), all.end(), [](const SnapshotRef& s) { return s.takenAt.has_value(); })) {
        std::optional<SnapshotRef> before, after;
        for (const auto& s : all) {
            if (!s.takenAt)
                continue;
            if (*s.takenAt <= first && (!before || *s.takenAt >= *before->takenAt))
                before = s;
            if (*s.takenAt > first && (!after || *s.takenAt < *after->takenAt))
                after = s;
        }
        return before ? before : after;
    }
    std::optional<SnapshotRef> before, after;
    for (const auto& s : all) { // in import order
        if (s.sessionId < session)
            before = s;
        else if (!after)
            after = s;
    }
    return before ? before : after;
}

std::optional<HostConfig> hostFromZoneinfo(
    const SqliteStore& store, std::int64_t snapshotId, std::string* error, std::vector<std::string>* notes)
{
    const auto zones = loadZoneSpans(store, snapshotId);
    if (zones.empty()) {
        *error = "zoneinfo snapshot " + std::to_string(snapshotId) + " has no zone with present pages";
        return std::nullopt;
    }
    HostConfig host;
    host.holes.clear();
    host.dmaZones = false;
    const std::uint64_t pageBytes = host.geometry.pageBytes();
    const Pfn align = Pfn(1) << host.geometry.maxPageOrder;
    std::set<int> nodes;
    Pfn end = 0;
    std::uint64_t holePages = 0;
    for (const auto& z : zones) {
        const auto type = zoneTypeOf(z.zone);
        if (!type) {
            *error = "zoneinfo snapshot " + std::to_string(snapshotId) + ": zone " + z.zone + " of node "
                + std::to_string(z.node) + " has memory, and the model has no such zone";
            return std::nullopt;
        }
        nodes.insert(z.node);
        end = std::max<Pfn>(end, z.start + z.spanned);
        host.dmaZones = host.dmaZones || *type == ZoneType::Dma || *type == ZoneType::Dma32;
        if (*type == ZoneType::Movable)
            host.movableBytes += (z.present + align - 1) / align * align * pageBytes;
        // The pages a zone spans but does not have: whole 4 MiB runs are a
        // hole, placed where x86-64 puts it (below 4 GiB for DMA32, else the
        // zone's top); what is left over is firmware memory in the reserved ranges.
        const Pfn missing = (z.spanned - std::min(z.spanned, z.present)) / align * align;
        if (missing > 0 && *type != ZoneType::Dma) {
            const Pfn top = z.start + z.spanned;
            host.holes.push_back({(top - missing) * pageBytes, top * pageBytes});
            holePages += missing;
        }
    }
    // Gaps between zones are holes too.
    auto sorted = zones;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        const Pfn gapStart = (sorted[i - 1].start + sorted[i - 1].spanned + align - 1) / align * align;
        const Pfn gapEnd = sorted[i].start / align * align;
        if (gapEnd > gapStart) {
            host.holes.push_back({gapStart * pageBytes, gapEnd * pageBytes});
            holePages += gapEnd - gapStart;
        }
    }
    host.nodes = int(nodes.size());
    const std::uint64_t unit = align * std::uint64_t(host.nodes);
    host.memoryBytes = (end - std::min(end, holePages)) / unit * unit * pageBytes;
    std::string why;
    if (HostLayout::build(host, &why).zones.empty()) {
        *error = "zoneinfo snapshot " + std::to_string(snapshotId) + " describes no host the model can build: " + why;
        return std::nullopt;
    }
    compareLayout(host, zones, notes);
    for (const auto& z : zones) {
        if (z.managed * 8 < z.present * 7)
            notes->push_back("node " + std::to_string(z.node) + " zone " + z.zone + " manages "
                + std::to_string(z.managed) + " of its " + std::to_string(z.present)
                + " present pages (deferred struct-page init or reservations): the model counts all present pages");
    }
    return host;
}

std::optional<HostConfig> hostFromPagetypeinfo(
    const PagetypeinfoSnapshot& snapshot, std::string* error, std::vector<std::string>* notes)
{
    std::set<int> nodes;
    std::uint64_t pageblocks = 0;
    bool dma = false;
    HostConfig host;
    for (const auto& section : snapshot.sections) {
        if (section.pageblockOrder)
            host.geometry.pageblockOrder = *section.pageblockOrder;
        if (!section.blockCounts)
            continue;
        for (const auto& row : section.blockCounts->rows) {
            nodes.insert(row.node);
            dma = dma || row.zone == "DMA" || row.zone == "DMA32";
            for (auto n : row.counts)
                pageblocks += n;
        }
    }
    if (nodes.empty() || pageblocks == 0) {
        *error = "the pagetypeinfo snapshot has no \"Number of blocks type\" table to size the host from";
        return std::nullopt;
    }
    const std::uint64_t unit = (std::uint64_t(1) << std::max(host.geometry.maxPageOrder, host.geometry.pageblockOrder))
        * std::uint64_t(nodes.size());
    const std::uint64_t pages = (pageblocks << host.geometry.pageblockOrder) / unit * unit;
    HostConfig sized = HostConfig::x86_64(pages * host.geometry.pageBytes(), int(nodes.size()));
    sized.geometry = host.geometry;
    sized.dmaZones = dma;
    notes->push_back("size from the pageblock counts (" + std::to_string(pageblocks)
        + " pageblocks); zone spans and holes are the x86-64 defaults, not the host's");
    return sized;
}

std::vector<ZoneSeed> seedFromPagetypeinfo(const PagetypeinfoSnapshot& snapshot)
{
    std::vector<ZoneSeed> out;
    auto zoneSeed = [&](int node, std::string_view zone) -> ZoneSeed* {
        const auto type = zoneTypeOf(zone);
        if (!type)
            return nullptr;
        for (auto& z : out) {
            if (z.node == node && z.type == *type)
                return &z;
        }
        out.push_back({});
        out.back().node = node;
        out.back().type = *type;
        return &out.back();
    };
    for (const auto& section : snapshot.sections) {
        for (const auto& row : section.freeRows) {
            auto* z = zoneSeed(row.node, row.zone);
            const auto mt = migrateTypeFromName(row.migratetype);
            if (!z || !mt)
                continue;
            for (std::size_t o = 0; o < row.counts.size() && o <= std::size_t(kMaxSupportedOrder); ++o)
                z->freeBlocks[o][std::size_t(index(*mt))] += row.counts[o].value;
        }
        if (!section.blockCounts)
            continue;
        const auto& table = *section.blockCounts;
        for (const auto& row : table.rows) {
            auto* z = zoneSeed(row.node, row.zone);
            if (!z)
                continue;
            z->hasPageblocks = true;
            for (std::size_t c = 0; c < row.counts.size() && c < table.migratetypes.size(); ++c) {
                if (const auto mt = migrateTypeFromName(table.migratetypes[c]))
                    z->pageblocks[std::size_t(index(*mt))] += row.counts[c];
            }
        }
    }
    return out;
}

} // namespace gbw::importers
