// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/eventrangereader.h"

#include <cstring>
#include <limits>

#include <sqlite3.h>

#include "importers/recordingreader.h"
#include "importers/sqlitestatement.h"
#include "importers/sqlitestore.h"

namespace gbw::importers {

namespace {

std::int64_t clampToInt64(VirtualTime t)
{
    return t > VirtualTime(std::numeric_limits<std::int64_t>::max()) ? std::numeric_limits<std::int64_t>::max()
                                                                     : std::int64_t(t);
}

// Only the chunks whose time span overlaps the range are read and unpacked.
bool collectSimulation(sqlite3* db, std::int64_t runId, const EventQuery& query, EventCollector& collector,
    VirtualTime& newest, std::string* error)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db,
            "SELECT count, data, last_time_ns FROM simulation_events WHERE run_id = ? AND last_time_ns >= ? "
            "AND first_time_ns <= ? ORDER BY seq",
            -1, &statement, nullptr)
        != SQLITE_OK) {
        *error = std::string("cannot read events: ") + sqlite3_errmsg(db);
        return false;
    }
    sqlite3_bind_int64(statement, 1, runId);
    sqlite3_bind_int64(statement, 2, clampToInt64(query.from));
    sqlite3_bind_int64(statement, 3, clampToInt64(query.to));
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        const auto count = std::size_t(sqlite3_column_int64(statement, 0));
        const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(statement, 1));
        const auto bytes = std::size_t(sqlite3_column_bytes(statement, 1));
        newest = std::max(newest, VirtualTime(sqlite3_column_int64(statement, 2)));
        if (bytes != count * 2 * sizeof(std::uint64_t)) {
            *error = "simulation_events of run " + std::to_string(runId) + ": a chunk holds " + std::to_string(bytes)
                + " bytes for " + std::to_string(count) + " events";
            sqlite3_finalize(statement);
            return false;
        }
        for (std::size_t i = 0; i < count; ++i) {
            std::uint64_t pair[2];
            std::memcpy(pair, data + i * sizeof(pair), sizeof(pair));
            collector.add(RecordedEvent::unpack(pair[0], pair[1]));
        }
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) {
        *error = std::string("cannot read events: ") + sqlite3_errmsg(db);
        return false;
    }
    return true;
}

std::optional<RecordedKind> traceKind(const std::string& kind)
{
    if (kind == "page_alloc")
        return RecordedKind::Alloc;
    if (kind == "page_free")
        return RecordedKind::Free;
    if (kind == "page_free_batched")
        return RecordedKind::PcpFree;
    if (kind == "page_alloc_extfrag")
        return RecordedKind::Extfrag;
    if (kind == "page_alloc_zone_locked")
        return RecordedKind::PcpRefill;
    if (kind == "page_pcpu_drain")
        return RecordedKind::PcpDrain;
    return std::nullopt;
}

bool collectTrace(sqlite3* db, std::int64_t session, const EventQuery& query, EventCollector& collector,
    VirtualTime& newest, std::string* error)
{
    SqliteStatement statement(db,
        "SELECT e.time_ns, t.kind, e.pfn, e.\"order\", e.migratetype FROM events e "
        "JOIN event_types t ON t.id = e.type_id WHERE e.session_id = ? AND e.time_ns BETWEEN ? AND ? "
        "AND e.pfn IS NOT NULL ORDER BY e.time_ns, e.line");
    statement.bind(1, session).bind(2, clampToInt64(query.from)).bind(3, clampToInt64(query.to));
    SqliteStatement::Step step;
    while ((step = statement.step()) == SqliteStatement::Step::Row) {
        const auto kind = traceKind(statement.columnText(1));
        if (!kind)
            continue;
        RecordedEvent e;
        e.time = VirtualTime(statement.columnInt(0));
        e.kind = *kind;
        e.pfn = Pfn(statement.columnInt(2));
        e.order = std::uint8_t(statement.columnIsNull(3) ? 0 : statement.columnInt(3));
        const std::int64_t mt = statement.columnIsNull(4) ? 0 : statement.columnInt(4);
        e.mt = MigrateType(mt >= 0 && mt < kMigrateTypes ? mt : 0);
        newest = std::max(newest, e.time);
        collector.add(e);
    }
    if (step != SqliteStatement::Step::Done) {
        *error = std::string("cannot read events: ") + sqlite3_errmsg(db);
        return false;
    }
    return true;
}

} // namespace

std::optional<EventQueryResult> queryRecordedEvents(
    const SqliteStore& store, std::int64_t session, const EventQuery& query, std::string* error)
{
    if (session == 0)
        session = store.newestSessionWithEvents();
    if (session == 0) {
        *error = "the store holds no recorded simulation or trace";
        return std::nullopt;
    }
    EventCollector collector(query);
    VirtualTime newest = 0;
    const auto run = simulationRun(store, session);
    const bool ok = run ? collectSimulation(store.connection(), run->runId, query, collector, newest, error)
                        : collectTrace(store.connection(), session, query, collector, newest, error);
    if (!ok)
        return std::nullopt;
    EventQueryResult result = collector.finish();
    result.asOf = newest;
    return result;
}

} // namespace gbw::importers
