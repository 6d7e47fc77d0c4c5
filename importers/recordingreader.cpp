// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/recordingreader.h"

#include <cstring>
#include <unordered_set>

#include <sqlite3.h>

#include "importers/hostsnapshot.h"
#include "importers/sqlitestatement.h"
#include "importers/sqlitestore.h"
#include "replay/recordingconfig.h"

namespace gbw::importers {

std::optional<SimulationRunInfo> simulationRun(const SqliteStore& store, std::int64_t session)
{
    SqliteStatement query(store.connection(),
        "SELECT id, policy, seed, config, events, duration_ns FROM simulation_runs WHERE session_id = ? "
        "ORDER BY id LIMIT 1");
    query.bind(1, session);
    if (query.step() != SqliteStatement::Step::Row)
        return std::nullopt;
    SimulationRunInfo run;
    run.runId = query.columnInt(0);
    run.sessionId = session;
    run.policy = query.columnText(1);
    run.seed = std::uint64_t(query.columnInt(2));
    run.config = nlohmann::json::parse(query.columnText(3), nullptr, /*allow_exceptions=*/false);
    run.events = std::uint64_t(query.columnInt(4));
    run.duration = VirtualTime(query.columnInt(5));
    return run;
}

std::vector<StoredSample> loadSamples(const SqliteStore& store, std::int64_t runId)
{
    SqliteStatement query(store.connection(),
        "SELECT time_ns, event_index, engine_events, empty, clean, tainted, isolated, allocatable_1g, "
        "allocatable_1g_free, free_pages, free_blocks, fragmentation_score, compaction_migrated, reclaimed "
        "FROM simulation_samples WHERE run_id = ? ORDER BY seq");
    query.bind(1, runId);
    std::vector<StoredSample> out;
    while (query.step() == SqliteStatement::Step::Row) {
        StoredSample s;
        s.time = VirtualTime(query.columnInt(0));
        s.eventIndex = std::uint64_t(query.columnInt(1));
        s.sample.seconds = double(s.time) / 1e9;
        s.sample.events = std::uint64_t(query.columnInt(2));
        for (int c = 0; c < kGigablockCategories; ++c)
            s.sample.categories[std::size_t(c)] = std::uint32_t(query.columnInt(3 + c));
        s.sample.allocatable1g = std::uint32_t(query.columnInt(7));
        s.sample.allocatable1gFree = std::uint32_t(query.columnInt(8));
        s.sample.freePages = std::uint64_t(query.columnInt(9));
        const auto blocks = nlohmann::json::parse(query.columnText(10), nullptr, false);
        if (blocks.is_array())
            s.sample.freeBlocksByOrder = blocks.get<std::vector<std::uint64_t>>();
        s.sample.fragmentationScore = query.columnDouble(11);
        s.sample.compactionMigrated = std::uint64_t(query.columnInt(12));
        s.sample.reclaimed = std::uint64_t(query.columnInt(13));
        out.push_back(std::move(s));
    }
    return out;
}

namespace {

bool loadSimulationEvents(sqlite3* db, std::int64_t runId, std::vector<RecordedEvent>& events, std::string* error)
{
    sqlite3_stmt* query = nullptr;
    if (sqlite3_prepare_v2(
            db, "SELECT count, data FROM simulation_events WHERE run_id = ? ORDER BY seq", -1, &query, nullptr)
        != SQLITE_OK) {
        *error = std::string("cannot read events: ") + sqlite3_errmsg(db);
        return false;
    }
    sqlite3_bind_int64(query, 1, runId);
    int rc;
    std::int64_t chunk = 0;
    while ((rc = sqlite3_step(query)) == SQLITE_ROW) {
        const auto count = std::size_t(sqlite3_column_int64(query, 0));
        const void* data = sqlite3_column_blob(query, 1);
        const auto bytes = std::size_t(sqlite3_column_bytes(query, 1));
        if (bytes != count * 2 * sizeof(std::uint64_t)) {
            *error = "simulation_events chunk " + std::to_string(chunk) + " of run " + std::to_string(runId) + " holds "
                + std::to_string(bytes) + " bytes for " + std::to_string(count) + " events";
            sqlite3_finalize(query);
            return false;
        }
        const auto* words = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < count; ++i) {
            std::uint64_t pair[2];
            std::memcpy(pair, words + i * sizeof(pair), sizeof(pair));
            events.push_back(RecordedEvent::unpack(pair[0], pair[1]));
        }
        ++chunk;
    }
    sqlite3_finalize(query);
    if (rc != SQLITE_DONE) {
        *error = std::string("cannot read events: ") + sqlite3_errmsg(db);
        return false;
    }
    return true;
}

GfpClass gfpClassOf(std::string_view gfp)
{
    if (gfp.find("__GFP_NOFAIL") != std::string_view::npos)
        return GfpClass::NoFail;
    if (gfp.find("GFP_ATOMIC") != std::string_view::npos || gfp.find("GFP_NOWAIT") != std::string_view::npos)
        return gfp.find("__GFP_NORETRY") != std::string_view::npos ? GfpClass::NoRetry : GfpClass::Atomic;
    if (gfp.find("__GFP_NORETRY") != std::string_view::npos
        || gfp.find("GFP_TRANSHUGE_LIGHT") != std::string_view::npos)
        return GfpClass::NoRetry;
    return GfpClass::Normal;
}

std::optional<std::int64_t> fieldValue(std::string_view fields, std::string_view name)
{
    std::size_t at = 0;
    while ((at = fields.find(name, at)) != std::string_view::npos) {
        const bool start = at == 0 || fields[at - 1] == ' ';
        const std::size_t value = at + name.size();
        if (start && value < fields.size() && fields[value] == '=') {
            std::int64_t v = 0;
            bool any = false;
            for (std::size_t i = value + 1; i < fields.size() && fields[i] >= '0' && fields[i] <= '9'; ++i) {
                v = v * 10 + (fields[i] - '0');
                any = true;
            }
            if (any)
                return v;
        }
        at = value;
    }
    return std::nullopt;
}

// An imported kernel trace: mm_page_alloc and the frees, extfrag claims for
// labels, and the per-cpu lists' refills and drains. A trace with those has
// pcp-sized frees park on the lists (free_unref_page()) until a drain; one
// without them cannot tell, and counts every free as back in the buddy lists.
bool loadTraceEvents(
    sqlite3* db, std::int64_t session, int pageblockOrder, std::vector<RecordedEvent>& events, std::string* error)
{
    SqliteStatement query(db,
        "SELECT e.time_ns, t.kind, e.pfn, e.\"order\", e.migratetype, g.text, f.fields "
        "FROM events e JOIN event_types t ON t.id = e.type_id LEFT JOIN gfp_masks g ON g.id = e.gfp_id "
        "LEFT JOIN event_fields f ON f.session_id = e.session_id AND f.time_ns = e.time_ns AND f.line = e.line "
        "WHERE e.session_id = ? AND t.kind IN ('page_alloc', 'page_free', 'page_free_batched', 'page_alloc_extfrag', "
        "'page_alloc_zone_locked', 'page_pcpu_drain') "
        "ORDER BY e.time_ns, e.line");
    query.bind(1, session);
    SqliteStatement::Step step;
    bool pcpEvents = false;
    // 6.x kernels trace a folio freed in a batch twice: mm_page_free from
    // free_pages_prepare(), then mm_page_free_batched. The second is no free of its own.
    std::unordered_set<Pfn> freedByPageFree;
    while ((step = query.step()) == SqliteStatement::Step::Row) {
        if (query.columnIsNull(2))
            continue; // a failed allocation
        RecordedEvent e;
        e.time = VirtualTime(query.columnInt(0));
        const std::string kind = query.columnText(1);
        e.pfn = Pfn(query.columnInt(2));
        e.order = std::uint8_t(query.columnIsNull(3) ? 0 : query.columnInt(3));
        const std::int64_t mt = query.columnIsNull(4) ? 0 : query.columnInt(4);
        e.mt = MigrateType(mt >= 0 && mt < kMigrateTypes ? mt : 0);
        if (kind == "page_alloc") {
            e.kind = RecordedKind::Alloc;
            const std::string gfp = query.columnText(5);
            e.gfp = gfpClassOf(gfp);
            e.tag = gfp.find("GFP_TRANSHUGE") != std::string::npos && e.order > 0 ? Tag::Thp : Tag::Other;
        } else if (kind == "page_alloc_extfrag") {
            e.kind = RecordedKind::Extfrag;
            const std::string fields = query.columnText(6);
            e.aux = std::uint8_t(fieldValue(fields, "fallback_order").value_or(e.order));
            e.fallbackType = MigrateType(fieldValue(fields, "fallback_migratetype").value_or(1) % kMigrateTypes);
            e.changeOwnership = fieldValue(fields, "change_ownership").value_or(0) != 0;
        } else if (kind == "page_alloc_zone_locked") {
            // percpu_refill=0 is a buddy allocation that mm_page_alloc reports as well.
            if (fieldValue(query.columnText(6), "percpu_refill").value_or(0) == 0)
                continue;
            e.kind = RecordedKind::PcpRefill;
            pcpEvents = true;
        } else if (kind == "page_pcpu_drain") {
            e.kind = RecordedKind::PcpDrain;
            pcpEvents = true;
        } else if (kind == "page_free_batched") {
            if (freedByPageFree.erase(e.pfn))
                continue;
            e.kind = RecordedKind::PcpFree;
        } else {
            e.kind = RecordedKind::Free;
            freedByPageFree.insert(e.pfn);
        }
        if (e.kind == RecordedKind::Alloc || e.kind == RecordedKind::PcpRefill)
            freedByPageFree.erase(e.pfn);
        events.push_back(e);
    }
    for (RecordedEvent& e : events) {
        const bool pcpOrder = e.order <= 3 || e.order == pageblockOrder;
        if (e.kind == RecordedKind::Free && pcpEvents && pcpOrder)
            e.kind = RecordedKind::PcpFree;
        else if (e.kind == RecordedKind::PcpFree && !pcpEvents)
            e.kind = RecordedKind::Free;
    }
    if (step != SqliteStatement::Step::Done) {
        *error = std::string("cannot read events: ") + sqlite3_errmsg(db);
        return false;
    }
    return true;
}

std::uint64_t firstEventTime(const SqliteStore& store, std::int64_t session)
{
    SqliteStatement query(store.connection(), "SELECT min(time_ns) FROM events WHERE session_id = ?");
    query.bind(1, session);
    return query.step() == SqliteStatement::Step::Row && !query.columnIsNull(0) ? std::uint64_t(query.columnInt(0)) : 0;
}

std::string hostName(const SqliteStore& store, std::int64_t session)
{
    SqliteStatement query(
        store.connection(), "SELECT h.name FROM sessions s JOIN hosts h ON h.id = s.host_id WHERE s.id = ?");
    query.bind(1, session);
    return query.step() == SqliteStatement::Step::Row ? query.columnText(0) : std::string("?");
}

// A trace's host from the same host's zoneinfo (zone spans), else its pagetypeinfo (a size).
bool hostFromStore(
    const SqliteStore& store, std::int64_t session, std::uint64_t firstEvent, Recording& recording, std::string* error)
{
    const std::string name = hostName(store, session);
    std::string why;
    if (const auto zoneinfo = nearestSnapshot(store, session, "zoneinfo", firstEvent)) {
        if (auto host = hostFromZoneinfo(store, zoneinfo->id, &why, &recording.notes)) {
            recording.host = *host;
            recording.hostSource = zoneinfo->describe("zoneinfo") + " of host " + name;
            return true;
        }
        recording.notes.push_back(why);
    }
    if (const auto ref = nearestSnapshot(store, session, "pagetypeinfo", firstEvent)) {
        const auto snapshot = store.loadPagetypeinfo(ref->id);
        if (snapshot) {
            if (auto host = hostFromPagetypeinfo(*snapshot, &why, &recording.notes)) {
                recording.host = *host;
                recording.hostSource = ref->describe("pagetypeinfo") + " of host " + name;
                return true;
            }
            recording.notes.push_back(why);
        }
    }
    *error = "session " + std::to_string(session) + " is a kernel trace and the store holds no zoneinfo or "
        + "pagetypeinfo of its host (" + name + ") to take the geometry from: say which host it ran on (--host SIZE)";
    for (const auto& note : recording.notes)
        *error += "; " + note;
    return false;
}

void seedFromStore(const SqliteStore& store, std::int64_t session, std::uint64_t firstEvent, Recording& recording)
{
    const auto ref = nearestSnapshot(store, session, "pagetypeinfo", firstEvent);
    if (!ref)
        return;
    const auto snapshot = store.loadPagetypeinfo(ref->id);
    if (!snapshot)
        return;
    recording.seed = seedFromPagetypeinfo(*snapshot);
    if (recording.seed.empty())
        return;
    recording.seedSource = ref->describe("pagetypeinfo") + " of host " + hostName(store, session);
    if (snapshot->hasLowerBound())
        recording.notes.push_back("the seeding pagetypeinfo capped some free counts at 100000 (>100000): "
                                  "those orders are lower bounds");
}

} // namespace

