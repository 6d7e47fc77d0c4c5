// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/sqlitestatement.h"
#include "importers/tracebatch.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

struct sqlite3;

namespace gbw::importers {

// The inserting half of a trace import: writes TraceBatches into events, event_fields and
// event_pfns (docs/schema.md) inside the caller's transaction, on the connection's thread.
class TraceWriter
{
public:
    // Rows per multi-row INSERT: one statement step for this many rows. Beyond ~64 the gain is
    // small; the limit is SQLite's bound-parameter maximum (32766 in recent builds).
    static constexpr int rowsPerStatement = 256;

    TraceWriter(sqlite3* db, std::int64_t sessionId);

    // Returns false on a database error (the connection has the message).
    bool write(const TraceBatch& batch);
    // The per-type totals of the session (event_counts), by the producer's type numbers.
    bool writeTypeCounts(const std::vector<std::int64_t>& eventsByType);

private:
    bool defineTasks(const std::vector<TaskKey>& tasks);
    bool defineTypes(const std::vector<EventTypeKey>& types);
    bool defineGfps(const std::vector<std::string_view>& gfps);
    std::optional<std::int64_t> lookUp(SqliteStatement& select);
    bool insertRows(const TraceBatch& batch);
    bool insertFields(const TraceRow& row, std::string_view fields);
    bool insertPfns(const std::vector<PfnRef>& pfns);
    void bindRow(SqliteStatement& insert, int base, const TraceRow& row);
    void bindPfn(SqliteStatement& insert, int base, const PfnRef& ref);

    sqlite3* m_db;
    std::int64_t m_session;
    // Row ids by the producer's local numbers (index 0 unused).
    std::vector<std::int64_t> m_taskIds {0}, m_typeIds {0}, m_gfpIds {0};
    SqliteStatement m_rowsInsert, m_rowInsert, m_pfnsInsert, m_pfnInsert, m_fieldsInsert;
    SqliteStatement m_taskInsert, m_taskSelect, m_typeInsert, m_typeSelect, m_gfpInsert, m_gfpSelect;
};

} // namespace gbw::importers
