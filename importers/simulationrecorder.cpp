// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/simulationrecorder.h"

#include <bit>

#include <sqlite3.h>

#include "importers/sqlitestatement.h"
#include "importers/sqlitestore.h"
#include "sim/engine.h"

namespace gbw::importers {

static_assert(std::endian::native == std::endian::little, "simulation_events blobs are little-endian");

std::unique_ptr<SimulationRecorder> SimulationRecorder::begin(SqliteStore& store, const Run& run, std::string* error)
{
    sqlite3* db = store.connection();
    auto failWith = [&](const std::string& why) {
        *error = why + ": " + sqlite3_errmsg(db);
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return nullptr;
    };
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        *error = std::string("cannot start a transaction: ") + sqlite3_errmsg(db);
        return nullptr;
    }
    SqliteStatement host(db, "INSERT OR IGNORE INTO hosts (name) VALUES (?)");
    if (!host.bind(1, std::string_view(run.host)).execute())
        return failWith("cannot record host");
    SqliteStatement session(
        db, "INSERT INTO sessions (host_id, source, format) SELECT id, ?, 'simulation' FROM hosts WHERE name = ?");
    if (!session.bind(1, std::string_view(run.source)).bind(2, std::string_view(run.host)).execute())
        return failWith("cannot record session");
    const std::int64_t sessionId = sqlite3_last_insert_rowid(db);
    SqliteStatement insertRun(
        db, "INSERT INTO simulation_runs (session_id, policy, seed, config, format) VALUES (?, ?, ?, ?, 1)");
    const std::string config = run.config.dump();
    if (!insertRun.bind(1, sessionId)
             .bind(2, std::string_view(run.policy))
             .bind(3, std::int64_t(run.seed))
             .bind(4, std::string_view(config))
             .execute())
        return failWith("cannot record the run");
    const std::int64_t runId = sqlite3_last_insert_rowid(db);
    return std::unique_ptr<SimulationRecorder>(new SimulationRecorder(db, sessionId, runId));
}

SimulationRecorder::SimulationRecorder(sqlite3* db, std::int64_t session, std::int64_t run)
    : m_db(db)
    , m_session(session)
    , m_run(run)
{
    m_buffer.reserve(2 * kChunkEvents);
}

SimulationRecorder::~SimulationRecorder()
{
    sqlite3_finalize(m_insertChunk);
    if (m_open)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void SimulationRecorder::fail(const std::string& why)
{
    if (m_failure.empty())
        m_failure = why + ": " + sqlite3_errmsg(m_db);
}

void SimulationRecorder::record(const RecordedEvent& event)
{
    if (!m_failure.empty())
        return;
    m_buffer.push_back(event.time);
    m_buffer.push_back(event.packed());
    ++m_events;
    if (m_buffer.size() == 2 * kChunkEvents)
        flush();
}

bool SimulationRecorder::flush()
{
    if (m_buffer.empty() || !m_failure.empty())
        return m_failure.empty();
    const std::uint64_t count = m_buffer.size() / 2;
    // SqliteStatement binds no blobs: this statement uses the C API, prepared once.
    if (!m_insertChunk
        && sqlite3_prepare_v2(m_db,
               "INSERT INTO simulation_events (run_id, seq, first_index, count, first_time_ns, last_time_ns, data) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               -1, &m_insertChunk, nullptr)
            != SQLITE_OK) {
        fail("cannot store events");
        return false;
    }
    sqlite3_bind_int64(m_insertChunk, 1, m_run);
    sqlite3_bind_int64(m_insertChunk, 2, std::int64_t(m_chunks));
    sqlite3_bind_int64(m_insertChunk, 3, std::int64_t(m_events - count));
    sqlite3_bind_int64(m_insertChunk, 4, std::int64_t(count));
    sqlite3_bind_int64(m_insertChunk, 5, std::int64_t(m_buffer.front()));
    sqlite3_bind_int64(m_insertChunk, 6, std::int64_t(m_buffer[m_buffer.size() - 2]));
    sqlite3_bind_blob64(m_insertChunk, 7, m_buffer.data(), m_buffer.size() * sizeof(std::uint64_t), SQLITE_STATIC);
    const int rc = sqlite3_step(m_insertChunk);
    sqlite3_reset(m_insertChunk);
    if (rc != SQLITE_DONE) {
        fail("cannot store events");
        return false;
    }
    ++m_chunks;
    m_buffer.clear();
    return true;
}

void SimulationRecorder::sample(VirtualTime time, const EngineSample& s)
{
    sampleAt(time, m_events, s);
}

void SimulationRecorder::sampleAt(VirtualTime time, std::uint64_t eventIndex, const EngineSample& s)
{
    if (!m_failure.empty())
        return;
    if (!m_insertSample.valid())
        m_insertSample = SqliteStatement(m_db,
            "INSERT INTO simulation_samples (run_id, seq, time_ns, event_index, engine_events, empty, clean, tainted, "
            "isolated, allocatable_1g, allocatable_1g_free, free_pages, free_blocks, fragmentation_score, "
            "compaction_migrated, reclaimed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string freeBlocks = nlohmann::json(s.freeBlocksByOrder).dump();
    SqliteStatement& insert = m_insertSample;
    insert.bind(1, m_run)
        .bind(2, std::int64_t(m_samples))
        .bind(3, std::int64_t(time))
        .bind(4, std::int64_t(eventIndex))
        .bind(5, std::int64_t(s.events));
    for (int c = 0; c < kGigablockCategories; ++c)
        insert.bind(6 + c, std::int64_t(s.categories[std::size_t(c)]));
    insert.bind(10, std::int64_t(s.allocatable1g))
        .bind(11, std::int64_t(s.allocatable1gFree))
        .bind(12, std::int64_t(s.freePages))
        .bind(13, std::string_view(freeBlocks))
        .bind(14, s.fragmentationScore)
        .bind(15, std::int64_t(s.compactionMigrated))
        .bind(16, std::int64_t(s.reclaimed));
    if (!insert.execute())
        fail("cannot store a sample");
    ++m_samples;
}

bool SimulationRecorder::finish(VirtualTime duration, std::string* error)
{
    flush();
    sqlite3_finalize(m_insertChunk);
    m_insertChunk = nullptr;
    m_insertSample = {};
    if (m_failure.empty()) {
        SqliteStatement update(m_db, "UPDATE simulation_runs SET events = ?, duration_ns = ? WHERE id = ?");
        // Samples are not /proc snapshots: sessions.snapshots stays 0, so `export` numbering is unchanged.
        SqliteStatement session(m_db, "UPDATE sessions SET events = ? WHERE id = ?");
        if (!update.bind(1, std::int64_t(m_events)).bind(2, std::int64_t(duration)).bind(3, m_run).execute()
            || !session.bind(1, std::int64_t(m_events)).bind(2, m_session).execute())
            fail("cannot finish the run");
    }
    if (m_failure.empty() && sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        fail("cannot commit");
    if (!m_failure.empty()) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        m_open = false;
        if (error)
            *error = m_failure;
        return false;
    }
    m_open = false;
    return true;
}

} // namespace gbw::importers