std::optional<Recording> loadRecording(const SqliteStore& store, std::int64_t session,
    const std::optional<HostConfig>& host, std::string* error, bool seed)
{
    Recording recording;
    if (const auto run = simulationRun(store, session)) {
        if (!run->config.is_object() || !run->config.contains("host")) {
            *error = "session " + std::to_string(session) + ": simulation_runs.config has no host";
            return std::nullopt;
        }
        std::string why;
        const auto recorded = hostConfigFromJson(run->config.at("host"), &why);
        if (!recorded) {
            *error = "session " + std::to_string(session) + ": simulation_runs.config: " + why;
            return std::nullopt;
        }
        recording.host = host.value_or(*recorded);
        recording.policy = run->policy;
        recording.start = StartState::Boot;
        recording.events.reserve(run->events);
        if (!loadSimulationEvents(store.connection(), run->runId, recording.events, error))
            return std::nullopt;
        return recording;
    }
    SqliteStatement format(store.connection(), "SELECT format FROM sessions WHERE id = ?");
    format.bind(1, session);
    if (format.step() != SqliteStatement::Step::Row) {
        *error = "no session " + std::to_string(session) + " in the store";
        return std::nullopt;
    }
    if (format.columnText(0) != "ftrace") {
        *error = "session " + std::to_string(session) + " holds " + format.columnText(0)
            + " snapshots, not events; replay needs a simulation or an ftrace trace";
        return std::nullopt;
    }
    const std::uint64_t firstEvent = firstEventTime(store, session);
    if (host) {
        recording.host = *host;
        recording.hostSource = "the --host flag";
    } else if (!hostFromStore(store, session, firstEvent, recording, error)) {
        return std::nullopt;
    }
    if (seed)
        seedFromStore(store, session, firstEvent, recording);
    recording.policy = "vanilla";
    recording.start = StartState::Unknown;
    recording.labelsFromExtfrag = true;
    if (!loadTraceEvents(store.connection(), session, recording.host.geometry.pageblockOrder, recording.events, error))
        return std::nullopt;
    return recording;
}

} // namespace gbw::importers
