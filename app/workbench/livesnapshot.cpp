// SPDX-License-Identifier: GPL-3.0-or-later
#include "livesnapshot.h"

#include "importers/buddyinfoparser.h"
#include "importers/vmstatparser.h"
#include "importers/zoneinfoparser.h"
#include "model/hostconfig.h"

namespace gbw {

namespace {

constexpr std::array<std::pair<GigablockCategory, const char*>, 4> kCategoryFields = {{
    {GigablockCategory::Empty, "gigablock_empty"},
    {GigablockCategory::Clean, "gigablock_clean"},
    {GigablockCategory::Tainted, "gigablock_tainted"},
    {GigablockCategory::Isolated, "gigablock_isolated"},
}};

std::optional<importers::VmstatSnapshot> vmstatOf(const protocol::SourceSet& state)
{
    if (!state.find("vmstat"))
        return std::nullopt;
    auto parsed = importers::VmstatParser::parse(state.text("vmstat"));
    if (parsed.snapshots.empty())
        return std::nullopt;
    return std::move(parsed.snapshots.front());
}

// The host's size: a simulated agent names it ("sim:workload/policy/16G"); a real one's zoneinfo
// gives the present pages. 0 when neither is there.
std::uint64_t hostBytesOf(const protocol::SourceSet& state, const std::string& host, bool simulated)
{
    if (simulated) {
        const auto slash = host.rfind('/');
        std::string error;
        if (slash != std::string::npos)
            return parseSize(host.substr(slash + 1), &error);
    }
    if (!state.find("zoneinfo"))
        return 0;
    const auto parsed = importers::ZoneinfoParser::parse(state.text("zoneinfo"));
    if (parsed.snapshots.empty())
        return 0;
    std::uint64_t pages = 0;
    for (const auto& zone : parsed.snapshots.front().zones)
        pages += zone.present.value_or(0);
    return pages * 4096;
}

} // namespace

void LiveSnapshotBuilder::connected(const std::string& host, bool simulated)
{
    m_host = host;
    m_simulated = simulated;
    m_connected = true;
    m_connection = "connected to " + host;
}

void LiveSnapshotBuilder::disconnected(const std::string& reason, bool retrying)
{
    m_connected = false;
    m_connection = (retrying ? "connection lost: " : "attach failed: ") + reason + (retrying ? "; reconnecting…" : "");
}

EngineSample LiveSnapshotBuilder::sampleOf(const protocol::SourceSet& state, double seconds, bool* categoriesKnown)
{
    EngineSample sample;
    sample.seconds = seconds;
    *categoriesKnown = false;
    if (state.find("buddyinfo")) {
        const auto parsed = importers::BuddyinfoParser::parse(state.text("buddyinfo"));
        if (!parsed.snapshots.empty()) {
            const auto& buddy = parsed.snapshots.front();
            sample.freePages = buddy.freePages();
            for (const auto& row : buddy.rows) {
                if (sample.freeBlocksByOrder.size() < row.counts.size())
                    sample.freeBlocksByOrder.resize(row.counts.size());
                for (std::size_t o = 0; o < row.counts.size(); ++o)
                    sample.freeBlocksByOrder[o] += row.counts[o];
            }
        }
    }
    if (const auto vmstat = vmstatOf(state)) {
        if (!state.find("buddyinfo"))
            sample.freePages = vmstat->value("nr_free_pages").value_or(0);
        sample.compactionMigrated = vmstat->value("pgmigrate_success").value_or(0);
        sample.reclaimed = vmstat->value("pgsteal_kswapd").value_or(0) + vmstat->value("pgsteal_direct").value_or(0);
        sample.events = vmstat->value("gigablock_events").value_or(0);
        if (vmstat->value("gigablock_empty")) {
            *categoriesKnown = true;
            for (const auto& [category, field] : kCategoryFields)
                sample.categories[std::size_t(category)] = std::uint32_t(vmstat->value(field).value_or(0));
            sample.allocatable1g = std::uint32_t(vmstat->value("gigablock_allocatable_1g").value_or(0));
            sample.allocatable1gFree = std::uint32_t(vmstat->value("gigablock_allocatable_1g_free").value_or(0));
        }
    }
    return sample;
}

void LiveSnapshotBuilder::update(
    const protocol::SourceSet& state, const std::vector<std::string>& changed, double wallSeconds)
{
    const bool relevant = std::any_of(changed.begin(), changed.end(),
        [](const std::string& name) { return name == "buddyinfo" || name == "vmstat"; });
    if (!relevant)
        return;
    if (m_firstWall < 0)
        m_firstWall = wallSeconds;
    m_series.push_back(sampleOf(state, wallSeconds - m_firstWall, &m_categoriesKnown));
}

EngineSnapshot LiveSnapshotBuilder::build(const protocol::SourceSet& state, const SnapshotRequest& request) const
{
    EngineSnapshot s;
    s.hostBytes = hostBytesOf(state, m_host, m_simulated);
    s.workload = m_host;
    s.policy = m_simulated ? "simulated" : "kernel";
    bool categoriesKnown = false;
    s.latest = m_series.empty() ? sampleOf(state, 0, &categoriesKnown) : m_series.back();
    categoriesKnown = m_series.empty() ? categoriesKnown : m_categoriesKnown;
    s.seconds = s.latest.seconds;
    s.events = s.latest.events;
    if (categoriesKnown) {
        for (const auto& [category, field] : kCategoryFields)
            s.categories[std::size_t(CellCategory(category))] = s.latest.categories[std::size_t(category)];
    }
    s.firstSample = std::min(request.samplesFrom, m_series.size());
    s.samples.assign(m_series.begin() + std::ptrdiff_t(s.firstSample), m_series.end());
    if (const auto vmstat = vmstatOf(state)) {
        for (const auto& [name, value] : vmstat->fields)
            s.counters.push_back({"vmstat", name, value});
    }
    s.pagetypeinfo = state.text("pagetypeinfo");
    s.buddyinfo = state.text("buddyinfo");

    SourceStatus& source = s.source;
    source.kind = SourceKind::Live;
    source.description = "live: " + m_host;
    source.connected = m_connected;
    source.connection = m_connection;
    source.categoriesKnown = categoriesKnown;
    source.fragmentationKnown = false;
    source.unknownGigablocks = m_simulated
        ? "the agent streams the kernel's /proc texts (buddyinfo, pagetypeinfo, vmstat), which hold per-zone totals "
          "and the gigablock counts, not which gigablock is which"
        : "a live host reports per-zone totals (/proc/buddyinfo, pagetypeinfo, vmstat), not which gigablock holds "
          "what";
    return s;
}

} // namespace gbw
